/**
 * The competitors part of the results page (issue 20): the shown segments' value scorecards as
 * research/scorecard computed them in analyseStudy. Selects and rounds to what the page shows
 * (never computes a statistic): the loader's payload carries only the rendered fields.
 */
import type { ScorecardBlock } from "../../research/scorecard/types.ts";
import type { StudyResult } from "../../research/study.ts";
import type { StudyExport } from "../../research/studyExport.ts";

/** The research sentences name a segment by its key ("Real_estate: …", "in real_estate"); the page by its name. */
export function withSegmentName(sentence: string, key: string, name: string): string {
  const cap = `${key[0]?.toUpperCase() ?? ""}${key.slice(1)}`;
  const s = sentence.startsWith(`${cap}:`) ? `${name}:${sentence.slice(cap.length + 1)}` : sentence;
  return s.split(` in ${key} `).join(` in ${name} `).split(` for ${key}`).join(` for ${name}`);
}

/** Rounded to 4 decimals: below what the page prints (at most 3), much shorter to send. */
const r6 = (x: number | null) => (x === null ? null : Math.round(x * 1e4) / 1e4);
const r6i = (i: [number, number] | null) => (i ? ([r6(i[0]), r6(i[1])] as [number, number]) : null);

function blockView(b: ScorecardBlock, key: string, name: string) {
  return {
    respondents: b.respondents,
    weights: Object.fromEntries(Object.entries(b.weights).map(([d, w]) => [d, r6(w) as number])),
    summary: withSegmentName(b.summary, key, name),
    products: b.products.map((p) => ({
      product: p.product,
      ours: p.ours,
      valueScore: r6(p.valueScore),
      valueScoreInterval: r6i(p.valueScoreInterval),
      drivers: p.drivers.map((d) => ({
        driver: d.driver,
        n: d.n,
        dontKnow: d.dontKnow,
        mean: r6(d.mean),
        interval: r6i(d.interval),
      })),
    })),
    comparisons: b.comparisons.map((c) => ({
      competitor: c.competitor,
      respondents: c.respondents,
      valueScoreDifference: r6(c.valueScoreDifference),
      interval: r6i(c.interval),
      pValue: r6(c.pValue),
      drivers: c.drivers.map((d) => ({
        driver: d.driver,
        meanDifference: r6(d.meanDifference),
        interval: r6i(d.interval),
        pHolm: r6(d.pHolm),
        leader: d.leader,
      })),
    })),
    driverGaps: b.driverGaps.map((g) => ({
      driver: g.driver,
      importance: r6(g.importance) as number,
      strongestCompetitor: g.strongestCompetitor,
      gap: r6(g.gap),
      pHolm: r6(g.pHolm),
      label: g.label,
    })),
    priceValue: {
      reference: b.priceValue.reference,
      line: b.priceValue.line && {
        intercept: r6(b.priceValue.line.intercept) as number,
        slope: r6(b.priceValue.line.slope) as number,
      },
      band: b.priceValue.band,
      products: b.priceValue.products.map((p) => ({
        product: p.product,
        valueScore: r6(p.valueScore),
        price: r6(p.price),
        fairPrice: r6(p.fairPrice),
        position: p.position,
      })),
      ours: { sentence: withSegmentName(b.priceValue.ours.sentence, key, name) },
    },
  };
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
      .map((k) => ({
        key: k,
        name: names[k],
        usage: sc.usage[k] ?? {},
        block: blockView(sc.segments[k], k, names[k]),
      })),
  };
}

export type ScorecardView = NonNullable<ReturnType<typeof scorecardView>>;
export type GapView = ScorecardView["segments"][number]["block"]["driverGaps"][number];
export type PriceValueView = ScorecardView["segments"][number]["block"]["priceValue"];
