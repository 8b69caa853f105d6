import { Link, useLocation } from "@remix-run/react";
import type { NeedsSegmentsState } from "../../results/latentClass.server.ts";
import { formatProportion } from "./format.ts";

const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x)}%`);

/**
 * "Segments in the data": needs-based groups found in the MaxDiff answers (latent classes,
 * app/results/latentClass.server.ts) next to the declared segments — progress while the run
 * goes, a plain message when respondents are too few.
 */
export function NeedsSegments({ state }: { state: NeedsSegmentsState | null | undefined }) {
  const location = useLocation();
  if (!state || state.state === "none") return null;
  const here = `${location.pathname}${location.search}`;
  return (
    <section className="card needs-segments" aria-labelledby="ns-h">
      <h2 id="ns-h">Segments in the data</h2>
      {state.state === "few" ? (
        <p role="status">
          Too few respondents to look for needs-based segments: {state.respondents} answered MaxDiff, at least{" "}
          {state.needed} are needed (5 per group, 2 groups).
        </p>
      ) : state.state === "failed" ? (
        <p role="status">Needs-based segments could not be computed: {state.message}</p>
      ) : state.state === "running" ? (
        <div role="status" aria-live="polite">
          <p>
            Looking for needs-based segments in the MaxDiff answers (latent classes)…{" "}
            <span data-lc-progress={Math.floor(state.progress * 100)}>{Math.floor(state.progress * 100)}%</span>
          </p>
          <progress max={100} value={Math.floor(state.progress * 100)} aria-label="Latent-class progress">
            {Math.floor(state.progress * 100)}%
          </progress>
          <p className="muted">
            <Link to={here}>Refresh</Link>
          </p>
        </div>
      ) : (
        <Ready result={state.result} />
      )}
    </section>
  );
}

function Ready({ result: r }: { result: Extract<NeedsSegmentsState, { state: "ready" }>["result"] }) {
  const bics = r.solutions.map((s) => `${s.classCount}: ${s.bic.toFixed(1)}`).join(", ");
  return (
    <>
      {r.verdict ? <p className="verdict">{r.verdict}</p> : null}
      <p>
        <strong>{r.chosen === 1 ? "One needs-based group" : `${r.chosen ?? "No"} needs-based groups`}</strong>{" "}
        {`— chosen by BIC (lowest is best) among ${r.minClasses}–${r.maxClasses} groups: ${bics}.`}
        {r.converged ? "" : " The estimate did not fully converge."}
      </p>
      <div className="table-wrap">
        <table className="reflow">
          <caption className="muted">Each group is named by its top items</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">Top value drivers</th>
              <th scope="col">Over-represented segments</th>
            </tr>
          </thead>
          <tbody>
            {r.classes.map((c) => (
              <tr key={c.class}>
                <th scope="row" data-label="Group">{`${c.class}. ${c.name}`}</th>
                <td className="num" data-label="Size">{`${formatProportion(c.size)} (${c.respondents})`}</td>
                <td data-label="Top value drivers">{c.topDrivers.join(", ")}</td>
                <td data-label="Over-represented segments">
                  {c.overRepresented.length
                    ? c.overRepresented
                        .map(
                          (o) =>
                            `${o.segment} (${formatProportion(o.classShare)} vs ${formatProportion(o.overallShare)})`,
                        )
                        .join("; ")
                    : "none"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {r.crosstab ? (
        <>
          <h3>Declared segment × needs-based group</h3>
          <div className="table-wrap">
            <table className="reflow">
              <caption className="muted">Respondents (row %) by their most likely group</caption>
              <thead>
                <tr>
                  <th scope="col">Segment</th>
                  {r.classes.map((c) => (
                    <th key={c.class} scope="col" className="num">
                      {`Group ${c.class}`}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.crosstab.segments.map((s, i) => (
                  <tr key={s}>
                    <th scope="row" data-label="Segment">
                      {s}
                    </th>
                    {r.crosstab?.counts[i].map((n, j) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: columns are the fixed group order
                      <td key={j} className="num" data-label={`Group ${r.classes[j]?.class ?? j + 1}`}>
                        {`${n} (${pct(r.crosstab?.rowPercent[i][j] ?? null)})`}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">
            Cramér's V = {r.crosstab.cramersV === null ? "–" : r.crosstab.cramersV.toFixed(2)} (0 = segments and groups
            unrelated, 1 = the same).
          </p>
        </>
      ) : null}
    </>
  );
}
