/** Hypothesis tests and multiple-comparison adjustment. */
import jStat from "jstat";

export interface TestResult {
  /** Test statistic (X² or t); null when it cannot be computed. */
  statistic: number | null;
  pValue: number | null;
}

/** Upper-tail p-value of a chi-square statistic: 1 − F(x; df) (jStat.chisquare.cdf). */
export function chiSquarePValue(statistic: number, df: number): number {
  return Math.min(1, Math.max(0, 1 - (jStat.chisquare.cdf(statistic, df) as number)));
}

/**
 * Pearson's chi-square test of two proportions x1/n1 vs x2/n2 on the 2×2 table, without
 * continuity correction (Pearson 1900; Agresti, Categorical Data Analysis §3.2). Equals the
 * square of the pooled two-proportion z statistic; R `prop.test(c(x1,x2), c(n1,n2), correct = FALSE)`.
 * Null when a group is empty or the pooled proportion is 0 or 1 (R returns NaN there).
 */
export function twoProportionChiSquare(x1: number, n1: number, x2: number, n2: number): TestResult {
  if (n1 <= 0 || n2 <= 0) return { statistic: null, pValue: null };
  const n = n1 + n2;
  const pooled = (x1 + x2) / n;
  if (pooled <= 0 || pooled >= 1) return { statistic: null, pValue: null };
  const observed = [x1, n1 - x1, x2, n2 - x2];
  const expected = [n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled)];
  let statistic = 0;
  for (let i = 0; i < 4; i++) statistic += (observed[i] - expected[i]) ** 2 / expected[i];
  return { statistic, pValue: chiSquarePValue(statistic, 1) };
}

/**
 * Welch's two-sample t test for a difference of means with Welch–Satterthwaite degrees of
 * freedom (Welch 1947); R `t.test(a, b)`. Null when a group has fewer than 2 values or both variances are 0.
 */
export function welchTTest(
  a: { mean: number; variance: number; n: number },
  b: { mean: number; variance: number; n: number },
): TestResult & { df: number | null } {
  if (a.n < 2 || b.n < 2) return { statistic: null, pValue: null, df: null };
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se2 = va + vb;
  if (!(se2 > 0)) return { statistic: null, pValue: null, df: null };
  const t = (a.mean - b.mean) / Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const pValue = Math.min(1, 2 * (1 - (jStat.studentt.cdf(Math.abs(t), df) as number)));
  return { statistic: t, pValue, df };
}

/**
 * Holm's step-down adjustment (Holm 1979, Scand. J. Statist. 6:65): sort ascending,
 * p̃(i) = max_{j ≤ i} min(1, (m − j + 1) p(j)); R `p.adjust(p, "holm")`.
 * Null entries are not tests: they stay null and do not count towards m.
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const idx = pValues.map((p, i) => [p, i] as const).filter((e): e is readonly [number, number] => e[0] !== null);
  idx.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const m = idx.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 0;
  idx.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}
