/**
 * Nonparametric bootstrap of the price points (Efron & Tibshirani 1993, "An Introduction to
 * the Bootstrap", ch. 6 and 13): respondents are resampled with replacement (keeping their
 * weights), the price points recomputed, and the 95% percentile interval taken. Resamples reuse
 * the grid indices of the full sample, so each costs O(n + grid) — no re-sorting.
 */
import type { Rng } from "../random.ts";
import { countCurves } from "./curves.ts";
import type { PriceGrid } from "./grid.ts";
import {
  indifferencePricePoint,
  optimalPricePoint,
  pointOfMarginalCheapness,
  pointOfMarginalExpensiveness,
  type CrossingOptions,
} from "./pricePoints.ts";
import type { VwInterval, VwIntervals } from "./types.ts";

/**
 * Quantile q of sorted values with R's default (type 7) linear interpolation
 * (Hyndman & Fan 1996): h = (n − 1)q, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Percentile interval (Efron & Tibshirani 1993, §13.3) of bootstrap replicates at `level`.
 * Replicates where the statistic could not be computed (NaN) are left out; null when none is left.
 */
export function percentileInterval(replicates: Float64Array, level = 0.95): VwInterval | null {
  const kept = replicates.filter((v) => !Number.isNaN(v)).sort();
  if (kept.length === 0) return null;
  const alpha = (1 - level) / 2;
  return [roundNoise(quantileSorted(kept, alpha)), roundNoise(quantileSorted(kept, 1 - alpha))];
}

function roundNoise(x: number): number {
  return Math.abs(x) < 1e5 ? Math.round(x * 1e9) / 1e9 : x;
}

/**
 * Bootstrap intervals for PMC, OPP, IPP and PME of the respondents `members` (indices of valid
 * respondents of one block): `resamples` resamples of members.length respondents drawn with
 * replacement by `rng`.
 */
export function bootstrapIntervals(
  grid: PriceGrid,
  members: Int32Array,
  weight: Float64Array | null | undefined,
  resamples: number,
  rng: Rng,
  opts: CrossingOptions,
): VwIntervals {
  const G = grid.prices.length,
    m = members.length;
  const reps = {
    pmc: new Float64Array(resamples),
    opp: new Float64Array(resamples),
    ipp: new Float64Array(resamples),
    pme: new Float64Array(resamples),
  };
  const counts = [new Float64Array(G), new Float64Array(G), new Float64Array(G), new Float64Array(G)];
  // Gather the members' grid indices and weights once, so each draw reads contiguous arrays.
  const gather = (ix: Int32Array) => Int32Array.from(members, (i) => ix[i]);
  const [iTc, iC, iE, iTe] = grid.index.map(gather);
  const w = weight ? Float64Array.from(members, (i) => weight[i]) : null;
  const [cTc, cC, cE, cTe] = counts;
  for (let b = 0; b < resamples; b++) {
    for (const c of counts) c.fill(0);
    if (w) {
      for (let k = 0; k < m; k++) {
        const j = rng.int(m),
          wj = w[j];
        cTc[iTc[j]] += wj;
        cC[iC[j]] += wj;
        cE[iE[j]] += wj;
        cTe[iTe[j]] += wj;
      }
    } else {
      for (let k = 0; k < m; k++) {
        const j = rng.int(m);
        cTc[iTc[j]]++;
        cC[iC[j]]++;
        cE[iE[j]]++;
        cTe[iTe[j]]++;
      }
    }
    const curves = countCurves(grid.prices, counts);
    reps.pmc[b] = pointOfMarginalCheapness(curves, opts) ?? NaN;
    reps.opp[b] = optimalPricePoint(curves, opts) ?? NaN;
    reps.ipp[b] = indifferencePricePoint(curves, opts) ?? NaN;
    reps.pme[b] = pointOfMarginalExpensiveness(curves, opts) ?? NaN;
  }
  return {
    pmc: percentileInterval(reps.pmc),
    opp: percentileInterval(reps.opp),
    ipp: percentileInterval(reps.ipp),
    pme: percentileInterval(reps.pme),
  };
}
