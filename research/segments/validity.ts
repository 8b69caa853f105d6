/**
 * Do declared segments capture how respondents value things? Compares a segmentation the
 * researcher declared (e.g. industry) with needs-based classes found in the answers:
 * cross-tab with Pearson's chi-square and Cramér's V, and how well each explains choices
 * (log-likelihood and BIC of one model per group; Schwarz 1978, Wedel & Kamakura 2000 §5.3).
 */
import { chiSquareIndependence, cramersV } from "../stats/independence.ts";

export interface ClassSegmentCrosstab {
  /** Declared segments (rows), in the order given. */
  segments: string[];
  /** Classes (columns), 1…C. */
  classes: number[];
  /** counts[i][j] = respondents of segment i whose most likely class is j + 1. */
  counts: number[][];
  /** Row percentages: counts[i][j] / row total × 100 (null for an empty row). */
  rowPercent: (number | null)[][];
  respondents: number;
  chiSquare: number | null;
  df: number | null;
  pValue: number | null;
  cramersV: number | null;
}

/**
 * Cross-tab of most-likely class × declared segment (respondents without a segment left
 * out) with Pearson's chi-square test of independence and Cramér's V (stats/independence.ts;
 * classes or segments with no respondents do not count towards df).
 */
export function classSegmentCrosstab(
  assignments: readonly { class: number; segment: string | null }[],
  classCount: number,
  segmentOrder?: readonly string[],
): ClassSegmentCrosstab {
  const segments = [...(segmentOrder ?? [])];
  for (const a of assignments) if (a.segment !== null && !segments.includes(a.segment)) segments.push(a.segment);
  const index = new Map(segments.map((s, i) => [s, i]));
  const counts = segments.map(() => new Array<number>(classCount).fill(0));
  let respondents = 0;
  for (const a of assignments) {
    if (a.segment === null) continue;
    if (!(a.class >= 1 && a.class <= classCount)) throw new Error(`class ${a.class} is outside 1…${classCount}`);
    counts[index.get(a.segment) ?? 0][a.class - 1]++;
    respondents++;
  }
  const rowPercent = counts.map((row) => {
    const total = row.reduce((x, y) => x + y, 0);
    return row.map((c) => (total > 0 ? (100 * c) / total : null));
  });
  const test = chiSquareIndependence(counts);
  return {
    segments,
    classes: Array.from({ length: classCount }, (_, j) => j + 1),
    counts,
    rowPercent,
    respondents,
    chiSquare: test.statistic,
    df: test.df,
    pValue: test.pValue,
    cramersV: cramersV(counts),
  };
}

/** A model of the choices: its log-likelihood, free parameters and the respondents it covers. */
export interface ModelFit {
  logLikelihood: number;
  parameters: number;
  respondents: number;
}

export interface ModelComparisonRow extends ModelFit {
  model: "aggregate" | "segments" | "classes";
  groups: number;
  /** −2 LL + parameters · ln(respondents) (Schwarz 1978). */
  bic: number;
  /** McFadden's ρ² against the aggregate model: 1 − LL / LL(aggregate) (McFadden 1974). */
  improvement: number | null;
}

/** BIC per model and the gain in log-likelihood over one aggregate model (same respondents). */
export function compareSegmentations(models: {
  aggregate: ModelFit;
  segments: (ModelFit & { groups: number }) | null;
  classes: ModelFit & { groups: number };
}): ModelComparisonRow[] {
  const row = (model: ModelComparisonRow["model"], f: ModelFit, groups: number): ModelComparisonRow => ({
    model,
    groups,
    ...f,
    bic: -2 * f.logLikelihood + f.parameters * Math.log(f.respondents),
    improvement:
      model === "aggregate" || models.aggregate.logLikelihood === 0
        ? null
        : 1 - f.logLikelihood / models.aggregate.logLikelihood,
  });
  const out = [row("aggregate", models.aggregate, 1)];
  if (models.segments) out.push(row("segments", models.segments, models.segments.groups));
  out.push(row("classes", models.classes, models.classes.groups));
  return out;
}

/** Conventional strength words for Cramér's V (Rea & Parker 2014, Designing and Conducting Survey Research, ch. 13). */
export function associationStrength(v: number): "barely" | "weakly" | "moderately" | "strongly" {
  return v < 0.1 ? "barely" : v < 0.3 ? "weakly" : v < 0.5 ? "moderately" : "strongly";
}

/**
 * Plain-language verdict for a PMM: how strongly declared segments line up with the
 * needs-based classes (Cramér's V) and which explains choices better by BIC (differences
 * over 10 are "very strong" evidence, 6–10 "strong", 2–6 "positive": Kass & Raftery 1995,
 * JASA 90:773).
 */
export function segmentValidityVerdict(input: {
  cramersV: number | null;
  comparison: readonly ModelComparisonRow[];
}): string {
  const classes = input.comparison.find((r) => r.model === "classes");
  const segments = input.comparison.find((r) => r.model === "segments");
  const aggregate = input.comparison.find((r) => r.model === "aggregate");
  if (!classes || !aggregate) throw new Error("the comparison needs the aggregate and the classes model");
  const groups = classes.groups === 1 ? "one needs-based group" : `${classes.groups} needs-based groups`;
  if (!segments) {
    return classes.groups === 1
      ? "No declared segments to check; the answers show one set of values shared by everyone."
      : `No declared segments to check; ${groups} explain choices ${aggregate.bic - classes.bic > 10 ? "far " : ""}better than one set of values for everyone.`;
  }
  const v = input.cramersV;
  const lead =
    v === null
      ? "Your declared segments cannot be compared with the needs-based groups (only one segment or one group has respondents)"
      : `Your declared segments explain value differences ${associationStrength(v)} (V = ${v.toFixed(2)})`;
  const d = segments.bic - classes.bic;
  if (classes.groups === 1)
    return `${lead}; the answers show one set of values shared by everyone${d < -2 ? ", though your segments do differ" : ""}.`;
  if (d > 10) return `${lead}; ${groups} explain them far better.`;
  if (d > 2) return `${lead}; ${groups} explain them better.`;
  if (d >= -2) return `${lead}; ${groups} explain them about as well.`;
  return `${lead}; your segments explain choices better than ${groups} do.`;
}
