import { WATCH_METHOD } from "../../../research/sequential/method.ts";
import type { InterimView } from "../../results/interim.server.ts";
import type { ResultsView as View } from "../../results/view.server.ts";
import { WATCH_LABEL, watchBadge } from "./interimLabels.ts";

export function Hypotheses({ view, interim }: { view: View; interim?: InterimView | null }) {
  const watched = new Map((interim?.hypotheses ?? []).map((h) => [h.id, h]));
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
      {interim && view.hypotheses.length > 0 ? (
        <p className="muted" id="interim-method">
          {WATCH_METHOD}
        </p>
      ) : null}
      {view.hypotheses.map((h) => {
        const w = watched.get(h.id);
        return (
          <article key={h.id} className="hypothesis" data-hypothesis={h.id}>
            <h3>
              {w ? (
                <span className={`badge ${watchBadge(w.verdict)}`} data-interim>
                  {WATCH_LABEL[w.verdict]}
                </span>
              ) : (
                <span className={`badge ${h.verdict}`}>{h.verdict}</span>
              )}{" "}
              {view.segmentation ? (
                <>
                  <span className="badge exploratory">exploratory: segments found after the data</span>{" "}
                </>
              ) : null}
              {h.statement}
            </h3>
            {w ? (
              <div className="interim" data-interim-verdict={w.verdict}>
                <p>
                  {/* a label repeated per hypothesis, not a sentence */}
                  Interim verdict while fielding: <strong>{WATCH_LABEL[w.verdict]}</strong>
                </p>
                <ul>
                  {w.sentences.map((sentence, i) => (
                    <li key={h.criteria[i]?.rule ?? i}>
                      <strong>{h.criteria[i]?.rule}</strong>: {sentence}
                    </li>
                  ))}
                </ul>
                <p className="muted">The evidence so far (the fixed-sample test, decisive only at the planned n):</p>
              </div>
            ) : null}
            <p>{h.reason}</p>
            <ul>
              {h.criteria.map((c) => (
                <li key={c.rule}>
                  <span className={`badge ${c.verdict}`}>{c.verdict}</span> <strong>{c.rule}</strong>
                  <div>{c.explanation}</div>
                  {c.moreRespondentsNeeded !== null && !/more respondents/.test(c.explanation) ? (
                    <div className="muted">
                      About {c.moreRespondentsNeeded} more respondents would likely settle it.
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          </article>
        );
      })}
    </section>
  );
}
