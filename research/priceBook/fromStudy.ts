/**
 * The price book of one study: each completed respondent's value (the simulator's rule on the
 * utilities it used: at least m of their top-n features, or the items above the anchor when the
 * study is anchored) and their own Van Westendorp answers, searched by recommendPriceBook inside
 * each segment's acceptable range (PMC–PME from the study's Van Westendorp analysis).
 */
import type { RespondentUtilities } from "../simulator/simulator.ts";
import { type PricedRespondent, valueFromTopN } from "../simulator/pricedRespondents.ts";
import type { VwAnswer, VwBlock } from "../vanWestendorp/types.ts";
import { type PriceBand, type PriceBookObjective, type PriceBookResult, recommendPriceBook } from "./recommend.ts";

/** One respondent's Van Westendorp answers (and NMS purchase intents), as research's VwAnswer has them. */
export interface StudyPriceAnswers
  extends Pick<VwAnswer, "tooCheap" | "cheap" | "expensive" | "tooExpensive" | "piCheap" | "piExpensive"> {
  respondent: string;
}

export interface StudyPriceBookInput {
  items: readonly string[];
  utilities: readonly RespondentUtilities[];
  prices: readonly StudyPriceAnswers[];
  vanWestendorp: Record<string, VwBlock>;
  topN: number;
  minInBundle: number;
  maxSize: number;
  objective?: PriceBookObjective;
  /** For "revenue-with-happy-floor": the least happy share per segment (0–1). */
  minHappyShare?: number;
  calibration?: readonly number[];
  /** The study's currency: revenue figures in the sentence are money. */
  currency?: string;
}

export interface StudyPriceBook extends PriceBookResult {
  /** Segments left out, each with the reason (e.g. no acceptable range yet). */
  skipped: { segment: string; reason: string }[];
}

/** Price book per segment and one-book vs multi-book comparison for a study; null without priced respondents. */
export function studyPriceBook(input: StudyPriceBookInput): StudyPriceBook | null {
  const priceOf = new Map(input.prices.map((p) => [p.respondent, p]));
  const bands: Record<string, PriceBand> = {};
  const skipped: StudyPriceBook["skipped"] = [];
  for (const [segment, b] of Object.entries(input.vanWestendorp)) {
    if (b.pmc === null || b.pme === null) skipped.push({ segment, reason: "no acceptable price range yet" });
    else bands[segment] = { pmc: Math.min(b.pmc, b.pme), pme: Math.max(b.pmc, b.pme) };
  }
  const respondents: PricedRespondent[] = [];
  for (const u of input.utilities) {
    const p = priceOf.get(u.respondent);
    if (!p || u.segment === null || !Object.hasOwn(bands, u.segment)) continue;
    respondents.push({
      ...p,
      segment: u.segment,
      value: valueFromTopN(u.utilities, input.items, input.topN, input.minInBundle),
    });
  }
  if (respondents.length === 0) return null;
  const present = new Set(respondents.map((r) => r.segment as string));
  const result = recommendPriceBook(respondents, {
    maxSize: Math.min(input.maxSize, input.items.length),
    objective: input.objective ?? "happy",
    minHappyShare: input.minHappyShare,
    currency: input.currency,
    bands: Object.fromEntries(Object.entries(bands).filter(([s]) => present.has(s))),
    calibration: input.calibration,
    items: input.items,
  });
  return { ...result, skipped };
}
