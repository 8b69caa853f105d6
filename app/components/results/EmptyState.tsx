import type { ResultsView as View } from "../../results/view.server.ts";

/** What a study without completed responses shows instead of empty tables and "0 of 0" verdicts. */
export function EmptyState({ view }: { view: View }) {
  const o = view.responses.overall;
  return (
    <section className="card empty-state" aria-labelledby="empty-h">
      <h2 id="empty-h">No responses yet — launch the study and invite respondents</h2>
      <p>
        Results appear here once respondents complete the survey.
        {o.started ? ` ${o.started} respondents have started but not finished.` : ""}
        {view.canEdit ? " Use the Respondents tab to invite people or share a panel link." : ""}
      </p>
    </section>
  );
}
