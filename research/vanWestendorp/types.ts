/**
 * Public shapes of the Van Westendorp price-sensitivity meter (Van Westendorp 1976) with the
 * Newton–Miller–Smith extension (Newton, Miller & Smith 1993). `VwResult` is exactly the JSON
 * the CLI prints (docs/research-cli.md, "van-westendorp"); `curves` keys appear only when
 * `includeCurves` is set.
 */

/** One respondent's answers. `null` = not answered (the respondent is excluded and counted as missing). */
export interface VwAnswer {
  tooCheap: number | null;
  cheap: number | null;
  expensive: number | null;
  tooExpensive: number | null;
  /** Purchase intent 1–5 (5 = definitely would buy) at the respondent's "cheap" price. */
  piCheap?: number | null;
  /** Purchase intent 1–5 at the respondent's "expensive" price. */
  piExpensive?: number | null;
  segment?: string | null;
  /** Positive survey weight; 1 when absent. */
  weight?: number;
}

export interface VwOptions {
  /** Find crossings on curves linearly interpolated on a grid of step `interpolationStep` (R: `interpolate = TRUE`). */
  interpolate?: boolean;
  /** Step of the interpolation grid; 0.01 like R's `interpolation_steps` default. */
  interpolationStep?: number;
  /** Bootstrap resamples for the 95% intervals; 0 (default) = no intervals. */
  bootstrap?: number;
  /** Seed of the bootstrap; 1 by default. */
  seed?: number;
  /** Purchase probability for purchase intent 5, 4, 3, 2, 1 (default 0.7, 0.5, 0.3, 0.1, 0). */
  calibration?: number[];
  /** Add the curves (and the NMS trial/revenue curves) to every block. */
  includeCurves?: boolean;
  /** ISO currency code used in the comparison sentences ("USD" → "$"). */
  currency?: string;
}

export type VwInterval = [number, number];

export interface VwIntervals {
  pmc: VwInterval | null;
  opp: VwInterval | null;
  ipp: VwInterval | null;
  pme: VwInterval | null;
}

export interface VwCurves {
  prices: number[];
  tooCheap: number[];
  cheap: number[];
  expensive: number[];
  tooExpensive: number[];
  notCheap: number[];
  notExpensive: number[];
}

export interface VwNms {
  trialOptimal: number | null;
  revenueOptimal: number | null;
  curve?: { prices: number[]; trial: number[]; revenue: number[] };
}

export interface VwBlock {
  n: number;
  nValid: number;
  invalid: { notOrdered: number; missing: number };
  /** Point of marginal cheapness: lower bound of the acceptable range. */
  pmc: number | null;
  /** Optimal price point. */
  opp: number | null;
  /** Indifference price point. */
  ipp: number | null;
  /** Point of marginal expensiveness: upper bound of the acceptable range. */
  pme: number | null;
  nms: VwNms | null;
  intervals: VwIntervals | null;
  curves?: VwCurves;
}

export interface VwComparison {
  a: string;
  b: string;
  relation: "above" | "below" | "overlaps";
  text: string;
}

export interface VwResult {
  method: "van-westendorp";
  overall: VwBlock;
  segments: Record<string, VwBlock>;
  comparisons: VwComparison[];
}

/**
 * Column-oriented input (what the CLI and the benchmark build): NaN = missing answer;
 * `segment[i]` indexes `segmentNames` (−1 = no segment); absent weight = 1.
 */
export interface VwColumns {
  tooCheap: Float64Array;
  cheap: Float64Array;
  expensive: Float64Array;
  tooExpensive: Float64Array;
  piCheap?: Float64Array | null;
  piExpensive?: Float64Array | null;
  weight?: Float64Array | null;
  segment?: Int32Array | null;
  segmentNames?: string[];
}
