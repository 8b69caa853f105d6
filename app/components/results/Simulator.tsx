import { Form } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { formatProportion } from "./format.ts";
import type { ResultsView as View } from "../../results/view.server.ts";
import { KeepControls, PriceFields, PriceScenario } from "./PriceScenario.tsx";

export function Simulator({ view, readOnly = false }: { view: View; readOnly?: boolean }) {
  const sim = view.simulator;
  const source = sim?.utilitySource ?? null;
  // When the background HB run finishes while the page is open, say so where the numbers changed.
  const previous = useRef(source);
  const [updated, setUpdated] = useState(false);
  useEffect(() => {
    if (previous.current === "best-minus-worst" && source === "hb") setUpdated(true);
    previous.current = source;
  }, [source]);
  if (!sim) return null;
  const pct = (h: { happy: number; total: number; share: number | null }) =>
    `${h.happy} of ${h.total} (${formatProportion(h.share)})`;
  const hbReady = sim.utilitySource === "hb";
  return (
    <section className="card simulator-card" aria-labelledby="sim-h">
      <h2 id="sim-h">Happy-customer roadmap simulator</h2>
      {updated ? (
        <p className="notice" role="status" data-sim-updated>
          Updated with Hierarchical Bayes utilities: the bundles and counts below now use each respondent's own
          utilities.
        </p>
      ) : null}
      <p data-utility-source={sim.utilitySource}>
        <strong>
          {hbReady
            ? "Utilities used: Hierarchical Bayes (individual utilities)."
            : "Utilities used: best-minus-worst counts (Hierarchical Bayes not available yet)."}
        </strong>{" "}
        <span className="muted">
          {hbReady && view.hb?.state === "ready"
            ? `${view.hb.iterations.toLocaleString("en-US")} iterations, ${view.hb.burnIn.toLocaleString("en-US")} burn-in, seed ${view.hb.seed}. `
            : null}
          {sim.note}
        </span>
      </p>
      {readOnly ? null : (
        <Form
          method="get"
          className="simulator"
          key={`${view.segment ?? ""}|${sim.bundle.join("|")}|${sim.size}|${sim.utilitySource}`}
        >
          <KeepControls view={view} except="simulator" />
          <fieldset>
            <legend>Features in the bundle</legend>
            <div className="checks">
              {sim.items.map((it) => (
                <label key={it} className="inline-choice">
                  <input type="checkbox" name="f" value={it} defaultChecked={sim.bundle.includes(it)} /> {it}
                </label>
              ))}
            </div>
          </fieldset>
          <PriceFields view={view} />
          <div className="actions">
            <button type="submit">Count happy customers</button>
            <label className="inline-choice" htmlFor="sim-size">
              Bundle size
            </label>
            <select id="sim-size" name="size" defaultValue={String(sim.size)} className="size-select">
              {sim.items
                .map((_, i) => String(i + 1))
                .map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
            </select>
            <button type="submit" name="best" value="1" className="secondary">
              Find best bundle
            </button>
          </div>
        </Form>
      )}
      {sim.found ? (
        <p className="notice" data-found>
          Best bundle of {sim.found.bundle.length}
          {view.segment ? ` for ${view.segmentNames[view.segment]}` : ""}: {sim.found.bundle.join(", ")} —{" "}
          {pct(sim.found)} happy ({sim.found.search} search).
        </p>
      ) : null}
      {sim.chosen ? (
        <div className="table-wrap">
          <table className="reflow">
            <caption>Happy customers with {sim.bundle.join(", ")}</caption>
            <thead>
              <tr>
                <th scope="col">Segment</th>
                <th scope="col" className="num">
                  Happy
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row" data-label="Segment">
                  All respondents
                </th>
                <td className="num" data-label="Happy">
                  {pct(sim.chosen.overall)}
                </td>
              </tr>
              {view.shown.map((k) => (
                <tr key={k}>
                  <th scope="row" data-label="Segment">
                    {view.segmentNames[k]}
                  </th>
                  <td className="num" data-label="Happy">
                    {sim.chosen!.segments[k] ? pct(sim.chosen!.segments[k]) : "–"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : readOnly ? null : (
        <p>Tick features and count, or choose a bundle size and let the simulator find the best bundle.</p>
      )}
      <PriceScenario view={view} />
      <h3>Best bundles of {sim.bundleSize}</h3>
      <ul>
        <li>
          Overall: {sim.best.overall.bundle.join(", ")} — {pct(sim.best.overall)}
        </li>
        {view.shown.map((k) =>
          sim.best.segments[k] ? (
            <li key={k}>
              {view.segmentNames[k]}: {sim.best.segments[k].bundle.join(", ")} — {pct(sim.best.segments[k])}
            </li>
          ) : null,
        )}
        {sim.onePerSegment ? (
          <li>
            Each segment's favourite together ({sim.onePerSegment.bundle.join(", ")}): {pct(sim.onePerSegment)}
          </li>
        ) : null}
      </ul>
    </section>
  );
}
