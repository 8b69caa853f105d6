import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { CompletesChart } from "../components/fielding/CompletesChart.tsx";
import {
  FlaggedRespondents,
  QualityCounts,
  QualityFlagKinds,
  QualityGateNote,
} from "../components/results/RespondentQuality.tsx";
import { StudyStatus } from "../domain/status.ts";
import { canSeeContacts } from "../respondents/actions.server.ts";
import { fieldingData } from "../studies/fielding.server.ts";
import fieldingStyles from "../styles/fielding.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: fieldingStyles }];

/** Live refresh: every 5 s while the page is visible, for at most 30 minutes (then a reload link). */
const POLL_MS = 5_000;
const POLL_LIMIT = 360;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId, user, canEdit } = await requireStudyAccess(request, params.studyId, "view");
  const seeContacts = await canSeeContacts(studyId, user.id, canEdit);
  return { studyId, data: await fieldingData(studyId, { seeContacts, canEdit }) };
}

function useLivePolling(enabled: boolean) {
  const revalidator = useRevalidator();
  const [polls, setPolls] = useState(0);
  const idle = revalidator.state === "idle";
  const active = enabled && polls < POLL_LIMIT;
  useEffect(() => {
    if (!active || !idle) return;
    const timer = setTimeout(() => {
      setPolls((p) => p + 1);
      revalidator.revalidate();
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [active, idle, revalidator]);
  return { paused: enabled && !active };
}

const pct = (x: number) => `${Math.round(1000 * x) / 10}%`;

export default function Fielding() {
  const { studyId, data } = useLoaderData<typeof loader>();
  const live = data.status === StudyStatus.live;
  const { paused } = useLivePolling(live);
  const [js, setJs] = useState(false);
  useEffect(() => setJs(true), []);
  const updated = `${data.computedAt.slice(11, 19)} UTC`;
  return (
    <div className="stack fielding">
      <section className="card" aria-labelledby="fielding-h">
        <h2 id="fielding-h">Fielding</h2>
        {data.status === StudyStatus.draft ? (
          <p>The dashboard fills in once the study is launched.</p>
        ) : (
          <p className="muted" aria-live="polite">
            Updated {updated}. {live && js && !paused ? "Updates by itself every few seconds. " : null}
            {paused ? "Live updates paused after 30 minutes. " : null}
            <a href={`/studies/${studyId}/fielding`}>Reload</a>
          </p>
        )}
        <dl className="stats">
          <div>
            <dt>Completes</dt>
            <dd data-total-completes>{data.completed}</dd>
          </div>
          <div>
            <dt>Started (all)</dt>
            <dd>{data.started}</dd>
          </div>
          <div>
            <dt>Median completion time</dt>
            <dd data-median>{data.medianMinutes === null ? "—" : `${Math.round(data.medianMinutes * 10) / 10} min`}</dd>
          </div>
          <div>
            <dt>Emails bounced</dt>
            <dd data-bounced>{data.emails.bounced}</dd>
          </div>
          <div>
            <dt>Emails failed</dt>
            <dd data-failed>{data.emails.failed}</dd>
          </div>
          <div>
            <dt>Emails sent / queued</dt>
            <dd>
              {data.emails.sent} / {data.emails.queued}
            </dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="seg-h">
        <h2 id="seg-h">Segments</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Segment</th>
                <th scope="col">Completes</th>
                <th scope="col">Quota</th>
                <th scope="col">Projected completion</th>
              </tr>
            </thead>
            <tbody>
              {data.segments.map((s) => (
                <tr key={s.key} data-segment={s.key}>
                  <th scope="row">{s.name}</th>
                  <td data-completes>
                    {s.completes} of {s.target}
                  </td>
                  <td>
                    {s.quota === null
                      ? "No quota"
                      : `${s.placesTaken} of ${s.quota} places taken${s.placesTaken >= s.quota ? ": full" : ""}`}
                  </td>
                  <td data-projection>
                    {s.projection.status === "reached"
                      ? "Target reached"
                      : s.projection.status === "noRecent"
                        ? "No completes in the last days: cannot project"
                        : `${s.projection.date} (${Math.round(s.projection.perDay * 10) / 10} completes a day over the last ${Math.round(s.projection.windowDays * 10) / 10} days)`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <CompletesChart
          days={data.timeline.days}
          series={data.segments.map((s) => ({
            key: s.key,
            name: s.name,
            target: s.target,
            values: data.timeline.values[s.key] ?? [],
          }))}
        />
      </section>

      {data.quality ? (
        <section className="card" aria-labelledby="flagged-h" data-flagged>
          <h2 id="flagged-h">Flagged respondents</h2>
          {data.quality.view ? (
            <>
              <QualityGateNote q={data.quality.view} where="on the Results page" />
              {data.quality.fit === "pending" ? (
                <p className="muted">
                  The fit check uses the Hierarchical Bayes run of the{" "}
                  <a href={`/studies/${studyId}/results`}>Results</a> page for the current answers; this page does not
                  start one.
                </p>
              ) : null}
              <QualityCounts q={data.quality.view} withFlagged />
              <QualityFlagKinds q={data.quality.view} />
              <FlaggedRespondents q={data.quality.view} />
            </>
          ) : (
            <p>The quality gate could not run on the answers: {data.quality.error}</p>
          )}
        </section>
      ) : null}

      <section className="card" aria-labelledby="waves-h">
        <h2 id="waves-h">Invitation waves</h2>
        {data.waves.length === 0 ? (
          <p>No invitations sent yet.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Sent on</th>
                  <th scope="col">Invitations</th>
                  <th scope="col">Started</th>
                  <th scope="col">Completed</th>
                  <th scope="col">Response rate</th>
                </tr>
              </thead>
              <tbody>
                {data.waves.map((w) => (
                  <tr key={w.day} data-wave={w.day}>
                    <th scope="row">{w.day}</th>
                    <td>{w.sent}</td>
                    <td>{w.started}</td>
                    <td>{w.completed}</td>
                    <td>{pct(w.responseRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="drop-h">
        <h2 id="drop-h">Drop-off by page</h2>
        <p className="muted">
          Reached: respondents who got to the page; stopped: those who have not submitted it (left, or on it now).
          Screened-out respondents leave after the screener by design and are not counted as drop-off.
        </p>
        {data.funnel.length === 0 ? (
          <p>No pages submitted yet.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Page</th>
                  <th scope="col">Reached</th>
                  <th scope="col">Submitted</th>
                  <th scope="col">Stopped</th>
                </tr>
              </thead>
              <tbody>
                {data.funnel.map((p) => (
                  <tr key={p.page} data-page={p.page}>
                    <th scope="row">{p.label}</th>
                    <td>{p.reached}</td>
                    <td>{p.submitted}</td>
                    <td>
                      {p.lost}
                      {p.lostShare === null ? "" : ` (${pct(p.lostShare)})`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {data.bouncedAddresses && data.bouncedAddresses.length > 0 ? (
        <section className="card" aria-labelledby="bounce-h">
          <h2 id="bounce-h">Bounced addresses</h2>
          <ul data-bounced-addresses>
            {data.bouncedAddresses.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
