import { Form, Link, useLocation } from "@remix-run/react";
import type { ResultsView } from "../../results/view.server.ts";
import { SharesChart } from "../charts/SharesChart.tsx";
import { ValueMapHeatmap } from "../charts/ValueMapHeatmap.tsx";
import { unpackCurves } from "../charts/thinCurves.ts";
import { VanWestendorpChart } from "../charts/VanWestendorpChart.tsx";
import { formatMoney, formatProportion, formatShare } from "./format.ts";

type View = Omit<ResultsView, never>;

/** The analysis sections shared by the results page and the printable report, in reading order. */
export function AnalysisSections({ view }: { view: View }) {
  return (
    <>
      <Summary view={view} />
      <ResponseCounts view={view} />
      <PriceBands view={view} />
      <ValueMap view={view} />
      <MaxDiffShares view={view} />
      <Hypotheses view={view} />
      <ConceptScores view={view} />
    </>
  );
}

export function Summary({ view }: { view: View }) {
  return (
    <section className="card summary" aria-labelledby="summary-h">
      <h2 id="summary-h">Summary</h2>
      <p>{view.summary.overall}</p>
      <ul>
        {view.summary.segments.map((s) => (
          <li key={s.key}>{s.text}</li>
        ))}
      </ul>
    </section>
  );
}

export function ResponseCounts({ view }: { view: View }) {
  return (
    <section className="card" aria-labelledby="responses-h">
      <h2 id="responses-h">Responses</h2>
      <p>
        {view.responses.overall.completed} completed, {view.responses.overall.started} in progress,{" "}
        {view.responses.overall.screenedOut} screened out.
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Segment</th>
              <th className="num">Completed</th>
              <th className="num">Target</th>
              <th>Progress</th>
            </tr>
          </thead>
          <tbody>
            {view.responses.segments
              .filter((s) => view.shown.includes(s.key))
              .map((s) => (
                <tr key={s.key}>
                  <td>{s.name}</td>
                  <td className="num">{s.completed}</td>
                  <td className="num">{s.target}</td>
                  <td>
                    <span className="progress" aria-hidden="true">
                      <span
                        className="progress-bar"
                        style={{ width: `${Math.min(100, s.target ? (100 * s.completed) / s.target : 0)}%` }}
                      />
                    </span>{" "}
                    {s.target ? `${Math.round((100 * s.completed) / s.target)}%` : ""}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

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
            />
          </div>
        ) : (
          <p key={k}>No MaxDiff answers from {view.segmentNames[k]} yet.</p>
        );
      })}
    </section>
  );
}

export function ValueMap({ view }: { view: View }) {
  return (
    <section className="card" aria-labelledby="vm-h">
      <h2 id="vm-h">Feature × segment value map</h2>
      <p className="muted">
        “Stacking” features are valued mostly by one segment (worth building for it); “spread” features are valued
        similarly everywhere.
      </p>
      <ValueMapHeatmap
        id="value-map"
        title="Value map: MaxDiff share by feature and segment"
        features={view.valueMap.features}
        segments={view.shown}
        segmentNames={view.segmentNames}
      />
      <ul>
        {view.shown.map((k) => (
          <li key={k}>
            <strong>{view.segmentNames[k]}</strong>: top value drivers{" "}
            {view.valueMap.segments[k]?.topDrivers.join(", ") || "–"}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Hypotheses({ view }: { view: View }) {
  return (
    <section className="card" aria-labelledby="hyp-h">
      <h2 id="hyp-h">Hypotheses</h2>
      {view.hypotheses.length === 0 ? <p>No hypotheses.</p> : null}
      {view.hypotheses.map((h) => (
        <article key={h.id} className="hypothesis" data-hypothesis={h.id}>
          <h3>
            <span className={`badge ${h.verdict}`}>{h.verdict}</span> {h.statement}
          </h3>
          <p>{h.reason}</p>
          <ul>
            {h.criteria.map((c, i) => (
              <li key={i}>
                <span className={`badge ${c.verdict}`}>{c.verdict}</span> <strong>{c.rule}</strong>
                <div>{c.explanation}</div>
                {c.moreRespondentsNeeded !== null ? (
                  <div className="muted">About {c.moreRespondentsNeeded} more respondents would likely settle it.</div>
                ) : null}
              </li>
            ))}
          </ul>
        </article>
      ))}
    </section>
  );
}

export function ConceptScores({ view }: { view: View }) {
  if (view.concepts.length === 0) return null;
  return (
    <section className="card" aria-labelledby="ct-h">
      <h2 id="ct-h">Concept purchase intent (top-2-box)</h2>
      <div className="table-wrap">
        <table>
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
            {view.concepts.map((c, i) => (
              <tr key={i}>
                <td>{c.concept}</td>
                <td>{c.segment === null ? "All" : view.segmentNames[c.segment]}</td>
                <td className="num">{c.n}</td>
                <td className="num">{formatProportion(c.top2Share)}</td>
                <td className="num">
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

/**
 * Where the individual (Hierarchical Bayes) utilities stand: computing in the background
 * (progress, a Refresh link that works without JavaScript), or failed. Nothing once ready:
 * the simulator's note says it uses HB.
 */
export function HbNotice({ view }: { view: View }) {
  const hb = view.hb;
  const location = useLocation();
  if (!hb || hb.state === "ready" || hb.state === "none") return null;
  const here = `${location.pathname}${location.search}`;
  if (hb.state === "failed") {
    return (
      <p className="notice hb-notice" role="status">
        Individual utilities (Hierarchical Bayes) could not be computed: {hb.message} The simulator uses
        best-minus-worst counts instead.
      </p>
    );
  }
  const percent = Math.floor(hb.progress * 100);
  return (
    <div className="notice hb-notice" role="status" aria-live="polite">
      <p>
        Computing individual utilities (Hierarchical Bayes)… <span data-hb-progress={percent}>{percent}%</span>
      </p>
      <progress max={100} value={percent} aria-label="Hierarchical Bayes progress">
        {percent}%
      </progress>
      <p className="muted">
        Until it finishes, the simulator ranks each respondent's features by best-minus-worst counts.{" "}
        <Link to={here}>Refresh</Link>
      </p>
    </div>
  );
}

export function SegmentFilter({ view, action }: { view: View; action?: string }) {
  return (
    <Form method="get" action={action} className="segment-filter">
      <label htmlFor="segment-filter">Segment</label>
      <select id="segment-filter" name="segment" defaultValue={view.segment ?? ""}>
        <option value="">All segments</option>
        {view.segments.map((s) => (
          <option key={s.key} value={s.key}>
            {s.name}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary">
        Show
      </button>
    </Form>
  );
}

export { formatShare };
