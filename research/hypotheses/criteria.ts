/**
 * Pre-registered decision criteria (rules set before data arrives). Each criterion is
 * decided by an interval at the rule's confidence: entirely on the passing side →
 * validated, entirely on the failing side → invalidated, straddling → inconclusive, with an
 * estimate of how many more respondents in the segment would likely settle it.
 */
import { formatMoney } from "../format/money.ts";
import type { ConceptMetric } from "../studyExport.ts";
import { createRng } from "../random.ts";
import { wilsonInterval, type Interval } from "../stats/intervals.ts";
import { choleskySemidefinite } from "../stats/linearAlgebra.ts";
import { isTopTwoBox, type ConceptRating } from "../conceptTest/analyse.ts";

export type Verdict = "validated" | "invalidated" | "inconclusive";

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

export interface Labels {
  /** Display names of segments (default: the key). */
  segmentNames?: Record<string, string>;
  /** ISO currency code for prices (default: plain numbers). */
  currency?: string;
}

export { formatMoney };

const METRIC_LABEL: Record<ConceptMetric, string> = {
  appeal: "appeal",
  relevance: "relevance",
  uniqueness: "uniqueness",
  believability: "believability",
  purchase_intent: "purchase intent",
};

const pct = (x: number) => `${round(100 * x, 1)}%`;
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
const segName = (s: string, labels?: Labels) =>
  labels?.segmentNames && Object.hasOwn(labels.segmentNames, s) ? labels.segmentNames[s] : s;
const quoteList = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(xs.length === 2 ? " and " : ", ");

/** Decides "estimate ≥ threshold" from an interval: lo ≥ T → validated, hi < T → invalidated, else inconclusive. */
export function intervalVerdict(interval: Interval, threshold: number): Verdict {
  if (interval[0] >= threshold) return "validated";
  if (interval[1] < threshold) return "invalidated";
  return "inconclusive";
}

/**
 * Smallest sample size n' ≥ n at which the Wilson interval of the same observed share p̂
 * excludes the threshold (Wilson 1927), found by doubling and bisection. Null when p̂ equals
 * the threshold (never settles) or n' would exceed 10⁸.
 */
export function wilsonSampleSizeToSettle(
  share: number,
  n: number,
  threshold: number,
  confidence: number,
): number | null {
  if (share === threshold || n <= 0) return null;
  const settled = (m: number) => {
    const iv = wilsonInterval(share * m, m, confidence)!;
    return share > threshold ? iv[0] >= threshold : iv[1] < threshold;
  };
  if (settled(n)) return n;
  let hi = Math.max(1, n) * 2;
  while (!settled(hi)) {
    hi *= 2;
    if (hi > 1e8) return null;
  }
  let lo = n; // not settled at lo, settled at hi
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (settled(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
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
  const what = c.concepts.length === 1 ? `"${c.concepts[0]}"` : `${quoteList(c.concepts)} (pooled)`;
  const rule = `top-2-box ${METRIC_LABEL[c.metric]} ≥ ${pct(c.threshold)} in ${segName(c.segment, labels)} for ${what}`;
  const conf = `${round(100 * confidence, 1)}%`;
  const explanation =
    interval === null
      ? `No ${segName(c.segment, labels)} respondent rated ${what} yet.`
      : `${x} of ${n} ratings in ${segName(c.segment, labels)} were top-2-box (${pct(share!)}; ${conf} interval ${pct(interval[0])}–${pct(interval[1])}), ` +
        (verdict === "validated"
          ? `entirely at or above the ${pct(c.threshold)} threshold.`
          : verdict === "invalidated"
            ? `entirely below the ${pct(c.threshold)} threshold.`
            : `which straddles the ${pct(c.threshold)} threshold${more !== null ? `; about ${more} more respondent${more === 1 ? "" : "s"} would likely settle it` : ""}.`);
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
  const price = formatMoney(c.price, labels?.currency);
  const conf = `${round(100 * confidence, 1)}%`;
  const rule = `≥ ${pct(c.threshold)} of ${segName(c.segment, labels)} do not find ${price} too expensive`;
  const explanation =
    interval === null
      ? `No ${segName(c.segment, labels)} respondent answered the price questions yet.`
      : `${x} of ${n} ${segName(c.segment, labels)} respondents put "too expensive" above ${price} (${pct(share!)}; ${conf} interval ${pct(interval[0])}–${pct(interval[1])}), ` +
        (verdict === "validated"
          ? `entirely at or above ${pct(c.threshold)}.`
          : verdict === "invalidated"
            ? `entirely below ${pct(c.threshold)}.`
            : `which straddles ${pct(c.threshold)}${more !== null ? `; about ${more} more respondent${more === 1 ? "" : "s"} would likely settle it` : ""}.`);
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
  const price = formatMoney(c.price, labels?.currency);
  const name = segName(c.segment, labels);
  const rule = `${price} within the acceptable price range (PMC–PME) of ${name}`;
  const base = { segment: c.segment, test: "inAcceptableRange", price: c.price };
  if (!band || band.pmc === null || band.pme === null) {
    return {
      kind: "price",
      rule,
      verdict: "inconclusive",
      evidence: { ...base, pmc: band?.pmc ?? null, pme: band?.pme ?? null, n: band?.nValid ?? 0, basis: "none" },
      moreRespondentsNeeded: null,
      explanation: `${name} has no acceptable price range yet (${band ? `${band.nValid} valid price answers; the curves do not cross` : "no price answers"}).`,
    };
  }
  const money = (x: number) => formatMoney(x, labels?.currency);
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
      explanation: `${price} is ${inside ? "inside" : "outside"} ${name}'s acceptable range ${money(band.pmc)}–${money(band.pme)} (point estimates only: no bootstrap intervals, so sampling error is not accounted for).`,
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
        const d = Math.abs(c.price - point);
        const h = Math.max(point - iv[0], iv[1] - point);
        if (d === 0 || h === 0) unsettleable = true;
        else needs.push(band.nValid * (h / d) ** 2);
      }
    }
    if (!unsettleable && needs.length > 0) more = Math.max(1, Math.ceil(Math.max(...needs) - band.nValid - 1e-9));
  }
  const explanation =
    `${name}'s acceptable range is ${money(band.pmc)}–${money(band.pme)} (PMC interval ${money(pmcI[0])}–${money(pmcI[1])}, PME interval ${money(pmeI[0])}–${money(pmeI[1])}); ` +
    (verdict === "validated"
      ? `${price} lies safely inside both intervals.`
      : verdict === "invalidated"
        ? `${price} lies outside the range even allowing for sampling error.`
        : `${price} falls within the uncertainty of ${c.price < (band.pmc + band.pme) / 2 ? "PMC" : "PME"}${more !== null ? `; about ${more} more respondent${more === 1 ? "" : "s"} would likely settle it` : ""}.`);
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
 * Probability that all `targets` rank in the top k when utilities are drawn from N(u, Σ/scale)
 * using the fixed standard-normal draws `z` (common random numbers across scales).
 */
function topKShare(
  u: readonly number[],
  L: readonly number[][],
  z: Float64Array[],
  targets: readonly number[],
  k: number,
  scale: number,
): number {
  const K = u.length;
  const s = 1 / Math.sqrt(scale);
  const v = new Float64Array(K);
  let hits = 0;
  for (const zd of z) {
    for (let i = 0; i < K; i++) {
      let acc = 0;
      const row = L[i];
      for (let p = 0; p <= i; p++) acc += row[p] * zd[p];
      v[i] = u[i] + s * acc;
    }
    let all = true;
    for (const t of targets) {
      let above = 0;
      for (let i = 0; i < K; i++) if (v[i] > v[t]) above++;
      if (above >= k) {
        all = false;
        break;
      }
    }
    if (all) hits++;
  }
  return hits / z.length;
}

/** Point rank (1 = highest utility; ties share the better rank). */
export function pointRank(utilities: readonly number[], index: number): number {
  let above = 0;
  for (const v of utilities) if (v > utilities[index]) above++;
  return above + 1;
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
  const name = segName(c.segment, labels);
  const rule = `${quoteList(c.items)} ${c.items.length > 1 ? "all " : ""}in the top ${c.topK} MaxDiff item${c.topK > 1 ? "s" : ""} of ${name}`;
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
      explanation:
        !block || block.respondents === 0
          ? `No MaxDiff answers from ${name} yet.`
          : `The utility of ${quoteList(missing)} cannot be estimated in ${name} yet (never chosen best or never worst, or never shown).`,
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
      explanation: `The MaxDiff logit of ${name} has no covariance (it did not converge: some item is never chosen best or never worst), so the ranking's uncertainty cannot be assessed yet.`,
    };
  }
  const sigma = estimable.map((r) => estimable.map((s) => block.covariance[r.i][s.i] as number));
  const L = choleskySemidefinite(sigma);
  const targets = c.items.map((it) => estimable.findIndex((r) => r.item === it));
  const draws = options.draws ?? 4000;
  const rng = createRng(options.seed ?? 20240601);
  const K = u.length;
  const z = Array.from({ length: draws }, () => {
    const d = new Float64Array(K);
    for (let i = 0; i < K; i++) d[i] = rng.normal();
    return d;
  });
  const probability = topKShare(u, L, z, targets, c.topK, 1);
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
      const settled = (scale: number) => {
        const p = topKShare(u, L, zs, targets, c.topK, scale);
        return pointIn ? p >= confidence : p <= 1 - confidence;
      };
      let hi = 2;
      while (!settled(hi) && hi < 1e4) hi *= 2;
      if (settled(hi)) {
        let lo = 1;
        for (let it = 0; it < 14; it++) {
          const mid = (lo + hi) / 2;
          if (settled(mid)) hi = mid;
          else lo = mid;
        }
        more = Math.max(1, Math.ceil(block.respondents * (hi - 1)));
      }
    }
  }
  const conf = `${round(100 * confidence, 1)}%`;
  const rankText = c.items.map((it) => `"${it}" ranks ${ranks[it]}`).join(", ");
  const explanation =
    `In ${name} (${block.respondents} respondents) ${rankText} of ${K} by utility; P(${c.items.length > 1 ? "all " : ""}in the top ${c.topK}) = ${pct(probability)} over ${draws} draws, ` +
    (verdict === "validated"
      ? `at least ${conf}.`
      : verdict === "invalidated"
        ? `at most ${pct(1 - confidence)}.`
        : `between ${pct(1 - confidence)} and ${conf}${more !== null ? `; about ${more} more respondent${more === 1 ? "" : "s"} would likely settle it` : ""}.`);
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
