/** A tiny study with a Gabor–Granger ladder for weighting tests (figures hand-computed below). */
import type { StudyExport } from "../../../research/studyExport.ts";
import { syntheticExport } from "../study/syntheticExport.ts";

// Ladder $10, $20. Tech (3 respondents) would buy at both prices, Real estate (1) at $10 only, Nonprofit (1) at
// neither. Unweighted: demand 4/5 = 0.8 and 3/5 = 0.6, revenue $8 and $12 per prospect: best $20.
// Market mix tech 20%, real estate 40%, nonprofit 40% against a sample mix of 60/20/20: weights 1/3, 2, 2 (sum 5).
// Weighted demand at $10 = (3·⅓ + 2)/5 = 0.6, at $20 = (3·⅓)/5 = 0.2; revenue $6 and $4: best $10.
// Kish effective n = 5² / (3·(⅓)² + 2² + 2²) = 25 / (25/3) = 3.
const ANSWERS: Record<string, [number, number]> = { tech: [5, 5], real_estate: [5, 1], nonprofit: [1, 1] };

export function ladderStudy(market: boolean): StudyExport {
  const base = syntheticExport(5, { tech: 3, real_estate: 1, nonprofit: 1 });
  return {
    ...base,
    pricing: { ...base.pricing!, gaborGranger: { ladder: [10, 20], start: "middle" } },
    respondents: base.respondents.map((r) => ({
      ...r,
      gaborGranger: [
        { step: 1, price: 10, response: ANSWERS[r.segment!][0] },
        { step: 2, price: 20, response: ANSWERS[r.segment!][1] },
      ],
    })),
    ...(market ? { market: { segments: { tech: 0.2, real_estate: 0.4, nonprofit: 0.4 } } } : {}),
  };
}
