/**
 * The Gabor–Granger section's rendered fields (research/gaborGranger via analyseStudy): per shown
 * segment (and all respondents when no segment is picked) the demand and revenue at each rung,
 * the revenue-maximising price with its bootstrap interval and the elasticities. Selects only.
 */
import type { GgBlock } from "../../research/gaborGranger/analyse.ts";
import type { StudyResult } from "../../research/study.ts";

export interface GgBlockView {
  key: string;
  name: string;
  respondents: number;
  prices: { price: number; asked: number; demand: number; demandInterval: [number, number] | null; revenue: number }[];
  revenueMaxPrice: number | null;
  revenueMaxInterval: [number, number] | null;
  /** elasticity[j] is between rung j−1 and rung j (null for the first rung or when not computable) */
  elasticities: (number | null)[];
  inconsistent: number;
  buyAtNoPrice: number;
}

const blockView = (key: string, name: string, b: GgBlock): GgBlockView => ({
  key,
  name,
  respondents: b.respondents,
  prices: b.prices.map((p) => ({
    price: p.price,
    asked: p.asked,
    demand: p.demand,
    demandInterval: p.demandInterval,
    revenue: p.revenue,
  })),
  revenueMaxPrice: b.revenueMaxPrice,
  revenueMaxInterval: b.revenueMaxInterval,
  elasticities: [null, ...b.elasticities.map((e) => e.elasticity)],
  inconsistent: b.inconsistent,
  buyAtNoPrice: b.buyAtNoPrice,
});

export function gaborGrangerView(
  gg: StudyResult["gaborGranger"] | undefined,
  shown: string[],
  segmentNames: Record<string, string>,
  segmentPicked: boolean,
): { blocks: GgBlockView[] } | null {
  if (!gg) return null;
  const blocks = shown.filter((k) => k in gg.segments).map((k) => blockView(k, segmentNames[k] ?? k, gg.segments[k]));
  if (!segmentPicked) blocks.push(blockView("__all", "All respondents", gg.overall));
  return blocks.length ? { blocks } : null;
}
