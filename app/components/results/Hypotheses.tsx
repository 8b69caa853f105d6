import type { ResultsView as View } from "../../results/view.server.ts";

export function Hypotheses({ view }: { view: View }) {
  return (
    <section className="card" aria-labelledby="hyp-h">
      <h2 id="hyp-h">Hypotheses</h2>
      {view.hypotheses.length === 0 ? <p>No hypotheses were written for this study.</p> : null}
      {view.segmentation && view.hypotheses.length > 0 ? (
        <p className="muted">
          {`Each hypothesis is evaluated with its pre-registered rule in every group of “${view.segmentation.name}”.`}{" "}
          The groups were found after the data, so these verdicts are exploratory, not tests.
        </p>
      ) : null}
      {view.hypotheses.map((h) => (
        <article key={h.id} className="hypothesis" data-hypothesis={h.id}>
          <h3>
            <span className={`badge ${h.verdict}`}>{h.verdict}</span>{" "}
            {view.segmentation ? (
              <span className="badge exploratory">exploratory: segments found after the data</span>
            ) : null}{" "}
            {h.statement}
          </h3>
          <p>{h.reason}</p>
          <ul>
            {h.criteria.map((c) => (
              <li key={c.rule}>
                <span className={`badge ${c.verdict}`}>{c.verdict}</span> <strong>{c.rule}</strong>
                <div>{c.explanation}</div>
                {c.moreRespondentsNeeded !== null && !/more respondents/.test(c.explanation) ? (
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
