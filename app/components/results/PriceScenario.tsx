import { Field } from "../ui/Field.tsx";
import { formatMoney, formatProportion } from "./format.ts";
import type { ResultsView as View } from "../../results/view.server.ts";

type Iv = [number, number] | null;

/** Hidden inputs that keep the other results controls when one GET form is sent. */
export function KeepControls({ view, except }: { view: View; except: "simulator" | "objective" }) {
  const c = view.controls;
  const sim = view.simulator;
  return (
    <>
      {view.segmentation ? <input type="hidden" name="segmentation" value={view.segmentation.id} /> : null}
      {view.segment ? <input type="hidden" name="segment" value={view.segment} /> : null}
      {except === "objective" ? (
        <>
          {(sim?.bundle ?? []).map((f) => (
            <input key={f} type="hidden" name="f" value={f} />
          ))}
          {c.price ? <input type="hidden" name="price" value={c.price} /> : null}
          {c.price ? <input type="hidden" name="limit" value={c.priceLimit} /> : null}
        </>
      ) : (
        <>
          {c.objective !== "happy" ? <input type="hidden" name="objective" value={c.objective} /> : null}
          {c.objective === "revenue-with-happy-floor" ? (
            <input type="hidden" name="minHappy" value={c.minHappy} />
          ) : null}
        </>
      )}
    </>
  );
}

/** The simulator form's price and "happy" rule (plain GET fields: work without JavaScript). */
export function PriceFields({ view }: { view: View }) {
  const c = view.controls;
  return (
    <fieldset className="price-scenario-fields">
      <legend>Price of the bundle (optional)</legend>
      <Field
        label={`Price in ${view.study.currency}`}
        name="price"
        idPrefix="sim-"
        inputMode="decimal"
        autoComplete="off"
        defaultValue={c.price}
        error={c.errors.price}
        hint="Shows happy and buying shares and revenue at this price."
      />
      <div className="checks">
        <label className="inline-choice">
          <input type="radio" name="limit" value="expensive" defaultChecked={c.priceLimit !== "cheap"} /> Happy = price
          at or below what they called “getting expensive”
        </label>
        <label className="inline-choice">
          <input type="radio" name="limit" value="cheap" defaultChecked={c.priceLimit === "cheap"} /> Stricter: at or
          below what they called “a bargain”
        </label>
      </div>
    </fieldset>
  );
}

/**
 * One bundle at one price, per segment: happy share, buying share and revenue per 100 prospects with
 * 95% bootstrap intervals (research/simulator), and the Gabor–Granger demand at that price beside it.
 */
export function PriceScenario({ view }: { view: View }) {
  const s = view.simulator?.scenario;
  if (!s) return null;
  const money = (x: number | null | undefined) => formatMoney(x, view.study.currency);
  const share = (x: number | null, iv: Iv) => (
    <>
      {formatProportion(x)}
      {iv ? (
        <div className="muted small">
          {formatProportion(iv[0])}–{formatProportion(iv[1])}
        </div>
      ) : null}
    </>
  );
  return (
    <div data-section="price-scenario">
      <h3>
        {s.package.join(", ")} at {money(s.price)}
      </h3>
      <p className="muted">
        Happy = the bundle holds enough of what they value and the price is at or below what they called{" "}
        {s.priceLimit === "cheap" ? "“a bargain”" : "“getting expensive”"}.{" "}
        {s.buyingModel === "happy"
          ? "Buying = happy (no purchase-intent answers)."
          : "Buying = happy × their calibrated purchase intent at this price (Newton–Miller–Smith)."}{" "}
        95% bootstrap intervals over respondents.
        {s.ggAsked ? " Gabor–Granger: share who would buy at the nearest ladder price at or above this price." : null}
      </p>
      <div className="table-wrap">
        <table className="reflow">
          <caption className="sr-only">
            Price scenario: {s.package.join(", ")} at {money(s.price)}
          </caption>
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col" className="num">
                Happy
              </th>
              <th scope="col" className="num">
                Buying
              </th>
              <th scope="col" className="num">
                Revenue per 100
              </th>
              {s.ggAsked ? (
                <th scope="col" className="num">
                  Gabor–Granger would buy
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {s.rows.map((r) => (
              <tr key={r.key} data-scenario-segment={r.key}>
                <th scope="row" data-label="Segment">
                  {r.name}
                </th>
                <td className="num" data-label="Happy" data-field="happy">
                  {share(r.happyShare, r.happyInterval)}
                </td>
                <td className="num" data-label="Buying" data-field="buying">
                  {share(r.buyingShare, r.buyingInterval)}
                </td>
                <td className="num" data-label="Revenue per 100" data-field="revenue">
                  {money(r.revenuePer100)}
                  {r.revenueInterval ? (
                    <div className="muted small">{`${money(r.revenueInterval[0])}–${money(r.revenueInterval[1])}`}</div>
                  ) : null}
                </td>
                {s.ggAsked ? (
                  <td className="num" data-label="Gabor–Granger would buy" data-field="gg">
                    {r.gg ? (
                      <>
                        {share(r.gg.demand, r.gg.demandInterval)}
                        <div className="muted small">{`${money(r.gg.revenuePer100)} per 100 (rung ${money(r.gg.rung)})`}</div>
                      </>
                    ) : (
                      "above the ladder"
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
