import { unpackCurves } from "../charts/thinCurves.ts";
import { VanWestendorpChart } from "../charts/VanWestendorpChart.tsx";
import { formatMoney } from "./format.ts";
import type { ResultsView as View } from "../../results/view.server.ts";

/** "117 of 120 valid (3 not in order)": why answers were left out. */
export function validText(b: { n: number; nValid: number; invalid?: { notOrdered: number; missing: number } }): string {
  const why: string[] = [];
  if (b.invalid?.notOrdered) why.push(`${b.invalid.notOrdered} not in order`);
  if (b.invalid?.missing) why.push(`${b.invalid.missing} incomplete`);
  return `${b.nValid} of ${b.n} valid${why.length ? ` (${why.join(", ")})` : ""}`;
}

export function PriceBands({ view }: { view: View }) {
  const money = (x: number | null | undefined) => formatMoney(x, view.study.currency);
  const iv = (i: [number, number] | null | undefined) => (i ? `${money(i[0])}–${money(i[1])}` : "");
  const anyNms = view.shown.some((k) => view.price.segments[k]?.nms);
  return (
    <section className="card" aria-labelledby="price-h">
      <h2 id="price-h">Segment price bands (Van Westendorp)</h2>
      <p className="muted">
        Acceptable range = point of marginal cheapness (PMC) to point of marginal expensiveness (PME); OPP = optimal
        price point, where as many find the price too cheap as too expensive; IPP = indifference price point, where as
        many find it cheap as expensive. Intervals are 95% bootstrap intervals. An answer is valid when too cheap &lt;
        cheap &lt; expensive &lt; too expensive.
      </p>
      {anyNms ? (
        <p className="muted" data-nms-explained>
          NMS revenue-optimal: the price that maximises expected revenue (price × share who say they would buy at it)
          from the Newton–Miller–Smith purchase-likelihood questions.
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="price-bands reflow">
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col" className="num">
                Valid answers
              </th>
              <th scope="col" className="num">
                Acceptable range
              </th>
              <th scope="col" className="num">
                OPP
              </th>
              <th scope="col" className="num">
                IPP
              </th>
              {anyNms ? (
                <th scope="col" className="num">
                  NMS revenue-optimal
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {view.shown.map((k) => {
              const b = view.price.segments[k];
              return (
                <tr key={k} data-segment={k}>
                  <th scope="row" data-label="Segment">
                    {view.segmentNames[k]}
                  </th>
                  <td className="num" data-label="Valid answers">
                    {b ? validText(b) : "–"}
                  </td>
                  <td className="num" data-label="Acceptable range">
                    <div>
                      <span data-field="pmc">{money(b?.pmc)}</span>–<span data-field="pme">{money(b?.pme)}</span>
                      {b?.intervals ? (
                        <div className="muted small">
                          PMC {iv(b.intervals.pmc)}; PME {iv(b.intervals.pme)}
                        </div>
                      ) : null}
                    </div>
                  </td>
                  <td className="num" data-label="OPP">
                    <div>
                      <span data-field="opp">{money(b?.opp)}</span>
                      {b?.intervals?.opp ? <div className="muted small">{iv(b.intervals.opp)}</div> : null}
                    </div>
                  </td>
                  <td className="num" data-label="IPP">
                    <div>
                      <span data-field="ipp">{money(b?.ipp)}</span>
                      {b?.intervals?.ipp ? <div className="muted small">{iv(b.intervals.ipp)}</div> : null}
                    </div>
                  </td>
                  {anyNms ? (
                    <td className="num" data-label="NMS revenue-optimal">
                      {money(b?.nms?.revenueOptimal)}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {view.price.comparisons.length ? (
        <>
          <h3>How the segments' bands compare</h3>
          <ul className="comparisons">
            {view.price.comparisons.map((c) => (
              <li key={`${c.a}:${c.b}`}>{c.text}</li>
            ))}
          </ul>
        </>
      ) : null}
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
              download={`/studies/${view.study.id}/export/chart-vw-${encodeURIComponent(k)}.svg${view.exportQuery}`}
            />
          </div>
        ) : null;
      })}
    </section>
  );
}
