/** Confidence intervals for a proportion and a mean. */
import jStat from "jstat";
import { mean, sampleStandardDeviation } from "./descriptive.ts";

export type Interval = [number, number];

/** Standard normal quantile Φ⁻¹(p) (jStat's inverse of the normal CDF). */
export function normalQuantile(p: number): number {
  return jStat.normal.inv(p, 0, 1) as number;
}

/** Two-sided critical value z_{1−α/2} for a confidence level, e.g. 0.95 → 1.959964. */
export function normalCriticalValue(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2);
}

/** Student t quantile with df degrees of freedom (jStat.studentt.inv). */
export function studentTQuantile(p: number, df: number): number {
  return jStat.studentt.inv(p, df) as number;
}

/**
 * Wilson score interval for a binomial proportion, without continuity correction
 * (Wilson 1927, JASA 22:209; Agresti & Coull 1998). Same as R `prop.test(x, n, correct = FALSE)$conf.int`.
 *   centre = (p̂ + z²/2n) / (1 + z²/n),  half = z/(1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²)
 * `x` may be fractional (used when projecting a fixed p̂ to another n). Null when n = 0.
 */
export function wilsonInterval(x: number, n: number, confidence = 0.95): Interval | null {
  if (!(n > 0)) return null;
  const z = normalCriticalValue(confidence);
  const p = x / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Student t interval for a mean from its summary: x̄ ± t_{1−α/2, n−1} · s/√n (Student 1908). Null when n < 2. */
export function tIntervalFromSummary(meanValue: number, sd: number, n: number, confidence = 0.95): Interval | null {
  if (n < 2) return null;
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return [meanValue - half, meanValue + half];
}

/** Student t interval for the mean of a sample (R `t.test(x)$conf.int`). Null when n < 2. */
export function tInterval(values: readonly number[], confidence = 0.95): Interval | null {
  const sd = sampleStandardDeviation(values);
  if (sd === null) return null;
  return tIntervalFromSummary(mean(values) as number, sd, values.length, confidence);
}
