/**
 * Price-aware happy-customer simulator. A respondent is *happy* with a package at a price when
 * the package gives them enough value (their value set, see pricedRespondents.ts) and the price
 * is at most their Van Westendorp "expensive" answer (or, stricter, "cheap"). A happy respondent
 * *buys* with their Newton–Miller–Smith calibrated probability at that price when they gave both
 * purchase intents (Newton, Miller & Smith 1993), else with probability 1. Per package × price:
 * happy share, buying share and revenue per 100 prospects (100 · price · buying share), overall
 * and per segment, with percentile bootstrap intervals over respondents (Efron & Tibshirani 1993,
 * §13.3; seeded, at most MAX_REPLICATES resamples).
 */
import { InputError } from "../inputError.ts";
import { createRng } from "../random.ts";
import { bootstrapPercentileInterval } from "../stats/bootstrap.ts";
import {
  buyProbability,
  compileRespondents,
  enoughValue,
  packageBits,
  type CompiledRespondents,
  type PricedRespondent,
  type PriceLimit,
} from "./pricedRespondents.ts";

export const MAX_REPLICATES = 5000;

export interface PackagePrice {
  package: readonly string[];
  price: number;
}

export interface PriceAwareOptions {
  priceLimit?: PriceLimit;
  /** Bootstrap resamples (default 500; 0 = no intervals; at most 5000). */
  bootstrap?: number;
  seed?: number;
  confidence?: number;
  /** Purchase probability for purchase intent 5..1 (default 0.7, 0.5, 0.3, 0.1, 0). */
  calibration?: readonly number[];
  /** Candidate items (default: every item in someone's value set). */
  items?: readonly string[];
}

export interface ScenarioBlock {
  respondents: number;
  /** Weighted count of happy respondents. */
  happy: number;
  happyShare: number | null;
  happyInterval: [number, number] | null;
  buyingShare: number | null;
  buyingInterval: [number, number] | null;
  revenuePer100: number | null;
  revenueInterval: [number, number] | null;
}

export interface ScenarioResult {
  package: string[];
  price: number;
  overall: ScenarioBlock;
  segments: Record<string, ScenarioBlock>;
}

export interface PriceAwareResult {
  priceLimit: PriceLimit;
  /** "nms" when every respondent gave purchase intents, "happy" when none did, else "mixed". */
  buyingModel: "nms" | "happy" | "mixed";
  scenarios: ScenarioResult[];
}

/** Happy and buying shares and revenue for each package × price. */
export function simulatePackagePrices(
  respondents: readonly PricedRespondent[],
  scenarios: readonly PackagePrice[],
  options: PriceAwareOptions = {},
): PriceAwareResult {
  const B = options.bootstrap ?? 500;
  if (!Number.isInteger(B) || B < 0 || B > MAX_REPLICATES)
    throw new InputError(`bootstrap must be a whole number from 0 to ${MAX_REPLICATES} (got ${B})`);
  const confidence = options.confidence ?? 0.95;
  const seed = options.seed ?? 1;
  // Items: every valued item and every item in a scenario's package (predicate rules name none).
  const items = options.items ?? [
    ...new Set([
      ...respondents.flatMap((r) => (typeof r.value === "function" ? [] : r.value.items)),
      ...scenarios.flatMap((sc) => sc.package),
    ]),
  ];
  const cr = compileRespondents(respondents, { ...options, items });
  for (const s of scenarios)
    if (!(s.price >= 0) || !Number.isFinite(s.price)) throw new InputError(`price must be ≥ 0 (got ${s.price})`);
  const S = scenarios.length,
    n = cr.n;
  // happy[s·n + r] and buy[s·n + r] (0/1 and probability).
  const happy = new Float64Array(S * n),
    buy = new Float64Array(S * n);
  scenarios.forEach((sc, s) => {
    const bits = packageBits(cr, sc.package);
    const set = new Set(sc.package);
    for (let r = 0; r < n; r++) {
      if (!(sc.price <= cr.limit[r]) || !enoughValue(cr, r, bits, set)) continue;
      happy[s * n + r] = 1;
      buy[s * n + r] = buyProbability(cr, r, sc.price);
    }
  });
  const withNms = cr.hasNms.reduce((a, b) => a + b, 0);
  const blocks = (members: Int32Array, salt: number) =>
    scenarioBlocks(cr, members, happy, buy, scenarios, B, (seed + salt) >>> 0, confidence);
  const all = Int32Array.from({ length: n }, (_, r) => r);
  const overall = blocks(all, 0);
  const names = [...cr.segmentNames].sort();
  const bySegment = names.map((name) => {
    const s = cr.segmentNames.indexOf(name);
    return blocks(
      all.filter((r) => cr.segment[r] === s),
      hashName(name),
    );
  });
  return {
    priceLimit: options.priceLimit ?? "expensive",
    buyingModel: withNms === n ? "nms" : withNms === 0 ? "happy" : "mixed",
    scenarios: scenarios.map((sc, s) => ({
      package: [...sc.package],
      price: sc.price,
      overall: overall[s],
      segments: Object.fromEntries(names.map((name, k) => [name, bySegment[k][s]])),
    })),
  };
}

function scenarioBlocks(
  cr: CompiledRespondents,
  members: Int32Array,
  happy: Float64Array,
  buy: Float64Array,
  scenarios: readonly PackagePrice[],
  B: number,
  seed: number,
  confidence: number,
): ScenarioBlock[] {
  const n = cr.n,
    m = members.length,
    S = scenarios.length;
  const w = cr.weight;
  const sums = (pick: Int32Array, out: Float64Array) => {
    // out[0] = Σw, out[1 + 2s] = Σw·happy, out[2 + 2s] = Σw·buy
    out.fill(0);
    for (let k = 0; k < pick.length; k++) {
      const r = pick[k],
        wr = w[r];
      out[0] += wr;
      for (let s = 0; s < S; s++) {
        out[1 + 2 * s] += wr * happy[s * n + r];
        out[2 + 2 * s] += wr * buy[s * n + r];
      }
    }
  };
  const point = new Float64Array(1 + 2 * S);
  sums(members, point);
  const reps = Array.from({ length: 3 * S }, () => new Float64Array(B));
  if (B > 0 && m > 0) {
    const rng = createRng(seed);
    const pick = new Int32Array(m);
    const rep = new Float64Array(1 + 2 * S);
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < m; k++) pick[k] = members[rng.int(m)];
      sums(pick, rep);
      for (let s = 0; s < S; s++) {
        reps[3 * s][b] = rep[1 + 2 * s] / rep[0];
        reps[3 * s + 1][b] = rep[2 + 2 * s] / rep[0];
        reps[3 * s + 2][b] = (100 * scenarios[s].price * rep[2 + 2 * s]) / rep[0];
      }
    }
  }
  const interval = (x: Float64Array) => (B > 0 && m > 0 ? bootstrapPercentileInterval(x, confidence) : null);
  return scenarios.map((sc, s) => {
    const total = point[0];
    return {
      respondents: m,
      happy: point[1 + 2 * s],
      happyShare: total > 0 ? point[1 + 2 * s] / total : null,
      happyInterval: interval(reps[3 * s]),
      buyingShare: total > 0 ? point[2 + 2 * s] / total : null,
      buyingInterval: interval(reps[3 * s + 1]),
      revenuePer100: total > 0 ? (100 * sc.price * point[2 + 2 * s]) / total : null,
      revenueInterval: interval(reps[3 * s + 2]),
    };
  });
}

/** FNV-1a hash: a segment's bootstrap stream depends on its name only. */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < name.length; k++) h = Math.imul(h ^ name.charCodeAt(k), 0x01000193) >>> 0;
  return h;
}
