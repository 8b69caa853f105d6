/**
 * Sample size at which an interval of half-width h around a point estimate stops covering a value at distance d:
 * half-widths shrink like 1/√n (central limit theorem), so n' = n·(h/d)². Null when d or h is 0 (never settles).
 */
export function halfWidthSampleSizeToSettle(n: number, halfWidth: number, distance: number): number | null {
  if (distance === 0 || halfWidth === 0) return null;
  return n * (halfWidth / distance) ** 2;
}
