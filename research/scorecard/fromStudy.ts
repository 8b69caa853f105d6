/**
 * The value scorecard of a study export (research/study.ts): the completed respondents' competitor
 * ratings, weighted by the MaxDiff importance of their segment — each respondent's own
 * probability-rescaled HB shares when an HB run is given (the same utilities the simulator uses),
 * else the segment's aggregate logit shares (overall shares for a segment the MaxDiff did not
 * cover) — with the segment's Van Westendorp acceptable range as the price band. Gale 1994.
 */
import { rescaledShares } from "../maxdiff/shares.ts";
import type { MaxDiffResult } from "../maxdiff/types.ts";
import type { StudyExport } from "../studyExport.ts";
import type { VwResult } from "../vanWestendorp/types.ts";
import { analyseScorecard } from "./analyse.ts";
import type { ImportanceWeights, PerformanceRating, ScorecardResult } from "./types.ts";

/** Competitors part of the study result. */
export interface StudyScorecard extends ScorecardResult {
  /** "hb": respondents' own HB shares; "aggregate": the segment's logit shares. */
  weightsFrom: "hb" | "aggregate";
  /** The alternatives respondents chose: segment → alternative → respondents (completed, "none" = none of these). */
  usage: Record<string, Record<string, number>>;
}

/** Performance rows of the completed respondents (long format, as the value-scorecard CLI reads). */
export function scorecardRows(doc: StudyExport): PerformanceRating[] {
  return doc.respondents
    .filter((r) => r.status === "completed" && r.competitor)
    .flatMap((r) => {
      const c = r.competitor as NonNullable<typeof r.competitor>;
      return c.ratings.map((x) => ({
        respondent: r.id,
        segment: r.segment,
        product: x.product,
        driver: x.driver,
        rating: x.rating,
        pricePaid: x.product === c.alternative ? c.pricePaid : null,
      }));
    });
}

const shareMap = (block: MaxDiffResult["overall"] | undefined, drivers: readonly string[]) =>
  block
    ? Object.fromEntries(
        block.items.filter((i) => i.share !== null && drivers.includes(i.item)).map((i) => [i.item, i.share as number]),
      )
    : null;

/** Importance weights: segments' and overall logit shares; respondents' rescaled HB shares when given. */
export function studyWeights(
  maxdiff: MaxDiffResult | null,
  drivers: readonly string[],
  hbRespondents: readonly { respondent: string; utilities: Record<string, number> }[] | null,
): ImportanceWeights | null {
  if (!maxdiff) return null;
  const segments: Record<string, Record<string, number>> = {};
  for (const [s, block] of Object.entries(maxdiff.segments)) {
    const m = shareMap(block, drivers);
    if (m && Object.keys(m).length > 0) segments[s] = m;
  }
  let respondents: ImportanceWeights["respondents"] = null;
  if (hbRespondents && hbRespondents.length > 0) {
    respondents = Object.fromEntries(
      hbRespondents.map((r) => {
        const items = Object.keys(r.utilities);
        const shares = rescaledShares(
          items.map((i) => r.utilities[i]),
          maxdiff.itemsPerTask,
        );
        return [r.respondent, Object.fromEntries(items.map((i, j) => [i, shares[j]]))];
      }),
    );
  }
  return { segments, overall: shareMap(maxdiff.overall, drivers), respondents };
}

export function studyScorecard(
  doc: StudyExport,
  maxdiff: MaxDiffResult | null,
  vanWestendorp: VwResult | null,
  hbRespondents: readonly { respondent: string; utilities: Record<string, number> }[] | null,
  confidence = 0.95,
): StudyScorecard | null {
  const setup = doc.competitors;
  if (!setup) return null;
  const rows = scorecardRows(doc).filter((r) => setup.drivers.includes(r.driver));
  const weights = studyWeights(maxdiff, setup.drivers, hbRespondents);
  if (rows.length === 0 || !weights) return null;
  const priceBands: Record<string, { pmc: number | null; pme: number | null }> = {};
  if (vanWestendorp) {
    priceBands.overall = { pmc: vanWestendorp.overall.pmc, pme: vanWestendorp.overall.pme };
    for (const [s, b] of Object.entries(vanWestendorp.segments)) priceBands[s] = { pmc: b.pmc, pme: b.pme };
  }
  const listPrices = Object.fromEntries(
    setup.alternatives.filter((a) => a.listPrice !== null).map((a) => [a.name, a.listPrice as number]),
  );
  const hb = weights.respondents !== null;
  const result = analyseScorecard(rows, weights, {
    ours: setup.ours,
    confidence,
    weightsFrom: hb ? "respondent" : "segment",
    ourPrice: setup.ourPrice,
    currency: doc.study.currency,
    listPrices,
    priceBands,
  });
  const usage = new Map<string, Map<string, number>>();
  for (const r of doc.respondents) {
    if (r.status !== "completed" || !r.competitor) continue;
    const seg = usage.get(r.segment ?? "") ?? new Map<string, number>();
    usage.set(r.segment ?? "", seg);
    const a = r.competitor.alternative ?? "none";
    seg.set(a, (seg.get(a) ?? 0) + 1);
  }
  return {
    ...result,
    weightsFrom: hb ? "hb" : "aggregate",
    usage: Object.fromEntries([...usage].map(([s, m]) => [s, Object.fromEntries(m)])),
  };
}
