import { Form } from "@remix-run/react";
import { formatProportion } from "./format.ts";
import type { ResultsView as View } from "../../results/view.server.ts";

export function Simulator({ view }: { view: View }) {
  const sim = view.simulator;
  if (!sim) return null;
  const pct = (h: { happy: number; total: number; share: number | null }) =>
    `${h.happy} of ${h.total} (${formatProportion(h.share)})`;
  return (
    <section className="card" aria-labelledby="sim-h">
      <h2 id="sim-h">Happy-customer roadmap simulator</h2>
      <p className="muted" data-utility-source={sim.utilitySource}>
        {sim.utilitySource === "hb" && view.hb?.state === "ready"
          ? `Uses individual utilities from Hierarchical Bayes (${view.hb.iterations.toLocaleString("en-US")} iterations, ${view.hb.burnIn.toLocaleString("en-US")} burn-in, seed ${view.hb.seed}). `
          : null}
        {sim.note}
      </p>
      <Form method="get" className="simulator">
        {view.segment ? <input type="hidden" name="segment" value={view.segment} /> : null}
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
        <div className="actions">
          <button type="submit">Count happy customers</button>
          <button type="submit" name="best" value="1" className="secondary">
            Find best bundle{sim.bundle.length ? ` of ${sim.bundle.length}` : ` of ${sim.bundleSize}`}
          </button>
        </div>
      </Form>
      {sim.found ? (
        <p className="notice">
          Best bundle{view.segment ? ` for ${view.segmentNames[view.segment]}` : ""}: {sim.found.bundle.join(", ")} —{" "}
          {pct(sim.found)} happy ({sim.found.search} search).
        </p>
      ) : null}
      {sim.chosen ? (
        <div className="table-wrap">
          <table>
            <caption>Happy customers with {sim.bundle.join(", ")}</caption>
            <thead>
              <tr>
                <th>Segment</th>
                <th className="num">Happy</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>All respondents</td>
                <td className="num">{pct(sim.chosen.overall)}</td>
              </tr>
              {view.shown.map((k) => (
                <tr key={k}>
                  <td>{view.segmentNames[k]}</td>
                  <td className="num">{sim.chosen!.segments[k] ? pct(sim.chosen!.segments[k]) : "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Tick features and count, or let the simulator find the best bundle.</p>
      )}
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
