import { formatProportion } from "./format.ts";
import type { ResultsView as View } from "../../results/view.server.ts";

export function ConceptScores({ view }: { view: View }) {
  if (view.concepts.length === 0) return null;
  return (
    <section className="card" aria-labelledby="ct-h">
      <h2 id="ct-h">Concept purchase intent (top-2-box)</h2>
      <div className="table-wrap">
        <table className="reflow">
          <thead>
            <tr>
              <th>Concept</th>
              <th>Segment</th>
              <th className="num">n</th>
              <th className="num">Top-2-box</th>
              <th className="num">95% interval</th>
            </tr>
          </thead>
          <tbody>
            {view.concepts.map((c) => (
              <tr key={`${c.concept}:${c.segment ?? ""}`}>
                <th scope="row" data-label="Concept">
                  {c.concept}
                </th>
                <td data-label="Segment">{c.segment === null ? "All" : view.segmentNames[c.segment]}</td>
                <td className="num" data-label="n">
                  {c.n}
                </td>
                <td className="num" data-label="Top-2-box">
                  {formatProportion(c.top2Share)}
                </td>
                <td className="num" data-label="95% interval">
                  {c.top2Interval
                    ? `${formatProportion(c.top2Interval[0])}–${formatProportion(c.top2Interval[1])}`
                    : "–"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
