/**
 * Value scorecard ("competitors who matter"): per segment, how our product and the
 * alternatives respondents use perform on each value driver (0–10 ratings, t intervals), a
 * value score weighting performance by the segment's MaxDiff importance, paired comparisons
 * with each competitor among the respondents who rated both (paired t tests, Holm-adjusted
 * across drivers), a price/value map against a fair-value line, and a driver-gap table
 * (importance × gap vs the strongest competitor). Gale 1994, "Managing Customer Value"
 * (customer value map, relative performance weighted by importance); Student 1908; Holm 1979.
 */
import { formatMoney } from "../format/money.ts";
import { mean } from "../stats/descriptive.ts";
import { tInterval } from "../stats/intervals.ts";
import { leastSquaresLine, pairedTTest } from "../stats/paired.ts";
import { holmAdjust } from "../stats/tests.ts";
import type {
  Comparison,
  DriverGap,
  DriverPerformance,
  GapLabel,
  ImportanceWeights,
  PairedDriver,
  PerformanceRating,
  PricePosition,
  PriceValueMap,
  ProductScore,
  ScorecardBlock,
  ScorecardOptions,
  ScorecardResult,
} from "./types.ts";

type Weights = Record<string, number>;

/** Normalises weights over `drivers` to shares summing to 1 (drivers missing a weight get 0). */
export function normaliseWeights(weights: Weights, drivers: readonly string[]): Weights {
  const total = drivers.reduce((s, d) => s + (Object.hasOwn(weights, d) ? Math.max(0, weights[d]) : 0), 0);
  return Object.fromEntries(
    drivers.map((d) => [d, total > 0 && Object.hasOwn(weights, d) ? Math.max(0, weights[d]) / total : 0]),
  );
}

/**
 * Weighted value score Σ w_d·r_d / Σ w_d over the drivers rated (Gale 1994's weighted
 * performance); null when no driver with positive weight was rated.
 */
export function weightedValueScore(
  ratings: Readonly<Record<string, number | null>>,
  weights: Readonly<Weights>,
  only?: ReadonlySet<string>,
): number | null {
  let num = 0;
  let den = 0;
  for (const [d, r] of Object.entries(ratings)) {
    if (r === null || (only && !only.has(d))) continue;
    const w = Object.hasOwn(weights, d) ? weights[d] : 0;
    num += w * r;
    den += w;
  }
  return den > 0 ? num / den : null;
}

/** Fair-value position: price within ±tolerance of the fair price → fair; below → advantage; above → disadvantage. */
export function pricePosition(price: number, fairPrice: number, tolerance: number): PricePosition | null {
  if (!(fairPrice > 0)) return null;
  const premium = (price - fairPrice) / fairPrice;
  if (premium < -tolerance) return "valueAdvantage";
  if (premium > tolerance) return "valueDisadvantage";
  return "fair";
}

/** Driver-gap label: important & we lag → invest; important & we lead → promote; unimportant & we lead → over-served. */
export function gapLabel(important: boolean, leader: "ours" | "competitor" | null): GapLabel {
  if (important && leader === "competitor") return "invest";
  if (important && leader === "ours") return "promote";
  if (!important && leader === "ours") return "overServed";
  return "maintain";
}

/** respondent → product → driver → rating, with each respondent's segment and price paid per product. */
interface Index {
  segment: Map<string, string | null>;
  ratings: Map<string, Map<string, Map<string, number | null>>>;
  price: Map<string, Map<string, number>>;
}

function indexRatings(rows: readonly PerformanceRating[]): Index {
  const idx: Index = { segment: new Map(), ratings: new Map(), price: new Map() };
  for (const r of rows) {
    idx.segment.set(r.respondent, r.segment);
    const byProduct = idx.ratings.get(r.respondent) ?? new Map<string, Map<string, number | null>>();
    idx.ratings.set(r.respondent, byProduct);
    const byDriver = byProduct.get(r.product) ?? new Map<string, number | null>();
    byProduct.set(r.product, byDriver);
    byDriver.set(r.driver, r.rating);
    if (r.pricePaid !== null) {
      const p = idx.price.get(r.respondent) ?? new Map<string, number>();
      idx.price.set(r.respondent, p);
      if (!p.has(r.product)) p.set(r.product, r.pricePaid);
    }
  }
  return idx;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export function analyseScorecard(
  rows: readonly PerformanceRating[],
  weights: ImportanceWeights,
  options: ScorecardOptions,
): ScorecardResult {
  const confidence = options.confidence ?? 0.95;
  const drivers = [...new Set(rows.map((r) => r.driver))];
  const products = [...new Set(rows.map((r) => r.product))];
  const competitors = products.filter((p) => p !== options.ours);
  const idx = indexRatings(rows);
  const segments = [...new Set(rows.map((r) => r.segment).filter((s): s is string => s !== null))];
  const everyone = [...idx.ratings.keys()];

  const block = (respondents: string[], key: string | null): ScorecardBlock | null => {
    const own = key === null ? null : Object.hasOwn(weights.segments, key) ? weights.segments[key] : null;
    const base = own ?? weights.overall;
    if (!base) return null;
    const source: ScorecardBlock["weightsSource"] =
      options.weightsFrom === "respondent" ? "respondent" : own ? "segment" : "overall";
    const shared = normaliseWeights(base, drivers);
    const weightOf = (respondent: string): Weights => {
      if (options.weightsFrom === "respondent" && weights.respondents && Object.hasOwn(weights.respondents, respondent))
        return normaliseWeights(weights.respondents[respondent], drivers);
      return shared;
    };
    const blockWeights =
      options.weightsFrom === "respondent"
        ? Object.fromEntries(drivers.map((d) => [d, mean(respondents.map((r) => weightOf(r)[d])) ?? 0]))
        : shared;
    const band = options.priceBands?.[key ?? "overall"] ?? null;
    return analyseBlock({
      respondents,
      idx,
      drivers,
      products,
      competitors,
      ours: options.ours,
      weightOf,
      blockWeights,
      source,
      fallback:
        options.weightsFrom === "respondent"
          ? respondents.filter((r) => !weights.respondents || !Object.hasOwn(weights.respondents, r)).length
          : 0,
      confidence,
      tolerance: options.tolerance ?? 0.1,
      currency: options.currency ?? null,
      ourPrice: options.ourPrice ?? null,
      listPrices: options.listPrices ?? {},
      band: band && band.pmc !== null && band.pme !== null ? { pmc: band.pmc, pme: band.pme } : null,
      name: key ?? "all respondents",
    });
  };

  const segmentBlocks: [string, ScorecardBlock][] = [];
  for (const s of segments) {
    const b = block(
      everyone.filter((r) => idx.segment.get(r) === s),
      s,
    );
    if (b) segmentBlocks.push([s, b]);
  }
  return {
    method: "value-scorecard",
    ours: options.ours,
    drivers,
    confidence,
    overall: block(everyone, null),
    segments: Object.fromEntries(segmentBlocks),
  };
}

interface BlockInput {
  respondents: string[];
  idx: Index;
  drivers: string[];
  products: string[];
  competitors: string[];
  ours: string;
  weightOf: (respondent: string) => Weights;
  blockWeights: Weights;
  source: ScorecardBlock["weightsSource"];
  fallback: number;
  confidence: number;
  tolerance: number;
  currency: string | null;
  ourPrice: number | null;
  listPrices: Record<string, number>;
  band: { pmc: number; pme: number } | null;
  name: string;
}

function ratingsOf(b: BlockInput, respondent: string, product: string): Record<string, number | null> | null {
  const m = b.idx.ratings.get(respondent)?.get(product);
  return m ? Object.fromEntries(m) : null;
}

function analyseBlock(b: BlockInput): ScorecardBlock {
  const alpha = 1 - b.confidence;
  const productScores: ProductScore[] = [];
  for (const product of b.products) {
    const raters = b.respondents.filter((r) => b.idx.ratings.get(r)?.has(product));
    if (raters.length === 0) continue;
    const drivers: DriverPerformance[] = b.drivers.map((driver) => {
      const values: number[] = [];
      let dontKnow = 0;
      for (const r of raters) {
        const v = b.idx.ratings.get(r)?.get(product)?.get(driver);
        if (v === undefined) continue;
        if (v === null) dontKnow++;
        else values.push(v);
      }
      const m = mean(values);
      const sd = values.length > 1 ? Math.sqrt(variance(values)) : null;
      return { driver, n: values.length, dontKnow, mean: m, sd, interval: tInterval(values, b.confidence) };
    });
    const scores = raters
      .map((r) => weightedValueScore(ratingsOf(b, r, product) ?? {}, b.weightOf(r)))
      .filter((v): v is number => v !== null);
    const paid = raters.map((r) => b.idx.price.get(r)?.get(product)).filter((v): v is number => v !== undefined);
    const isOurs = product === b.ours;
    const list = Object.hasOwn(b.listPrices, product) ? b.listPrices[product] : null;
    const price = isOurs && b.ourPrice !== null ? b.ourPrice : (mean(paid) ?? list);
    productScores.push({
      product,
      ours: isOurs,
      respondents: raters.length,
      drivers,
      valueScore: mean(scores),
      valueScoreInterval: tInterval(scores, b.confidence),
      price,
      priceN: isOurs && b.ourPrice !== null ? 0 : paid.length,
    });
  }

  // Paired comparisons: ours vs each competitor, among respondents who rated both.
  const comparisons: Comparison[] = [];
  for (const competitor of b.competitors) {
    const both = b.respondents.filter(
      (r) => b.idx.ratings.get(r)?.has(b.ours) && b.idx.ratings.get(r)?.has(competitor),
    );
    if (both.length === 0) continue;
    const tests = b.drivers.map((driver) => {
      const diffs: number[] = [];
      for (const r of both) {
        const a = b.idx.ratings.get(r)?.get(b.ours)?.get(driver);
        const c = b.idx.ratings.get(r)?.get(competitor)?.get(driver);
        if (a !== undefined && a !== null && c !== undefined && c !== null) diffs.push(a - c);
      }
      return { driver, t: pairedTTest(diffs, b.confidence) };
    });
    const pHolm = holmAdjust(tests.map((x) => x.t.pValue));
    const drivers: PairedDriver[] = tests.map((x, i) => ({
      driver: x.driver,
      n: x.t.n,
      meanDifference: x.t.meanDifference,
      interval: x.t.interval,
      statistic: x.t.statistic,
      df: x.t.df,
      pValue: x.t.pValue,
      pHolm: pHolm[i],
      leader:
        pHolm[i] !== null && (pHolm[i] as number) < alpha
          ? (x.t.meanDifference as number) > 0
            ? "ours"
            : "competitor"
          : null,
    }));
    const relative: number[] = [];
    for (const r of both) {
      const a = ratingsOf(b, r, b.ours) ?? {};
      const c = ratingsOf(b, r, competitor) ?? {};
      const common = new Set(b.drivers.filter((d) => a[d] != null && c[d] != null));
      const w = b.weightOf(r);
      const va = weightedValueScore(a, w, common);
      const vc = weightedValueScore(c, w, common);
      if (va !== null && vc !== null) relative.push(va - vc);
    }
    const rt = pairedTTest(relative, b.confidence);
    comparisons.push({
      competitor,
      respondents: both.length,
      valueScoreDifference: rt.meanDifference,
      interval: rt.interval,
      pValue: rt.pValue,
      drivers,
    });
  }

  const priceValue = priceValueMap(productScores, b);
  const driverGaps = gaps(productScores, comparisons, b);
  return {
    respondents: b.respondents.length,
    weights: b.blockWeights,
    weightsSource: b.source,
    weightsFallback: b.fallback,
    products: productScores,
    comparisons,
    priceValue,
    driverGaps,
    summary: summarise(productScores, priceValue, driverGaps, b),
  };
}

function variance(xs: readonly number[]): number {
  const m = mean(xs) as number;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}

/**
 * Price/value map (Gale 1994 ch. 6, the customer value map): fair price for a value score v from
 * the least-squares line price = a + b·v through the priced products (≥ 3 with distinct
 * values), else — with the segment's Van Westendorp range — fair(v) = midpoint·v/v̄ (the
 * average product is worth the middle of the acceptable range).
 */
function priceValueMap(products: ProductScore[], b: BlockInput): PriceValueMap {
  const priced = products.filter((p) => p.price !== null && p.valueScore !== null);
  const valued = products.filter((p) => p.valueScore !== null);
  let reference: PriceValueMap["reference"] = null;
  let line: PriceValueMap["line"] = null;
  let fair: ((v: number) => number) | null = null;
  if (priced.length >= 3) {
    line = leastSquaresLine(priced.map((p) => ({ x: p.valueScore as number, y: p.price as number })));
    if (line) {
      const l = line;
      reference = "line";
      fair = (v) => l.intercept + l.slope * v;
    }
  }
  if (!fair && b.band && valued.length > 0) {
    const vbar = mean(valued.map((p) => p.valueScore as number)) as number;
    if (vbar > 0) {
      const mid = (b.band.pmc + b.band.pme) / 2;
      reference = "bandMidpoint";
      fair = (v) => (mid * v) / vbar;
    }
  }
  const rows = products.map((p) => {
    const fairPrice = fair && p.valueScore !== null ? fair(p.valueScore) : null;
    const ok = fairPrice !== null && fairPrice > 0 && p.price !== null;
    return {
      product: p.product,
      valueScore: p.valueScore,
      price: p.price,
      fairPrice,
      premium: ok ? ((p.price as number) - (fairPrice as number)) / (fairPrice as number) : null,
      position: ok ? pricePosition(p.price as number, fairPrice as number, b.tolerance) : null,
    };
  });
  const us = rows.find((r) => r.product === b.ours);
  const price = us?.price ?? null;
  const fairPrice = us?.fairPrice ?? null;
  let fairRangeInBand: [number, number] | null = null;
  let up: number | null = null;
  let down: number | null = null;
  let sentence: string;
  const pct = `±${round(100 * b.tolerance, 1)}%`;
  if (fairPrice === null || !(fairPrice > 0)) {
    sentence = `No fair-value reference for ${b.name}: it needs prices for at least 3 products or a Van Westendorp acceptable range.`;
  } else {
    const lo = Math.max(b.band?.pmc ?? -Infinity, fairPrice * (1 - b.tolerance));
    const hi = Math.min(b.band?.pme ?? Infinity, fairPrice * (1 + b.tolerance));
    if (lo <= hi) fairRangeInBand = [lo, hi];
    if (fairRangeInBand && price !== null) {
      up = fairRangeInBand[1] - price;
      down = price - fairRangeInBand[0];
    }
    const money = (x: number) => formatMoney(x, b.currency);
    const within = b.band ? ` and within the acceptable range ${money(b.band.pmc)}–${money(b.band.pme)}` : "";
    sentence =
      price === null
        ? `At its value score our fair price in ${b.name} is ${money(fairPrice)} (${pct}${within}).`
        : fairRangeInBand === null
          ? `In ${b.name} no price is both fair for our value (${money(fairPrice)} ${pct}) and inside the acceptable range.`
          : `At the current value, our price ${money(price)} in ${b.name} could move between ${money(fairRangeInBand[0])} and ${money(fairRangeInBand[1])} (fair price ${money(fairPrice)} ${pct}${within}).`;
  }
  return {
    reference,
    line,
    band: b.band,
    tolerance: b.tolerance,
    products: rows,
    ours: { price, fairPrice, fairRangeInBand, up, down, sentence },
  };
}

function gaps(products: ProductScore[], comparisons: Comparison[], b: BlockInput): DriverGap[] {
  const D = b.drivers.length;
  return b.drivers.map((driver) => {
    const importance = b.blockWeights[driver] ?? 0;
    const important = importance >= 1 / D - 1e-12;
    let strongest: { product: string; mean: number } | null = null;
    for (const p of products) {
      if (p.ours) continue;
      const m = p.drivers.find((d) => d.driver === driver)?.mean ?? null;
      const paired = comparisons.find((c) => c.competitor === p.product)?.drivers.find((d) => d.driver === driver);
      if (m === null || !paired || paired.n < 2) continue;
      if (!strongest || m > strongest.mean) strongest = { product: p.product, mean: m };
    }
    const paired = strongest
      ? comparisons.find((c) => c.competitor === strongest?.product)?.drivers.find((d) => d.driver === driver)
      : undefined;
    const gap = paired?.meanDifference ?? null;
    const leader = paired?.leader ?? null;
    const label = gapLabel(important, leader);
    const imp = `${round(100 * importance, 1)}% of importance${important ? "" : ", below an equal share"}`;
    const reason = !strongest
      ? `No competitor was rated on ${driver} by respondents who also rated us (${imp}).`
      : `${driver}: ${imp}; vs ${strongest.product} (strongest) we are ${gap === null ? "not comparable" : `${gap >= 0 ? "+" : ""}${round(gap)} points`}` +
        (leader !== null
          ? leader === "ours"
            ? ", a significant lead"
            : ", a significant lag"
          : paired?.pValue === null
            ? ", too few or identical differences to test"
            : ", not a significant difference") +
        ".";
    return {
      driver,
      importance,
      important,
      strongestCompetitor: strongest?.product ?? null,
      gap,
      pHolm: paired?.pHolm ?? null,
      leader,
      priority: gap === null ? null : importance * gap,
      label,
      reason,
    };
  });
}

function summarise(products: ProductScore[], pv: PriceValueMap, gaps: DriverGap[], b: BlockInput): string {
  const us = products.find((p) => p.ours);
  const parts: string[] = [];
  parts.push(
    us?.valueScore != null
      ? `our value score ${round(us.valueScore)} of 10 from ${us.respondents} respondents`
      : "no ratings of our product",
  );
  const invest = gaps.filter((g) => g.label === "invest").map((g) => g.driver);
  const promote = gaps.filter((g) => g.label === "promote").map((g) => g.driver);
  if (invest.length) parts.push(`invest in ${invest.join(", ")}`);
  if (promote.length) parts.push(`promote ${promote.join(", ")}`);
  const pos = pv.products.find((p) => p.product === b.ours)?.position;
  if (pos)
    parts.push(
      pos === "fair"
        ? "priced fairly for its value"
        : pos === "valueAdvantage"
          ? "a value advantage"
          : "a value disadvantage",
    );
  return `${b.name[0].toUpperCase()}${b.name.slice(1)}: ${parts.join("; ")}.`;
}
