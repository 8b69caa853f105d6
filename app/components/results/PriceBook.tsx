import { formatMoney, formatProportion } from "./format.ts";
import type { ResultsView as View } from "../../results/view.server.ts";
import { PriceBookObjective } from "./PriceBookObjective.tsx";

type Figures = { respondents: number; happy: number; happyShare: number | null; revenuePer100: number | null };

/** "12 of 40 (30.0%)": happy respondents (weighted counts rounded) with the share. */
const happyText = (f: Figures | null) =>
  f ? `${Math.round(f.happy)} of ${Math.round(f.respondents)} (${formatProportion(f.happyShare)})` : "–";

/**
 * The price book: per segment the package and price inside its acceptable range that please the most
 * respondents, then one price book of Good/Better/Best tiers against one package per segment.
 */
export function PriceBook({ view }: { view: View }) {
  const pb = view.priceBook;
  if (!pb) return null;
  const money = (x: number | null | undefined) => formatMoney(x, view.study.currency);
  const features = (p: string[]) => (p.length ? p.join(", ") : "–");
  return (
    <section className="card" aria-labelledby="pricebook-h" data-section="price-book">
      <h2 id="pricebook-h">What to sell to each segment, at what price</h2>
      <p className="muted">
        For each segment, the package and the price inside its acceptable range (Van Westendorp PMC–PME) that{" "}
        {view.controls.objective === "happy"
          ? "make the most respondents happy"
          : view.controls.objective === "revenue"
            ? "bring the most revenue"
            : `bring the most revenue while at least ${view.controls.minHappy}% of the segment is happy`}
        . Happy: the package holds enough of the features they value most, and the price is no more than they called
        expensive. Buying share is the share expected to buy at that price; revenue per 100 prospects is price × buying
        share × 100.
      </p>
      <PriceBookObjective view={view} />
      <div className="table-wrap">
        <table className="price-book reflow" aria-label="Recommended package and price per segment">
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col">Package</th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col" className="num">
                Happy
              </th>
              <th scope="col" className="num">
                Buying
              </th>
              <th scope="col" className="num">
                Revenue per 100 prospects
              </th>
            </tr>
          </thead>
          <tbody>
            {pb.segments.map((s) => (
              <tr key={s.key} data-segment={s.key}>
                <th scope="row" data-label="Segment">
                  {s.name}
                </th>
                <td data-label="Package">{features(s.package)}</td>
                <td className="num" data-label="Price">
                  <div>
                    <span data-field="price">{money(s.price)}</span>
                    <div className="muted small">
                      acceptable range <span data-field="pmc">{money(s.band.pmc)}</span>–
                      <span data-field="pme">{money(s.band.pme)}</span>
                    </div>
                  </div>
                </td>
                <td className="num" data-label="Happy">
                  {formatProportion(s.happyShare)}
                </td>
                <td className="num" data-label="Buying">
                  {formatProportion(s.buyingShare)}
                </td>
                <td className="num" data-label="Revenue per 100 prospects">
                  {money(s.revenuePer100)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pb.skipped.length ? (
        <p className="muted">Not priced: {pb.skipped.map((s) => `${s.name} (${s.reason})`).join("; ")}.</p>
      ) : null}
      <h3>One price book for everyone, or one package per segment?</h3>
      {pb.tiers.length ? (
        <>
          <p className="muted">
            One price book: nested tiers, each adding features and costing more, each aimed at one segment and priced
            inside its range. Everyone sees every tier and picks the cheapest that pleases them, so some choose a tier
            aimed at another segment.
          </p>
          <div className="table-wrap">
            <table className="price-book-tiers reflow" aria-label="One price book: tiers">
              <thead>
                <tr>
                  <th scope="col">Tier</th>
                  <th scope="col">Aimed at</th>
                  <th scope="col">Package</th>
                  <th scope="col" className="num">
                    Price
                  </th>
                </tr>
              </thead>
              <tbody>
                {pb.tiers.map((t) => (
                  <tr key={t.name} data-tier={t.name}>
                    <th scope="row" data-label="Tier">
                      {t.name}
                    </th>
                    <td data-label="Aimed at">{t.segmentName}</td>
                    <td data-label="Package">{features(t.package)}</td>
                    <td className="num" data-label="Price">
                      <span data-field="price">{money(t.price)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <div className="table-wrap">
        <table
          className="price-book-compare reflow"
          aria-label="Happy customers and revenue: one price book vs one package per segment"
        >
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col" className="num">
                Happy, package per segment
              </th>
              <th scope="col" className="num">
                Happy, one price book
              </th>
              <th scope="col" className="num">
                Revenue per 100, package per segment
              </th>
              <th scope="col" className="num">
                Revenue per 100, one price book
              </th>
            </tr>
          </thead>
          <tbody>
            {pb.comparison.map((c) => (
              <tr key={c.key} data-segment={c.key}>
                <th scope="row" data-label="Segment">
                  {c.name}
                </th>
                <td className="num" data-label="Happy, package per segment">
                  {happyText(c.multi)}
                </td>
                <td className="num" data-label="Happy, one price book">
                  <div>
                    {happyText(c.one)}
                    {c.one && c.one.cannibalised > 0 ? (
                      <div className="muted small">
                        {Math.round(c.one.cannibalised)} pick a cheaper tier aimed at another segment
                      </div>
                    ) : null}
                  </div>
                </td>
                <td className="num" data-label="Revenue per 100, package per segment">
                  {money(c.multi?.revenuePer100)}
                </td>
                <td className="num" data-label="Revenue per 100, one price book">
                  {money(c.one?.revenuePer100)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="verdict" data-field="price-book-winner">
        <strong>{pb.sentence}</strong>
      </p>
    </section>
  );
}
