/**
 * The respondent-quality gate: one place that flags completed respondents, with reasons, for the
 * app's results page, its exports and the research CLI. The researcher pre-registers which flags
 * exclude (the study's `quality.exclude`, locked at launch); excluded respondents are removed from
 * the document before any analysis, so every results section uses the same respondents.
 *
 * Flags (each method's source in one line):
 * - random_rlh: MaxDiff fit (HB root likelihood) below the 95th percentile of simulated random
 *   responders through the same design and estimation (Sawtooth, "Identifying consistency cutoffs").
 * - speeder: total time below a share (default ⅓) of the median total time of completed respondents
 *   (Greszki, Meyer & Schoen 2015, "Exploring the effects of removing 'too fast' responses").
 * - straight_lining: every rating of every concept identical, at least two concepts (Kim et al. 2019,
 *   "Straightlining: overview of measurement, comparison of indicators").
 * - price_order: Van Westendorp prices not strictly increasing (Van Westendorp 1976; the same rule as
 *   research/vanWestendorp/clean.ts, which drops such answers from the price analysis anyway).
 * - carry_over: consecutive identical answers in the pattern of copied pages (research/quality/carryOver.ts).
 * - attention: the instructed-response item answered wrongly (Oppenheimer, Meyvis & Davidenko 2009).
 */
import { formatDuration } from "../format/duration.ts";
import { answerStatus, VALID } from "../vanWestendorp/clean.ts";
import {
  CONCEPT_METRICS,
  type ExportRespondent,
  QUALITY_FLAGS,
  type QualityFlagKind,
  type QualitySettings,
  qualitySettingsSchema,
  type StudyExport,
} from "../studyExport.ts";
import { conceptCarryOver, maxDiffCarryOver } from "./carryOver.ts";

/** What each flag means, as the results page and the builder name it. */
export const QUALITY_FLAG_LABELS: Record<QualityFlagKind, string> = {
  random_rlh: "MaxDiff fit below the random-responder cutoff",
  speeder: "Speeder (total time below a share of the median)",
  straight_lining: "Straight-lining in the concept ratings",
  price_order: "Van Westendorp prices not in order",
  carry_over: "Copied answers on consecutive pages",
  attention: "Failed the attention check",
};

export interface RespondentFlag {
  kind: QualityFlagKind;
  reason: string;
  /** The study's gate excludes respondents with this flag. */
  excludes: boolean;
}

export interface FlaggedRespondent {
  id: string;
  segment: string | null;
  flags: RespondentFlag[];
  excluded: boolean;
}

/** MaxDiff fit per respondent from a Hierarchical Bayes run (HbSummary.respondents[].rlh and quality.rlhCutoff). */
export interface FitInput {
  rlhCutoff: number;
  rlh: ReadonlyMap<string, number>;
}

export interface QualityReport {
  settings: QualitySettings;
  /** Median total time of completed respondents with timings, seconds; null = no timings. */
  medianSeconds: number | null;
  /** Speeder cutoff = speederShare × median, seconds. */
  speederCutoffSeconds: number | null;
  /** Random-responder RLH cutoff; null = no HB run yet, so the fit flag is not computed. */
  rlhCutoff: number | null;
  /** Completed respondents before and after the gate, overall and per segment key. */
  counts: {
    overall: { before: number; after: number };
    segments: Record<string, { name: string; before: number; after: number }>;
  };
  /** Per flag: respondents flagged and whether the gate excludes them. */
  byKind: Array<{ kind: QualityFlagKind; label: string; flagged: number; excludes: boolean }>;
  /** Completed respondents with at least one flag, in document order. */
  respondents: FlaggedRespondent[];
}

const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const SHARE_NAMES: Record<string, string> = { "0.333": "⅓", "0.25": "¼", "0.5": "½", "0.2": "⅕" };
const shareText = (x: number) => SHARE_NAMES[x.toFixed(3).replace(/0+$/, "")] ?? `${Math.round(x * 100)}%`;

/** Speeder flags: total time below `share` × the median of the completed respondents with timings. */
export function speederFlags(
  respondents: readonly Pick<ExportRespondent, "id" | "seconds">[],
  share: number,
): { median: number | null; cutoff: number | null; flags: Map<string, string> } {
  const times = respondents.flatMap((r) => (typeof r.seconds === "number" ? [r.seconds] : []));
  const med = median(times);
  const flags = new Map<string, string>();
  if (med === null) return { median: null, cutoff: null, flags };
  const cutoff = share * med;
  for (const r of respondents) {
    if (typeof r.seconds === "number" && r.seconds < cutoff)
      flags.set(
        r.id,
        `finished in ${formatDuration(r.seconds)}, under ${shareText(share)} of the median ${formatDuration(med)}`,
      );
  }
  return { median: med, cutoff, flags };
}

/** Straight-lining: at least two concepts rated and every rating identical; the reason, or null. */
export function straightLining(r: Pick<ExportRespondent, "concepts">): string | null {
  if (r.concepts.length < 2) return null;
  const values = r.concepts.flatMap((c) => CONCEPT_METRICS.map((m) => c[m]));
  if (!values.every((v) => v === values[0])) return null;
  return `rated all ${r.concepts.length} concepts ${values[0]} of 5 on every question`;
}

/** Van Westendorp prices not strictly increasing; the reason, or null. */
export function priceOrder(r: Pick<ExportRespondent, "price">): string | null {
  const p = r.price;
  if (!p || answerStatus(p.tooCheap, p.cheap, p.expensive, p.tooExpensive) === VALID) return null;
  return (
    `prices not increasing: too cheap ${p.tooCheap}, bargain ${p.cheap}, ` +
    `getting expensive ${p.expensive}, too expensive ${p.tooExpensive}`
  );
}

/** Every flag of every completed respondent (respondents without flags are left out). */
export function qualityFlags(doc: Pick<StudyExport, "respondents" | "quality">, fit?: FitInput | null) {
  const settings = qualitySettingsSchema.parse(doc.quality ?? {});
  const excludes = new Set(settings.exclude);
  const completed = doc.respondents.filter((r) => r.status === "completed");
  const speed = speederFlags(completed, settings.speederShare);
  const flagged: FlaggedRespondent[] = [];
  for (const r of completed) {
    const found: Array<[QualityFlagKind, string]> = [];
    const rlh = fit?.rlh.get(r.id);
    if (fit && rlh !== undefined && rlh < fit.rlhCutoff)
      found.push([
        "random_rlh",
        `MaxDiff fit (RLH) ${rlh.toFixed(3)} is below the random-responder cutoff ${fit.rlhCutoff.toFixed(3)}`,
      ]);
    const fast = speed.flags.get(r.id);
    if (fast) found.push(["speeder", fast]);
    const straight = straightLining(r);
    if (straight) found.push(["straight_lining", straight]);
    const order = priceOrder(r);
    if (order) found.push(["price_order", order]);
    const copied = [...conceptCarryOver(r), ...maxDiffCarryOver(r)].map((f) => f.reason);
    if (copied.length) found.push(["carry_over", copied.join("; ")]);
    if (r.attention === "fail")
      found.push(["attention", "chose a different answer than the attention check asked for"]);
    if (!found.length) continue;
    const flags = found.map(([kind, reason]) => ({ kind, reason, excludes: excludes.has(kind) }));
    flagged.push({ id: r.id, segment: r.segment, flags, excluded: flags.some((f) => f.excludes) });
  }
  return { settings, speed, flagged };
}

/**
 * Applies the study's gate: the document without the excluded respondents (same shape, so any
 * analysis can run on it) and the report the results page, exports and CLI show.
 */
export function applyQualityGate<D extends Pick<StudyExport, "respondents" | "quality" | "segments">>(
  doc: D,
  fit?: FitInput | null,
): { doc: D; report: QualityReport } {
  const { settings, speed, flagged } = qualityFlags(doc, fit);
  const excluded = new Set(flagged.filter((f) => f.excluded).map((f) => f.id));
  const kept = doc.respondents.filter((r) => !excluded.has(r.id));
  const completed = doc.respondents.filter((r) => r.status === "completed");
  const count = (seg: string | null) => {
    const inSeg = completed.filter((r) => seg === null || r.segment === seg);
    return { before: inSeg.length, after: inSeg.filter((r) => !excluded.has(r.id)).length };
  };
  const report: QualityReport = {
    settings,
    medianSeconds: speed.median,
    speederCutoffSeconds: speed.cutoff,
    rlhCutoff: fit ? fit.rlhCutoff : null,
    counts: {
      overall: count(null),
      segments: Object.fromEntries(doc.segments.map((s) => [s.key, { name: s.name || s.key, ...count(s.key) }])),
    },
    byKind: QUALITY_FLAGS.map((kind) => ({
      kind,
      label: QUALITY_FLAG_LABELS[kind],
      flagged: flagged.filter((f) => f.flags.some((x) => x.kind === kind)).length,
      excludes: settings.exclude.includes(kind),
    })),
    respondents: flagged,
  };
  return { doc: { ...doc, respondents: kept }, report };
}

/** The fit input from an HB run's summary (its respondents' RLH and the random-responder cutoff). */
export function fitFromHb(
  hb:
    | {
        respondents: Array<{ respondent: string; rlh: number }>;
        quality?: { rlhCutoff: number; randomResponders: number };
      }
    | null
    | undefined,
): FitInput | null {
  if (!hb?.quality || hb.quality.randomResponders <= 0) return null;
  return { rlhCutoff: hb.quality.rlhCutoff, rlh: new Map(hb.respondents.map((r) => [r.respondent, r.rlh])) };
}

/** Flag kinds per respondent id (for CSV/JSON exports and `respondents[].flags`). */
export function flagsById(report: Pick<QualityReport, "respondents">): Map<string, QualityFlagKind[]> {
  return new Map(report.respondents.map((r) => [r.id, r.flags.map((f) => f.kind)]));
}
