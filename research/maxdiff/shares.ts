/**
 * Probability-rescaled shares (Sawtooth Software, "MaxDiff Technical Paper" / Lighthouse
 * Studio help, "Probability-scaled scores"; Louviere, Flynn & Marley 2015 §5): for
 * zero-centred utilities, exp(u)/(exp(u) + k − 1) is the probability that the item would
 * be chosen best against k − 1 items of average (zero) utility; normalised to sum to 100.
 */
import { cholesky } from "./linalg.ts";
import type { Rng } from "../random.ts";

/** Probability-rescaled shares (sum 100) from zero-centred utilities; k = items per task. */
export function rescaledShares(
  u: ArrayLike<number>,
  k: number,
  out: Float64Array = new Float64Array(u.length),
): Float64Array {
  let sum = 0;
  for (let i = 0; i < u.length; i++) {
    const e = Math.exp(u[i]);
    const s = Number.isFinite(e) ? e / (e + k - 1) : 1;
    out[i] = s;
    sum += s;
  }
  for (let i = 0; i < u.length; i++) out[i] = (100 * out[i]) / sum;
  return out;
}

/**
 * A sampler of N(u, Σ) for zero-centred u and the (singular, rank K−1) zero-centred
 * covariance Σ: draws the first K−1 utilities from their (positive-definite) marginal and
 * sets the last to minus their sum, which is exact because every draw sums to 0.
 * Returns null when the leading block is not positive definite.
 */
export function zeroCentredSampler(
  u: ArrayLike<number>,
  cov: ArrayLike<number>,
  K: number,
): ((rng: Rng, out: Float64Array) => Float64Array) | null {
  const P = K - 1;
  const a = new Float64Array(P * P);
  for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) a[i * P + j] = cov[i * K + j];
  const l = new Float64Array(P * P);
  if (P > 0 && !cholesky(a, P, l)) return null;
  const z = new Float64Array(P);
  return (rng, out) => {
    for (let i = 0; i < P; i++) z[i] = rng.normal();
    let sum = 0;
    for (let i = 0; i < P; i++) {
      let s = u[i];
      for (let j = 0; j <= i; j++) s += l[i * P + j] * z[j];
      out[i] = s;
      sum += s;
    }
    out[P] = -sum;
    return out;
  };
}

/** Linear-interpolation percentile (Hyndman & Fan 1996 type 7) of a sorted array. */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h),
    hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * 95% intervals of the probability-rescaled shares by simulation from N(u, Σ) (Krinsky &
 * Robb 1986 parametric bootstrap): `draws` utility vectors → shares → 2.5th/97.5th percentiles.
 */
export function simulatedShareIntervals(
  u: ArrayLike<number>,
  cov: ArrayLike<number>,
  k: number,
  rng: Rng,
  draws = 2000,
): [number, number][] | null {
  const K = u.length;
  const sample = zeroCentredSampler(u, cov, K);
  if (!sample) return null;
  const cols = Array.from({ length: K }, () => new Float64Array(draws));
  const x = new Float64Array(K),
    s = new Float64Array(K);
  for (let d = 0; d < draws; d++) {
    sample(rng, x);
    rescaledShares(x, k, s);
    for (let i = 0; i < K; i++) cols[i][d] = s[i];
  }
  return cols.map((c) => {
    c.sort();
    return [percentileSorted(c, 0.025), percentileSorted(c, 0.975)];
  });
}
