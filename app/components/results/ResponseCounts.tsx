import type { ResultsView as View } from "../../results/view.server.ts";

export function ResponseCounts({ view }: { view: View }) {
  return (
    <section className="card" aria-labelledby="responses-h">
      <h2 id="responses-h">Responses</h2>
      <p>
        {view.responses.overall.completed} completed, {view.responses.overall.started} in progress,{" "}
        {view.responses.overall.screenedOut} screened out.
      </p>
      <div className="table-wrap">
        <table className="reflow">
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
                  <th scope="row" data-label="Segment">
                    {s.name}
                  </th>
                  <td className="num" data-label="Completed">
                    {s.completed}
                  </td>
                  <td className="num" data-label="Target">
                    {s.target}
                  </td>
                  <td data-label="Progress">
                    <span className="progress-cell">
                      <span className="progress" aria-hidden="true">
                        <span
                          className="progress-bar"
                          style={{ width: `${Math.min(100, s.target ? (100 * s.completed) / s.target : 0)}%` }}
                        />
                      </span>{" "}
                      {s.target ? `${Math.round((100 * s.completed) / s.target)}%` : ""}
                    </span>
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
