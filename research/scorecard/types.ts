/**
 * Shapes of the value scorecard: how our product and the alternatives respondents use perform
 * on the value drivers that matter to each segment. The JSON result is the CLI's
 * `value-scorecard --json` output (docs/research-cli.md); keys may be added, never renamed.
 */
import type { Interval } from "../stats/intervals.ts";

/** One performance rating: respondent × product × driver, 0–10, null = "don't know". */
export interface PerformanceRating {
  respondent: string;
  segment: string | null;
  product: string;
  driver: string;
  rating: number | null;
  /** What the respondent pays for this product (optional). */
  pricePaid: number | null;
}

/** Importance weights per driver (any positive scale; normalised to shares summing to 1 over the drivers). */
export interface ImportanceWeights {
  segments: Record<string, Record<string, number>>;
  overall: Record<string, number> | null;
  /** Per-respondent weights (e.g. shares from individual HB utilities); used with weightsFrom = "respondent". */
  respondents: Record<string, Record<string, number>> | null;
}

export interface ScorecardOptions {
  /** Name of our product in the `product` column. */
  ours: string;
  /** Confidence of intervals and the significance level 1 − confidence of the Holm-adjusted tests (default 0.95). */
  confidence?: number;
  /** A product is "fair" when its price is within ±tolerance of the fair price for its value (default 0.10). */
  tolerance?: number;
  /** "segment" (default): the segment's shares for everyone; "respondent": each respondent's own shares. */
  weightsFrom?: "segment" | "respondent";
  /** ISO 4217 code the price sentences print amounts in (formatMoney); none: plain numbers. */
  currency?: string | null;
  /** Our price (else the mean price_paid on our rows). */
  ourPrice?: number | null;
  /** List price per product, used for a product none of whose respondents gave a price paid. */
  listPrices?: Record<string, number>;
  /** Van Westendorp acceptable range per segment (and "overall"). */
  priceBands?: Record<string, { pmc: number | null; pme: number | null }>;
}

export interface DriverPerformance {
  driver: string;
  /** Respondents who rated the product on the driver. */
  n: number;
  dontKnow: number;
  mean: number | null;
  sd: number | null;
  interval: Interval | null;
}

export interface ProductScore {
  product: string;
  ours: boolean;
  /** Respondents with at least one rating of the product. */
  respondents: number;
  drivers: DriverPerformance[];
  /** Mean over respondents of Σ w·rating / Σ w over the drivers they rated (0–10). */
  valueScore: number | null;
  valueScoreInterval: Interval | null;
  /** Mean price paid (ours: the given price if any); null when unknown. */
  price: number | null;
  priceN: number;
}

export interface PairedDriver {
  driver: string;
  /** Respondents who rated both products on the driver. */
  n: number;
  /** Mean of ours − competitor. */
  meanDifference: number | null;
  interval: Interval | null;
  statistic: number | null;
  df: number | null;
  pValue: number | null;
  /** Holm-adjusted over the drivers of this comparison. */
  pHolm: number | null;
  /** Who leads on the driver at the Holm-adjusted level; null = no significant difference. */
  leader: "ours" | "competitor" | null;
}

export interface Comparison {
  competitor: string;
  /** Respondents who rated both products. */
  respondents: number;
  /** Relative value score: mean over respondents of their weighted score of ours − of the competitor (drivers rated for both). */
  valueScoreDifference: number | null;
  interval: Interval | null;
  pValue: number | null;
  drivers: PairedDriver[];
}

export type PricePosition = "valueAdvantage" | "fair" | "valueDisadvantage";

export interface PriceValueMap {
  /** "line": least-squares fair-value line through the priced products (≥ 3); "bandMidpoint": the average value is worth the acceptable range's midpoint; null: no reference. */
  reference: "line" | "bandMidpoint" | null;
  line: { intercept: number; slope: number } | null;
  band: { pmc: number; pme: number } | null;
  tolerance: number;
  products: {
    product: string;
    valueScore: number | null;
    price: number | null;
    fairPrice: number | null;
    /** (price − fair price)/fair price. */
    premium: number | null;
    position: PricePosition | null;
  }[];
  /** For our product: the prices within the acceptable range that stay fair at the current value. */
  ours: {
    price: number | null;
    fairPrice: number | null;
    fairRangeInBand: [number, number] | null;
    /** How far the price could rise / fall and stay in fairRangeInBand (negative = already outside). */
    up: number | null;
    down: number | null;
    sentence: string;
  };
}

export type GapLabel = "invest" | "promote" | "overServed" | "maintain";

export interface DriverGap {
  driver: string;
  /** Share of importance (0–1, sums to 1 over drivers). */
  importance: number;
  /** importance ≥ 1/drivers (at least an equal share). */
  important: boolean;
  /** Competitor with the highest mean rating on the driver (null when none was rated). */
  strongestCompetitor: string | null;
  /** Paired mean of ours − strongest competitor. */
  gap: number | null;
  pHolm: number | null;
  leader: "ours" | "competitor" | null;
  /** importance × gap. */
  priority: number | null;
  label: GapLabel;
  reason: string;
}

export interface ScorecardBlock {
  respondents: number;
  weights: Record<string, number>;
  /** Where the weights came from: the segment's shares, the overall shares (segment missing) or respondents' own. */
  weightsSource: "segment" | "overall" | "respondent";
  /** With respondent weights: respondents who had no individual utilities and got the segment's shares instead. */
  weightsFallback: number;
  products: ProductScore[];
  comparisons: Comparison[];
  priceValue: PriceValueMap;
  driverGaps: DriverGap[];
  summary: string;
}

export interface ScorecardResult {
  method: "value-scorecard";
  ours: string;
  drivers: string[];
  confidence: number;
  overall: ScorecardBlock | null;
  segments: Record<string, ScorecardBlock>;
}
