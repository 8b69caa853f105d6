/**
 * Overall figure for a market mix from per-segment figures: Σ_s mix_s · figure_s / Σ_s mix_s
 * (post-stratification, Holt & Smith 1979). Raking on segment alone gives every respondent of
 * segment s the weight mix_s · n / n_s, so a weighted overall share equals this; per-segment
 * figures do not change with the mix.
 */
import { InputError } from "../inputError.ts";

/** Mix-weighted overall of per-segment figures; segments with a null figure are left out (null if none is left). */
export function weightedOverall(figures: Record<string, number | null>, mix: Record<string, number>): number | null {
  let num = 0,
    den = 0;
  for (const [segment, share] of Object.entries(mix)) {
    if (!(share >= 0) || !Number.isFinite(share))
      throw new InputError(`mix share of ${segment} must be a finite number ≥ 0 (got ${share})`);
    const f = figures[segment];
    if (f === undefined) throw new InputError(`no figure for segment ${segment}`);
    if (f === null || share === 0) continue;
    num += share * f;
    den += share;
  }
  return den > 0 ? num / den : null;
}
