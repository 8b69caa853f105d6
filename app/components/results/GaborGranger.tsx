import { GaborGrangerChart } from "../charts/GaborGrangerChart.tsx";
import { formatMoney, formatProportion } from "./format.ts";
import type { ResultsView as View } from "../../results/view.server.ts";

/** 0.8134 → "−0.81"; null → "–". */
const elasticityText = (e: number | null) => (e === null ? "–" : e.toFixed(2).replace("-", "−"));

/**
 * Gabor–Granger price ladder per segment: demand at each rung with its Wilson 95% interval, revenue
 * per 100 prospects, the revenue-maximising price with its 95% bootstrap interval (1,000 resamples,
 * seed 1: what `research gabor-granger gabor-granger.csv --segment-column segment --weight-column weight` prints,
 * the all-respondents block weighted to the market mix included) and the arc
 * elasticity between neighbouring rungs.
 */
export function GaborGranger({ view }: { view: View }) {
  const gg = view.gaborGranger;
  if (!gg) return null;
  const money = (x: number | null | undefined) => formatMoney(x, view.study.currency);
  return (
    <section className="card" aria-labelledby="gg-h" data-section="gabor-granger">
      <h2 id="gg-h">Demand and revenue by price (Gabor–Granger)</h2>
      <p className="muted">
        Each respondent was asked about prices on a ladder and counts as a buyer at a price when they said they would
        definitely or probably buy at it or a higher price. Demand = share who would buy (95% Wilson interval); revenue
        = price × demand, per 100 prospects; the best price maximises revenue (95% bootstrap interval over respondents).
        Elasticity = arc elasticity from the rung before: −2 means demand falls 2% for each 1% the price rises.{" "}
        {gg.weighted
          ? "All respondents together are weighted to the market mix (95% interval at the effective sample size); " +
            "each segment's figures are its own respondents'."
          : "Figures are unweighted."}
      </p>
      {gg.blocks.map((b) => {
        const rungs = b.prices.map((p) => ({ ...p, revenue100: p.revenue * 100 }));
        return (
          <div key={b.key} data-gg-segment={b.key}>
            <h3>{b.name}</h3>
            <p data-field="gg-best">
              Revenue-maximising price: <strong>{money(b.revenueMaxPrice)}</strong>
              {b.revenueMaxInterval ? (
                <span className="muted">{` (95% interval ${money(b.revenueMaxInterval[0])}–${money(b.revenueMaxInterval[1])})`}</span>
              ) : null}
              {`. ${b.respondents} respondents${b.buyAtNoPrice ? `, ${b.buyAtNoPrice} would buy at none of the prices` : ""}${
                b.inconsistent ? `, ${b.inconsistent} answered inconsistently` : ""
              }.`}
            </p>
            <div className="table-wrap">
              <table className="reflow gg-table">
                <caption className="sr-only">Gabor–Granger demand and revenue, {b.name}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Price
                    </th>
                    <th scope="col" className="num">
                      Asked
                    </th>
                    <th scope="col" className="num">
                      Would buy
                    </th>
                    <th scope="col" className="num">
                      Revenue per 100
                    </th>
                    <th scope="col" className="num">
                      Elasticity
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {b.prices.map((p, j) => (
                    <tr key={p.price} data-price={p.price}>
                      <th scope="row" className="num" data-label="Price">
                        {money(p.price)}
                      </th>
                      <td className="num" data-label="Asked">
                        {p.asked}
                      </td>
                      <td className="num" data-label="Would buy">
                        <span data-field="demand">{formatProportion(p.demand)}</span>
                        {p.demandInterval ? (
                          <div className="muted small">
                            {formatProportion(p.demandInterval[0])}–{formatProportion(p.demandInterval[1])}
                          </div>
                        ) : null}
                      </td>
                      <td className="num" data-label="Revenue per 100" data-field="revenue">
                        {money(p.revenue * 100)}
                      </td>
                      <td className="num" data-label="Elasticity" data-field="elasticity">
                        {elasticityText(b.elasticities[j])}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <GaborGrangerChart
              id={`gg-demand-${b.key}`}
              title={`Demand by price, ${b.name}`}
              kind="demand"
              rungs={rungs}
              download={`/studies/${view.study.id}/export/chart-gg-demand-${encodeURIComponent(b.key)}.svg`}
              best={b.revenueMaxPrice}
              money={(x) => money(x)}
            />
            <GaborGrangerChart
              id={`gg-revenue-${b.key}`}
              title={`Revenue per 100 prospects by price, ${b.name}`}
              kind="revenue"
              rungs={rungs}
              download={`/studies/${view.study.id}/export/chart-gg-revenue-${encodeURIComponent(b.key)}.svg`}
              best={b.revenueMaxPrice}
              money={(x) => money(x)}
            />
          </div>
        );
      })}
    </section>
  );
}
