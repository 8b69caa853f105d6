/** Concentration indices. */

/** Herfindahl–Hirschman index H = Σ s_j² of shares normalised to sum 1 (Hirschman 1945; Herfindahl 1950). Null if the total is 0. */
export function herfindahl(values: readonly number[]): number | null {
  const total = values.reduce((s, v) => s + v, 0);
  if (!(total > 0)) return null;
  return values.reduce((s, v) => s + (v / total) ** 2, 0);
}

/**
 * Normalised Herfindahl index H* = (H − 1/m)/(1 − 1/m) over m groups: 0 when the values are
 * equal, 1 when everything is in one group. Null when m < 2 or the total is 0.
 */
export function normalizedHerfindahl(values: readonly number[]): number | null {
  const m = values.length;
  const h = herfindahl(values);
  if (m < 2 || h === null) return null;
  return Math.min(1, Math.max(0, (h - 1 / m) / (1 - 1 / m)));
}
