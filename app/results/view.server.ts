/**
 * Shapes the analysis (StudyResult from research/study.ts) for the results page and report:
 * selects and renames, never computes a statistic. The simulator's "what if" bundle and
 * "find best bundle" call research/simulator's functions on the analysis's utilities.
 */
import { bestBundle, happyCustomers } from "../../research/simulator/index.ts";
import type { StudyResult } from "../../research/study.ts";
import type { StudyExport } from "../../research/studyExport.ts";

export function resultsView(doc: StudyExport, r: StudyResult, opts: { segment: string | null; bundle: string[]; findBest: boolean }) {
  const segmentNames = Object.fromEntries(doc.segments.map((s) => [s.key, s.name || s.key]));
  const keys = doc.segments.map((s) => s.key);
  const shown = opts.segment && keys.includes(opts.segment) ? [opts.segment] : keys;
  const vwBlock = (key: string | null) => {
    const b = key === null ? r.vanWestendorp?.overall : r.vanWestendorp?.segments[key];
    if (!b) return null;
    return {
      n: b.n,
      nValid: b.nValid,
      pmc: b.pmc,
      opp: b.opp,
      ipp: b.ipp,
      pme: b.pme,
      intervals: b.intervals,
      nms: b.nms ? { trialOptimal: b.nms.trialOptimal, revenueOptimal: b.nms.revenueOptimal } : null,
      curves: b.curves ? { prices: b.curves.prices, tooCheap: b.curves.tooCheap, notCheap: b.curves.notCheap, notExpensive: b.curves.notExpensive, tooExpensive: b.curves.tooExpensive } : null,
    };
  };
  const mdBlock = (key: string | null) => {
    const b = key === null ? r.maxdiff?.overall : r.maxdiff?.segments[key];
    if (!b) return null;
    return { respondents: b.respondents, rows: b.items.map((i) => ({ label: i.item, share: i.share, interval: i.shareInterval })) };
  };
  let simulator = null;
  if (r.simulator) {
    const s = r.simulator;
    const options = { items: s.items, topN: s.topN, minInBundle: s.minInBundle };
    let bundle = opts.bundle.filter((b) => s.items.includes(b));
    let found: { bundle: string[]; happy: number; total: number; share: number | null; search: string } | null = null;
    if (opts.findBest) {
      const size = Math.max(1, Math.min(s.items.length, bundle.length || s.bundleSize));
      const best = bestBundle(s.respondents, { ...options, size, segment: opts.segment && keys.includes(opts.segment) ? opts.segment : undefined });
      found = { bundle: best.bundle, happy: best.happy, total: best.total, share: best.share, search: best.search };
      bundle = best.bundle;
    }
    const chosen = bundle.length ? happyCustomers(bundle, s.respondents, options) : null;
    simulator = {
      items: s.items,
      note: s.note,
      utilitySource: s.utilitySource,
      bundleSize: s.bundleSize,
      topN: s.topN,
      minInBundle: s.minInBundle,
      best: {
        overall: { bundle: s.best.overall.bundle, happy: s.best.overall.happy, total: s.best.overall.total, share: s.best.overall.share },
        segments: Object.fromEntries(Object.entries(s.best.segments).map(([k, b]) => [k, { bundle: b.bundle, happy: b.happy, total: b.total, share: b.share }])),
      },
      onePerSegment: s.onePerSegment,
      bundle,
      chosen: chosen ? { overall: chosen.overall, segments: chosen.segments } : null,
      found,
    };
  }
  return {
    study: { id: doc.study.id, name: doc.study.name, currency: doc.study.currency, status: doc.study.status },
    segment: shown.length === 1 && opts.segment ? opts.segment : null,
    segments: doc.segments.map((s) => ({ key: s.key, name: segmentNames[s.key] })),
    shown,
    segmentNames,
    summary: { overall: r.summary.overall, segments: shown.map((k) => ({ key: k, text: r.summary.segments[k] })) },
    responses: { overall: r.responses.overall, segments: keys.map((k) => ({ key: k, name: segmentNames[k], completed: r.responses.segments[k]?.completed ?? 0, target: r.responses.segments[k]?.target ?? 0 })) },
    price: { overall: vwBlock(null), segments: Object.fromEntries(shown.map((k) => [k, vwBlock(k)])) },
    maxdiff: { overall: mdBlock(null), segments: Object.fromEntries(shown.map((k) => [k, mdBlock(k)])) },
    valueMap: {
      features: r.valueMap.features.map((f) => ({ item: f.item, shares: f.shares, intervals: f.intervals, label: f.label, stacksIn: f.stacksIn, concentration: f.concentration })),
      segments: Object.fromEntries(shown.map((k) => [k, { topDrivers: r.valueMap.segments[k]?.topDrivers ?? [], priceBand: r.valueMap.segments[k]?.priceBand ?? null }])),
    },
    hypotheses: r.hypotheses
      .filter((h) => !opts.segment || h.segments.includes(opts.segment) || h.criteria.some((c) => c.evidence.segment === opts.segment))
      .map((h) => ({
        id: h.id,
        statement: h.statement,
        verdict: h.verdict,
        reason: h.reason,
        confidence: h.confidence,
        segments: h.segments,
        moreRespondentsNeeded: h.moreRespondentsNeeded,
        criteria: h.criteria.map((c) => ({ kind: c.kind, rule: c.rule, verdict: c.verdict, explanation: c.explanation, moreRespondentsNeeded: c.moreRespondentsNeeded })),
      })),
    concepts: r.conceptTest.cells
      .filter((c) => c.metric === "purchase_intent" && (c.segment === null ? !opts.segment : shown.includes(c.segment)))
      .map((c) => ({ concept: c.concept, segment: c.segment, n: c.n, top2Share: c.top2Share, top2Interval: c.top2Interval, mean: c.mean })),
    simulator,
  };
}

export type ResultsView = ReturnType<typeof resultsView>;
