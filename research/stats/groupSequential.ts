/**
 * Group-sequential boundaries from an alpha-spending function (Lan & DeMets 1983, Biometrika
 * 70:659), computed by recursive numerical integration of the sequential distribution of the
 * score process (Armitage, McPherson & Rowe 1969, JRSS A 132:235; Jennison & Turnbull 2000,
 * Group Sequential Methods, ch. 19).
 *
 * Under H0 the score process B(t) = Z(t)·√t has independent N(0, Δt) increments in the
 * information fraction t. The sub-density of B at look k on the continuation region
 * (Z_j < b_j for all j ≤ k) is carried on a grid; b_k solves
 *   P(Z_1 < b_1, …, Z_{k−1} < b_{k−1}, Z_k ≥ b_k) = α(t_k) − α(t_{k−1}).
 */
import jStat from "jstat";

const pnorm = (x: number) => jStat.normal.cdf(x, 0, 1) as number;
const qnorm = (p: number) => jStat.normal.inv(p, 0, 1) as number;
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Largest z-boundary reported: P(Z ≥ 8) ≈ 6·10⁻¹⁶, i.e. "cannot be crossed yet". */
export const MAX_BOUNDARY = 8;

/**
 * Lan–DeMets O'Brien–Fleming-type spending function for a one-sided level α:
 * α(t) = 2 − 2Φ(z_{1−α/2}/√t), with α(1) = α (Lan & DeMets 1983; gsDesign's sfLDOF).
 */
export function obrienFlemingSpending(t: number, alpha: number): number {
  if (t <= 0) return 0;
  if (t >= 1) return alpha;
  return 2 - 2 * pnorm(qnorm(1 - alpha / 2) / Math.sqrt(t));
}

export interface SequentialBoundary {
  /** Information fraction of the look (0 < t ≤ 1). */
  t: number;
  /** Upper z-boundary: cross it (Z ≥ b) to reject at this look. At most MAX_BOUNDARY. */
  z: number;
  /** Cumulative alpha spent up to and including this look. */
  alphaSpent: number;
}

/** Simpson weights for m (odd) equally spaced points with step h. */
function simpsonWeights(m: number, h: number): Float64Array {
  const w = new Float64Array(m);
  for (let i = 0; i < m; i++) w[i] = ((i === 0 || i === m - 1 ? 1 : i % 2 === 1 ? 4 : 2) * h) / 3;
  return w;
}

/**
 * One-sided group-sequential boundaries for looks at increasing information fractions
 * `fractions` (the last may be 1), spending `spend(t)` cumulatively. Deterministic; cost
 * O(K·G²) for K looks and G grid points (G grows as looks get closer together, capped at 4,001).
 */
export function groupSequentialBoundaries(
  fractions: readonly number[],
  alpha: number,
  spend: (t: number, alpha: number) => number = obrienFlemingSpending,
): SequentialBoundary[] {
  const out: SequentialBoundary[] = [];
  if (fractions.length === 0) return out;
  for (let k = 0; k < fractions.length; k++) {
    const t = fractions[k];
    if (!(t > 0 && t <= 1) || (k > 0 && !(t > fractions[k - 1])))
      throw new RangeError("information fractions must increase within (0, 1]");
  }
  // Grid step: resolve the narrowest increment's kernel (≥ 8 steps per SD) and never coarser than 0.05.
  let minSd = Math.sqrt(fractions[0]);
  for (let k = 1; k < fractions.length; k++) minSd = Math.min(minSd, Math.sqrt(fractions[k] - fractions[k - 1]));
  const h = Math.max(Math.min(0.05, minSd / 8), 10 / 4000);

  // Look 1: B ~ N(0, t1); boundary in closed form.
  const t1 = fractions[0];
  const a1 = spend(t1, alpha);
  const b1 = a1 > 0 ? Math.min(MAX_BOUNDARY, qnorm(1 - a1)) : MAX_BOUNDARY;
  out.push({ t: t1, z: b1, alphaSpent: a1 });
  // Sub-density on the continuation region at look 1: x ∈ [−8√t, b√t).
  let { xs, g } = grid(-MAX_BOUNDARY * Math.sqrt(t1), b1 * Math.sqrt(t1), h, (x) => normalDensity(x, t1));
  let spent = a1;
  for (let k = 1; k < fractions.length; k++) {
    const t = fractions[k];
    const sd = Math.sqrt(t - fractions[k - 1]);
    const w = simpsonWeights(xs.length, xs.length > 1 ? xs[1] - xs[0] : 0);
    const cross = (b: number) => {
      let p = 0;
      const c = b * Math.sqrt(t);
      for (let i = 0; i < xs.length; i++) {
        const u = (c - xs[i]) / sd;
        if (u > 9) continue; // 1 − Φ(9) ≈ 10⁻¹⁹
        p += w[i] * g[i] * (u < -9 ? 1 : 1 - pnorm(u));
      }
      return p;
    };
    const target = Math.max(0, spend(t, alpha) - spent);
    let b: number;
    if (cross(MAX_BOUNDARY) >= target) b = MAX_BOUNDARY;
    else {
      let lo = -MAX_BOUNDARY;
      let hi = MAX_BOUNDARY; // cross(hi) < target ≤ cross(lo)
      for (let it = 0; it < 60; it++) {
        const mid = (lo + hi) / 2;
        if (cross(mid) >= target) lo = mid;
        else hi = mid;
      }
      b = (lo + hi) / 2;
    }
    spent += cross(b);
    out.push({ t, z: b, alphaSpent: spent });
    if (k < fractions.length - 1) {
      const prevXs = xs;
      const prevG = g;
      const pw = w;
      const x0 = prevXs[0];
      const dx = prevXs.length > 1 ? prevXs[1] - prevXs[0] : 1;
      ({ xs, g } = grid(-MAX_BOUNDARY * Math.sqrt(t), b * Math.sqrt(t), h, (y) => {
        // Only previous points within 9 SDs of y contribute (the grid is uniform, so index them directly).
        const from = Math.max(0, Math.floor((y - 9 * sd - x0) / dx));
        const to = Math.min(prevXs.length - 1, Math.ceil((y + 9 * sd - x0) / dx));
        let s = 0;
        for (let i = from; i <= to; i++) {
          const u = (y - prevXs[i]) / sd;
          s += pw[i] * prevG[i] * Math.exp(-0.5 * u * u);
        }
        return s / (sd * SQRT_2PI);
      }));
    }
  }
  return out;
}

function normalDensity(x: number, variance: number): number {
  return Math.exp((-0.5 * x * x) / variance) / Math.sqrt(2 * Math.PI * variance);
}

/** Odd number of equally spaced points covering [lo, hi] (spacing ≤ h) and a function on them. */
function grid(lo: number, hi: number, h: number, f: (x: number) => number): { xs: Float64Array; g: Float64Array } {
  let m = Math.ceil((hi - lo) / h) + 1;
  if (m % 2 === 0) m++;
  m = Math.max(3, Math.min(m, 4001 | 1));
  const step = (hi - lo) / (m - 1);
  const xs = new Float64Array(m);
  const g = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    xs[i] = lo + i * step;
    g[i] = f(xs[i]);
  }
  return { xs, g };
}
