/** Counting and enumerating subsets. */

/** Binomial coefficient C(n, k) as a float (exact for the sizes used here, up to ~2^53). */
export function binomialCoefficient(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  k = Math.min(k, n - k);
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** Calls `visit` with every k-subset of 0..n−1 in lexicographic order (the array is reused: copy it to keep it). */
export function forEachCombination(n: number, k: number, visit: (indices: readonly number[]) => void): void {
  if (k < 0 || k > n) return;
  const c = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    visit(c);
    let i = k - 1;
    while (i >= 0 && c[i] === n - k + i) i--;
    if (i < 0) return;
    c[i]++;
    for (let j = i + 1; j < k; j++) c[j] = c[j - 1] + 1;
  }
}
