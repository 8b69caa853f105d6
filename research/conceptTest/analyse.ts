/**
 * Concept-test analysis (sequential or pure monadic): per concept × segment × metric the
 * mean with its Student t interval and the top-2-box share (answers 4–5 on a 1–5 scale)
 * with its Wilson interval; segment-pair and concept-pair chi-square tests on top-2-box
 * shares, Holm-adjusted per metric family; order effects when the position is known.
 * Output: the `concept-test` document of docs/research-cli.md.
 */
import { CONCEPT_METRICS, type ConceptMetric } from "../studyExport.ts";
import { InputError } from "../inputError.ts";
import { mean, sampleVariance } from "../stats/descriptive.ts";
import { tIntervalFromSummary, wilsonInterval, type Interval } from "../stats/intervals.ts";
import { holmAdjust, twoProportionChiSquare, welchTTest } from "../stats/tests.ts";

export { CONCEPT_METRICS, type ConceptMetric };

export interface ConceptRating {
  respondent: string;
  /** null = no segment: counted only in the concept's overall cells. */
  segment: string | null;
  concept: string;
  appeal: number;
  relevance: number;
  uniqueness: number;
  believability: number;
  purchase_intent: number;
  /** 1 = shown first (sequential monadic); absent/null = unknown. */
  position?: number | null;
  /** Line of the input (for error messages). */
  line?: number;
}

export interface ConceptCell {
  concept: string;
  segment: string | null;
  metric: ConceptMetric;
  n: number;
  top2: number;
  top2Share: number | null;
  top2Interval: Interval | null;
  mean: number | null;
  meanInterval: Interval | null;
  /** Overall cells of a study weighted to a market mix: Σ w·top2 / Σ w (research/weighting/marketMix.ts). */
  weightedTop2Share?: number | null;
}

export interface PairTest {
  statistic: number | null;
  pValue: number | null;
  pHolm: number | null;
}
export interface SegmentTest extends PairTest {
  concept: string;
  metric: ConceptMetric;
  a: string;
  b: string;
}
export interface ConceptPairTest extends PairTest {
  segment: string;
  metric: ConceptMetric;
  a: string;
  b: string;
}

export interface OrderGroup {
  n: number;
  top2: number;
  top2Share: number | null;
  mean: number | null;
}
export interface OrderEffect extends PairTest {
  concept: string;
  metric: ConceptMetric;
  /** Ratings given when the concept was shown first. */
  first: OrderGroup;
  /** Ratings given when it was shown in a later position. */
  later: OrderGroup;
  /** mean(first) − mean(later). */
  meanDifference: number | null;
  /** Welch t statistic and p-value for the difference of means. */
  meanStatistic: number | null;
  meanPValue: number | null;
}

export interface ConceptTestResult {
  method: "concept-test";
  metrics: ConceptMetric[];
  confidence: number;
  concepts: string[];
  segments: string[];
  cells: ConceptCell[];
  segmentTests: SegmentTest[];
  conceptTests: ConceptPairTest[];
  orderEffects: OrderEffect[] | null;
}

export interface ConceptTestOptions {
  /** Interval confidence (default 0.95). */
  confidence?: number;
  /** Order of concepts / segments in the output (default: first appearance). Extra names give empty cells. */
  concepts?: readonly string[];
  segments?: readonly string[];
}

/** True for an answer in the top two boxes (4 or 5 on the 1–5 scale). */
export function isTopTwoBox(rating: number): boolean {
  return rating >= 4;
}

interface Summary {
  n: number;
  top2: number;
  values: number[];
}

function summarise(values: number[]): Summary {
  let top2 = 0;
  for (const v of values) if (isTopTwoBox(v)) top2++;
  return { n: values.length, top2, values };
}

function cellOf(
  concept: string,
  segment: string | null,
  metric: ConceptMetric,
  s: Summary,
  confidence: number,
): ConceptCell {
  const m = mean(s.values);
  const variance = sampleVariance(s.values);
  return {
    concept,
    segment,
    metric,
    n: s.n,
    top2: s.top2,
    top2Share: s.n > 0 ? s.top2 / s.n : null,
    top2Interval: wilsonInterval(s.top2, s.n, confidence),
    mean: m,
    meanInterval:
      m !== null && variance !== null ? tIntervalFromSummary(m, Math.sqrt(variance), s.n, confidence) : null,
  };
}

/** Checks one rating row; throws InputError naming the line (or the respondent). */
export function validateConceptRating(row: ConceptRating): void {
  const where = row.line;
  const who = where === undefined ? ` (respondent ${row.respondent}, concept ${row.concept})` : "";
  if (!row.concept) throw new InputError(`concept is empty${who}`, where);
  if (!row.respondent) throw new InputError(`respondent is empty${who}`, where);
  for (const metric of CONCEPT_METRICS) {
    const v = row[metric];
    if (!Number.isInteger(v) || v < 1 || v > 5)
      throw new InputError(`${metric} must be a whole number from 1 to 5, got ${String(v)}${who}`, where);
  }
  if (row.position !== undefined && row.position !== null && (!Number.isInteger(row.position) || row.position < 1)) {
    throw new InputError(`position must be a whole number ≥ 1, got ${String(row.position)}${who}`, where);
  }
}

export function analyseConceptTest(
  rows: readonly ConceptRating[],
  options: ConceptTestOptions = {},
): ConceptTestResult {
  const confidence = options.confidence ?? 0.95;
  const seen = new Set<string>();
  for (const row of rows) {
    validateConceptRating(row);
    const key = `${row.respondent}\u0000${row.concept}`;
    if (seen.has(key))
      throw new InputError(`respondent ${row.respondent} rated concept "${row.concept}" twice`, row.line);
    seen.add(key);
  }
  const concepts = uniqueInOrder([...(options.concepts ?? []), ...rows.map((r) => r.concept)]);
  const segments = uniqueInOrder([
    ...(options.segments ?? []),
    ...rows.flatMap((r) => (r.segment === null ? [] : [r.segment])),
  ]);
  const metrics = [...CONCEPT_METRICS];

  // values[concept][segment or ""(overall)][metric]
  const bucket = new Map<string, number[]>();
  const push = (k: string, v: number) => {
    let arr = bucket.get(k);
    if (!arr) {
      arr = [];
      bucket.set(k, arr);
    }
    arr.push(v);
  };
  const keyOf = (concept: string, segment: string | null, metric: string) =>
    `${concept}\u0000${segment ?? "\u0001"}\u0000${metric}`;
  for (const row of rows) {
    for (const metric of metrics) {
      push(keyOf(row.concept, null, metric), row[metric]);
      if (row.segment !== null) push(keyOf(row.concept, row.segment, metric), row[metric]);
    }
  }
  const summaryOf = (concept: string, segment: string | null, metric: string) =>
    summarise(bucket.get(keyOf(concept, segment, metric)) ?? []);

  const cells: ConceptCell[] = [];
  for (const concept of concepts) {
    for (const segment of [null, ...segments]) {
      for (const metric of metrics)
        cells.push(cellOf(concept, segment, metric, summaryOf(concept, segment, metric), confidence));
    }
  }

  const segmentTests: SegmentTest[] = [];
  const conceptTests: ConceptPairTest[] = [];
  for (const metric of metrics) {
    const family: SegmentTest[] = [];
    for (const concept of concepts) {
      for (const [a, b] of pairs(segments)) {
        const sa = summaryOf(concept, a, metric);
        const sb = summaryOf(concept, b, metric);
        const t = twoProportionChiSquare(sa.top2, sa.n, sb.top2, sb.n);
        family.push({ concept, metric, a, b, statistic: t.statistic, pValue: t.pValue, pHolm: null });
      }
    }
    holmAdjust(family.map((t) => t.pValue)).forEach((p, i) => {
      family[i].pHolm = p;
    });
    segmentTests.push(...family);

    const cFamily: ConceptPairTest[] = [];
    for (const segment of segments) {
      for (const [a, b] of pairs(concepts)) {
        const sa = summaryOf(a, segment, metric);
        const sb = summaryOf(b, segment, metric);
        const t = twoProportionChiSquare(sa.top2, sa.n, sb.top2, sb.n);
        cFamily.push({ segment, metric, a, b, statistic: t.statistic, pValue: t.pValue, pHolm: null });
      }
    }
    holmAdjust(cFamily.map((t) => t.pValue)).forEach((p, i) => {
      cFamily[i].pHolm = p;
    });
    conceptTests.push(...cFamily);
  }

  const hasPosition = rows.length > 0 && rows.every((r) => r.position !== undefined && r.position !== null);
  return {
    method: "concept-test",
    metrics,
    confidence,
    concepts,
    segments,
    cells,
    segmentTests,
    conceptTests,
    orderEffects: hasPosition ? orderEffects(rows, concepts, metrics) : null,
  };
}

/**
 * Order (position) effects in sequential monadic tests: per concept and metric, ratings
 * given when the concept was shown first vs later — chi-square on top-2-box shares
 * (Holm-adjusted per metric) and Welch's t on means.
 */
function orderEffects(rows: readonly ConceptRating[], concepts: string[], metrics: ConceptMetric[]): OrderEffect[] {
  const out: OrderEffect[] = [];
  for (const metric of metrics) {
    const family: OrderEffect[] = [];
    for (const concept of concepts) {
      const first = summarise(rows.filter((r) => r.concept === concept && r.position === 1).map((r) => r[metric]));
      const later = summarise(
        rows.filter((r) => r.concept === concept && (r.position as number) > 1).map((r) => r[metric]),
      );
      const t = twoProportionChiSquare(first.top2, first.n, later.top2, later.n);
      const mf = mean(first.values),
        ml = mean(later.values);
      const vf = sampleVariance(first.values),
        vl = sampleVariance(later.values);
      const w =
        mf !== null && ml !== null && vf !== null && vl !== null
          ? welchTTest({ mean: mf, variance: vf, n: first.n }, { mean: ml, variance: vl, n: later.n })
          : { statistic: null, pValue: null };
      const group = (s: Summary, m: number | null): OrderGroup => ({
        n: s.n,
        top2: s.top2,
        top2Share: s.n > 0 ? s.top2 / s.n : null,
        mean: m,
      });
      family.push({
        concept,
        metric,
        first: group(first, mf),
        later: group(later, ml),
        statistic: t.statistic,
        pValue: t.pValue,
        pHolm: null,
        meanDifference: mf !== null && ml !== null ? mf - ml : null,
        meanStatistic: w.statistic,
        meanPValue: w.pValue,
      });
    }
    holmAdjust(family.map((t) => t.pValue)).forEach((p, i) => {
      family[i].pHolm = p;
    });
    out.push(...family);
  }
  return out;
}

function uniqueInOrder(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

function pairs<T>(xs: readonly T[]): [T, T][] {
  const out: [T, T][] = [];
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) out.push([xs[i], xs[j]]);
  return out;
}
