/**
 * Verdicts of pre-registered hypotheses: each criterion is decided on its own (criteria.ts);
 * all validated → validated, any invalidated → invalidated, otherwise inconclusive.
 */
import type { DecisionRule } from "../studyExport.ts";
import type { ConceptRating } from "../conceptTest/analyse.ts";
import {
  evaluateAcceptableRangeCriterion,
  evaluateConceptCriterion,
  evaluateNotTooExpensiveCriterion,
  evaluateValueDriverCriterion,
  type CriterionResult,
  type Labels,
  type PriceAnswerInput,
  type PriceBandInput,
  type UtilityBlockInput,
  type Verdict,
} from "./criteria.ts";
import { assertValidRule, type RuleContext } from "./validateRule.ts";
import { evaluateLeadCriterion } from "../scorecard/criterion.ts";
import type { PerformanceRating } from "../scorecard/types.ts";

export interface HypothesisInput {
  id: string;
  statement: string;
  segments: readonly string[];
  /** Linked MaxDiff items (default of valueDriver criteria). */
  items: readonly string[];
  /** Linked concepts (pooled by concept criteria that name none). */
  concepts: readonly string[];
  targetPrice: number | null;
  /** The decision rule; validated here (unknown segment/item/concept → InputError). */
  rule: unknown;
}

export interface EvidenceData {
  ratings: readonly ConceptRating[];
  /** MaxDiff logit block per segment. */
  maxdiff: Record<string, UtilityBlockInput>;
  /** Van Westendorp block per segment. */
  vanWestendorp: Record<string, PriceBandInput>;
  priceAnswers: readonly PriceAnswerInput[];
  /** Competitor performance ratings (lead criteria); absent = none. */
  performance?: readonly PerformanceRating[];
  /** Our product's name in `performance`. */
  ours?: string | null;
}

export interface HypothesisOptions {
  /** Draws for the value-driver simulation (default 4,000). */
  draws?: number;
  seed?: number;
  labels?: Labels;
  /** Prefix of field paths in error messages, e.g. "hypotheses[2].rule". */
  path?: string;
}

export interface HypothesisResult {
  id: string;
  statement: string;
  segments: string[];
  verdict: Verdict;
  confidence: number;
  /** Why the verdict is what it is, in a sentence. */
  reason: string;
  criteria: CriterionResult[];
  /** Largest per-criterion estimate among the inconclusive ones (null if none can be estimated). */
  moreRespondentsNeeded: number | null;
}

/** rec[key] for own keys only: a segment called "constructor" must not find Object.prototype.constructor. */
const own = <T>(rec: Record<string, T>, key: string): T | undefined => (Object.hasOwn(rec, key) ? rec[key] : undefined);

/** Combines criterion verdicts: all validated → validated; any invalidated → invalidated; else inconclusive. */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.length === 0) return "inconclusive";
  if (verdicts.includes("invalidated")) return "invalidated";
  return verdicts.every((v) => v === "validated") ? "validated" : "inconclusive";
}

export function evaluateHypothesis(
  h: HypothesisInput,
  data: EvidenceData,
  ctx: Omit<RuleContext, "hypothesis">,
  options: HypothesisOptions = {},
): HypothesisResult {
  const rule: DecisionRule = assertValidRule(
    h.rule,
    { ...ctx, hypothesis: { items: h.items, concepts: h.concepts, targetPrice: h.targetPrice } },
    options.path ?? "rule",
  );
  const { confidence } = rule;
  const labels = options.labels;
  const criteria: CriterionResult[] = rule.criteria.map((c, i) => {
    switch (c.kind) {
      case "concept":
        return evaluateConceptCriterion(
          {
            segment: c.segment,
            metric: c.metric,
            threshold: c.threshold,
            concepts: c.concept !== undefined ? [c.concept] : h.concepts,
          },
          data.ratings,
          confidence,
          labels,
        );
      case "valueDriver":
        return evaluateValueDriverCriterion(
          { segment: c.segment, topK: c.topK, items: c.items ?? h.items },
          own(data.maxdiff, c.segment),
          confidence,
          { draws: options.draws, seed: (options.seed ?? 1) + 7919 * i },
          labels,
        );
      case "price": {
        const price = (c.price ?? h.targetPrice) as number;
        return c.test === "inAcceptableRange"
          ? evaluateAcceptableRangeCriterion({ segment: c.segment, price }, own(data.vanWestendorp, c.segment), labels)
          : evaluateNotTooExpensiveCriterion(
              { segment: c.segment, price, threshold: c.threshold as number },
              data.priceAnswers,
              confidence,
              labels,
            );
      }
      case "lead": {
        const r = evaluateLeadCriterion(
          { segment: c.segment, competitor: c.competitor, driver: c.driver, margin: c.margin },
          data.performance ?? [],
          data.ours ?? "",
          confidence,
        );
        const seg = labels?.segmentNames?.[c.segment] ?? c.segment;
        return {
          ...r,
          kind: "lead",
          rule: r.rule.replace(`In ${c.segment} `, `In ${seg} `),
          explanation: r.explanation.replace(` ${c.segment} respondent`, ` ${seg} respondent`),
        };
      }
    }
    throw new Error(`unknown criterion kind at criteria[${i}]`);
  });
  const verdict = combineVerdicts(criteria.map((c) => c.verdict));
  const counts = (v: Verdict) => criteria.filter((c) => c.verdict === v).length;
  const reason =
    criteria.length === 0
      ? "No decision criteria were set before data collection, so the data cannot validate or invalidate it."
      : verdict === "validated"
        ? `All ${criteria.length} criteria validated.`
        : verdict === "invalidated"
          ? `${counts("invalidated")} of ${criteria.length} criteria invalidated.`
          : `${counts("inconclusive")} of ${criteria.length} criteria inconclusive, none invalidated.`;
  const mores = criteria
    .filter((c) => c.verdict === "inconclusive" && c.moreRespondentsNeeded !== null)
    .map((c) => c.moreRespondentsNeeded as number);
  return {
    id: h.id,
    statement: h.statement,
    segments: [...h.segments],
    verdict,
    confidence,
    reason,
    criteria,
    moreRespondentsNeeded: verdict === "inconclusive" && mores.length > 0 ? Math.max(...mores) : null,
  };
}
