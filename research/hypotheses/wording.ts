/**
 * The sentences of the decision criteria (criteria.ts): each criterion's rule as a person reads it and the
 * explanation with its numbers. Wording only: every number arrives computed.
 */
import { formatMoney } from "../format/money.ts";
import type { Interval } from "../stats/intervals.ts";
import type { ConceptMetric } from "../studyExport.ts";

export type Verdict = "validated" | "invalidated" | "inconclusive";

export interface Labels {
  /** Display names of segments (default: the key). */
  segmentNames?: Record<string, string>;
  /** ISO currency code for prices (default: plain numbers). */
  currency?: string;
}

const METRIC_LABEL: Record<ConceptMetric, string> = {
  appeal: "appeal",
  relevance: "relevance",
  uniqueness: "uniqueness",
  believability: "believability",
  purchase_intent: "purchase intent",
};

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
export const pct = (x: number) => `${round(100 * x, 1)}%`;
const confidenceText = (confidence: number) => `${round(100 * confidence, 1)}%`;
export const segName = (s: string, labels?: Labels) =>
  labels?.segmentNames && Object.hasOwn(labels.segmentNames, s) ? labels.segmentNames[s] : s;
export const quoteList = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(xs.length === 2 ? " and " : ", ");
const money = (x: number, labels?: Labels) => formatMoney(x, labels?.currency);
const moreClause = (more: number | null) =>
  more !== null ? `; about ${more} more respondent${more === 1 ? "" : "s"} would likely settle it` : "";

/** A Wilson-decided share: what was counted, its interval, and the threshold. */
interface ShareText {
  x: number;
  n: number;
  share: number | null;
  interval: Interval | null;
  verdict: Verdict;
  more: number | null;
  threshold: number;
  confidence: number;
}

const shareNumbers = (s: ShareText) =>
  `(${pct(s.share!)}; ${confidenceText(s.confidence)} interval ${pct(s.interval![0])}–${pct(s.interval![1])})`;

export function conceptWording(
  c: { segment: string; metric: ConceptMetric; threshold: number; concepts: readonly string[] },
  s: ShareText,
  labels?: Labels,
) {
  const seg = segName(c.segment, labels);
  const what = c.concepts.length === 1 ? `"${c.concepts[0]}"` : `${quoteList(c.concepts)} (pooled)`;
  const rule = `top-2-box ${METRIC_LABEL[c.metric]} ≥ ${pct(c.threshold)} in ${seg} for ${what}`;
  const explanation =
    s.interval === null
      ? `No ${seg} respondent rated ${what} yet.`
      : `${s.x} of ${s.n} ratings in ${seg} were top-2-box ${shareNumbers(s)}, ` +
        (s.verdict === "validated"
          ? `entirely at or above the ${pct(c.threshold)} threshold.`
          : s.verdict === "invalidated"
            ? `entirely below the ${pct(c.threshold)} threshold.`
            : `which straddles the ${pct(c.threshold)} threshold${moreClause(s.more)}.`);
  return { rule, explanation };
}

export function notTooExpensiveWording(
  c: { segment: string; price: number; threshold: number },
  s: ShareText,
  labels?: Labels,
) {
  const seg = segName(c.segment, labels);
  const price = money(c.price, labels);
  const rule = `≥ ${pct(c.threshold)} of ${seg} do not find ${price} too expensive`;
  const explanation =
    s.interval === null
      ? `No ${seg} respondent answered the price questions yet.`
      : `${s.x} of ${s.n} ${seg} respondents put "too expensive" above ${price} ${shareNumbers(s)}, ` +
        (s.verdict === "validated"
          ? `entirely at or above ${pct(c.threshold)}.`
          : s.verdict === "invalidated"
            ? `entirely below ${pct(c.threshold)}.`
            : `which straddles ${pct(c.threshold)}${moreClause(s.more)}.`);
  return { rule, explanation };
}

export function acceptableRangeRule(c: { segment: string; price: number }, labels?: Labels) {
  return `${money(c.price, labels)} within the acceptable price range (PMC–PME) of ${segName(c.segment, labels)}`;
}

export function noRangeExplanation(segment: string, nValid: number | null, labels?: Labels) {
  return `${segName(segment, labels)} has no acceptable price range yet (${nValid !== null ? `${nValid} valid price answers; the curves do not cross` : "no price answers"}).`;
}

export function pointRangeExplanation(
  c: { segment: string; price: number },
  band: { pmc: number; pme: number },
  inside: boolean,
  labels?: Labels,
) {
  return `${money(c.price, labels)} is ${inside ? "inside" : "outside"} ${segName(c.segment, labels)}'s acceptable range ${money(band.pmc, labels)}–${money(band.pme, labels)} (point estimates only: no bootstrap intervals, so sampling error is not accounted for).`;
}

export function rangeExplanation(
  c: { segment: string; price: number },
  band: { pmc: number; pme: number; pmcInterval: Interval; pmeInterval: Interval },
  verdict: Verdict,
  more: number | null,
  labels?: Labels,
) {
  const m = (x: number) => money(x, labels);
  const price = m(c.price);
  const [pmcI, pmeI] = [band.pmcInterval, band.pmeInterval];
  return (
    `${segName(c.segment, labels)}'s acceptable range is ${m(band.pmc)}–${m(band.pme)} (PMC interval ${m(pmcI[0])}–${m(pmcI[1])}, PME interval ${m(pmeI[0])}–${m(pmeI[1])}); ` +
    (verdict === "validated"
      ? `${price} lies safely inside both intervals.`
      : verdict === "invalidated"
        ? `${price} lies outside the range even allowing for sampling error.`
        : `${price} falls within the uncertainty of ${c.price < (band.pmc + band.pme) / 2 ? "PMC" : "PME"}${moreClause(more)}.`)
  );
}

export function valueDriverRule(c: { segment: string; topK: number; items: readonly string[] }, labels?: Labels) {
  return `${quoteList(c.items)} ${c.items.length > 1 ? "all " : ""}in the top ${c.topK} MaxDiff item${c.topK > 1 ? "s" : ""} of ${segName(c.segment, labels)}`;
}

export function noUtilityExplanation(segment: string, missing: readonly string[] | null, labels?: Labels) {
  const name = segName(segment, labels);
  return missing === null
    ? `No MaxDiff answers from ${name} yet.`
    : `The utility of ${quoteList(missing)} cannot be estimated in ${name} yet (never chosen best or never worst, or never shown).`;
}

export function noCovarianceExplanation(segment: string, labels?: Labels) {
  return `The MaxDiff logit of ${segName(segment, labels)} has no covariance (it did not converge: some item is never chosen best or never worst), so the ranking's uncertainty cannot be assessed yet.`;
}

export function valueDriverExplanation(
  c: { segment: string; topK: number; items: readonly string[] },
  r: {
    respondents: number;
    ranks: Record<string, number>;
    itemCount: number;
    probability: number;
    draws: number;
    confidence: number;
    verdict: Verdict;
    more: number | null;
  },
  labels?: Labels,
) {
  const rankText = c.items.map((it) => `"${it}" ranks ${r.ranks[it]}`).join(", ");
  return (
    `In ${segName(c.segment, labels)} (${r.respondents} respondents) ${rankText} of ${r.itemCount} by utility; P(${c.items.length > 1 ? "all " : ""}in the top ${c.topK}) = ${pct(r.probability)} over ${r.draws} draws, ` +
    (r.verdict === "validated"
      ? `at least ${confidenceText(r.confidence)}.`
      : r.verdict === "invalidated"
        ? `at most ${pct(1 - r.confidence)}.`
        : `between ${pct(1 - r.confidence)} and ${confidenceText(r.confidence)}${moreClause(r.more)}.`)
  );
}
