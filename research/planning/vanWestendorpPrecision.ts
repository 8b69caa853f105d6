/**
 * Expected precision of Van Westendorp's acceptable-range ends (PMC, PME) and the n they need.
 *
 * PMC is where "not cheap" F_c(p) = P(cheap ≤ p) meets "too cheap" 1 − F_tc(p); PME where
 * "too expensive" F_te(p) meets "not expensive" 1 − F_e(p). The two indicators of each pair are
 * mutually exclusive for an ordered respondent (too cheap < cheap), so at the crossing p*, with
 * height a, Var(1[c ≤ p*] − 1[tc ≥ p*]) = 2a, and the delta method for the root of the empirical
 * difference (Serfling 1980 §2.3, as for a sample quantile) gives
 *   SE(p̂*) = √(2a/n) / (f_c(p*) + f_tc(p*)).
 * With normal answers of equal SD s and means μ_lo < μ_hi: p* = (μ_lo + μ_hi)/2, d = (μ_hi − μ_lo)/(2s),
 * a = Φ(−d), f = φ(d)/s each, so SE = √(2Φ(−d)/n) · s/(2φ(d)).
 * A pilot interval gives the same answer without a model: half-widths shrink like 1/√n,
 * n = n₀·(h₀/h)².
 */
import jStat from "jstat";

const qnorm = (p: number) => jStat.normal.inv(p, 0, 1) as number;
const pnorm = (x: number) => jStat.normal.cdf(x, 0, 1) as number;
const dnorm = (x: number) => jStat.normal.pdf(x, 0, 1) as number;

/** Expected answers to the four price questions (means) and their common SD, in price units. */
export interface PriceAnswerModel {
  tooCheap: number;
  cheap: number;
  expensive: number;
  tooExpensive: number;
  sd: number;
}

/**
 * Default answer model around a price P when the researcher has no pilot: means 0.6P, 0.8P,
 * 1.25P, 1.6P and SD 0.25P. A planning assumption (stated in the plan), not an estimate.
 */
export function defaultPriceAnswerModel(price: number): PriceAnswerModel {
  return {
    tooCheap: 0.6 * price,
    cheap: 0.8 * price,
    expensive: 1.25 * price,
    tooExpensive: 1.6 * price,
    sd: 0.25 * price,
  };
}

/** Crossing of a lower question (mean lo) and a higher one (mean hi), SD s: position and √n·SE. */
function crossing(lo: number, hi: number, sd: number): { point: number; unitSe: number } {
  const d = (hi - lo) / (2 * sd);
  return { point: (lo + hi) / 2, unitSe: (Math.sqrt(2 * pnorm(-d)) * sd) / (2 * dnorm(d)) };
}

export interface BandPrecision {
  pmc: { estimate: number; se: number; halfWidth: number };
  pme: { estimate: number; se: number; halfWidth: number };
}

/** Expected PMC/PME and the half-width of their `confidence` intervals with n valid answers (normal answer model). */
export function vanWestendorpBandPrecision(model: PriceAnswerModel, n: number, confidence = 0.95): BandPrecision {
  const z = qnorm(1 - (1 - confidence) / 2);
  const one = (lo: number, hi: number) => {
    const c = crossing(lo, hi, model.sd);
    const se = c.unitSe / Math.sqrt(n);
    return { estimate: c.point, se, halfWidth: z * se };
  };
  return { pmc: one(model.tooCheap, model.cheap), pme: one(model.expensive, model.tooExpensive) };
}

/** n so that both PMC's and PME's `confidence` intervals have half-width ≤ h (normal answer model). */
export function vanWestendorpSampleSizeForHalfWidth(
  model: PriceAnswerModel,
  halfWidth: number,
  confidence = 0.95,
): number {
  const z = qnorm(1 - (1 - confidence) / 2);
  const worst = Math.max(
    crossing(model.tooCheap, model.cheap, model.sd).unitSe,
    crossing(model.expensive, model.tooExpensive, model.sd).unitSe,
  );
  return Math.ceil(((z * worst) / halfWidth) ** 2 - 1e-9);
}

/** n from a pilot: its interval half-width h₀ with n₀ answers scaled to a target h, n = n₀·(h₀/h)². */
export function sampleSizeFromPilotHalfWidth(pilotN: number, pilotHalfWidth: number, halfWidth: number): number {
  return Math.ceil(pilotN * (pilotHalfWidth / halfWidth) ** 2 - 1e-9);
}

/**
 * n for the "price P within the acceptable range" criterion: P inside the expected band → both
 * ends' intervals must clear P (the larger n); P outside → only the end P lies beyond decides. With distance δ = |P − end| and √n·SE = u,
 * power ≈ Φ(δ√n/u − z_{1−α/2}), so n = (u·(z_{1−α/2} + z_power)/δ)², the larger of the two ends.
 * Null when P sits on an expected end (δ = 0: never decided).
 */
export function acceptableRangeSampleSize(
  model: PriceAnswerModel,
  price: number,
  confidence: number,
  power: number,
): { n: number; end: "pmc" | "pme"; pmc: number; pme: number } | null {
  const zs = qnorm(1 - (1 - confidence) / 2) + qnorm(power);
  const ends = [
    { end: "pmc" as const, ...crossing(model.tooCheap, model.cheap, model.sd) },
    { end: "pme" as const, ...crossing(model.expensive, model.tooExpensive, model.sd) },
  ];
  // Inside the band both ends must clear P; outside it only the end P lies beyond decides.
  const relevant = ends.filter((e) =>
    price < ends[0].point ? e.end === "pmc" : price > ends[1].point ? e.end === "pme" : true,
  );
  let best: { n: number; end: "pmc" | "pme" } | null = null;
  for (const e of relevant) {
    const delta = Math.abs(price - e.point);
    if (delta === 0) return null;
    const n = Math.ceil(((e.unitSe * zs) / delta) ** 2 - 1e-9);
    if (!best || n > best.n) best = { n, end: e.end };
  }
  const b = best as { n: number; end: "pmc" | "pme" };
  return { ...b, pmc: ends[0].point, pme: ends[1].point };
}
