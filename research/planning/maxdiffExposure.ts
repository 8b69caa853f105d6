/**
 * MaxDiff design adequacy: how often each item is seen per segment, and whether individual
 * (Hierarchical Bayes) utilities have enough information per respondent (Orme 2005,
 * "Sample size issues for conjoint analysis", Sawtooth Software; Sawtooth MaxDiff technical paper 2020).
 */

/** Default exposures per item per segment: best/worst counts of ±4 points at 95% (1.96·√(.25/500) = 0.044). */
export const DEFAULT_EXPOSURES_PER_ITEM = 500;

/** Default minimum times each item is shown to each respondent for HB (Sawtooth's 3–5 rule; we use 3). */
export const MIN_HB_EXPOSURES_PER_RESPONDENT = 3;

export interface MaxDiffDesignShape {
  items: number;
  itemsPerTask: number;
  tasksPerRespondent: number;
}

/** Expected times each item is shown to one respondent in a balanced design: tasks·k/items. */
export function exposuresPerRespondent(d: MaxDiffDesignShape): number {
  return (d.tasksPerRespondent * d.itemsPerTask) / d.items;
}

/**
 * Respondents a segment needs so that each item is shown at least `exposures` times in total
 * (balanced design): n = exposures·items/(k·tasks), rounded up (Orme 2005).
 */
export function maxdiffRespondentsForExposures(d: MaxDiffDesignShape, exposures = DEFAULT_EXPOSURES_PER_ITEM): number {
  return Math.ceil(exposures / exposuresPerRespondent(d) - 1e-9);
}

/** Half-width of a 95% interval of an item's best (or worst) share with `shown` exposures, worst case p = .5. */
export function countHalfWidth(shown: number, z = 1.959964): number | null {
  return shown > 0 ? z * Math.sqrt(0.25 / shown) : null;
}

/** HB adequacy: each respondent sees each item at least `minimum` times (tasks·k/items ≥ 3). */
export function hbAdequacy(
  d: MaxDiffDesignShape,
  minimum = MIN_HB_EXPOSURES_PER_RESPONDENT,
): { exposuresPerRespondent: number; minimum: number; adequate: boolean; tasksNeeded: number } {
  const e = exposuresPerRespondent(d);
  return {
    exposuresPerRespondent: e,
    minimum,
    adequate: e >= minimum - 1e-9,
    tasksNeeded: Math.ceil((minimum * d.items) / d.itemsPerTask - 1e-9),
  };
}
