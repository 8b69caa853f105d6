/**
 * The study's email outbox: every queued/sent/failed email, to respondents and to people invited
 * to join the study. Without SMTP_URL, messages are
 * written as .eml files under VAR_DIR/outbox/ and can be opened here (the demo needs no
 * mail server).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { mailSettings } from "../env.server.ts";
import { db } from "../db.server.ts";
import { OutboxStatus, parseOutboxStatus } from "../domain/status.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const rows = await db.emailOutbox.findMany({
    where: { studyId },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: {
      id: true,
      kind: true,
      status: true,
      attempts: true,
      lastError: true,
      createdAt: true,
      sentAt: true,
      messageId: true,
      respondent: { select: { email: true } },
    },
  });
  // invitations to join the study (app/members/members.server.ts) go through the same worker
  const memberInvites = await db.studyInviteEmail.findMany({
    where: { studyId },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: {
      id: true,
      role: true,
      email: true,
      status: true,
      attempts: true,
      lastError: true,
      createdAt: true,
      sentAt: true,
    },
  });
  const all = [
    ...rows.map(({ respondent, ...r }) => ({ ...r, email: respondent.email, viewable: true })),
    ...memberInvites.map(({ role, ...r }) => ({ ...r, kind: `member invitation (${role})`, viewable: false })),
  ]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, 200);
  return {
    smtp: !!mailSettings().smtpUrl,
    rows: all.map((r) => ({
      ...r,
      status: parseOutboxStatus(r.status),
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
    })),
  };
}

export default function Outbox() {
  const { smtp, rows } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h2>Email outbox</h2>
      <p className="muted">
        {smtp
          ? "Emails are sent through the configured SMTP server."
          : "No SMTP_URL is configured: emails are written as .eml files under var/outbox/ instead of being sent. Open one below to see what respondents would get."}
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>To</th>
              <th>Kind</th>
              <th>Status</th>
              <th className="num">Attempts</th>
              <th>Queued</th>
              <th>Sent</th>
              {!smtp ? <th>Message</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.email}</td>
                <td>{r.kind}</td>
                <td>
                  <span className={`badge ${r.status}`}>{r.status}</span>
                  {r.lastError ? <div className="muted">{r.lastError}</div> : null}
                </td>
                <td className="num">{r.attempts}</td>
                <td>{r.createdAt.slice(0, 16).replace("T", " ")}</td>
                <td>{r.sentAt ? r.sentAt.slice(0, 16).replace("T", " ") : ""}</td>
                {!smtp ? (
                  <td>
                    {r.status === OutboxStatus.sent && r.viewable ? (
                      <Link to={`${r.id}.eml`} aria-label={`View the email to ${r.email}`}>
                        View
                      </Link>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 200 ? <p className="muted">Showing the latest 200.</p> : null}
    </section>
  );
}
