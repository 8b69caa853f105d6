import type { ResultsView as View } from "../../results/view.server.ts";

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
