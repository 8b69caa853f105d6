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

/**
 * Shares, revenues and elasticities travel to the browser to 1e-7 (the page prints shares to 0.1
 * percentage point, money to the cent per 100 prospects and elasticities to 0.01): keeps the payload small.
 */
const r7 = (x: number) => Math.round(x * 1e7) / 1e7;
const r7n = (x: number | null) => (x === null ? null : r7(x));

const blockView = (key: string, name: string, b: GgBlock): GgBlockView => ({
  key,
  name,
  respondents: b.respondents,
  prices: b.prices.map((p) => ({
    price: p.price,
    asked: p.asked,
    demand: r7(p.demand),
    demandInterval: p.demandInterval ? [r7(p.demandInterval[0]), r7(p.demandInterval[1])] : null,
    revenue: r7(p.revenue),
  })),
  revenueMaxPrice: b.revenueMaxPrice,
  revenueMaxInterval: b.revenueMaxInterval,
  elasticities: [null, ...b.elasticities.map((e) => r7n(e.elasticity))],
  inconsistent: b.inconsistent,
  buyAtNoPrice: b.buyAtNoPrice,
});

export function gaborGrangerView(
  gg: StudyResult["gaborGranger"] | undefined,
  shown: string[],
  segmentNames: Record<string, string>,
  segmentPicked: boolean,
  /** The overall block is weighted to the market mix (analyseStudy's weighting applied). */
  weighted = false,
): { blocks: GgBlockView[]; weighted: boolean } | null {
  if (!gg) return null;
  const blocks = shown.filter((k) => k in gg.segments).map((k) => blockView(k, segmentNames[k] ?? k, gg.segments[k]));
  // all respondents when no segment block exists (e.g. a study without segments), or weighted to the market mix
  if (!segmentPicked && weighted)
    blocks.unshift(blockView("__all", "All respondents, weighted to the market mix", gg.overall));
  else if (!segmentPicked && blocks.length === 0) blocks.push(blockView("__all", "All respondents", gg.overall));
  return blocks.length ? { blocks, weighted } : null;
}
