/**
 * analyseStudy(export) → everything the results page shows (docs/architecture.md: one
 * path for every number). Validates the study export document, keeps completed respondents,
 * runs the concept test, MaxDiff (aggregate logit, optional HB) and Van Westendorp (with
 * bootstrap intervals and curves) per segment, evaluates the pre-registered hypotheses,
 * builds the segment value map and the happy-customer simulator defaults, and writes a
 * plain-language summary per segment. Deterministic for a given seed.
 * Output: the `study` document of docs/research-cli.md (keys may be added, never renamed).
 */
import { decideSegments, type Decisions } from "./decision/decisions.ts";
import { analyseConceptTest, type ConceptRating, type ConceptTestResult } from "./conceptTest/analyse.ts";
import { evaluateHypothesis, formatMoney, type HypothesisResult, type PriceAnswerInput } from "./hypotheses/index.ts";
import { describeIssue, zodIssues } from "./hypotheses/issues.ts";
import { InputError } from "./inputError.ts";
import { analyseMaxDiff } from "./maxdiff/analyse.ts";
import { validateTask } from "./maxdiff/tasks.ts";
import type { HbOptions, MaxDiffResult, MaxDiffTask } from "./maxdiff/types.ts";
import {
  bestBundle,
  bestMinusWorstUtilities,
  happyCustomers,
  topFeatures,
  type BestBundleResult,
  type RespondentUtilities,
} from "./simulator/index.ts";
import { studyExportSchema, type StudyExport } from "./studyExport.ts";
import { applyQualityGate, fitFromHb, type QualityReport } from "./quality/gate.ts";
import { scorecardRows, studyScorecard, type StudyScorecard } from "./scorecard/fromStudy.ts";
import { type StudyPriceBook, studyPriceBook } from "./priceBook/fromStudy.ts";
import { studyGaborGranger } from "./gaborGranger/fromStudy.ts";
import type { PriceBookObjective } from "./priceBook/recommend.ts";
import type { GgResult } from "./gaborGranger/analyse.ts";
import { buildValueMap, type ValueMap } from "./valueMap/valueMap.ts";
import { analyseVanWestendorp } from "./vanWestendorp/analyse.ts";
import { answerStatus, VALID as VALID_ANSWER } from "./vanWestendorp/clean.ts";
import {
  marketWeights,
  type MarketWeighting,
  weightedConceptTop2,
  weightedMaxDiffCounts,
  type WeightedCountRow,
} from "./weighting/marketMix.ts";
import type { VwAnswer, VwResult } from "./vanWestendorp/types.ts";

export interface StudyOptions {
  /** Run Hierarchical Bayes inline (slow: prefer `hbResult` computed in a worker). */
  hb?: false | HbOptions;
  /** Precomputed HB individual utilities (e.g. from the app's worker); used instead of running HB. */
  hbResult?: MaxDiffResult["hb"] | { respondents: RespondentUtilities[] };
  /** Van Westendorp and Gabor–Granger bootstrap resamples (default 1,000; 0 = point estimates only). */
  bootstrap?: number;
  /** Seed of every simulation (default 1). */
  seed?: number;
  /** Simulator: bundle size (default 3), happy = ≥ minInBundle of the top-N (default 2 of 3). */
  bundleSize?: number;
  topN?: number;
  minInBundle?: number;
  /** Draws of the value-driver simulation per criterion (default 4,000). */
  draws?: number;
  /** Top value drivers per segment in the value map (4–8, default 5). */
  topDrivers?: number;
  /** Price book objective (default "happy"); "revenue-with-happy-floor" needs `minHappyShare` (0–1). */
  priceBookObjective?: PriceBookObjective;
  minHappyShare?: number;
}

export interface SimulatorSummary {
  bundleSize: number;
  topN: number;
  minInBundle: number;
  /** "hb" (individual HB utilities) or "best-minus-worst" (per-respondent count proxy). */
  utilitySource: "hb" | "best-minus-worst";
  note: string;
  items: string[];
  best: {
    overall: BestBundleResult & { bySegment: Record<string, { happy: number; total: number; share: number | null }> };
    segments: Record<string, BestBundleResult>;
  };
  /** The contrast: each segment's most common #1 feature in one bundle, scored overall. */
  onePerSegment: { bundle: string[]; happy: number; total: number; share: number | null } | null;
  /** Individual utilities the simulator used (for the results page's interactive bundle builder). */
  respondents: RespondentUtilities[];
}

export interface StudyResult {
  method: "study";
  study: { id: string; name: string; currency: string; status: string };
  responses: {
    overall: { completed: number; started: number; screenedOut: number; total: number };
    segments: Record<string, { name: string; completed: number; target: number }>;
  };
  conceptTest: ConceptTestResult;
  maxdiff: MaxDiffResult | null;
  vanWestendorp: VwResult | null;
  hypotheses: HypothesisResult[];
  valueMap: ValueMap;
  simulator: SimulatorSummary | null;
  /** Competitors who matter: value scorecard, driver gaps and price/value map per segment (null without ratings). */
  scorecard: StudyScorecard | null;
  /** Package and price per segment inside its acceptable range, and one price book vs one package per segment. */
  priceBook: StudyPriceBook | null;
  /**
   * Gabor–Granger demand and revenue per segment (null when the ladder was not asked); unweighted, except the
   * overall block when the market-mix weighting is applied (then its `intervalMethod` is "wilson-kish").
   */
  gaborGranger: GgResult | null;
  summary: { overall: string; segments: Record<string, string> };
  /** Decision summary per segment and the executive summary (research/decision/decisions.ts). */
  decisions: Decisions;
  /**
   * Weighting to the market's segment mix (null when none is given). When applied, the overall
   * Van Westendorp and Gabor–Granger blocks, the overall concept cells' `weightedTop2Share` and `maxdiffOverall`
   * (weighted best/worst counts) use these weights; per-segment figures are unweighted.
   */
  weighting: (MarketWeighting & { maxdiffOverall: WeightedCountRow[] | null }) | null;
  /**
   * The respondent-quality gate (research/quality/gate.ts): flags with reasons, which of them the
   * study excludes, and completed respondents before/after per segment. Every other section above
   * is computed after the exclusions.
   */
  quality: QualityReport;
}

/** Parses and validates the export (InputError naming the first bad field, e.g. `respondents[3].price.cheap: must be ≥ 0`). */
export function parseStudyExport(doc: unknown): StudyExport {
  const parsed = studyExportSchema.safeParse(doc);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error.issues);
    throw new InputError(`${describeIssue(issues[0])}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""}`);
  }
  checkReferences(parsed.data);
  checkCompetitors(parsed.data);
  checkMarket(parsed.data);
  return parsed.data;
}

/** The competitors block names MaxDiff items as drivers and known segments; ratings name known products and drivers. */
function checkCompetitors(doc: StudyExport): void {
  const c = doc.competitors;
  const items = new Set(doc.items.map((i) => i.label));
  const segments = new Set(doc.segments.map((s) => s.key));
  if (c) {
    c.drivers.forEach((d, i) => {
      if (c.drivers.indexOf(d) !== i) throw new InputError(`competitors.drivers[${i}]: "${d}" appears twice`);
    });
    dup(
      c.alternatives.map((a) => a.name),
      "competitors.alternatives",
      "name",
    );
    c.drivers.forEach((d, i) => {
      if (!items.has(d)) throw new InputError(`competitors.drivers[${i}]: "${d}" is not a MaxDiff item`);
    });
    c.alternatives.forEach((a, i) => {
      if (a.name === c.ours) throw new InputError(`competitors.alternatives[${i}].name: "${a.name}" is our product`);
      a.segments.forEach((s, j) => {
        if (!segments.has(s))
          throw new InputError(`competitors.alternatives[${i}].segments[${j}]: unknown segment "${s}"`);
      });
    });
  }
  const products = new Set([...(c ? [c.ours] : []), ...(c?.alternatives.map((a) => a.name) ?? [])]);
  const drivers = new Set(c?.drivers ?? []);
  doc.respondents.forEach((r, i) => {
    if (!r.competitor) return;
    const at = `respondents[${i}].competitor`;
    if (!c) throw new InputError(`${at}: the study has no competitors block`);
    const alt = r.competitor.alternative;
    if (alt !== null && !products.has(alt)) throw new InputError(`${at}.alternative: unknown alternative "${alt}"`);
    const seen = new Set<string>();
    r.competitor.ratings.forEach((x, j) => {
      if (!products.has(x.product)) throw new InputError(`${at}.ratings[${j}].product: unknown product "${x.product}"`);
      if (!drivers.has(x.driver)) throw new InputError(`${at}.ratings[${j}].driver: "${x.driver}" is not a driver`);
      const k = `${x.product}\u0000${x.driver}`;
      if (seen.has(k)) throw new InputError(`${at}.ratings[${j}]: "${x.product}" rated on "${x.driver}" twice`);
      seen.add(k);
    });
  });
}

/** The market mix names known segments and its shares sum to 1. */
function checkMarket(doc: StudyExport): void {
  const mix = doc.market?.segments;
  if (!mix) return;
  const known = new Set(doc.segments.map((s) => s.key));
  let sum = 0;
  for (const [k, v] of Object.entries(mix)) {
    if (!known.has(k)) throw new InputError(`market.segments.${k}: unknown segment "${k}"`);
    sum += v;
  }
  const missing = doc.segments.filter((s) => !(s.key in mix)).map((s) => s.key);
  if (missing.length > 0) throw new InputError(`market.segments: no share for segment ${missing.join(", ")}`);
  if (Math.abs(sum - 1) > 1e-6) throw new InputError(`market.segments: shares sum to ${Number(sum.toFixed(6))}, not 1`);
}

/** Cross-references the schema cannot check: segments, concepts and items respondents refer to. */
function checkReferences(doc: StudyExport): void {
  const segments = new Set(doc.segments.map((s) => s.key));
  const concepts = new Set(doc.concepts.map((c) => c.name));
  const items = doc.items.map((i) => i.label);
  dup(
    doc.segments.map((s) => s.key),
    "segments",
    "key",
  );
  dup(items, "items", "label");
  dup(
    doc.concepts.map((c) => c.name),
    "concepts",
    "name",
  );
  dup(
    doc.respondents.map((r) => r.id),
    "respondents",
    "id",
  );
  let itemsPerTask: number | null = doc.maxdiff?.itemsPerTask ?? null;
  doc.respondents.forEach((r, i) => {
    const at = `respondents[${i}]`;
    if (r.segment !== null && !segments.has(r.segment))
      throw new InputError(`${at}.segment: unknown segment "${r.segment}"`);
    const seenConcepts = new Set<string>();
    r.concepts.forEach((c, j) => {
      if (!concepts.has(c.concept))
        throw new InputError(`${at}.concepts[${j}].concept: unknown concept "${c.concept}"`);
      if (seenConcepts.has(c.concept))
        throw new InputError(`${at}.concepts[${j}].concept: concept "${c.concept}" rated twice`);
      seenConcepts.add(c.concept);
    });
    const tasks = new Set<number>();
    r.maxdiff.forEach((t, j) => {
      const path = `${at}.maxdiff[${j}]`;
      try {
        validateTask({ respondent: r.id, segment: r.segment, ...t }, items);
      } catch (e) {
        if (e instanceof InputError) throw new InputError(`${path}: ${e.message}`);
        throw e;
      }
      if (tasks.has(t.task)) throw new InputError(`${path}.task: task ${t.task} appears twice`);
      tasks.add(t.task);
      if (itemsPerTask === null) itemsPerTask = t.shown.length;
      else if (t.shown.length !== itemsPerTask)
        throw new InputError(`${path}.shown: ${t.shown.length} items, expected ${itemsPerTask} per task`);
    });
  });
}

function dup(keys: readonly string[], list: string, field: string): void {
  const seen = new Set<string>();
  keys.forEach((k, i) => {
    if (seen.has(k)) throw new InputError(`${list}[${i}].${field}: "${k}" appears twice`);
    seen.add(k);
  });
}

/**
 * The document without the respondents the quality gate excludes by the flags that need no HB
 * (the fit flag comes from HB itself): the respondents Hierarchical Bayes, the latent-class run and
 * the MaxDiff CSV export use.
 */
export function beforeFitGate<D extends Pick<StudyExport, "respondents" | "quality" | "segments">>(doc: D): D {
  return applyQualityGate(doc, null).doc;
}

/**
 * The Hierarchical Bayes input's tasks and covariates: completed respondents left after the
 * quality gate's flags that need no HB (beforeFitGate), and the segments as covariates when the
 * study asks for them (maxdiff.hbCovariates) and at least two segments answered.
 */
export function hbTasksOf(doc: StudyExport): { tasks: MaxDiffTask[]; covariates?: string[] } {
  const tasks = maxDiffTasksOf(beforeFitGate(doc));
  const segments = new Set(tasks.map((t) => t.segment ?? null));
  const useSegments = !!doc.maxdiff?.hbCovariates && segments.size >= 2 && !segments.has(null);
  return useSegments ? { tasks, covariates: ["segment"] } : { tasks };
}

/** The MaxDiff tasks of the completed respondents, in document order (the input of the logit, HB and the app's HB job). */
export function maxDiffTasksOf(doc: StudyExport): MaxDiffTask[] {
  return doc.respondents
    .filter((r) => r.status === "completed")
    .flatMap((r) =>
      r.maxdiff.map((t) => ({
        respondent: r.id,
        segment: r.segment,
        task: t.task,
        shown: [...t.shown],
        best: t.best,
        worst: t.worst,
        ...(t.anchor ? { anchor: t.anchor } : {}),
      })),
    );
}

type DocRespondent = StudyExport["respondents"][number];

/** Concept ratings of the given (completed) respondents: the concept test's and the hypotheses' input. */
export function conceptRatingsOf(completed: readonly DocRespondent[]): ConceptRating[] {
  return completed.flatMap((r) =>
    r.concepts.map((c) => ({
      respondent: r.id,
      segment: r.segment,
      concept: c.concept,
      appeal: c.appeal,
      relevance: c.relevance,
      uniqueness: c.uniqueness,
      believability: c.believability,
      purchase_intent: c.purchase_intent,
      position: c.position,
    })),
  );
}

/** "Not too expensive" counts the respondents Van Westendorp keeps (strictly ordered answers). */
export function validPriceAnswersOf(
  completed: readonly DocRespondent[],
): (PriceAnswerInput & { respondent: string })[] {
  return completed.flatMap((r) =>
    r.price &&
    answerStatus(
      r.price.tooCheap ?? NaN,
      r.price.cheap ?? NaN,
      r.price.expensive ?? NaN,
      r.price.tooExpensive ?? NaN,
    ) === VALID_ANSWER
      ? [{ respondent: r.id, segment: r.segment ?? null, tooExpensive: r.price.tooExpensive as number }]
      : [],
  );
}

export function analyseStudy(input: StudyExport | unknown, options: StudyOptions = {}): StudyResult {
  const full = parseStudyExport(input);
  const seed = options.seed ?? 1;
  // Hierarchical Bayes runs on the respondents the non-fit flags keep (hbTasksOf); its RLH gives
  // the fit flag; then the gate removes every excluded respondent before any other analysis.
  let hbRun: MaxDiffResult["hb"] | { respondents: RespondentUtilities[] } | null = options.hbResult ?? null;
  if (!hbRun && options.hb) {
    const { tasks: hbTasks, covariates } = hbTasksOf(full);
    if (hbTasks.length > 0)
      hbRun = analyseMaxDiff(hbTasks, {
        items: full.items.map((i) => i.label),
        seed,
        hb: { ...options.hb, ...(covariates && !options.hb.covariates ? { covariates } : {}) },
      }).hb;
  }
  const gated = applyQualityGate(full, fitFromHb(hbRun && "quality" in hbRun ? hbRun : null));
  const doc = gated.doc;
  const quality = gated.report;
  const kept = new Set(doc.respondents.map((r) => r.id));
  const flagKinds = new Map(quality.respondents.map((r) => [r.id, r.flags.map((f) => f.kind as string)]));
  const precomputedHb = hbRun
    ? {
        ...hbRun,
        respondents: (hbRun.respondents as Array<RespondentUtilities & { flags?: string[] }>)
          .filter((r) => kept.has(r.respondent))
          .map((r) => ("flags" in r ? { ...r, flags: flagKinds.get(r.respondent) ?? [] } : r)),
      }
    : null;
  const currency = doc.study.currency;
  const segmentKeys = doc.segments.map((s) => s.key);
  const segmentNames = Object.fromEntries(doc.segments.map((s) => [s.key, s.name || s.key]));
  const items = doc.items.map((i) => i.label);
  const conceptNames = doc.concepts.map((c) => c.name);
  const completed = doc.respondents.filter((r) => r.status === "completed");
  const market = doc.market?.segments
    ? marketWeights(
        completed.map((r) => ({ id: r.id, segment: r.segment })),
        doc.market.segments,
        segmentKeys,
      )
    : null;
  const weightOf = market?.byRespondent ?? null;

  // --- responses
  const responses: StudyResult["responses"] = {
    overall: {
      completed: completed.length,
      started: doc.respondents.filter((r) => r.status === "started").length,
      screenedOut: doc.respondents.filter((r) => r.status === "screened_out").length,
      total: doc.respondents.length,
    },
    segments: Object.fromEntries(
      doc.segments.map((s) => [
        s.key,
        {
          name: segmentNames[s.key],
          completed: completed.filter((r) => r.segment === s.key).length,
          target: s.targetN,
        },
      ]),
    ),
  };

  // --- concept test
  const ratings = conceptRatingsOf(completed);
  const conceptTest = analyseConceptTest(ratings, { concepts: conceptNames, segments: segmentKeys });
  if (weightOf) {
    const weighted = weightedConceptTop2(ratings, weightOf);
    conceptTest.cells = conceptTest.cells.map((c) =>
      c.segment === null ? { ...c, weightedTop2Share: weighted.get(`${c.concept}\u0000${c.metric}`) ?? null } : c,
    );
  }

  // --- MaxDiff
  const tasks = maxDiffTasksOf(doc);
  let maxdiff: MaxDiffResult | null = null;
  if (tasks.length > 0) {
    maxdiff = analyseMaxDiff(tasks, { items, seed, hb: false });
    if (precomputedHb && "iterations" in precomputedHb) maxdiff.hb = precomputedHb as MaxDiffResult["hb"];
  }

  // --- Van Westendorp
  const nms = doc.pricing?.nms ?? false;
  const vwAnswers: (VwAnswer & { respondent: string })[] = completed.flatMap((r) =>
    r.price
      ? [
          {
            respondent: r.id,
            tooCheap: r.price.tooCheap,
            cheap: r.price.cheap,
            expensive: r.price.expensive,
            tooExpensive: r.price.tooExpensive,
            piCheap: nms ? r.price.piCheap : null,
            piExpensive: nms ? r.price.piExpensive : null,
            segment: r.segment,
          },
        ]
      : [],
  );
  const vwOptions = {
    bootstrap: options.bootstrap ?? 1000,
    seed,
    includeCurves: true,
    currency,
    calibration: doc.pricing?.calibration,
  };
  const vanWestendorp = vwAnswers.length > 0 ? analyseVanWestendorp(vwAnswers, vwOptions) : null;
  if (vanWestendorp && weightOf) {
    // Weighted run for the overall block only: the segment blocks stay those of the unweighted run.
    const weighted = analyseVanWestendorp(
      vwAnswers.map((a) => ({ ...a, weight: weightOf.get(a.respondent) ?? 1 })),
      vwOptions,
    );
    vanWestendorp.overall = weighted.overall;
  }

  // --- hypotheses
  // "Not too expensive" uses the same respondents Van Westendorp keeps (strictly ordered answers).
  const priceAnswers: PriceAnswerInput[] = validPriceAnswersOf(completed);
  const performance = scorecardRows(doc);
  const hypotheses = doc.hypotheses.map((h, i) =>
    evaluateHypothesis(
      {
        id: h.id,
        statement: h.statement,
        segments: h.segments,
        items: h.items,
        concepts: [
          ...new Set([...h.concepts, ...doc.concepts.filter((c) => c.hypothesisId === h.id).map((c) => c.name)]),
        ],
        targetPrice: h.targetPrice,
        rule: h.rule,
      },
      {
        ratings,
        maxdiff: maxdiff?.segments ?? {},
        vanWestendorp: vanWestendorp?.segments ?? {},
        priceAnswers,
        performance,
        ours: doc.competitors?.ours ?? null,
      },
      {
        segments: segmentKeys,
        items,
        concepts: conceptNames,
        competitors: doc.competitors?.alternatives.map((a) => a.name) ?? [],
        drivers: doc.competitors?.drivers ?? [],
      },
      { draws: options.draws, seed: seed + 101 * i, labels: { segmentNames, currency }, path: `hypotheses[${i}].rule` },
    ),
  );

  // --- value map
  const valueMap = buildValueMap(
    { items, segments: segmentKeys, maxdiff: maxdiff?.segments ?? {}, priceBands: vanWestendorp?.segments ?? {} },
    { topDrivers: options.topDrivers, segmentNames },
  );

  // --- simulator
  const simulator =
    tasks.length > 0
      ? simulate(tasks, items, segmentKeys, maxdiff, precomputedHb as StudyOptions["hbResult"] | null, options)
      : null;

  // --- competitors: the scorecard weighted by the same utilities the simulator used (HB when given)
  const hbForWeights = (precomputedHb?.respondents ?? maxdiff?.hb?.respondents ?? null) as
    | { respondent: string; utilities: Record<string, number> }[]
    | null;
  const scorecard = studyScorecard(doc, maxdiff, vanWestendorp, hbForWeights);

  // --- price book: the simulator's value rule joined with each respondent's own price answers
  const priceBook = studyPriceBookOf(doc, { simulator, vanWestendorp }, options);

  const weighting = market
    ? {
        ...market.summary,
        maxdiffOverall: weightOf && tasks.length > 0 ? weightedMaxDiffCounts(tasks, items, weightOf) : null,
      }
    : null;

  // --- summary
  const summary = summarise(doc, segmentNames, valueMap, hypotheses, responses);

  // --- decisions
  const decisions = decideSegments({
    currency,
    segments: doc.segments.map((s) => ({
      key: s.key,
      name: segmentNames[s.key],
      completed: responses.segments[s.key].completed,
    })),
    vanWestendorp,
    valueMap,
    hypotheses,
    simulator,
  });

  return {
    method: "study",
    study: { id: doc.study.id, name: doc.study.name, currency, status: doc.study.status },
    responses,
    conceptTest,
    maxdiff,
    vanWestendorp,
    hypotheses,
    valueMap,
    simulator,
    priceBook,
    gaborGranger: studyGaborGranger(doc, { bootstrap: options.bootstrap, seed: options.seed, weights: weightOf }),
    scorecard,
    summary,
    decisions,
    weighting,
    quality,
  };
}

/**
 * The study's price book from the analysis's simulator utilities and Van Westendorp bands, with the
 * objective in `options` (the results page recomputes it for another objective from a cached analysis).
 */
export function studyPriceBookOf(
  input: StudyExport | unknown,
  r: { simulator: SimulatorSummary | null; vanWestendorp: VwResult | null },
  options: Pick<StudyOptions, "priceBookObjective" | "minHappyShare"> = {},
): StudyPriceBook | null {
  const doc = parseStudyExport(input);
  if (!r.simulator || !r.vanWestendorp) return null;
  const nms = doc.pricing?.nms ?? false;
  const completed = doc.respondents.filter((x) => x.status === "completed");
  return studyPriceBook({
    items: doc.items.map((i) => i.label),
    utilities: r.simulator.respondents,
    prices: completed.flatMap((x) => (x.price ? [{ respondent: x.id, ...x.price }] : [])),
    vanWestendorp: r.vanWestendorp.segments,
    topN: r.simulator.topN,
    minInBundle: r.simulator.minInBundle,
    maxSize: r.simulator.bundleSize,
    calibration: nms ? doc.pricing?.calibration : undefined,
    objective: options.priceBookObjective,
    minHappyShare: options.minHappyShare,
    currency: doc.study.currency,
  });
}

function simulate(
  tasks: MaxDiffTask[],
  items: string[],
  segmentKeys: string[],
  maxdiff: MaxDiffResult | null,
  precomputed: StudyOptions["hbResult"] | null,
  options: StudyOptions,
): SimulatorSummary {
  const topN = options.topN ?? 3;
  const minInBundle = options.minInBundle ?? 2;
  const hbRespondents = (precomputed?.respondents ?? maxdiff?.hb?.respondents ?? null) as RespondentUtilities[] | null;
  let respondents: RespondentUtilities[];
  let utilitySource: SimulatorSummary["utilitySource"];
  let note: string;
  if (hbRespondents && hbRespondents.length > 0) {
    respondents = hbRespondents.map((r) => ({
      respondent: r.respondent,
      segment: r.segment ?? null,
      utilities: r.utilities,
    }));
    utilitySource = "hb";
    note = `Individual utilities from Hierarchical Bayes; a respondent is happy when at least ${minInBundle} of their top ${topN} features are in the bundle.`;
  } else {
    const aggregate = Object.fromEntries((maxdiff?.overall.items ?? []).map((r) => [r.item, r.utility]));
    respondents = bestMinusWorstUtilities(tasks, items, aggregate);
    utilitySource = "best-minus-worst";
    note =
      `No HB estimate: individual top-${topN} lists use each respondent's best-minus-worst counts (best − worst)/shown, a proxy with many ties (broken by the aggregate logit order). ` +
      `Run with HB for individual utilities. A respondent is happy when at least ${minInBundle} of their top ${topN} features are in the bundle.`;
  }
  const bundleSize = Math.min(options.bundleSize ?? 3, items.length);
  const base = { size: bundleSize, items, topN, minInBundle };
  const overallBest = bestBundle(respondents, base);
  const bySegment = happyCustomers(overallBest.bundle, respondents, { items, topN, minInBundle }).segments;
  // fromEntries, not segments[seg] = …: a segment called "__proto__" would set the prototype and vanish.
  const segments: Record<string, BestBundleResult> = Object.fromEntries(
    segmentKeys
      .filter((seg) => respondents.some((r) => r.segment === seg))
      .map((seg) => [seg, bestBundle(respondents, { ...base, segment: seg })]),
  );

  // The contrast: the most common #1 feature of each segment, together.
  const killers: string[] = [];
  for (const seg of segmentKeys) {
    const freq = new Map<string, number>();
    for (const r of respondents)
      if (r.segment === seg) {
        const top = topFeatures(r.utilities, 1, items)[0];
        if (top !== undefined) freq.set(top, (freq.get(top) ?? 0) + 1);
      }
    const best = [...freq].sort((a, b) => b[1] - a[1] || items.indexOf(a[0]) - items.indexOf(b[0]))[0];
    if (best && !killers.includes(best[0]) && killers.length < bundleSize) killers.push(best[0]);
  }
  let onePerSegment: SimulatorSummary["onePerSegment"] = null;
  if (killers.length > 0) {
    const h = happyCustomers(killers, respondents, { items, topN, minInBundle }).overall;
    onePerSegment = { bundle: killers, happy: h.happy, total: h.total, share: h.share };
  }
  return {
    bundleSize,
    topN,
    minInBundle,
    utilitySource,
    note,
    items,
    best: { overall: { ...overallBest, bySegment }, segments },
    onePerSegment,
    respondents,
  };
}

function summarise(
  doc: StudyExport,
  segmentNames: Record<string, string>,
  valueMap: ValueMap,
  hypotheses: HypothesisResult[],
  responses: StudyResult["responses"],
): StudyResult["summary"] {
  const currency = doc.study.currency;
  const money = (x: number) => formatMoney(Math.round(x * 100) / 100, currency);
  const entries: [string, string][] = [];
  for (const s of doc.segments) {
    const parts: string[] = [];
    const band = valueMap.segments[s.key]?.priceBand;
    parts.push(
      band && band.pmc !== null && band.pme !== null
        ? `acceptable price ${money(band.pmc)}–${money(band.pme)}`
        : "acceptable price not yet determined",
    );
    const drivers = valueMap.segments[s.key]?.topDrivers.slice(0, 3) ?? [];
    parts.push(drivers.length ? `top value drivers ${drivers.join(", ")}` : "no value drivers yet");
    const mine = hypotheses.filter(
      (h) => h.segments.includes(s.key) || h.criteria.some((c) => c.evidence.segment === s.key),
    );
    if (mine.length) {
      const v = mine.filter((h) => h.verdict === "validated").length;
      const inv = mine.filter((h) => h.verdict === "invalidated").length;
      parts.push(`${v} of ${mine.length} hypotheses validated${inv ? `, ${inv} invalidated` : ""}`);
    }
    const r = responses.segments[s.key];
    parts.push(`${r.completed} of ${r.target} target respondents completed`);
    entries.push([s.key, `${segmentNames[s.key]}: ${parts.join("; ")}.`]);
  }
  const segments: Record<string, string> = Object.fromEntries(entries);
  const v = hypotheses.filter((h) => h.verdict === "validated").length;
  const inv = hypotheses.filter((h) => h.verdict === "invalidated").length;
  const stacking = valueMap.features
    .filter((f) => f.label === "stacking")
    .map((f) => `${f.item} (${segmentNames[f.stacksIn ?? ""] ?? f.stacksIn})`);
  const overall =
    `${doc.study.name}: ${responses.overall.completed} completed responses; ${v} of ${hypotheses.length} hypotheses validated, ${inv} invalidated, ${hypotheses.length - v - inv} inconclusive` +
    (stacking.length ? `; value stacks in one segment for ${stacking.join(", ")}.` : ".");
  return { overall, segments };
}
