/**
 * The competitors part of the results page (issue 20): the shown segments' value scorecards as
 * research/scorecard computed them in analyseStudy (selects, never computes a statistic).
 */
import type { StudyResult } from "../../research/study.ts";
import type { StudyExport } from "../../research/studyExport.ts";

export function scorecardView(doc: StudyExport, r: StudyResult, segment: string | null) {
  const sc = r.scorecard ?? null;
  if (!sc) return null;
  const keys = doc.segments.map((s) => s.key);
  const shown = segment && keys.includes(segment) ? [segment] : keys;
  const names = Object.fromEntries(doc.segments.map((s) => [s.key, s.name || s.key]));
  return {
    ours: sc.ours,
    drivers: sc.drivers,
    confidence: sc.confidence,
    weightsFrom: sc.weightsFrom,
    currency: doc.study.currency,
    segments: shown
      .filter((k) => Object.hasOwn(sc.segments, k))
      .map((k) => ({ key: k, name: names[k], usage: sc.usage[k] ?? {}, block: sc.segments[k] })),
  };
}

export type ScorecardView = NonNullable<ReturnType<typeof scorecardView>>;
