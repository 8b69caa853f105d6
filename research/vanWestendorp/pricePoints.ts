/**
 * Van Westendorp's price points (Van Westendorp 1976) as curve crossings, following the R
 * package pricesensitivitymeter (`psm_analysis` defaults, `intersection_method = "min"`):
 * the crossing of a rising and a falling curve is the LOWEST grid price at which
 * rising ≥ falling (R: `which(var1 >= var2)[1]`). With `interpolate`, both curves are first
 * linearly interpolated (R: `approx`) between the block's grid prices onto the grid
 * lowest + k·step (R: `seq(min, max, by = interpolation_steps)`), and the crossing is the
 * lowest point of that finer grid where rising ≥ falling.
 */
import type { CountCurves } from "./curves.ts";
import type { VwBlock } from "./types.ts";

export interface CrossingOptions {
  interpolate: boolean;
  /** Step of the interpolation grid (R's `interpolation_steps`, 0.01). */
  step: number;
}

/**
 * Lowest price where `rising` ≥ `falling` (see the module comment). Requires rising to be
 * non-decreasing and falling non-increasing, as all of Van Westendorp's pairs are, so that
 * rising − falling changes sign at most once. `tolerance` absorbs rounding of non-integer
 * weights (values are in weight units). null when the curves never meet.
 */
export function firstCrossing(
  prices: Float64Array,
  rising: Float64Array,
  falling: Float64Array,
  opts: CrossingOptions,
  tolerance = 0,
): number | null {
  const G = prices.length;
  let g = 0;
  while (g < G && rising[g] - falling[g] < -tolerance) g++;
  if (g === G) return null;
  const lo = prices[0],
    step = opts.step;
  const kMax = Math.floor((prices[G - 1] - lo) / step + 1e-9);
  // A fine grid of more than 2^52 points (a price span above ~45 trillion at step 0.01) cannot
  // be indexed exactly by doubles: use the grid price as without interpolation.
  if (!opts.interpolate || !(kMax <= 2 ** 52)) return prices[g];
  const at = (k: number) => tidy(lo + k * step);
  if (g === 0) return lo;
  // Rising − falling goes from < 0 at prices[g−1] to ≥ 0 at prices[g] and is linear in
  // between, so binary-search the fine grid points of that segment.
  const p0 = prices[g - 1],
    p1 = prices[g];
  const d0 = rising[g - 1] - falling[g - 1],
    d1 = rising[g] - falling[g];
  const diff = (x: number) => d0 + ((x - p0) / (p1 - p0)) * (d1 - d0);
  let a = Math.max(0, Math.ceil((p0 - lo) / step - 1e-9));
  let b = Math.min(kMax, Math.floor((p1 - lo) / step + 1e-9));
  if (a > b || diff(at(b)) < -tolerance) {
    // No fine point in [crossing, prices[g]]: the next fine point lies beyond prices[g],
    // where rising ≥ falling already holds.
    return b + 1 <= kMax ? at(b + 1) : null;
  }
  while (a < b) {
    // Not (a + b) >>> 1: fine-grid indices exceed 2^31 once the price span passes ~21 million
    // at step 0.01 (e.g. prices in IDR or VND), and the wrapped midpoint never converged.
    const mid = Math.floor((a + b) / 2);
    if (diff(at(mid)) >= -tolerance) b = mid;
    else a = mid + 1;
  }
  return at(a);
}

/** Removes the binary noise of lo + k·step (e.g. 18.340000000000003 → 18.34). */
function tidy(x: number): number {
  return Math.abs(x) < 1e5 ? Math.round(x * 1e9) / 1e9 : x;
}

function tol(c: CountCurves): number {
  return 1e-9 * c.total;
}

/** Point of marginal cheapness (lower bound of the acceptable range): "not cheap" (rising) reaches "too cheap" (falling). */
export function pointOfMarginalCheapness(c: CountCurves, opts: CrossingOptions): number | null {
  return firstCrossing(c.prices, c.notCheap, c.tooCheap, opts, tol(c));
}

/** Point of marginal expensiveness (upper bound): "too expensive" (rising) reaches "not expensive" (falling). */
export function pointOfMarginalExpensiveness(c: CountCurves, opts: CrossingOptions): number | null {
  return firstCrossing(c.prices, c.tooExpensive, c.notExpensive, opts, tol(c));
}

/** Optimal price point: "too expensive" (rising) reaches "too cheap" (falling). */
export function optimalPricePoint(c: CountCurves, opts: CrossingOptions): number | null {
  return firstCrossing(c.prices, c.tooExpensive, c.tooCheap, opts, tol(c));
}

/** Indifference price point: "expensive" (rising) reaches "cheap" (falling). */
export function indifferencePricePoint(c: CountCurves, opts: CrossingOptions): number | null {
  return firstCrossing(c.prices, c.expensive, c.cheap, opts, tol(c));
}

/** The acceptable price range PMC–PME of a block, or null when either end is unknown. */
export function acceptableRange(block: Pick<VwBlock, "pmc" | "pme">): { lower: number; upper: number } | null {
  return block.pmc === null || block.pme === null ? null : { lower: block.pmc, upper: block.pme };
}
