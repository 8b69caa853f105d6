/**
 * Pre-registered decision criteria (rules set before data arrives). Each criterion is
 * decided by an interval at the rule's confidence: entirely on the passing side →
 * validated, entirely on the failing side → invalidated, straddling → inconclusive, with an
 * estimate of how many more respondents in the segment would likely settle it. The statistics
 * live in research/stats (settleWilson, settleHalfWidth, topK), the sentences in wording.ts.
 */
import { isTopTwoBox, type ConceptRating } from "../conceptTest/analyse.ts";
import { formatMoney } from "../format/money.ts";
import { createRng } from "../random.ts";
import { type Interval, wilsonInterval } from "../stats/intervals.ts";
import { choleskySemidefinite } from "../stats/linearAlgebra.ts";
import { halfWidthSampleSizeToSettle } from "../stats/settleHalfWidth.ts";
import { wilsonSampleSizeToSettle } from "../stats/settleWilson.ts";
import { pointRank, scaleToSettle, standardNormalDraws, topKProbability } from "../stats/topK.ts";
import type { ConceptMetric } from "../studyExport.ts";
import {
  acceptableRangeRule,
  conceptWording,
  type Labels,
  noCovarianceExplanation,
  noRangeExplanation,
  notTooExpensiveWording,
  noUtilityExplanation,
  pointRangeExplanation,
  rangeExplanation,
  type Verdict,
  valueDriverExplanation,
  valueDriverRule,
} from "./wording.ts";

export type { Labels, Verdict };
export { formatMoney, pointRank, wilsonSampleSizeToSettle };

export interface CriterionResult {
  kind: "concept" | "valueDriver" | "price" | "lead";
  /** Human-readable rule, e.g. "top-2-box purchase intent ≥ 50% in real_estate". */
  rule: string;
  verdict: Verdict;
  evidence: Record<string, unknown>;
  /** Inconclusive only: estimated extra respondents in the segment likely to settle it (null if not estimable). */
  moreRespondentsNeeded: number | null;
  /** One sentence with the numbers. */
  explanation: string;
}

/** Decides "estimate ≥ threshold" from an interval: lo ≥ T → validated, hi < T → invalidated, else inconclusive. */
export function intervalVerdict(interval: Interval, threshold: number): Verdict {
  if (interval[0] >= threshold) return "validated";
  if (interval[1] < threshold) return "invalidated";
  return "inconclusive";
}

/** Wilson-decided "share ≥ threshold" for x successes out of n observations, with the respondents-to-settle estimate. */
function shareCriterion(
  x: number,
  n: number,
  threshold: number,
  confidence: number,
  observationsPerRespondent: number,
) {
  const share = n > 0 ? x / n : null;
  const interval = wilsonInterval(x, n, confidence);
  const verdict: Verdict = interval === null ? "inconclusive" : intervalVerdict(interval, threshold);
  let more: number | null = null;
  if (verdict === "inconclusive" && share !== null) {
    const target = wilsonSampleSizeToSettle(share, n, threshold, confidence);
    if (target !== null) more = Math.max(1, Math.ceil((target - n) / observationsPerRespondent));
  }
  return { share, interval, verdict, more };
}

// ---------------------------------------------------------------- concept

export interface ConceptCriterionInput {
  segment: string;
  metric: ConceptMetric;
  threshold: number;
  /** The concepts pooled (one named concept, or the hypothesis's concepts). */
  concepts: readonly string[];
}

/**
 * Concept criterion: top-2-box share of `metric` among the segment's ratings of the
 * concept(s) ≥ threshold, decided by the Wilson interval at `confidence`. With several
 * concepts the ratings are pooled (a respondent who rated two of them counts twice); the
 * respondents-to-settle estimate divides by the ratings per respondent.
 */
export function evaluateConceptCriterion(
  c: ConceptCriterionInput,
  ratings: readonly ConceptRating[],
  confidence: number,
  labels?: Labels,
): CriterionResult {
  const rows = ratings.filter((r) => r.segment === c.segment && c.concepts.includes(r.concept));
  const n = rows.length;
  const x = rows.filter((r) => isTopTwoBox(r[c.metric])).length;
  const respondents = new Set(rows.map((r) => r.respondent)).size;
  const perRespondent = respondents > 0 ? n / respondents : 1;
  const { share, interval, verdict, more } = shareCriterion(x, n, c.threshold, confidence, perRespondent);
  const { rule, explanation } = conceptWording(
    c,
    { x, n, share, interval, verdict, more, threshold: c.threshold, confidence },
    labels,
  );
  return {
    kind: "concept",
    rule,
    verdict,
    evidence: {
      segment: c.segment,
      metric: c.metric,
      concepts: [...c.concepts],
      threshold: c.threshold,
      confidence,
      n,
      respondents,
      top2: x,
      share,
      interval,
    },
    moreRespondentsNeeded: more,
    explanation,
  };
}

// ---------------------------------------------------------------- price: not too expensive

export interface PriceAnswerInput {
  segment?: string | null;
  tooExpensive: number;
}

/** Share of the segment whose "too expensive" price is above P, ≥ threshold (Wilson interval). */
export function evaluateNotTooExpensiveCriterion(
  c: { segment: string; price: number; threshold: number },
  answers: readonly PriceAnswerInput[],
  confidence: number,
  labels?: Labels,
): CriterionResult {
  const seg = answers.filter((a) => a.segment === c.segment);
  const n = seg.length;
  const x = seg.filter((a) => a.tooExpensive > c.price).length;
  const { share, interval, verdict, more } = shareCriterion(x, n, c.threshold, confidence, 1);
  const { rule, explanation } = notTooExpensiveWording(
    c,
    { x, n, share, interval, verdict, more, threshold: c.threshold, confidence },
    labels,
  );
  return {
    kind: "price",
    rule,
    verdict,
    evidence: {
      segment: c.segment,
      test: "notTooExpensive",
      price: c.price,
      threshold: c.threshold,
      confidence,
      n,
      notTooExpensive: x,
      share,
      interval,
    },
    moreRespondentsNeeded: more,
    explanation,
  };
}

// ---------------------------------------------------------------- price: in acceptable range

export interface PriceBandInput {
  n?: number;
  nValid: number;
  pmc: number | null;
  pme: number | null;
  intervals: null | { pmc: [number, number] | null; pme: [number, number] | null };
}

/**
 * Target price P within the segment's Van Westendorp acceptable range PMC–PME (Van Westendorp
 * 1976). With bootstrap intervals: validated if P is inside the inner band (≥ upper end of
 * PMC's interval and ≤ lower end of PME's), invalidated if outside the outer band (< lower end
 * of PMC's or > upper end of PME's), else inconclusive. Without intervals the point
 * estimates decide (and the evidence says so). Respondents to settle: interval half-widths
 * shrink like 1/√n, so n' = n·(h/d)² where d = |P − point estimate| and h the half-width.
 */
export function evaluateAcceptableRangeCriterion(
  c: { segment: string; price: number },
  band: PriceBandInput | undefined,
  labels?: Labels,
): CriterionResult {
  const rule = acceptableRangeRule(c, labels);
  const base = { segment: c.segment, test: "inAcceptableRange", price: c.price };
  if (!band || band.pmc === null || band.pme === null) {
    return {
      kind: "price",
      rule,
      verdict: "inconclusive",
      evidence: { ...base, pmc: band?.pmc ?? null, pme: band?.pme ?? null, n: band?.nValid ?? 0, basis: "none" },
      moreRespondentsNeeded: null,
      explanation: noRangeExplanation(c.segment, band ? band.nValid : null, labels),
    };
  }
  const pmcI = band.intervals?.pmc ?? null;
  const pmeI = band.intervals?.pme ?? null;
  if (pmcI === null || pmeI === null) {
    const inside = c.price >= band.pmc && c.price <= band.pme;
    return {
      kind: "price",
      rule,
      verdict: inside ? "validated" : "invalidated",
      evidence: {
        ...base,
        pmc: band.pmc,
        pme: band.pme,
        pmcInterval: null,
        pmeInterval: null,
        n: band.nValid,
        basis: "pointEstimates",
      },
      moreRespondentsNeeded: null,
      explanation: pointRangeExplanation(c, { pmc: band.pmc, pme: band.pme }, inside, labels),
    };
  }
  let verdict: Verdict;
  if (c.price >= pmcI[1] && c.price <= pmeI[0]) verdict = "validated";
  else if (c.price < pmcI[0] || c.price > pmeI[1]) verdict = "invalidated";
  else verdict = "inconclusive";
  let more: number | null = null;
  if (verdict === "inconclusive" && band.nValid > 0) {
    const needs: number[] = [];
    let unsettleable = false;
    for (const [point, iv] of [
      [band.pmc, pmcI],
      [band.pme, pmeI],
    ] as const) {
      if (c.price >= iv[0] && c.price <= iv[1]) {
        const need = halfWidthSampleSizeToSettle(
          band.nValid,
          Math.max(point - iv[0], iv[1] - point),
          Math.abs(c.price - point),
        );
        if (need === null) unsettleable = true;
        else needs.push(need);
      }
    }
    if (!unsettleable && needs.length > 0) more = Math.max(1, Math.ceil(Math.max(...needs) - band.nValid - 1e-9));
  }
  const explanation = rangeExplanation(
    c,
    { pmc: band.pmc, pme: band.pme, pmcInterval: pmcI, pmeInterval: pmeI },
    verdict,
    more,
    labels,
  );
  return {
    kind: "price",
    rule,
    verdict,
    evidence: {
      ...base,
      pmc: band.pmc,
      pme: band.pme,
      pmcInterval: pmcI,
      pmeInterval: pmeI,
      n: band.nValid,
      basis: "bootstrap",
    },
    moreRespondentsNeeded: more,
    explanation,
  };
}

// ---------------------------------------------------------------- value driver

export interface UtilityBlockInput {
  respondents: number;
  items: { item: string; utility: number | null }[];
  /** Covariance of the utilities in `items` order (null entries for non-estimable items). */
  covariance: (number | null)[][];
}

export interface SimulationOptions {
  draws?: number;
  seed?: number;
}

/**
 * Value-driver criterion: the item(s) rank in the segment's top k MaxDiff items. P(top k) is
 * estimated by simulating utilities from N(û, Σ̂) of the segment's logit (the asymptotic
 * sampling distribution of the MLE; seeded). Validated if P ≥ confidence, invalidated if
 * P ≤ 1 − confidence. Respondents to settle: the covariance shrinks like 1/n, so find the
 * scale c at which P(top k | Σ̂/c) crosses the bar, n' = n·c.
 */
export function evaluateValueDriverCriterion(
  c: { segment: string; topK: number; items: readonly string[] },
  block: UtilityBlockInput | undefined,
  confidence: number,
  options: SimulationOptions = {},
  labels?: Labels,
): CriterionResult {
  const rule = valueDriverRule(c, labels);
  const estimable = block
    ? block.items.map((r, i) => ({ ...r, i })).filter((r) => r.utility !== null && Number.isFinite(r.utility))
    : [];
  const missing = c.items.filter((it) => !estimable.some((r) => r.item === it));
  if (!block || block.respondents === 0 || missing.length > 0) {
    return {
      kind: "valueDriver",
      rule,
      verdict: "inconclusive",
      evidence: {
        segment: c.segment,
        items: [...c.items],
        topK: c.topK,
        confidence,
        respondents: block?.respondents ?? 0,
        probability: null,
      },
      moreRespondentsNeeded: null,
      explanation: noUtilityExplanation(c.segment, !block || block.respondents === 0 ? null : missing, labels),
    };
  }
  const u = estimable.map((r) => r.utility as number);
  const covKnown = estimable.every((r) => estimable.every((s) => typeof block.covariance[r.i]?.[s.i] === "number"));
  if (!covKnown) {
    return {
      kind: "valueDriver",
      rule,
      verdict: "inconclusive",
      evidence: {
        segment: c.segment,
        items: [...c.items],
        topK: c.topK,
        confidence,
        respondents: block.respondents,
        probability: null,
      },
      moreRespondentsNeeded: null,
      explanation: noCovarianceExplanation(c.segment, labels),
    };
  }
  const sigma = estimable.map((r) => estimable.map((s) => block.covariance[r.i][s.i] as number));
  const L = choleskySemidefinite(sigma);
  const targets = c.items.map((it) => estimable.findIndex((r) => r.item === it));
  const draws = options.draws ?? 4000;
  const rng = createRng(options.seed ?? 20240601);
  const K = u.length;
  const z = standardNormalDraws(rng, draws, K);
  const probability = topKProbability(u, L, z, targets, c.topK, 1);
  const verdict: Verdict =
    probability >= confidence ? "validated" : probability <= 1 - confidence ? "invalidated" : "inconclusive";
  const ranks = Object.fromEntries(c.items.map((it, j) => [it, pointRank(u, targets[j])]));
  const pointIn = targets.every((t) => pointRank(u, t) <= c.topK);
  let more: number | null = null;
  if (verdict === "inconclusive") {
    // Exact tie at the boundary → never settles.
    const sorted = [...u].sort((a, b) => b - a);
    const tiedAtCut =
      c.topK < K && sorted[c.topK - 1] === sorted[c.topK] && targets.some((t) => u[t] === sorted[c.topK]);
    if (!tiedAtCut) {
      const zs = z.slice(0, Math.min(draws, 2000));
      const scale = scaleToSettle((s) => {
        const p = topKProbability(u, L, zs, targets, c.topK, s);
        return pointIn ? p >= confidence : p <= 1 - confidence;
      });
      if (scale !== null) more = Math.max(1, Math.ceil(block.respondents * (scale - 1)));
    }
  }
  const explanation = valueDriverExplanation(
    c,
    { respondents: block.respondents, ranks, itemCount: K, probability, draws, confidence, verdict, more },
    labels,
  );
  return {
    kind: "valueDriver",
    rule,
    verdict,
    evidence: {
      segment: c.segment,
      items: [...c.items],
      topK: c.topK,
      confidence,
      respondents: block.respondents,
      pointRanks: ranks,
      utilities: Object.fromEntries(c.items.map((it, j) => [it, u[targets[j]]])),
      probability,
      draws,
    },
    moreRespondentsNeeded: more,
    explanation,
  };
}
