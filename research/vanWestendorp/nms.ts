/**
 * Newton–Miller–Smith extension (Newton, Miller & Smith 1993; R pricesensitivitymeter
 * `psm_analysis` with `pi_cheap`/`pi_expensive`). Purchase intent at the respondent's "cheap"
 * and "expensive" prices is calibrated to a purchase probability; the respondent's probability
 * is 0 at their "too cheap" and "too expensive" prices, linear in price between the four
 * anchors, and 0 outside [too cheap, too expensive]. Trial(p) is the weighted mean probability
 * and revenue(p) = p · trial(p); the optima are the grid argmax (lowest price on ties).
 *
 * Difference from R: R interpolates between anchors by grid *position* (`seq.int(...,
 * length.out = positions)`), which depends on how other respondents' prices are spaced; here
 * interpolation is linear in *price*, so a respondent's curve does not depend on the others.
 * The two agree when the grid is evenly spaced (e.g. with R's `interpolate = TRUE`).
 */

/** Default calibration (R's `pi_calibrated`) for purchase intent 5, 4, 3, 2, 1. */
export const DEFAULT_CALIBRATION: readonly number[] = [0.7, 0.5, 0.3, 0.1, 0];

/** Calibrated purchase probability of purchase intent `pi` (1–5); `calibration` lists 5 down to 1. */
export function calibratedProbability(pi: number, calibration: readonly number[] = DEFAULT_CALIBRATION): number {
  return calibration[5 - pi];
}

/**
 * Sum of respondents' piecewise-linear probability curves, kept as "intercept + slope · p"
 * changes at grid indices: each respondent adds 3 line segments, so the whole trial curve costs
 * O(1) per respondent plus O(grid), instead of a respondent × price matrix as in R.
 */
export class TrialAccumulator {
  readonly intercept: Float64Array;
  readonly slope: Float64Array;
  total = 0;
  count = 0;

  constructor(size: number) {
    this.intercept = new Float64Array(size);
    this.slope = new Float64Array(size);
  }

  /**
   * Adds one respondent with anchor prices tc < c < e < te (at grid indices gTc..gTe) and
   * calibrated probabilities pc at c and pe at e, with weight w.
   */
  add(
    tc: number,
    c: number,
    e: number,
    te: number,
    gTc: number,
    gC: number,
    gE: number,
    gTe: number,
    pc: number,
    pe: number,
    w: number,
  ): void {
    const s1 = pc / (c - tc),
      a1 = -s1 * tc;
    const s2 = (pe - pc) / (e - c),
      a2 = pc - s2 * c;
    const s3 = -pe / (te - e),
      a3 = -s3 * te;
    const A = this.intercept,
      S = this.slope;
    A[gTc] += w * a1;
    S[gTc] += w * s1;
    A[gC] += w * (a2 - a1);
    S[gC] += w * (s2 - s1);
    A[gE] += w * (a3 - a2);
    S[gE] += w * (s3 - s2);
    A[gTe] -= w * a3;
    S[gTe] -= w * s3;
    this.total += w;
    this.count++;
  }
}

export interface TrialCurve {
  prices: Float64Array;
  trial: Float64Array;
  revenue: Float64Array;
}

/**
 * Trial and revenue at the grid prices where `keep[g]` (the block's own grid). The changes
 * are summed over the whole grid so that segments between kept prices are accounted for.
 */
export function trialCurve(gridPrices: Float64Array, acc: TrialAccumulator, keep: Uint8Array): TrialCurve {
  let m = 0;
  for (let g = 0; g < keep.length; g++) m += keep[g];
  const prices = new Float64Array(m),
    trial = new Float64Array(m),
    revenue = new Float64Array(m);
  let a = 0,
    s = 0,
    k = 0;
  for (let g = 0; g < gridPrices.length; g++) {
    a += acc.intercept[g];
    s += acc.slope[g];
    if (!keep[g]) continue;
    const p = gridPrices[g];
    // Clamp rounding residue (±1e-17) of the cancelling line sums; probabilities are ≥ 0.
    const t = Math.max(0, (a + s * p) / acc.total);
    prices[k] = p;
    trial[k] = t;
    revenue[k] = p * t;
    k++;
  }
  return { prices, trial, revenue };
}

/**
 * Price of the largest value (lowest price among ties; values within 1e-12 relative count as
 * tied, so that rounding of the line sums cannot pick a different price). null if empty.
 */
export function argmaxPrice(prices: Float64Array, values: Float64Array): number | null {
  if (prices.length === 0) return null;
  let best = -Infinity;
  for (let k = 0; k < values.length; k++) if (values[k] > best) best = values[k];
  const floor = best - 1e-12 * Math.abs(best);
  for (let k = 0; k < values.length; k++) if (values[k] >= floor) return prices[k];
  return null;
}

/** Trial-optimal price: the price maximising the share who would try (buy) the product. */
export function trialOptimalPrice(curve: TrialCurve): number | null {
  return argmaxPrice(curve.prices, curve.trial);
}

/** Revenue-optimal price: the price maximising price × trial. */
export function revenueOptimalPrice(curve: TrialCurve): number | null {
  return argmaxPrice(curve.prices, curve.revenue);
}
