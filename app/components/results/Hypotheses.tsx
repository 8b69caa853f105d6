import type { ResultsView as View } from "../../results/view.server.ts";

export function Hypotheses({ view }: { view: View }) {
  return (
    <section className="card" aria-labelledby="hyp-h">
      <h2 id="hyp-h">Hypotheses</h2>
      {view.hypotheses.length === 0 ? <p>No hypotheses were written for this study.</p> : null}
      {view.hypotheses.map((h) => (
        <article key={h.id} className="hypothesis" data-hypothesis={h.id}>
          <h3>
            <span className={`badge ${h.verdict}`}>{h.verdict}</span> {h.statement}
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
