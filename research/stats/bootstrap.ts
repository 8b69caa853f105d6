/** Percentile bootstrap helpers (Efron & Tibshirani 1993, "An Introduction to the Bootstrap", §13.3). */
import type { Interval } from "./intervals.ts";

/** Quantile q of ascending values with R's default type 7 interpolation (Hyndman & Fan 1996). */
export function quantileType7(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Percentile interval of bootstrap replicates at `level` (NaN replicates left out); null when none is left. */
export function bootstrapPercentileInterval(replicates: ArrayLike<number>, level = 0.95): Interval | null {
  const kept = Float64Array.from(replicates).filter((v) => !Number.isNaN(v));
  if (kept.length === 0) return null;
  kept.sort();
  const alpha = (1 - level) / 2;
  return [tidy(quantileType7(kept, alpha)), tidy(quantileType7(kept, 1 - alpha))];
}

/** Rounds summation noise (1e-15) away so that intervals print as the values they are. */
function tidy(x: number): number {
  return Math.abs(x) < 1e5 ? Math.round(x * 1e9) / 1e9 : x;
}
