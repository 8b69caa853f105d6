/**
 * Power and sample size of the tests the study's decision rules use (Cohen 1988, Statistical
 * Power Analysis for the Behavioral Sciences; Chow, Shao & Wang 2008, Sample Size Calculations
 * in Clinical Research, 2nd ed.). Sample sizes are returned unrounded, as R does; round up to plan.
 */
import jStat from "jstat";
import { wilsonInterval } from "./intervals.ts";

const qnorm = (p: number) => jStat.normal.inv(p, 0, 1) as number;
const pnorm = (x: number) => jStat.normal.cdf(x, 0, 1) as number;

/** Smallest x in [lo, hi] with f(x) ≥ target for an increasing f, by bisection (R's uniroot on the power curve). */
function solveIncreasing(f: (x: number) => number, target: number, lo: number, hi: number): number | null {
  if (f(hi) < target) return null;
  if (f(lo) >= target) return lo;
  for (let i = 0; i < 200 && hi - lo > 1e-10 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Power of the one-sided score test of H0: π = π0 at level α against π = π1 with n
 * observations, normal approximation (Chow, Shao & Wang 2008 §4.1):
 *   power = Φ((|π1 − π0|·√n − z_{1−α}·√(π0(1−π0))) / √(π1(1−π1))).
 */
export function oneSampleProportionPower(n: number, p0: number, p1: number, alpha: number): number {
  if (!(n > 0) || p1 === p0) return alpha;
  const sd1 = Math.sqrt(p1 * (1 - p1));
  if (sd1 === 0) return 1;
  return pnorm((Math.abs(p1 - p0) * Math.sqrt(n) - qnorm(1 - alpha) * Math.sqrt(p0 * (1 - p0))) / sd1);
}

/**
 * n for the one-sided score test of π = π0 at level α to have the given power at π = π1
 * (Chow, Shao & Wang 2008 §4.1): n = ((z_{1−α}√(π0(1−π0)) + z_{power}√(π1(1−π1))) / (π1 − π0))².
 * Null when π1 = π0 (no n decides it).
 */
export function oneSampleProportionSampleSize(p0: number, p1: number, alpha: number, power: number): number | null {
  if (p1 === p0) return null;
  const num = qnorm(1 - alpha) * Math.sqrt(p0 * (1 - p0)) + qnorm(power) * Math.sqrt(p1 * (1 - p1));
  return (num / (p1 - p0)) ** 2;
}

/**
 * Exact power of the Wilson-interval decision the concept and price criteria use: the
 * probability, when X ~ Binomial(n, π1), that the two-sided Wilson interval at `confidence`
 * lies entirely on π1's side of the threshold π0 (lower ≥ π0 when π1 > π0; upper < π0 when π1 < π0).
 * The Wilson interval inverts the score test, so this is the exact power of the one-sided score
 * test at level (1 − confidence)/2; computed with the regularized incomplete beta
 * P(X ≥ x) = I_{π1}(x, n − x + 1).
 */
export function wilsonDecisionPower(n: number, p0: number, p1: number, confidence: number): number {
  if (!Number.isInteger(n) || n < 1 || p1 === p0) return 0;
  const above = p1 > p0;
  const decided = (x: number) => {
    const iv = wilsonInterval(x, n, confidence) as [number, number];
    return above ? iv[0] >= p0 : iv[1] < p0;
  };
  // The decision is monotone in x: find the boundary count by bisection.
  if (above) {
    if (!decided(n)) return 0;
    let lo = -1; // not decided at lo (or below 0), decided at hi
    let hi = n;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (decided(mid)) hi = mid;
      else lo = mid;
    }
    return hi === 0 ? 1 : (jStat.ibeta(p1, hi, n - hi + 1) as number);
  }
  if (!decided(0)) return 0;
  let lo = 0; // decided at lo, not at hi (or above n)
  let hi = n + 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (decided(mid)) lo = mid;
    else hi = mid;
  }
  // P(X ≤ lo) = 1 − P(X ≥ lo + 1)
  return lo >= n ? 1 : 1 - (jStat.ibeta(p1, lo + 1, n - lo) as number);
}

/**
 * Power of the two-sample test of proportions as R's power.prop.test (strict = FALSE):
 *   power = Φ((√n·|p1 − p2| − z_{1−α/2}·√((p1+p2)(1 − p̄))) / √(p1(1−p1) + p2(1−p2))), p̄ = (p1+p2)/2,
 * n per group (Fleiss, Levin & Paik 2003 §4.2; Chow, Shao & Wang 2008 §4.2).
 */
export function twoSampleProportionPower(n: number, p1: number, p2: number, alpha: number, sides: 1 | 2 = 2): number {
  const q = (p1 + p2) / 2;
  const z = qnorm(1 - alpha / sides);
  return pnorm(
    (Math.sqrt(n) * Math.abs(p1 - p2) - z * Math.sqrt((p1 + p2) * (1 - q))) / Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)),
  );
}

/** n per group for power.prop.test(p1, p2, sig.level = α, power): the root of the power curve. Null if p1 = p2. */
export function twoSampleProportionSampleSize(
  p1: number,
  p2: number,
  alpha: number,
  power: number,
  sides: 1 | 2 = 2,
): number | null {
  if (p1 === p2) return null;
  return solveIncreasing((n) => twoSampleProportionPower(n, p1, p2, alpha, sides), power, 2, 1e9);
}

/**
 * Power of Student's t test as R's power.t.test (strict = FALSE): with df = 2(n − 1) and
 * ncp = δ√(n/2)/σ (two-sample, n per group) or df = n − 1 and ncp = δ√n/σ (one-sample or
 * paired), power = 1 − F_t'(t_{1−α/sides, df}; df, ncp), the noncentral t distribution (Cohen 1988 ch. 2).
 */
export function tTestPower(
  n: number,
  delta: number,
  sd: number,
  alpha: number,
  type: "two.sample" | "one.sample" | "paired" = "two.sample",
  sides: 1 | 2 = 2,
): number {
  const twoSample = type === "two.sample";
  const df = twoSample ? 2 * (n - 1) : n - 1;
  if (!(df > 0)) return 0;
  const ncp = (Math.abs(delta) / sd) * Math.sqrt(twoSample ? n / 2 : n);
  const q = jStat.studentt.inv(1 - alpha / sides, df) as number;
  return 1 - (jStat.noncentralt.cdf(q, df, ncp) as number);
}

/** n for power.t.test(delta, sd, sig.level = α, power, type): the root of the power curve. Null if delta = 0. */
export function tTestSampleSize(
  delta: number,
  sd: number,
  alpha: number,
  power: number,
  type: "two.sample" | "one.sample" | "paired" = "two.sample",
  sides: 1 | 2 = 2,
): number | null {
  if (delta === 0 || !(sd > 0)) return null;
  return solveIncreasing((n) => tTestPower(n, delta, sd, alpha, type, sides), power, 2, 1e9);
}
