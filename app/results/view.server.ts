/**
 * Shapes the analysis (StudyResult from research/study.ts) for the results page and report:
 * selects and renames, never computes a statistic. The simulator's "what if" bundle and
 * "find best bundle" call research/simulator's functions on the analysis's utilities.
 *
 * The view is what the loader sends to the browser, so it carries only what the components
 * render: the shown segments' blocks, the fields the tables and charts use, and Van Westendorp
 * curves thinned to what the chart draws (thinCurves.ts). Individual utilities, covariances,
 * bootstrap draws and the overall blocks nobody renders stay on the server.
 */
import { bestBundle, happyCustomers } from "../../research/simulator/index.ts";
import type { StudyResult } from "../../research/study.ts";
import type { StudyExport } from "../../research/studyExport.ts";
import { packCurves } from "../components/charts/thinCurves.ts";
import type { HbState } from "./hbSettings.ts";
import { gaborGrangerView } from "./gaborGrangerView.ts";
import { priceScenario } from "./priceScenario.ts";
import type { ResultsQuery } from "./resultsQuery.ts";

const pickShown = <T>(record: Record<string, T>, shown: string[]) =>
  Object.fromEntries(shown.filter((k) => k in record).map((k) => [k, record[k]]));

/** The analysis names segments by key in comparison sentences; the page names them as the researcher did. */
function withNames(text: string, names: Record<string, string>): string {
  let out = text;
  for (const [key, name] of Object.entries(names).sort((a, b) => b[0].length - a[0].length)) {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    out = out.replace(new RegExp(`(?<![\\w])${escaped}(?![\\w])`, "g"), () => name);
  }
  return /[.!?]$/.test(out) ? out : `${out}.`;
}

export function resultsView(
  doc: StudyExport,
  r: StudyResult,
  opts: {
    segment: string | null;
    bundle: string[];
    findBest: boolean;
    hb?: HbState;
    /** Bundle size for "find best bundle" (its own control; default: the analysis's bundle size). */
    size?: number | null;
    /** Whether the reader may edit the study (researchers see the CLI command; viewers do not). */
    canEdit?: boolean;
    /** Id of the saved segmentation `doc` was relabelled by (research/segments/apply.ts); absent = declared segments. */
    segmentationId?: string | null;
    /** Price scenario and price-book objective controls (app/results/resultsQuery.ts). */
    query?: Pick<ResultsQuery, "price" | "priceLimit" | "objective" | "minHappy" | "errors" | "typed">;
  },
) {
  const segmentNames = Object.fromEntries(doc.segments.map((s) => [s.key, s.name || s.key]));
  const keys = doc.segments.map((s) => s.key);
  const shown = opts.segment && keys.includes(opts.segment) ? [opts.segment] : keys;
  const vwBlock = (key: string) => {
    const b = r.vanWestendorp?.segments[key];
    if (!b) return null;
    const i = b.intervals;
    const curves = b.curves
      ? {
          prices: b.curves.prices,
          tooCheap: b.curves.tooCheap,
          notCheap: b.curves.notCheap,
          notExpensive: b.curves.notExpensive,
          tooExpensive: b.curves.tooExpensive,
        }
      : null;
    return {
      n: b.n,
      nValid: b.nValid,
      invalid: b.invalid,
      pmc: b.pmc,
      opp: b.opp,
      ipp: b.ipp,
      pme: b.pme,
      intervals: i ? { pmc: i.pmc, opp: i.opp, ipp: i.ipp, pme: i.pme } : null,
      nms: b.nms ? { revenueOptimal: b.nms.revenueOptimal } : null,
      // The app's answers are unweighted: each curve is a count of the nValid valid respondents.
      curves: curves ? packCurves(curves, b.nValid) : null,
    };
  };
  const mdBlock = (key: string) => {
    const b = r.maxdiff?.segments[key];
    if (!b) return null;
    const hbRows = new Map((r.maxdiff?.hb?.segments[key]?.items ?? []).map((x) => [x.item, x]));
    const exposures = b.items.map((i) => i.shown);
    return {
      respondents: b.respondents,
      anchored: b.anchored,
      /** Fewest times any item was shown in this segment (sample adequacy). */
      minExposures: exposures.length ? Math.min(...exposures) : 0,
      rows: b.items.map((i) => ({
        label: i.item,
        share: i.share,
        interval: i.shareInterval,
        // Anchored HB only: share of the segment valuing the item above the anchor ("must-have").
        mustHave: hbRows.get(i.item)?.aboveAnchorShare ?? null,
        mustHaveInterval: hbRows.get(i.item)?.aboveAnchorInterval ?? null,
      })),
    };
  };
  let simulator = null;
  if (r.simulator) {
    const s = r.simulator;
    const options = { items: s.items, topN: s.topN, minInBundle: s.minInBundle };
    let bundle = opts.bundle.filter((b) => s.items.includes(b));
    const size =
      opts.size && Number.isInteger(opts.size) ? Math.max(1, Math.min(s.items.length, opts.size)) : s.bundleSize;
    let found: { bundle: string[]; happy: number; total: number; share: number | null; search: string } | null = null;
    if (opts.findBest) {
      const best = bestBundle(s.respondents, {
        ...options,
        size,
        segment: opts.segment && keys.includes(opts.segment) ? opts.segment : undefined,
      });
      found = { bundle: best.bundle, happy: best.happy, total: best.total, share: best.share, search: best.search };
      bundle = best.bundle;
    }
    const chosen = bundle.length ? happyCustomers(bundle, s.respondents, options) : null;
    const score = (b: { bundle: string[]; happy: number; total: number; share: number | null }) => ({
      bundle: b.bundle,
      happy: b.happy,
      total: b.total,
      share: b.share,
    });
    simulator = {
      items: s.items,
      note: s.note,
      utilitySource: s.utilitySource,
      bundleSize: s.bundleSize,
      size,
      best: {
        overall: score(s.best.overall),
        segments: Object.fromEntries(Object.entries(pickShown(s.best.segments, shown)).map(([k, b]) => [k, score(b)])),
      },
      onePerSegment: s.onePerSegment,
      bundle,
      chosen: chosen ? { overall: chosen.overall, segments: pickShown(chosen.segments, shown) } : null,
      found,
      scenario:
        opts.query?.price !== null && opts.query?.price !== undefined
          ? priceScenario(doc, r, {
              bundle: bundle.length ? bundle : s.best.overall.bundle,
              price: opts.query.price,
              priceLimit: opts.query.priceLimit,
              shown,
              segmentNames,
            })
          : null,
    };
  }
  return {
    study: { id: doc.study.id, name: doc.study.name, currency: doc.study.currency },
    segment: shown.length === 1 && opts.segment ? opts.segment : null,
    segments: doc.segments.map((s) => ({ key: s.key, name: segmentNames[s.key] })),
    shown,
    segmentNames,
    /** The saved segmentation shown instead of the declared segments (its classes are `segments`), or null. */
    segmentation: doc.segmentation && opts.segmentationId ? { id: opts.segmentationId, ...doc.segmentation } : null,
    /** Appended to export, report and chart links so they show the same segmentation as the page. */
    exportQuery:
      doc.segmentation && opts.segmentationId ? `?segmentation=${encodeURIComponent(opts.segmentationId)}` : "",
    hb: opts.hb ?? null,
    empty: r.responses.overall.completed === 0,
    canEdit: opts.canEdit ?? false,
    decisions: {
      empty: r.decisions.empty,
      executive: r.decisions.executive,
      notServedRatio: r.decisions.notServedRatio,
      // the page renders the structured fields; the sentences are the CLI's wording of the same numbers
      segments: r.decisions.segments.filter((d) => shown.includes(d.segment)).map(({ sentences: _, ...d }) => d),
    },
    summary: { overall: r.summary.overall, segments: shown.map((k) => ({ key: k, text: r.summary.segments[k] })) },
    responses: {
      overall: r.responses.overall,
      segments: shown.map((k) => ({
        key: k,
        name: segmentNames[k],
        completed: r.responses.segments[k]?.completed ?? 0,
        target: r.responses.segments[k]?.target ?? 0,
      })),
    },
    price: {
      segments: Object.fromEntries(shown.map((k) => [k, vwBlock(k)])),
      comparisons: (r.vanWestendorp?.comparisons ?? [])
        .filter((c) => shown.length > 1 || shown.includes(c.a) || shown.includes(c.b))
        .map((c) => ({ a: c.a, b: c.b, text: withNames(c.text, segmentNames) })),
    },
    maxdiff: {
      segments: Object.fromEntries(shown.map((k) => [k, mdBlock(k)])),
      anchored: r.maxdiff?.overall.anchored ?? false,
      convergence: r.maxdiff?.hb?.convergence
        ? { maxRhat: r.maxdiff.hb.convergence.maxRhat, warning: r.maxdiff.hb.convergence.warning }
        : null,
    },
    valueMap: {
      stackingRatio: r.valueMap.stackingRatio,
      equalShare: r.valueMap.equalShare,
      features: r.valueMap.features.map((f) => ({
        item: f.item,
        shares: Object.fromEntries(shown.map((k) => [k, f.shares[k] ?? null])),
        label: f.label,
        segment: f.segment,
        stacksIn: f.stacksIn,
        concentration: f.concentration,
        rule: f.rule,
      })),
      segments: Object.fromEntries(shown.map((k) => [k, { topDrivers: r.valueMap.segments[k]?.topDrivers ?? [] }])),
    },
    hypotheses: r.hypotheses
      .filter(
        (h) =>
          !opts.segment ||
          h.segments.includes(opts.segment) ||
          h.criteria.some((c) => c.evidence.segment === opts.segment),
      )
      .map((h) => ({
        id: h.id,
        statement: h.statement,
        verdict: h.verdict,
        reason: h.reason,
        criteria: h.criteria.map((c) => ({
          rule: c.rule,
          verdict: c.verdict,
          explanation: c.explanation,
          moreRespondentsNeeded: c.moreRespondentsNeeded,
        })),
      })),
    concepts: r.conceptTest.cells
      .filter((c) => c.metric === "purchase_intent" && (c.segment === null ? !opts.segment : shown.includes(c.segment)))
      .map((c) => ({
        concept: c.concept,
        segment: c.segment,
        n: c.n,
        top2Share: c.top2Share,
        top2Interval: c.top2Interval,
        ...(c.weightedTop2Share !== undefined ? { weightedTop2Share: c.weightedTop2Share } : {}),
      })),
    simulator,
    priceBook: priceBookView(r.priceBook, shown, segmentNames),
    controls: {
      /** false on the printable report: the controls show as text */
      interactive: !!opts.query,
      price: opts.query?.typed.price ?? "",
      priceLimit: opts.query?.priceLimit ?? "expensive",
      objective: opts.query?.objective ?? "happy",
      minHappy: opts.query?.typed.minHappy ?? "",
      errors: opts.query?.errors ?? {},
    },
    gaborGranger: gaborGrangerView(
      r.gaborGranger,
      shown,
      segmentNames,
      shown.length === 1 && !!opts.segment,
      !!r.weighting?.applied && r.gaborGranger?.overall.intervalMethod === "wilson-kish",
    ),
    weighting: r.weighting
      ? {
          applied: r.weighting.applied,
          reason: r.weighting.reason,
          targets: Object.entries(r.weighting.targets).map(([key, share]) => ({
            key,
            name: segmentNames[key] ?? key,
            share,
          })),
          designEffect: r.weighting.designEffect,
          effectiveN: r.weighting.effectiveN,
          weights: { min: r.weighting.weights.min, max: r.weighting.weights.max },
        }
      : null,
  };
}

/** The price book's rendered fields: each shown segment's recommendation, the one book's tiers, both books' figures. */
function priceBookView(pb: StudyResult["priceBook"], shown: string[], segmentNames: Record<string, string>) {
  if (!pb) return null;
  const figures = (f: {
    respondents: number;
    happy: number;
    happyShare: number | null;
    revenuePer100: number | null;
  }) => ({
    respondents: f.respondents,
    happy: f.happy,
    happyShare: f.happyShare,
    revenuePer100: f.revenuePer100,
  });
  const keys = shown.filter((k) => k in pb.segments);
  return {
    segments: keys.map((k) => {
      const s = pb.segments[k];
      return {
        key: k,
        name: segmentNames[k] ?? k,
        package: s.package,
        price: s.price,
        band: s.band,
        happyShare: s.happyShare,
        buyingShare: s.buyingShare,
        revenuePer100: s.revenuePer100,
        note: s.note,
      };
    }),
    tiers: (pb.one?.tiers ?? []).map((t) => ({
      name: t.name,
      segment: t.segment,
      segmentName: segmentNames[t.segment] ?? t.segment,
      package: t.package,
      price: t.price,
    })),
    comparison: keys.map((k) => ({
      key: k,
      name: segmentNames[k] ?? k,
      multi: pb.multi.segments[k] ? figures(pb.multi.segments[k]) : null,
      one: pb.one?.segments[k]
        ? { ...figures(pb.one.segments[k]), cannibalised: pb.one.segments[k].cannibalised ?? 0 }
        : null,
    })),
    overall: {
      multi: figures(pb.multi.overall),
      one: pb.one ? figures(pb.one.overall) : null,
    },
    winner: pb.winner,
    sentence: withNames(pb.sentence, segmentNames),
    skipped: pb.skipped
      .filter((s) => shown.includes(s.segment))
      .map((s) => ({ name: segmentNames[s.segment] ?? s.segment, reason: s.reason })),
  };
}

export type ResultsView = ReturnType<typeof resultsView>;
