import type { ResultsView as View } from "../../results/view.server.ts";

const percent = (share: number) => `${Number((share * 100).toFixed(1))}%`;

/** Says whether the overall figures are weighted to the researcher's market mix, with the precision it costs. */
export function WeightingNote({ view }: { view: View }) {
  const w = view.weighting;
  if (!w) return null;
  const mix = w.targets.map((t) => `${t.name} ${percent(t.share)}`).join(", ");
  if (!w.applied)
    return (
      <p className="muted" data-testid="weighting-note">
        {`Your market mix (${mix}) is not applied: ${w.reason}. Overall figures are unweighted.`}
      </p>
    );
  const deff = w.designEffect === null ? "–" : w.designEffect.toFixed(2);
  const nEff = w.effectiveN === null ? "–" : String(Math.round(w.effectiveN));
  return (
    <p className="muted" data-testid="weighting-note">
      {`Overall figures weighted to your market mix (${mix}); design effect ${deff}, effective n ${nEff}. ` +
        "Per-segment figures are unweighted."}
    </p>
  );
}
