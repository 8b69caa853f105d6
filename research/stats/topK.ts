import type { Rng } from "../random.ts";

/** Point rank (1 = highest utility; ties share the better rank). */
export function pointRank(utilities: readonly number[], index: number): number {
  let above = 0;
  for (const v of utilities) if (v > utilities[index]) above++;
  return above + 1;
}

/** `draws` vectors of `dimension` independent standard-normal draws (common random numbers for topKProbability). */
export function standardNormalDraws(rng: Rng, draws: number, dimension: number): Float64Array[] {
  return Array.from({ length: draws }, () => {
    const d = new Float64Array(dimension);
    for (let i = 0; i < dimension; i++) d[i] = rng.normal();
    return d;
  });
}

/**
 * Monte Carlo probability that all `targets` rank in the top k when utilities are drawn from N(u, Σ/scale), Σ = LLᵀ,
 * using the fixed standard-normal draws `z` (common random numbers across scales; Glasserman 2003, §4.2).
 */
export function topKProbability(
  u: readonly number[],
  L: readonly number[][],
  z: readonly Float64Array[],
  targets: readonly number[],
  k: number,
  scale: number,
): number {
  const K = u.length;
  const s = 1 / Math.sqrt(scale);
  const v = new Float64Array(K);
  let hits = 0;
  for (const zd of z) {
    for (let i = 0; i < K; i++) {
      let acc = 0;
      const row = L[i];
      for (let p = 0; p <= i; p++) acc += row[p] * zd[p];
      v[i] = u[i] + s * acc;
    }
    let all = true;
    for (const t of targets) {
      let above = 0;
      for (let i = 0; i < K; i++) if (v[i] > v[t]) above++;
      if (above >= k) {
        all = false;
        break;
      }
    }
    if (all) hits++;
  }
  return hits / z.length;
}

/**
 * The covariance scale c ≥ 1 (sample size n·c, as the MLE's covariance shrinks like 1/n) at which `settled(c)` first
 * holds: doubling up to 10⁴, then 14 bisection steps. Null when it does not settle by 10⁴.
 */
export function scaleToSettle(settled: (scale: number) => boolean): number | null {
  let hi = 2;
  while (!settled(hi) && hi < 1e4) hi *= 2;
  if (!settled(hi)) return null;
  let lo = 1;
  for (let it = 0; it < 14; it++) {
    const mid = (lo + hi) / 2;
    if (settled(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
