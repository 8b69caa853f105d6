import { formatMoney, formatProportion } from "./format.ts";
import type { InterimView } from "../../results/interim.server.ts";
import type { ResultsView as View } from "../../results/view.server.ts";
import { WATCH_LABEL, watchBadge } from "./interimLabels.ts";

/**
 * The decision page: a one-screen executive summary across segments, then per segment what to
 * charge, what stacks there, what the hypotheses say, which bundle to lead with, what to build
 * next and whom not to sell it to — each sentence with its numbers (research/decision).
 */
export function DecisionSummary({ view, interim }: { view: View; interim?: InterimView | null }) {
  const d = view.decisions;
  if (d.empty) return null;
  // While fielding, a hypothesis still watched by the interim boundary shows that verdict, not the fixed-sample one.
  const watched = new Map((interim?.hypotheses ?? []).map((h) => [h.id, h.verdict]));
  const verdictBadge = (id: string, verdict: string) => {
    const w = watched.get(id);
    return w ? (
      <span className={`badge ${watchBadge(w)}`} data-interim>
        {WATCH_LABEL[w]} (interim)
      </span>
    ) : (
      <span className={`badge ${verdict}`}>{verdict}</span>
    );
  };
  const money = (x: number | null | undefined) => formatMoney(x, view.study.currency);
  const happy = (h: { happy: number; total: number; share: number | null }) =>
    `${h.happy} of ${h.total} (${formatProportion(h.share)})`;
  return (
    <section className="card decisions" aria-labelledby="decisions-h">
      <h2 id="decisions-h">Decisions</h2>
      {view.segment === null ? (
        <section className="executive" aria-labelledby="exec-h">
          <h3 id="exec-h">Executive summary</h3>
          {watched.size ? (
            <p data-interim-note>
              Fielding is in progress: {watched.size} of {view.hypotheses.length} hypotheses are still watched with the
              interim boundary ({[...watched.values()].filter((v) => v === "keepGoing").length} say keep going). The
              counts below are the evidence so far; the pre-registered verdict comes at the planned n.
            </p>
          ) : null}
          <ul>
            {d.executive.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="decision-grid">
        {d.segments.map((s) => (
          <article key={s.segment} className="decision" data-decision={s.segment} aria-labelledby={`dec-${s.segment}`}>
            <h3 id={`dec-${s.segment}`}>
              {s.name} <span className="muted small">({s.completed} completed)</span>
            </h3>
            <dl>
              <dt>Price</dt>
              <dd>
                {s.price && s.price.recommended !== null ? (
                  <>
                    <strong data-field="recommended">{money(s.price.recommended)}</strong>
                    {s.price.interval
                      ? ` (95% interval ${money(s.price.interval[0])}–${money(s.price.interval[1])})`
                      : ""}{" "}
                    within the acceptable band {money(s.price.pmc)}–{money(s.price.pme)}
                    {s.price.revenueOptimal !== null ? `; revenue-optimal ${money(s.price.revenueOptimal)}` : ""}.
                  </>
                ) : (
                  "Not enough valid price answers yet."
                )}
              </dd>
              <dt>Value that stacks here</dt>
              <dd>
                {s.stacking.length
                  ? s.stacking.map((f) => `${f.item} (${f.share === null ? "–" : `${f.share.toFixed(1)}%`})`).join(", ")
                  : "No feature stacks here."}
              </dd>
              <dt>Hypotheses</dt>
              <dd>
                {s.hypotheses.validated.length + s.hypotheses.invalidated.length + s.hypotheses.inconclusive.length ===
                0 ? (
                  "None concern this segment."
                ) : (
                  <ul>
                    {s.hypotheses.validated.map((h) => (
                      <li key={h.id}>
                        {verdictBadge(h.id, "validated")} {h.statement}
                      </li>
                    ))}
                    {s.hypotheses.invalidated.map((h) => (
                      <li key={h.id}>
                        {verdictBadge(h.id, "invalidated")} {h.statement}
                      </li>
                    ))}
                    {s.hypotheses.inconclusive.map((h) => (
                      <li key={h.id}>
                        {verdictBadge(h.id, "inconclusive")} {h.statement}{" "}
                        {h.moreRespondentsNeeded !== null
                          ? `— about ${h.moreRespondentsNeeded} more respondents would likely settle it.`
                          : "— more respondents of the same kind would not settle it."}
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
              <dt>Lead with</dt>
              <dd>
                {s.bestBundle
                  ? `${s.bestBundle.bundle.join(", ")} — ${happy(s.bestBundle)} happy customers.`
                  : "No MaxDiff answers yet."}
              </dd>
              <dt>Build next</dt>
              <dd>
                {s.buildNext && s.buildNext.gain > 0
                  ? `${s.buildNext.item}: +${s.buildNext.gain} happy (${happy(s.buildNext.before)} → ${happy(s.buildNext.after)}).`
                  : "No single feature adds happy customers here."}
              </dd>
              <dt>Do not sell this bundle to</dt>
              <dd>
                {s.notServed.length
                  ? `${s.notServed.map((o) => `${o.name} (${happy(o)} happy)`).join(", ")} — under half of ${s.name}'s share.`
                  : "Every other segment is at least half as happy with it."}
              </dd>
            </dl>
          </article>
        ))}
      </div>
    </section>
  );
}
