/** Paired comparisons and a least-squares line. */
import jStat from "jstat";
import { mean, sampleStandardDeviation } from "./descriptive.ts";
import { tIntervalFromSummary, type Interval } from "./intervals.ts";

export interface PairedTTestResult {
  n: number;
  /** Mean of the differences a − b. */
  meanDifference: number | null;
  sd: number | null;
  /** Student t interval of the mean difference at `confidence`. */
  interval: Interval | null;
  statistic: number | null;
  df: number | null;
  /** Two-sided p-value. */
  pValue: number | null;
  /** One-sided p-value for H1: mean difference > margin. */
  pGreater: number | null;
}

/**
 * Paired t test on differences d_i = a_i − b_i against H0: δ = margin (Student 1908): t = (d̄ − margin)/(s_d/√n),
 * df = n − 1; R `t.test(a, b, paired = TRUE, mu = margin)`. Nulls when n < 2 or every difference is equal.
 */
export function pairedTTest(differences: readonly number[], confidence = 0.95, margin = 0): PairedTTestResult {
  const n = differences.length;
  const m = mean(differences);
  const sd = sampleStandardDeviation(differences);
  const empty = { statistic: null, df: null, pValue: null, pGreater: null };
  if (m === null || sd === null) return { n, meanDifference: m, sd, interval: null, ...empty };
  const interval = tIntervalFromSummary(m, sd, n, confidence);
  if (!(sd > 0)) return { n, meanDifference: m, sd, interval, ...empty };
  const t = (m - margin) / (sd / Math.sqrt(n));
  const df = n - 1;
  const upper = 1 - (jStat.studentt.cdf(t, df) as number);
  const pValue = Math.min(1, 2 * (1 - (jStat.studentt.cdf(Math.abs(t), df) as number)));
  return { n, meanDifference: m, sd, interval, statistic: t, df, pValue, pGreater: upper };
}

/**
 * Ordinary least-squares line y = a + b·x (Gauss 1809; any regression text):
 * b = Σ(x − x̄)(y − ȳ)/Σ(x − x̄)², a = ȳ − b·x̄. Null with fewer than 2 points or all x equal.
 */
export function leastSquaresLine(
  points: readonly { x: number; y: number }[],
): { intercept: number; slope: number } | null {
  if (points.length < 2) return null;
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  if (!(sxx > 0)) return null;
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}
