/**
 * Decision criterion "in segment S we lead competitor X on driver Y" for pre-registered
 * hypotheses. Paired: among S's respondents who rated both products on Y, the mean of
 * (ours − X) is tested one-sided against the margin (default 0) with the paired t test
 * (Student 1908) at level α₁ = (1 − confidence)/2 — the same convention as the other criteria,
 * whose two-sided interval at the rule's confidence decides each side: validated when the
 * interval lies above the margin (we lead), invalidated when it lies below (we trail), else
 * inconclusive with an estimate of the respondents that would settle it.
 */
import { studentTQuantile } from "../stats/intervals.ts";
import { pairedTTest } from "../stats/paired.ts";
import type { PerformanceRating } from "./types.ts";

export type LeadVerdict = "validated" | "invalidated" | "inconclusive";

export interface LeadCriterion {
  segment: string;
  competitor: string;
  driver: string;
  /** Minimum lead in rating points (default 0). */
  margin?: number;
}

export interface LeadCriterionResult {
  kind: "competitor";
  rule: string;
  verdict: LeadVerdict;
  evidence: Record<string, unknown>;
  moreRespondentsNeeded: number | null;
  explanation: string;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Respondents n' at which the interval d̄ ± t_{1−α₁, n'−1}·s/√n' of the same mean and SD
 * clears the margin (smallest such n', by doubling and bisection); null when d̄ = margin or s = 0.
 */
export function pairedSampleSizeToSettle(
  meanDifference: number,
  sd: number,
  n: number,
  margin: number,
  confidence: number,
): number | null {
  const d = Math.abs(meanDifference - margin);
  if (d === 0 || !(sd > 0)) return null;
  const settled = (m: number) => studentTQuantile(1 - (1 - confidence) / 2, m - 1) * (sd / Math.sqrt(m)) < d;
  let hi = Math.max(2, n);
  if (settled(hi)) return hi;
  while (!settled(hi)) {
    hi *= 2;
    if (hi > 1e8) return null;
  }
  let lo = Math.max(2, Math.floor(hi / 2));
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (settled(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

export function evaluateLeadCriterion(
  c: LeadCriterion,
  ratings: readonly PerformanceRating[],
  ours: string,
  confidence: number,
): LeadCriterionResult {
  const margin = c.margin ?? 0;
  const ourRatings = new Map<string, number>();
  const theirs = new Map<string, number>();
  for (const r of ratings) {
    if (r.segment !== c.segment || r.driver !== c.driver || r.rating === null) continue;
    if (r.product === ours) ourRatings.set(r.respondent, r.rating);
    else if (r.product === c.competitor) theirs.set(r.respondent, r.rating);
  }
  const diffs: number[] = [];
  for (const [respondent, a] of ourRatings) {
    const b = theirs.get(respondent);
    if (b !== undefined) diffs.push(a - b);
  }
  const t = pairedTTest(diffs, confidence, margin);
  const rule = `In ${c.segment} we lead ${c.competitor} on ${c.driver}${margin ? ` by more than ${margin} points` : ""}`;
  const conf = `${round(100 * confidence, 1)}%`;
  const evidence = {
    segment: c.segment,
    competitor: c.competitor,
    driver: c.driver,
    margin,
    confidence,
    n: t.n,
    meanDifference: t.meanDifference,
    interval: t.interval,
    statistic: t.statistic,
    df: t.df,
    pOneSided: t.pGreater,
    test: "paired t, one-sided",
  };
  if (t.interval === null || t.meanDifference === null) {
    return {
      kind: "competitor",
      rule,
      verdict: "inconclusive",
      evidence,
      moreRespondentsNeeded: null,
      explanation: `${t.n === 0 ? "No" : `Only ${t.n}`} ${c.segment} respondent${t.n === 1 ? "" : "s"} rated both us and ${c.competitor} on ${c.driver}.`,
    };
  }
  const [lo, hi] = t.interval;
  const verdict: LeadVerdict = lo > margin ? "validated" : hi < margin ? "invalidated" : "inconclusive";
  let more: number | null = null;
  if (verdict === "inconclusive") {
    const target = pairedSampleSizeToSettle(t.meanDifference, t.sd as number, t.n, margin, confidence);
    if (target !== null) more = Math.max(1, target - t.n);
  }
  const d = t.meanDifference;
  const explanation =
    `${t.n} ${c.segment} respondents rated both: we are ${d >= 0 ? "+" : ""}${round(d)} points vs ${c.competitor} on ${c.driver} (${conf} interval ${round(lo)} to ${round(hi)}), ` +
    (verdict === "validated"
      ? `entirely above ${margin}: we lead.`
      : verdict === "invalidated"
        ? `entirely below ${margin}: we do not lead.`
        : `which straddles ${margin}${more !== null ? `; about ${more} more respondent${more === 1 ? "" : "s"} rating both would likely settle it` : ""}.`);
  return { kind: "competitor", rule, verdict, evidence, moreRespondentsNeeded: more, explanation };
}
