import { wilsonInterval } from "./intervals.ts";

/**
 * Smallest sample size n' ≥ n at which the Wilson interval (Wilson 1927) of the same observed share p̂ excludes the
 * threshold, found by doubling and bisection. Null when p̂ equals the threshold (never settles) or n' would exceed 10⁸.
 */
export function wilsonSampleSizeToSettle(
  share: number,
  n: number,
  threshold: number,
  confidence: number,
): number | null {
  if (share === threshold || n <= 0) return null;
  const settled = (m: number) => {
    const iv = wilsonInterval(share * m, m, confidence)!;
    return share > threshold ? iv[0] >= threshold : iv[1] < threshold;
  };
  if (settled(n)) return n;
  let hi = Math.max(1, n) * 2;
  while (!settled(hi)) {
    hi *= 2;
    if (hi > 1e8) return null;
  }
  let lo = n; // not settled at lo, settled at hi
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (settled(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
