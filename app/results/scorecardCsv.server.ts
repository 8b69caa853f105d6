/**
 * scorecard.csv (issue 20): the value scorecard analyseStudy computed (research/scorecard), one row per
 * segment × product × value driver, in the shape a spreadsheet filters: performance with its interval,
 * the importance weight, the product's weighted value score, and for each competitor the relative value
 * score and the Holm-adjusted paired difference on the driver; the driver's gap label (vs the strongest
 * competitor) repeats on each of its rows. Formula-safe like every export (csv.server.ts).
 */
import type { ScorecardBlock } from "../../research/scorecard/types.ts";
import type { StudyResult } from "../../research/study.ts";
import type { StudyExport } from "../../research/studyExport.ts";
import { type Cell, toCsv } from "./csv.server.ts";

export const SCORECARD_CSV_HEADER = [
  "segment",
  "segment_name",
  "product",
  "ours",
  "driver",
  "importance_weight",
  "n",
  "dont_know",
  "mean_performance",
  "mean_low",
  "mean_high",
  "value_score",
  "value_score_low",
  "value_score_high",
  "relative_value_score",
  "relative_low",
  "relative_high",
  "relative_p",
  "driver_difference",
  "driver_difference_low",
  "driver_difference_high",
  "p_holm",
  "leader",
  "gap_label",
  "gap_vs",
];

/** The rows of one block (segment key "" and name "All" for the overall block). */
export function scorecardBlockRows(b: ScorecardBlock, key: string, name: string, drivers: string[]): Cell[][] {
  const rows: Cell[][] = [];
  for (const p of b.products) {
    const c = p.ours ? null : (b.comparisons.find((x) => x.competitor === p.product) ?? null);
    for (const driver of drivers) {
      const d = p.drivers.find((x) => x.driver === driver);
      const paired = c?.drivers.find((x) => x.driver === driver) ?? null;
      const gap = b.driverGaps.find((g) => g.driver === driver);
      rows.push([
        key,
        name,
        p.product,
        p.ours ? "yes" : "no",
        driver,
        b.weights[driver] ?? null,
        d?.n ?? 0,
        d?.dontKnow ?? 0,
        d?.mean ?? null,
        d?.interval?.[0] ?? null,
        d?.interval?.[1] ?? null,
        p.valueScore,
        p.valueScoreInterval?.[0] ?? null,
        p.valueScoreInterval?.[1] ?? null,
        c?.valueScoreDifference ?? null,
        c?.interval?.[0] ?? null,
        c?.interval?.[1] ?? null,
        c?.pValue ?? null,
        paired?.meanDifference ?? null,
        paired?.interval?.[0] ?? null,
        paired?.interval?.[1] ?? null,
        paired?.pHolm ?? null,
        paired ? (paired.leader ?? "none") : "",
        gap?.label ?? "",
        gap?.strongestCompetitor ?? "",
      ]);
    }
  }
  return rows;
}

/** The whole study: the overall block (when there is one) first, then the segments in the study's order. */
export function scorecardCsv(doc: StudyExport, r: StudyResult): string {
  const sc = r.scorecard;
  const rows: Cell[][] = [];
  if (sc) {
    if (sc.overall) rows.push(...scorecardBlockRows(sc.overall, "", "All", sc.drivers));
    for (const s of doc.segments)
      if (Object.hasOwn(sc.segments, s.key))
        rows.push(...scorecardBlockRows(sc.segments[s.key], s.key, s.name || s.key, sc.drivers));
  }
  return toCsv(SCORECARD_CSV_HEADER, rows);
}
