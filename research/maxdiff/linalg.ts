/**
 * Small dense linear algebra on row-major Float64Arrays (n × n), enough for Newton–Raphson
 * and the HB Gibbs sampler. Cholesky–Banachiewicz (Golub & Van Loan, Matrix Computations, §4.2).
 */

/** Lower Cholesky factor L (LLᵀ = A) into `out`; returns false when A is not positive definite. */
export function cholesky(a: Float64Array, n: number, out: Float64Array): boolean {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let m = 0; m < j; m++) s -= out[i * n + m] * out[j * n + m];
      if (i === j) {
        if (!(s > 0)) return false;
        out[i * n + i] = Math.sqrt(s);
      } else out[i * n + j] = s / out[j * n + j];
    }
    for (let j = i + 1; j < n; j++) out[i * n + j] = 0;
  }
  return true;
}

/** Inverse of a lower-triangular L into `out` (also lower-triangular). */
export function invertLower(l: Float64Array, n: number, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < n; i++) {
    out[i * n + i] = 1 / l[i * n + i];
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let m = j; m < i; m++) s -= l[i * n + m] * out[m * n + j];
      out[i * n + j] = s / l[i * n + i];
    }
  }
}

/** Inverse of a symmetric positive-definite A (via Cholesky), or null when not PD. */
export function invertSpd(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  if (!cholesky(a, n, l)) return null;
  const li = new Float64Array(n * n);
  invertLower(l, n, li);
  // A⁻¹ = L⁻ᵀ L⁻¹
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let m = i; m < n; m++) s += li[m * n + i] * li[m * n + j];
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}

/**
 * Covariance of free parameters (reference coding: item `ref` fixed at 0, the others in
 * order) → covariance of the zero-centred utilities, C V Cᵀ with C = I − 11ᵀ/K and V
 * padded with a zero row/column for the reference item.
 */
export function zeroCentredCovariance(free: Float64Array, K: number, ref: number): Float64Array {
  const p = K - 1;
  const full = new Float64Array(K * K);
  const idx = (i: number) => (i < ref ? i : i + 1);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) full[idx(i) * K + idx(j)] = free[i * p + j];
  const rowMean = new Float64Array(K);
  let grand = 0;
  for (let i = 0; i < K; i++) {
    let s = 0;
    for (let j = 0; j < K; j++) s += full[i * K + j];
    rowMean[i] = s / K;
    grand += s;
  }
  grand /= K * K;
  const out = new Float64Array(K * K);
  // (CVC)_ij = V_ij − r_i − r_j + g (V symmetric, so column means = row means)
  for (let i = 0; i < K; i++)
    for (let j = 0; j < K; j++) out[i * K + j] = full[i * K + j] - rowMean[i] - rowMean[j] + grand;
  return out;
}
