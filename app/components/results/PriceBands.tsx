import { unpackCurves } from "../charts/thinCurves.ts";
import { VanWestendorpChart } from "../charts/VanWestendorpChart.tsx";
import { formatMoney } from "./format.ts";
import type { ResultsView as View } from "../../results/view.server.ts";

export function PriceBands({ view }: { view: View }) {
  const money = (x: number | null | undefined) => formatMoney(x, view.study.currency);
  const iv = (i: [number, number] | null | undefined) => (i ? `${money(i[0])}–${money(i[1])}` : "");
  return (
    <section className="card" aria-labelledby="price-h">
      <h2 id="price-h">Segment price bands (Van Westendorp)</h2>
      <p className="muted">
        Acceptable range = point of marginal cheapness (PMC) to point of marginal expensiveness (PME); OPP = optimal
        price, IPP = indifference price. Intervals are 95% bootstrap intervals.
      </p>
      <div className="table-wrap">
        <table className="price-bands">
          <thead>
            <tr>
              <th>Segment</th>
              <th className="num">Valid answers</th>
              <th className="num">Acceptable range</th>
              <th className="num">OPP</th>
              <th className="num">IPP</th>
              <th className="num">NMS revenue-optimal</th>
            </tr>
          </thead>
          <tbody>
            {view.shown.map((k) => {
              const b = view.price.segments[k];
              return (
                <tr key={k} data-segment={k}>
                  <td>{view.segmentNames[k]}</td>
                  <td className="num">{b ? `${b.nValid} of ${b.n}` : "–"}</td>
                  <td className="num">
                    <span data-field="pmc">{money(b?.pmc)}</span>–<span data-field="pme">{money(b?.pme)}</span>
                    {b?.intervals ? (
                      <div className="muted small">
                        PMC {iv(b.intervals.pmc)}; PME {iv(b.intervals.pme)}
                      </div>
                    ) : null}
                  </td>
                  <td className="num">
                    <span data-field="opp">{money(b?.opp)}</span>
                    {b?.intervals?.opp ? <div className="muted small">{iv(b.intervals.opp)}</div> : null}
                  </td>
                  <td className="num">
                    <span data-field="ipp">{money(b?.ipp)}</span>
                    {b?.intervals?.ipp ? <div className="muted small">{iv(b.intervals.ipp)}</div> : null}
                  </td>
                  <td className="num">{money(b?.nms?.revenueOptimal)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {view.shown.map((k) => {
        const b = view.price.segments[k];
        return b?.curves ? (
          <div key={k}>
            <h3>{view.segmentNames[k]}: price curves</h3>
            <VanWestendorpChart
              id={`vw-${k}`}
              title={`Van Westendorp curves, ${view.segmentNames[k]}`}
              {...unpackCurves(b.curves)}
              points={b}
              money={money}
            />
          </div>
        ) : null;
      })}
    </section>
  );
}
