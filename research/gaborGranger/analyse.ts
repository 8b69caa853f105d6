/**
 * Gabor–Granger price ladder (Gabor & Granger 1966, "Price as an indicator of quality",
 * Economica 33:43–70). Each respondent rates purchase likelihood (1–5) at several prices; they
 * *would buy* at a price rated 4 or 5 (top-2-box). Their acceptance price is the highest such
 * price (none: they buy at no price asked). demand(p) = weighted share of respondents whose
 * acceptance price is ≥ p; revenue(p) = p · demand(p). Intervals: Wilson score without
 * continuity correction; with weights, the Wilson interval at Kish's effective sample size
 * (Kish 1965, §11.7). The revenue-maximising price gets a percentile bootstrap interval over
 * respondents (Efron & Tibshirani 1993, §13.3), seeded.
 */
import { InputError } from "../inputError.ts";
import { createRng } from "../random.ts";
import { bootstrapPercentileInterval } from "../stats/bootstrap.ts";
import { wilsonInterval } from "../stats/intervals.ts";

/** One price asked of one respondent. */
export interface GgAnswer {
  respondent: string;
  price: number;
  /** Purchase likelihood 1–5 (5 = definitely would buy). */
  response: number;
  segment?: string | null;
  /** Positive weight; the respondent's first answer's weight counts. */
  weight?: number;
  /** Input line, for error messages. */
  line?: number;
}

export interface GgOptions {
  /** Bootstrap resamples for the revenue-maximising price (default 1000, at most 20000; 0 = no interval). */
  bootstrap?: number;
  /** Seed of the bootstrap (default 1). */
  seed?: number;
  /** Confidence level of every interval (default 0.95). */
  confidence?: number;
}

export interface GgPrice {
  price: number;
  /** Respondents asked this price (unweighted). */
  asked: number;
  demand: number;
  demandInterval: [number, number] | null;
  revenue: number;
}

export interface GgElasticity {
  from: number;
  to: number;
  /** Arc (midpoint) price elasticity of demand between two adjacent rungs; null when demand is 0 at both. */
  elasticity: number | null;
}

export interface GgBlock {
  respondents: number;
  prices: GgPrice[];
  revenueMaxPrice: number | null;
  revenueMaxInterval: [number, number] | null;
  /** Respondents who would buy at a higher price but not at a lower one. */
  inconsistent: number;
  /** Respondents who would buy at no price asked. */
  buyAtNoPrice: number;
  elasticities: GgElasticity[];
  /** "wilson" (unweighted) or "wilson-kish" (weighted: Wilson at the Kish effective n). */
  intervalMethod: "wilson" | "wilson-kish";
  effectiveN: number;
}

export interface GgResult {
  method: "gabor-granger";
  overall: GgBlock;
  segments: Record<string, GgBlock>;
}

interface Respondent {
  id: string;
  segment: string | null;
  weight: number;
  /** Highest price rated 4–5, or −Infinity. */
  acceptance: number;
  inconsistent: boolean;
}

export const MAX_BOOTSTRAP = 20_000;

/** Whether a purchase-likelihood answer counts as "would buy" (top-2-box: 4 or 5). */
export const wouldBuy = (response: number): boolean => response >= 4;

/** Groups answers into respondents; bad input (duplicate price, response outside 1–5, …) throws naming the line. */
export function gaborGrangerRespondents(answers: readonly GgAnswer[]): Respondent[] {
  const by = new Map<string, { r: Respondent; asked: Map<number, boolean> }>();
  for (const a of answers) {
    const where = a.line;
    if (!a.respondent) throw new InputError("respondent is empty", where);
    if (!Number.isFinite(a.price) || a.price < 0)
      throw new InputError(`price must be a finite number ≥ 0 (got ${a.price})`, where);
    if (!Number.isInteger(a.response) || a.response < 1 || a.response > 5)
      throw new InputError(`response must be a whole number from 1 to 5 (got ${a.response})`, where);
    let e = by.get(a.respondent);
    if (!e) {
      const w = a.weight ?? 1;
      if (!(w > 0) || w === Infinity) throw new InputError(`weight must be a positive number (got ${w})`, where);
      e = {
        r: { id: a.respondent, segment: a.segment ?? null, weight: w, acceptance: -Infinity, inconsistent: false },
        asked: new Map(),
      };
      by.set(a.respondent, e);
    } else if ((a.segment ?? null) !== e.r.segment) {
      throw new InputError(
        `respondent ${a.respondent} is in segment "${a.segment ?? ""}" here but "${e.r.segment ?? ""}" on an earlier line`,
        where,
      );
    }
    if (e.asked.has(a.price)) throw new InputError(`respondent ${a.respondent} answered price ${a.price} twice`, where);
    e.asked.set(a.price, wouldBuy(a.response));
  }
  return [...by.values()].map(({ r, asked }) => {
    const sorted = [...asked].sort((x, y) => x[0] - y[0]);
    let acceptance = -Infinity;
    for (const [p, yes] of sorted) if (yes) acceptance = p;
    // Inconsistent: a "no" at a price below the highest "yes".
    const inconsistent = sorted.some(([p, yes]) => !yes && p < acceptance);
    return { ...r, acceptance, inconsistent };
  });
}

/** Gabor–Granger demand and revenue curves per block (overall and each segment). */
export function analyseGaborGranger(answers: readonly GgAnswer[], options: GgOptions = {}): GgResult {
  const bootstrap = options.bootstrap ?? 1000;
  if (!Number.isInteger(bootstrap) || bootstrap < 0 || bootstrap > MAX_BOOTSTRAP)
    throw new InputError(`bootstrap must be a whole number from 0 to ${MAX_BOOTSTRAP} (got ${bootstrap})`);
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1))
    throw new InputError(`confidence must be between 0 and 1 (got ${confidence})`);
  const seed = options.seed ?? 1;
  if (answers.length === 0) throw new InputError("no answers");
  const respondents = gaborGrangerRespondents(answers);
  const weighted = answers.some((a) => a.weight !== undefined);
  const pricesOf = (segment: string | null) =>
    [...new Set(answers.filter((a) => segment === null || a.segment === segment).map((a) => a.price))].sort(
      (x, y) => x - y,
    );
  const askedCount = (segment: string | null) => {
    const m = new Map<number, number>();
    for (const a of answers) if (segment === null || a.segment === segment) m.set(a.price, (m.get(a.price) ?? 0) + 1);
    return m;
  };
  const names = [...new Set(respondents.map((r) => r.segment).filter((s): s is string => s !== null))].sort();
  const block = (segment: string | null, salt: number) =>
    gaborGrangerBlock(
      segment === null ? respondents : respondents.filter((r) => r.segment === segment),
      pricesOf(segment),
      askedCount(segment),
      { bootstrap, seed: (seed + salt) >>> 0, confidence, weighted },
    );
  return {
    method: "gabor-granger",
    overall: block(null, 0),
    segments: Object.fromEntries(names.map((s) => [s, block(s, hashName(s))])),
  };
}

/** Demand at each ladder price from acceptance prices: cumulative weight from the top rung down. */
function demandAt(prices: readonly number[], rung: Int32Array, w: ArrayLike<number>, pick?: Int32Array): Float64Array {
  const P = prices.length;
  const atRung = new Float64Array(P + 1); // index P = buys at no price
  let total = 0;
  const n = pick ? pick.length : rung.length;
  for (let k = 0; k < n; k++) {
    const i = pick ? pick[k] : k;
    atRung[rung[i]] += w[i];
    total += w[i];
  }
  const demand = new Float64Array(P);
  let cum = 0;
  for (let j = P - 1; j >= 0; j--) {
    cum += atRung[j];
    demand[j] = total > 0 ? cum / total : 0;
  }
  return demand;
}

/** Index of the largest value, lowest index among ties (relative 1e-12). −1 if empty. */
function argmax(values: ArrayLike<number>): number {
  let best = -Infinity;
  for (let k = 0; k < values.length; k++) if (values[k] > best) best = values[k];
  const floor = best - 1e-12 * Math.abs(best);
  for (let k = 0; k < values.length; k++) if (values[k] >= floor) return k;
  return -1;
}

function gaborGrangerBlock(
  rs: readonly Respondent[],
  prices: readonly number[],
  asked: Map<number, number>,
  o: { bootstrap: number; seed: number; confidence: number; weighted: boolean },
): GgBlock {
  const n = rs.length;
  const P = prices.length;
  // Rung of each respondent's acceptance price (P = none): demand(p_j) counts rungs ≥ j.
  const rung = new Int32Array(n);
  const w = new Float64Array(n);
  let sw = 0,
    sw2 = 0;
  rs.forEach((r, i) => {
    rung[i] = r.acceptance === -Infinity ? P : prices.indexOf(r.acceptance);
    w[i] = r.weight;
    sw += r.weight;
    sw2 += r.weight * r.weight;
  });
  const effectiveN = sw2 > 0 ? (sw * sw) / sw2 : 0;
  const demand = demandAt(prices, rung, w);
  const revenue = prices.map((p, j) => p * demand[j]);
  const best = argmax(revenue);
  let revenueMaxInterval: [number, number] | null = null;
  if (o.bootstrap > 0 && n > 0) {
    const rng = createRng(o.seed);
    const reps = new Float64Array(o.bootstrap);
    const pick = new Int32Array(n);
    const rev = new Float64Array(P);
    for (let b = 0; b < o.bootstrap; b++) {
      for (let k = 0; k < n; k++) pick[k] = rng.int(n);
      const d = demandAt(prices, rung, w, pick);
      for (let j = 0; j < P; j++) rev[j] = prices[j] * d[j];
      reps[b] = prices[argmax(rev)];
    }
    revenueMaxInterval = bootstrapPercentileInterval(reps, o.confidence);
  }
  const elasticities: GgElasticity[] = [];
  for (let j = 1; j < P; j++) {
    const d0 = demand[j - 1],
      d1 = demand[j],
      p0 = prices[j - 1],
      p1 = prices[j];
    elasticities.push({ from: p0, to: p1, elasticity: arcElasticity(p0, d0, p1, d1) });
  }
  return {
    respondents: n,
    prices: prices.map((price, j) => ({
      price,
      asked: asked.get(price) ?? 0,
      demand: demand[j],
      demandInterval: wilsonInterval(demand[j] * effectiveN, effectiveN, o.confidence),
      revenue: revenue[j],
    })),
    revenueMaxPrice: best >= 0 && revenue[best] > 0 ? prices[best] : null,
    revenueMaxInterval,
    inconsistent: rs.filter((r) => r.inconsistent).length,
    buyAtNoPrice: rs.filter((r) => r.acceptance === -Infinity).length,
    elasticities,
    intervalMethod: o.weighted ? "wilson-kish" : "wilson",
    effectiveN,
  };
}

/**
 * Arc (midpoint) price elasticity between (p0, d0) and (p1, d1) (Allen 1934):
 * ((d1 − d0) / ((d0 + d1)/2)) / ((p1 − p0) / ((p0 + p1)/2)). Null when not computable.
 */
export function arcElasticity(p0: number, d0: number, p1: number, d1: number): number | null {
  const dm = (d0 + d1) / 2,
    pm = (p0 + p1) / 2;
  if (!(dm > 0) || !(pm > 0) || p1 === p0) return null;
  return (d1 - d0) / dm / ((p1 - p0) / pm);
}

/** FNV-1a hash: a segment's bootstrap stream depends on its name only. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < name.length; k++) h = Math.imul(h ^ name.charCodeAt(k), 0x01000193) >>> 0;
  return h;
}
