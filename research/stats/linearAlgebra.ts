/** Small dense linear algebra for simulation. */

/**
 * Lower-triangular L with LLᵀ = Σ for a symmetric positive semi-definite Σ (Cholesky 1924;
 * Golub & Van Loan §4.2). Pivots below a relative tolerance are treated as 0 and their
 * column set to 0, so rank-deficient matrices — e.g. the covariance of zero-centred
 * utilities, whose rows sum to 0 — still factor.
 */
export function choleskySemidefinite(sigma: readonly (readonly number[])[], tolerance = 1e-10): number[][] {
  const k = sigma.length;
  const maxDiag = Math.max(0, ...sigma.map((row, i) => row[i]));
  const eps = tolerance * (maxDiag > 0 ? maxDiag : 1);
  const L = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    let d = sigma[j][j];
    for (let p = 0; p < j; p++) d -= L[j][p] * L[j][p];
    if (d <= eps) continue;
    const ljj = Math.sqrt(d);
    L[j][j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = sigma[i][j];
      for (let p = 0; p < j; p++) s -= L[i][p] * L[j][p];
      L[i][j] = s / ljj;
    }
  }
  return L;
}
