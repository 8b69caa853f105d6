/**
 * One email from the outbox as the respondent sees it: its headers, the HTML part in a
 * sandboxed iframe (srcdoc, no scripts, CSP `default-src 'none'`) and the plain-text part.
 * Files exist only when no SMTP server is configured (VAR_DIR/outbox/); <id>/download serves
 * the raw .eml file.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { db } from "../db.server.ts";
import { parseOutboxStatus } from "../domain/status.ts";
import { emlFileName, outboxDir } from "../email/transport.server.ts";
import { parseEml, sandboxedSrcDoc } from "../studies/emlView.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const row = await db.emailOutbox.findFirst({
    where: { id: String(params.emailId), studyId },
    select: { id: true, kind: true, status: true, sentAt: true },
  });
  const file = row ? path.join(outboxDir(), emlFileName(row.id)) : null;
  if (!row || !file || !existsSync(file))
    throw data({ message: "That email is not in the outbox (or was not written to a file)." }, { status: 404 });
  const raw = readFileSync(file);
  const email = parseEml(raw.toString("utf8"));
  return {
    id: row.id,
    kind: row.kind,
    status: parseOutboxStatus(row.status),
    headers: email.headers,
    text: email.text,
    srcDoc: email.html === null ? null : sandboxedSrcDoc(email.html),
  };
}

export default function OutboxEmail() {
  const email = useLoaderData() as {
    id: string;
    kind: string;
    status: string;
    headers: { from: string; to: string; subject: string; date: string };
    text: string | null;
    srcDoc: string | null;
  };
  return (
    <section className="card email-view" aria-labelledby="email-h">
      <p>
        <Link to="../outbox">Back to the outbox</Link>
      </p>
      <h2 id="email-h">{email.headers.subject || "(no subject)"}</h2>
      <dl className="email-headers">
        <dt>From</dt>
        <dd>{email.headers.from}</dd>
        <dt>To</dt>
        <dd>{email.headers.to}</dd>
        <dt>Date</dt>
        <dd>{email.headers.date}</dd>
        <dt>Kind</dt>
        <dd>
          {email.kind} · <span className={`badge ${email.status}`}>{email.status}</span>
        </dd>
      </dl>
      {email.srcDoc !== null ? (
        <>
          <h3>As the respondent sees it (HTML)</h3>
          <iframe title="The email's HTML part" sandbox="" srcDoc={email.srcDoc} referrerPolicy="no-referrer" />
        </>
      ) : null}
      {email.text !== null ? (
        <>
          <h3>Plain-text version</h3>
          <pre>{email.text}</pre>
        </>
      ) : null}
      {email.srcDoc === null && email.text === null ? <p className="muted">This email has no readable body.</p> : null}
      <p>
        <a href={`${email.id}/download`}>Download the .eml file</a>
      </p>
    </section>
  );
}
