/** Survey-weight summaries (Kish 1965, "Survey Sampling", §11.7). */

/** Kish design effect of unequal weights: n Σw² / (Σw)² = 1 + CV² (CV with the population variance). Null when empty. */
export function kishDesignEffect(weights: ArrayLike<number>): number | null {
  const n = weights.length;
  if (n === 0) return null;
  let s = 0,
    s2 = 0;
  for (let i = 0; i < n; i++) {
    s += weights[i];
    s2 += weights[i] * weights[i];
  }
  return s > 0 ? (n * s2) / (s * s) : null;
}

/** Kish effective sample size (Σw)² / Σw² = n / design effect. Null when empty or all weights are 0. */
export function kishEffectiveN(weights: ArrayLike<number>): number | null {
  let s = 0,
    s2 = 0;
  for (let i = 0; i < weights.length; i++) {
    s += weights[i];
    s2 += weights[i] * weights[i];
  }
  return s2 > 0 ? (s * s) / s2 : null;
}
