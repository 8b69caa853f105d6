/**
 * Weighting a study's completed respondents to the market's segment mix, and the weighted overall
 * figures that use those weights. Raking on the segment margin (Deming & Stephan 1940, via `rake`)
 * gives each respondent of segment s the weight target_s / sample_s (one margin: exact in one
 * sweep); further margins can be added to the targets later. Per-segment figures never change:
 * within a segment every weight is the same.
 */
import { CONCEPT_METRICS, type ConceptMetric } from "../studyExport.ts";
import { rake } from "./rake.ts";

export interface MarketWeighting {
  method: "rake";
  /** Target share (0–1) of each segment, in the study's segment order. */
  targets: Record<string, number>;
  /** False when the mix cannot be applied (see `reason`); overall figures are then unweighted. */
  applied: boolean;
  reason: string | null;
  respondents: number;
  /** Smallest and largest weight (mean 1), and the weight of each segment's respondents. */
  weights: { min: number | null; max: number | null; bySegment: Record<string, number | null> };
  designEffect: number | null;
  effectiveN: number | null;
  converged: boolean;
  iterations: number;
}

export interface MarketWeights {
  summary: MarketWeighting;
  /** Respondent id → weight; null when the mix is not applied. */
  byRespondent: Map<string, number> | null;
}

/** Raking weights of completed respondents to the market mix of segments (shares 0–1 summing to 1). */
export function marketWeights(
  respondents: readonly { id: string; segment: string | null }[],
  mix: Record<string, number>,
  segmentOrder: readonly string[],
): MarketWeights {
  const targets = Object.fromEntries(segmentOrder.filter((k) => k in mix).map((k) => [k, mix[k]]));
  const notApplied = (reason: string): MarketWeights => ({
    summary: {
      method: "rake",
      targets,
      applied: false,
      reason,
      respondents: respondents.length,
      weights: { min: null, max: null, bySegment: Object.fromEntries(Object.keys(targets).map((k) => [k, null])) },
      designEffect: null,
      effectiveN: null,
      converged: false,
      iterations: 0,
    },
    byRespondent: null,
  });
  const unsegmented = respondents.filter((r) => r.segment === null || !(r.segment in targets)).length;
  if (unsegmented > 0)
    return notApplied(`${unsegmented} completed respondent${unsegmented === 1 ? " has" : "s have"} no market share`);
  const zero = Object.keys(targets).filter((k) => !(targets[k] > 0));
  if (zero.length > 0)
    return notApplied(`segment ${zero.join(", ")} has a market share of 0, so its respondents cannot be weighted`);
  const empty = Object.keys(targets).filter((k) => !respondents.some((r) => r.segment === k));
  if (empty.length > 0) return notApplied(`no completed respondent in ${empty.join(", ")} yet`);
  const r = rake(
    respondents.map((x) => ({ respondent: x.id, values: { segment: x.segment as string } })),
    { segment: targets },
  );
  const byRespondent = new Map(r.weights.map((w) => [w.respondent, w.weight]));
  let min = Infinity,
    max = -Infinity;
  for (const w of r.weights) {
    min = Math.min(min, w.weight);
    max = Math.max(max, w.weight);
  }
  const bySegment = Object.fromEntries(
    Object.keys(targets).map((k) => [k, byRespondent.get(respondents.find((x) => x.segment === k)?.id ?? "") ?? null]),
  );
  return {
    summary: {
      method: "rake",
      targets,
      applied: true,
      reason: null,
      respondents: r.respondents,
      weights: { min, max, bySegment },
      designEffect: r.designEffect,
      effectiveN: r.effectiveN,
      converged: r.converged,
      iterations: r.iterations,
    },
    byRespondent,
  };
}

/**
 * A completed respondent's market-mix weight from the weighting summary (StudyResult.weighting): the weight of
 * their segment's respondents when the mix is applied (raking on the segment margin gives every respondent of a
 * segment the same weight), else 1. Exports use it so the CLI can reproduce the weighted figures.
 */
export function respondentMarketWeight(
  weighting: Pick<MarketWeighting, "applied" | "weights"> | null | undefined,
  segment: string | null,
): number {
  if (!weighting?.applied || segment === null) return 1;
  const bySegment = weighting.weights.bySegment;
  return (Object.hasOwn(bySegment, segment) ? bySegment[segment] : null) ?? 1;
}

/** Weighted top-2-box share Σ w·[rating ≥ 4] / Σ w (Kish 1965, weighted proportion); null when no weight. */
export function weightedTopTwoShare(ratings: readonly { rating: number; weight: number }[]): number | null {
  let num = 0,
    den = 0;
  for (const { rating, weight } of ratings) {
    den += weight;
    if (rating >= 4) num += weight;
  }
  return den > 0 ? num / den : null;
}

/** Weighted top-2 share of every concept × metric over all respondents (the overall cells). */
export function weightedConceptTop2(
  ratings: readonly ({ respondent: string; concept: string } & Record<ConceptMetric, number>)[],
  weights: Map<string, number>,
): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const groups = new Map<string, { rating: number; weight: number }[]>();
  for (const r of ratings)
    for (const m of CONCEPT_METRICS) {
      const k = `${r.concept}\u0000${m}`;
      const g = groups.get(k) ?? [];
      if (g.length === 0) groups.set(k, g);
      g.push({ rating: r[m], weight: weights.get(r.respondent) ?? 0 });
    }
  for (const [k, g] of groups) out.set(k, weightedTopTwoShare(g));
  return out;
}

export interface WeightedCountRow {
  item: string;
  shown: number;
  best: number;
  worst: number;
  /** (best − worst) / shown with weighted counts (Louviere, Flynn & Marley 2015, best-minus-worst score); null when never shown. */
  score: number | null;
}

/** Weighted MaxDiff counts: each task counts with its respondent's weight. */
export function weightedMaxDiffCounts(
  tasks: readonly { respondent: string; shown: readonly string[]; best: string; worst: string }[],
  items: readonly string[],
  weights: Map<string, number>,
): WeightedCountRow[] {
  const rows = new Map(items.map((item) => [item, { item, shown: 0, best: 0, worst: 0 }]));
  for (const t of tasks) {
    const w = weights.get(t.respondent) ?? 0;
    for (const s of t.shown) {
      const row = rows.get(s);
      if (row) row.shown += w;
    }
    const b = rows.get(t.best);
    if (b) b.best += w;
    const wr = rows.get(t.worst);
    if (wr) wr.worst += w;
  }
  return items.map((item) => {
    const r = rows.get(item) as { item: string; shown: number; best: number; worst: number };
    return { ...r, score: r.shown > 0 ? (r.best - r.worst) / r.shown : null };
  });
}
