import { SharesChart } from "../charts/SharesChart.tsx";
import type { ResultsView as View } from "../../results/view.server.ts";

export function MaxDiffShares({ view }: { view: View }) {
  return (
    <section className="card" aria-labelledby="md-h">
      <h2 id="md-h">What each segment values (MaxDiff shares)</h2>
      <p className="muted">
        Share of preference: the chance each feature is picked as most important, summing to 100% within a segment;
        whiskers are 95% intervals.
      </p>
      {view.shown.map((k) => {
        const b = view.maxdiff.segments[k];
        return b ? (
          <div key={k}>
            <h3>
              {view.segmentNames[k]} <span className="muted">({b.respondents} respondents)</span>
            </h3>
            <SharesChart
              id={`md-${k}`}
              title={`MaxDiff shares, ${view.segmentNames[k]}`}
              rows={[...b.rows].sort((a, c) => (c.share ?? -1) - (a.share ?? -1))}
              download={`/studies/${view.study.id}/export/chart-md-${encodeURIComponent(k)}.svg`}
            />
          </div>
        ) : (
          <p key={k}>No MaxDiff answers from {view.segmentNames[k]} yet.</p>
        );
      })}
    </section>
  );
}
