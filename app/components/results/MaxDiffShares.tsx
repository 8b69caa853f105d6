import { SharesChart } from "../charts/SharesChart.tsx";
import type { ResultsView as View } from "../../results/view.server.ts";
import { formatProportion } from "./format.ts";

/** Sawtooth/Displayr guidance for stable MaxDiff estimates per reported group. */
export const MIN_ITEM_EXPOSURES = 500;
export const MIN_SEGMENT_N = 100;
/** Split R-hat above this: the HB chain has not converged (Gelman et al., Bayesian Data Analysis). */
export const MAX_RHAT = 1.05;

type Block = NonNullable<View["maxdiff"]["segments"][string]>;

/** Sample-adequacy warning of one segment's MaxDiff block, or null when n and item exposures suffice. */
export function sampleWarning(b: Pick<Block, "respondents" | "minExposures">): string | null {
  const problems: string[] = [];
  if (b.respondents < MIN_SEGMENT_N) problems.push(`${b.respondents} respondents (fewer than ${MIN_SEGMENT_N})`);
  if (b.minExposures < MIN_ITEM_EXPOSURES)
    problems.push(`some items shown only ${b.minExposures} times (fewer than ${MIN_ITEM_EXPOSURES})`);
  return problems.length
    ? `Small sample: ${problems.join(" and ")}. Treat these shares as indicative (Sawtooth/Displayr guidance: ` +
        `at least ${MIN_SEGMENT_N} respondents and ${MIN_ITEM_EXPOSURES} exposures per item).`
    : null;
}

export function MaxDiffShares({ view }: { view: View }) {
  const conv = view.maxdiff.convergence;
  const notConverged = conv && conv.maxRhat !== null && conv.maxRhat > MAX_RHAT;
  return (
    <section className="card" aria-labelledby="md-h">
      <h2 id="md-h">What each segment values (MaxDiff shares)</h2>
      <p className="muted">
        Share of preference: the chance each feature is picked as most important, summing to 100% within a segment;
        whiskers are 95% intervals.
        {view.maxdiff.anchored
          ? " Anchored MaxDiff: the must-have share is the share of the segment valuing the feature above the anchor" +
            " (“valuable to me”), with its 95% interval."
          : null}
      </p>
      {notConverged ? (
        <p className="warning" role="status">
          HB has not converged (R-hat {conv.maxRhat!.toFixed(2)} &gt; {MAX_RHAT.toFixed(2)}): individual results may
          change with more iterations.
        </p>
      ) : null}
      {view.shown.map((k) => {
        const b = view.maxdiff.segments[k];
        if (!b) return <p key={k}>No MaxDiff answers from {view.segmentNames[k]} yet.</p>;
        const rows = [...b.rows].sort((a, c) => (c.share ?? -1) - (a.share ?? -1));
        const small = sampleWarning(b);
        return (
          <div key={k}>
            <h3>
              {view.segmentNames[k]} <span className="muted">({b.respondents} respondents)</span>
            </h3>
            {small ? <p className="warning">{small}</p> : null}
            <SharesChart
              id={`md-${k}`}
              title={`MaxDiff shares, ${view.segmentNames[k]}`}
              rows={rows}
              download={`/studies/${view.study.id}/export/chart-md-${encodeURIComponent(k)}.svg${view.exportQuery}`}
            />
            {b.anchored ? (
              <div className="table-wrap">
                <table aria-label={`Must-have share, ${view.segmentNames[k]}`}>
                  <thead>
                    <tr>
                      <th>Feature</th>
                      <th className="num">Must-have share</th>
                      <th className="num">95% interval</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.label}>
                        <td>{r.label}</td>
                        <td className="num">{formatProportion(r.mustHave)}</td>
                        <td className="num">
                          {r.mustHaveInterval
                            ? `${formatProportion(r.mustHaveInterval[0])}–${formatProportion(r.mustHaveInterval[1])}`
                            : "–"}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {rows.every((r) => r.mustHave === null) ? (
                  <p className="muted">Must-have shares appear once Hierarchical Bayes has run.</p>
                ) : null}
              </div>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
