/**
 * Results: "Competitors who matter" per segment (issue 20) — the value scorecard (mean
 * performance per driver with intervals, importance weights, weighted value score), the relative
 * value score vs each competitor with Holm-adjusted paired tests, the driver gap chart and the
 * price/value map. Every number comes from analyseStudy (research/scorecard).
 */
import type { ScorecardView } from "../../results/scorecardView.server.ts";
import { DriverGapChart } from "../charts/DriverGapChart.tsx";
import { PriceValueChart } from "../charts/PriceValueChart.tsx";

/** chart-gaps-<segment>.svg / chart-pv-<segment>.svg (app/results/competitorsCharts.server.ts serves them). */
export const competitorsChartFile = (kind: "gaps" | "pv", segment: string) =>
  `chart-${kind}-${encodeURIComponent(segment)}.svg`;

const num = (x: number | null | undefined, d = 1) => (x === null || x === undefined ? "–" : x.toFixed(d));
const iv = (i: [number, number] | null | undefined, d = 1) => (i ? `${i[0].toFixed(d)} to ${i[1].toFixed(d)}` : "–");
const signed = (x: number | null | undefined) =>
  x === null || x === undefined ? "–" : `${x >= 0 ? "+" : ""}${x.toFixed(2)}`;
const pValue = (p: number | null) => (p === null ? "–" : p < 0.001 ? "< 0.001" : p.toFixed(3));

export function Competitors({
  view,
  studyId,
  canEdit,
  exportQuery = "",
}: {
  view: ScorecardView | null;
  studyId: string;
  /** Appended to the charts' SVG links (the page's saved segmentation). */
  exportQuery?: string;
  /** Researchers see the CLI command that reproduces the section; viewers do not. */
  canEdit?: boolean;
}) {
  if (!view || view.segments.length === 0) return null;
  const conf = `${Math.round(view.confidence * 100)}%`;
  return (
    <section className="card" aria-labelledby="competitors-h" id="competitors">
      <h2 id="competitors-h">Competitors who matter</h2>
      <p className="muted">
        Respondents rated {view.ours} and the alternative they use from 0 (very poor) to 10 (excellent) on each value
        driver. Importance weights are{" "}
        {view.weightsFrom === "hb"
          ? "each respondent's own MaxDiff shares (Hierarchical Bayes)"
          : "the segment's MaxDiff shares"}
        ; intervals are {conf}; per-driver differences are paired t tests, Holm-adjusted across drivers.
      </p>
      {view.segments.map(({ key, name, usage, block: b }) => {
        // ours first, then the alternatives by name
        const products = [...b.products].sort(
          (p, q) => Number(q.ours) - Number(p.ours) || p.product.localeCompare(q.product),
        );
        const sid = `sc-${key}`.replace(/[^A-Za-z0-9_-]/g, "-");
        return (
          <section key={key} aria-labelledby={`${sid}-h`} className="stack" data-segment={key}>
            <h3 id={`${sid}-h`}>{name}</h3>
            <p>{b.summary}</p>
            <p className="muted">
              {b.respondents} respondents rated products. Using:{" "}
              {Object.entries(usage)
                .map(([a, n]) => `${a === "none" ? "none of these" : a} ${n}`)
                .join(", ") || "–"}
              .
            </p>
            <h4>Value scorecard</h4>
            <div className="table-wrap">
              <table className="reflow" aria-label={`Value scorecard, ${name}`}>
                <thead>
                  <tr>
                    <th>Value driver</th>
                    <th className="num">Weight</th>
                    {products.map((p) => (
                      <th key={p.product} className="num">
                        {p.product}
                        {p.ours ? " (ours)" : ""}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {view.drivers.map((d) => (
                    <tr key={d}>
                      <td data-label="Value driver">{d}</td>
                      <td className="num" data-label="Weight">
                        {num(100 * (b.weights[d] ?? 0))}%
                      </td>
                      {products.map((p) => {
                        const x = p.drivers.find((r) => r.driver === d);
                        return (
                          <td key={p.product} className="num" data-label={p.product}>
                            {num(x?.mean)}{" "}
                            <span className="muted">
                              ({iv(x?.interval)}; n {x?.n ?? 0}
                              {x?.dontKnow ? `, ${x.dontKnow} don't know` : ""})
                            </span>
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                  <tr>
                    <th scope="row" data-label="Total">
                      Weighted value score
                    </th>
                    <td data-label="Weight">100%</td>
                    {products.map((p) => (
                      <td key={p.product} className="num" data-label={`${p.product} value score`}>
                        <strong>{num(p.valueScore, 2)}</strong>{" "}
                        <span className="muted">({iv(p.valueScoreInterval, 2)})</span>
                      </td>
                    ))}
                  </tr>
                </tbody>
              </table>
            </div>
            {b.comparisons.map((c) => (
              <div key={c.competitor}>
                <h4>{`Relative value vs ${c.competitor}: ${signed(c.valueScoreDifference)} points`}</h4>
                <p className="muted">
                  {c.respondents} respondents rated both; {conf} interval {iv(c.interval, 2)}, p {pValue(c.pValue)}.
                </p>
                <div className="table-wrap">
                  <table className="reflow" aria-label={`${view.ours} vs ${c.competitor}, ${name}`}>
                    <thead>
                      <tr>
                        <th>Value driver</th>
                        <th className="num">Difference (ours − theirs)</th>
                        <th className="num">{conf} interval</th>
                        <th className="num">Holm p</th>
                        <th>Leader</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.drivers.map((d) => (
                        <tr key={d.driver}>
                          <td data-label="Value driver">{d.driver}</td>
                          <td className="num" data-label="Difference">
                            {signed(d.meanDifference)}
                          </td>
                          <td className="num" data-label="Interval">
                            {iv(d.interval, 2)}
                          </td>
                          <td className="num" data-label="Holm p">
                            {pValue(d.pHolm)}
                          </td>
                          <td data-label="Leader">
                            {d.leader === "ours"
                              ? `${view.ours} leads`
                              : d.leader === "competitor"
                                ? `${c.competitor} leads`
                                : "no clear leader"}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            ))}
            <h4>Where to invest and what to promote</h4>
            <DriverGapChart
              id={`${sid}-gaps`}
              title={`Driver gaps vs the strongest competitor, ${name}`}
              gaps={b.driverGaps}
              download={`/studies/${studyId}/export/${competitorsChartFile("gaps", key)}${exportQuery}`}
            />
            <h4>Price/value map</h4>
            <PriceValueChart
              id={`${sid}-pv`}
              title={`Price/value map, ${name}`}
              map={b.priceValue}
              ours={view.ours}
              currency={view.currency}
              download={`/studies/${studyId}/export/${competitorsChartFile("pv", key)}${exportQuery}`}
            />
            <p data-price-room>{b.priceValue.ours.sentence}</p>
          </section>
        );
      })}
      {canEdit ? (
        <p className="muted">
          <a href={`/studies/${studyId}/export/study.json`} download>
            The analysis input (JSON)
          </a>{" "}
          reproduces these numbers with <code>npm run research -- study study.json --json</code> (its{" "}
          <code>scorecard</code> key).
        </p>
      ) : null}
    </section>
  );
}
