/**
 * The competitors part of the results page (issue 20): the shown segments' value scorecards as
 * research/scorecard computed them in analyseStudy (selects, never computes a statistic).
 */
import type { StudyResult } from "../../research/study.ts";
import type { StudyExport } from "../../research/studyExport.ts";

/** The research sentences name a segment by its key ("Real_estate: …", "in real_estate"); the page by its name. */
export function withSegmentName(sentence: string, key: string, name: string): string {
  const cap = `${key[0]?.toUpperCase() ?? ""}${key.slice(1)}`;
  const s = sentence.startsWith(`${cap}:`) ? `${name}:${sentence.slice(cap.length + 1)}` : sentence;
  return s.split(` in ${key} `).join(` in ${name} `).split(` for ${key}`).join(` for ${name}`);
}

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
      .map((k) => {
        const b = sc.segments[k];
        const block = {
          ...b,
          summary: withSegmentName(b.summary, k, names[k]),
          priceValue: {
            ...b.priceValue,
            ours: { ...b.priceValue.ours, sentence: withSegmentName(b.priceValue.ours.sentence, k, names[k]) },
          },
        };
        return { key: k, name: names[k], usage: sc.usage[k] ?? {}, block };
      }),
  };
}

export type ScorecardView = NonNullable<ReturnType<typeof scorecardView>>;
