/**
 * The builder's sample-adequacy warnings, before fieldwork: per segment, its target n below 100 and
 * the expected times each item is shown in the segment (target n × tasks × items per task ÷ items)
 * below 500 — the same Sawtooth/Displayr guidance the results page applies to the collected data
 * (app/components/results/MaxDiffShares.tsx). No server-only imports.
 */
import { exposuresPerRespondent, maxdiffRespondentsForExposures } from "../../research/planning/maxdiffExposure.ts";
import { MIN_ITEM_EXPOSURES, MIN_SEGMENT_N } from "../components/results/MaxDiffShares.tsx";

export function plannedSampleWarnings(
  segments: Array<{ name: string; targetN: number }>,
  design: { items: number; itemsPerTask: number; tasksPerRespondent: number },
): string[] {
  if (design.items < 2 || design.itemsPerTask < 2 || design.tasksPerRespondent < 1) return [];
  const perRespondent = exposuresPerRespondent(design);
  const needed = maxdiffRespondentsForExposures(design, MIN_ITEM_EXPOSURES);
  return segments.flatMap((s) => {
    const problems: string[] = [];
    if (s.targetN < MIN_SEGMENT_N) problems.push(`its target of ${s.targetN} respondents is below ${MIN_SEGMENT_N}`);
    const exposures = Math.floor(s.targetN * perRespondent);
    if (exposures < MIN_ITEM_EXPOSURES)
      problems.push(
        `each item would be shown about ${exposures} times in it, below ${MIN_ITEM_EXPOSURES} ` +
          `(needs ${needed} respondents with this design)`,
      );
    return problems.length ? [`${s.name}: ${problems.join("; ")}.`] : [];
  });
}
