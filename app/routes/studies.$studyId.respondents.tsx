/**
 * Respondents of a study: CSV import (preview with per-line errors, confirm imports the good
 * rows), add one by hand, invitations and reminders through the outbox (each bulk action
 * confirmed first), per-respondent status (app/respondents/status.ts), link revocation and
 * anonymous panel links. The action only parses the intent and dispatches to
 * app/respondents/actions.server.ts.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  data,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  MaxPartSizeExceededError,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { Field, FormError } from "../components/ui/Field.tsx";
import { studySender } from "../email/verification.server.ts";
import {
  type ActionResult,
  actionsByIntent,
  canSeeContacts,
  type Confirmation,
  intentSchema,
  previewImport,
  studyViewers,
} from "../respondents/actions.server.ts";
import { MAX_CSV_BYTES } from "../respondents/import.server.ts";
import { respondentOverview } from "../respondents/list.server.ts";
import { listPanelLinks } from "../respondents/panel.server.ts";
import { REMINDER_INTERVALS_DAYS, reminderIntervalSchema } from "../respondents/reminderInterval.ts";
import { RESPONDENT_STATUS } from "../respondents/status.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireStudyAccess(request, params.studyId, "view");
  const url = new URL(request.url);
  const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const reminderIntervalDays = reminderIntervalSchema.parse(url.searchParams.get("interval") ?? undefined);
  const contacts = await canSeeContacts(access.studyId, access.user.id, access.canEdit);
  const isOwner = access.role === "owner";
  const [overview, panelLinks, sender, viewers] = await Promise.all([
    respondentOverview(access.studyId, page, { contacts, reminderIntervalDays }),
    access.canEdit ? listPanelLinks(access.studyId) : Promise.resolve([]),
    access.canEdit ? studySender(access.studyId) : Promise.resolve(null),
    isOwner ? studyViewers(access.studyId) : Promise.resolve([]),
  ]);
  return {
    ...overview,
    canEdit: access.canEdit,
    contacts,
    isOwner,
    panelLinks,
    sender: sender
      ? { verified: sender.verified, ownerEmail: sender.ownerEmail, isOwner: sender.ownerId === access.user.id }
      : null,
    viewers: viewers.map((v) => ({
      userId: v.userId,
      name: v.user.name,
      email: v.user.email,
      canSeeContacts: v.canSeeContacts,
    })),
  };
}

async function readForm(request: Request): Promise<FormData | ActionResult> {
  try {
    return (request.headers.get("content-type") ?? "").startsWith("multipart/form-data")
      ? await unstable_parseMultipartFormData(
          request,
          unstable_createMemoryUploadHandler({ maxPartSize: MAX_CSV_BYTES }),
        )
      : await request.formData();
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError)
      return {
        intent: "preview",
        errors: { file: `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB. Split it into smaller files.` },
        status: 413,
      };
    throw e;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireStudyAccess(request, params.studyId, "edit");
  const formData = await readForm(request);
  if (!(formData instanceof FormData)) return data<ActionResult>(formData, { status: formData.status });
  const intent = intentSchema.safeParse(formData.get("intent"));
  if (!intent.success) return data<ActionResult>({ intent: "", errors: { form: "Unknown action." } }, { status: 400 });
  const ctx = { studyId: access.studyId, userId: access.user.id, role: access.role, formData };
  let result: ActionResult;
  if (intent.data === "preview") {
    const file = formData.get("file");
    const upload = file && typeof file !== "string" && file.size > 0 ? file : null;
    result = await previewImport(ctx, {
      text: upload ? await upload.text() : String(formData.get("csv") ?? ""),
      fileName: upload ? upload.name || "upload.csv" : "pasted text",
    });
  } else {
    result = await actionsByIntent[intent.data](ctx);
  }
  return data<ActionResult>(result, { status: result.status ?? 200 });
}

export default function Respondents() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const errs = (intent: string) => (a?.intent === intent ? (a.errors ?? {}) : {});
  const vals = (intent: string) => (a?.intent === intent ? (a.values ?? {}) : {});
  const shown = d.counts.filter((c) => c.count > 0);
  return (
    <div className="stack">
      {a?.notice ? (
        <p className="notice" role="status">
          {a.notice}
        </p>
      ) : null}
      <FormError error={a?.errors?.form} />
      {a?.confirm ? <ConfirmStep confirm={a.confirm} /> : null}
      {d.sender && !d.sender.verified ? (
        <section className="card" aria-labelledby="verify-heading">
          <h2 id="verify-heading">Confirm your email address to send invitations</h2>
          <p>
            {d.sender.isOwner
              ? `This study cannot send invitations or reminders until you confirm ${d.sender.ownerEmail}: open the link in the email we sent you.`
              : `This study cannot send invitations or reminders until its owner (${d.sender.ownerEmail}) confirms their email address.`}
          </p>
          {d.sender.isOwner ? (
            <Form method="post">
              <input type="hidden" name="intent" value="send-verification" />
              <button type="submit" className="secondary" disabled={busy}>
                Send the confirmation link again
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
      <section className="card">
        <h2>Respondents</h2>
        <p data-counts={JSON.stringify(Object.fromEntries(shown.map((c) => [c.status, c.count])))}>
          {`${d.total} respondent(s)${shown.length ? `: ${shown.map((c) => `${c.count} ${c.label}`).join(", ")}` : ""}.`}
        </p>
        <p className="muted">
          Emails: {d.outbox.queued ?? 0} queued, {d.outbox.sending ?? 0} sending, {d.outbox.sent ?? 0} sent,{" "}
          {d.outbox.failed ?? 0} failed, {d.outbox.cancelled ?? 0} cancelled.{" "}
          {d.canEdit ? <Link to="../outbox">Outbox</Link> : null}
        </p>
        {d.canEdit ? (
          <>
            <div className="actions">
              <Form method="post">
                <input type="hidden" name="intent" value="invite" />
                <button type="submit" disabled={busy}>
                  Send invitations to everyone not yet invited ({d.actions.toInvite})
                </button>
              </Form>
              {d.actions.failedInvitations > 0 ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="resend" />
                  <button type="submit" className="secondary" disabled={busy}>
                    Send failed invitations again ({d.actions.failedInvitations})
                  </button>
                </Form>
              ) : null}
            </div>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="remind" />
              <p className="muted">
                Reminders go to respondents whose invitation was delivered and who have not finished, except those who
                unsubscribed or whose address bounced, at most once per interval. {d.actions.remindable} can get one now
                (interval {d.actions.reminderIntervalDays} days).
              </p>
              <div className="actions">
                <label htmlFor="f-interval">At most one reminder every</label>
                <select id="f-interval" name="intervalDays" defaultValue={String(d.actions.reminderIntervalDays)}>
                  {REMINDER_INTERVALS_DAYS.map((n) => (
                    <option key={n} value={n}>
                      {n} day{n === 1 ? "" : "s"}
                    </option>
                  ))}
                </select>
                <button type="submit" className="secondary" disabled={busy}>
                  Send reminders to those who have not completed
                </button>
              </div>
            </Form>
          </>
        ) : null}
      </section>

      {d.canEdit ? (
        <>
          <section className="card">
            <h2>Import a CSV</h2>
            <p className="muted">
              A header line with <code>email</code> and optionally <code>name</code>, <code>segment</code> (key or name:{" "}
              {d.segments.map((s) => s.key).join(", ")}) and any extra attribute columns. Up to 2 MB. You will see every
              problem by line before anything is imported; rows with problems are skipped, the others imported.
            </p>
            <Form method="post" encType="multipart/form-data">
              <input type="hidden" name="intent" value="preview" />
              <FormError error={errs("preview").file ?? errs("confirm").file} />
              <label htmlFor="f-file">CSV file</label>
              <input id="f-file" name="file" type="file" accept=".csv,text/csv" />
              <label htmlFor="f-csv">…or paste CSV text</label>
              <textarea id="f-csv" name="csv" rows={4} />
              <div className="actions">
                <button type="submit" disabled={busy}>
                  Check the file
                </button>
              </div>
            </Form>
            {a?.preview ? <ImportPreview preview={a.preview} /> : null}
          </section>

          <section className="card">
            <h2>Add one respondent</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="add" />
              <Field
                label="Email"
                name="email"
                type="email"
                defaultValue={vals("add").email}
                error={errs("add").email}
                required
              />
              <Field label="Name (optional)" name="name" defaultValue={vals("add").name} error={errs("add").name} />
              <label htmlFor="f-segment">Segment</label>
              <select
                id="f-segment"
                name="segment"
                defaultValue={vals("add").segment ?? ""}
                aria-invalid={errs("add").segment ? true : undefined}
                aria-describedby={errs("add").segment ? "f-segment-error" : undefined}
              >
                <option value="">{d.study.screenerQuestion ? "Let the screener decide" : "Choose a segment"}</option>
                {d.segments.map((s) => (
                  <option key={s.id} value={s.key}>
                    {s.name}
                  </option>
                ))}
              </select>
              {errs("add").segment ? (
                <p id="f-segment-error" className="field-error">
                  {errs("add").segment}
                </p>
              ) : null}
              <label className="inline-choice">
                <input type="checkbox" name="invite" value="yes" defaultChecked /> Send the invitation now
              </label>
              <div className="actions">
                <button type="submit" disabled={busy}>
                  Add respondent
                </button>
              </div>
            </Form>
          </section>

          <section className="card">
            <h2>Anonymous panel links</h2>
            <p className="muted">
              Each visit to a panel link creates a new respondent with their own link (for panels where you cannot send
              emails).
            </p>
            {d.panelLinks.length ? (
              <ul>
                {d.panelLinks.map((l) => (
                  <li key={l.id}>
                    {l.segment}: {l.revoked ? <span className="muted">revoked</span> : <code>{l.url}</code>}
                    {!l.revoked ? (
                      <Form method="post" className="inline">
                        <input type="hidden" name="intent" value="panel-revoke" />
                        <input type="hidden" name="linkId" value={l.id} />{" "}
                        <button type="submit" className="link-button">
                          Revoke
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="panel-link" />
              <label htmlFor="f-panel-segment">Segment</label>
              <select id="f-panel-segment" name="segmentId">
                {d.study.screenerQuestion ? <option value="">Let the screener decide</option> : null}
                {d.segments.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
              {errs("panel-link").segmentId ? <p className="field-error">{errs("panel-link").segmentId}</p> : null}
              <div className="actions">
                <button type="submit" className="secondary" disabled={busy}>
                  Create panel link
                </button>
              </div>
            </Form>
          </section>
        </>
      ) : null}

      {d.isOwner && d.viewers.length ? (
        <section className="card">
          <h2>Viewers and contacts</h2>
          <p className="muted">
            Viewers see counts and statuses only. Allow a viewer to see respondents' email addresses and names here.
          </p>
          <ul>
            {d.viewers.map((v) => (
              <li key={v.userId}>
                {v.name} ({v.email}): {v.canSeeContacts ? "sees contacts" : "contacts hidden"}{" "}
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="contacts-access" />
                  <input type="hidden" name="userId" value={v.userId} />
                  <input type="hidden" name="allow" value={v.canSeeContacts ? "no" : "yes"} />
                  <button type="submit" className="link-button">
                    {v.canSeeContacts ? "Hide contacts" : "Allow to see contacts"}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card">
        <h2>
          List{" "}
          <span className="muted">
            (page {d.page} of {d.pages})
          </span>
        </h2>
        {!d.contacts ? (
          <p className="muted">Email addresses and names are hidden. The study owner can let you see them.</p>
        ) : null}
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {d.contacts ? (
                  <>
                    <th>Email</th>
                    <th>Name</th>
                  </>
                ) : null}
                <th>Segment</th>
                <th>Status</th>
                <th>Last email</th>
                {d.canEdit ? <th>Link</th> : null}
              </tr>
            </thead>
            <tbody>
              {d.respondents.map((r, i) => (
                <tr key={r.id ?? i}>
                  {d.contacts ? (
                    <>
                      <td>{r.email ?? <span className="muted">anonymous ({r.source})</span>}</td>
                      <td>{r.name}</td>
                    </>
                  ) : null}
                  <td>{r.segment ?? <span className="muted">—</span>}</td>
                  <td>
                    <span className={`badge ${r.tone}`} data-status={r.status}>
                      {r.statusLabel}
                    </span>
                  </td>
                  <td>
                    {r.lastEmail ?? <span className="muted">—</span>}
                    {r.emailError ? <div className="muted">{r.emailError}</div> : null}
                  </td>
                  {d.canEdit && r.id ? (
                    <td>
                      {r.status !== RESPONDENT_STATUS.revoked && r.status !== RESPONDENT_STATUS.completedLinkRevoked ? (
                        <Form method="post" className="inline">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="respondentId" value={r.id} />
                          <button
                            type="submit"
                            className="link-button"
                            aria-label={`Revoke the link of ${r.email ?? "this anonymous respondent"}`}
                          >
                            Revoke
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <nav className="actions" aria-label="Pages">
          {d.page > 1 ? <Link to={`?page=${d.page - 1}`}>Previous</Link> : null}
          {d.page < d.pages ? <Link to={`?page=${d.page + 1}`}>Next</Link> : null}
        </nav>
      </section>
    </div>
  );
}

/** The second step of a bulk action: says what will happen; posting it acts. Works without JavaScript. */
function ConfirmStep({ confirm }: { confirm: Confirmation }) {
  return (
    <section className="card" role="alertdialog" aria-labelledby="confirm-heading" aria-describedby="confirm-message">
      <h2 id="confirm-heading">{confirm.title}</h2>
      <p id="confirm-message">{confirm.message}</p>
      <Form method="post" className="actions">
        <input type="hidden" name="intent" value={confirm.intent} />
        <input type="hidden" name="confirmed" value="yes" />
        {Object.entries(confirm.fields).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <button type="submit">{confirm.button}</button>
        <Link to="." reloadDocument>
          Cancel
        </Link>
      </Form>
    </section>
  );
}

function ImportPreview({ preview }: { preview: NonNullable<ActionResult["preview"]> }) {
  return (
    <div className="stack" aria-live="polite">
      <h3>Check of {preview.fileName}</h3>
      <p>
        {preview.good} row(s) can be imported; {preview.errors.length} row(s) have problems
        {preview.errors.length ? " and will be skipped" : ""}.
      </p>
      {preview.errors.length ? (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Problems by line</caption>
            <thead>
              <tr>
                <th className="num">Line</th>
                <th>Problem</th>
              </tr>
            </thead>
            <tbody>
              {preview.errors.slice(0, 500).map((e) => (
                <tr key={`${e.line}:${e.message}`}>
                  <td className="num">{e.line}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.errors.length > 500 ? <p className="muted">…and {preview.errors.length - 500} more.</p> : null}
        </div>
      ) : null}
      {preview.good > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="payload" value={preview.payload} />
          <label className="inline-choice">
            <input type="checkbox" name="invite" value="yes" defaultChecked /> Send the invitations now
          </label>
          <div className="actions">
            <button type="submit">Import {preview.good} respondent(s)</button>
          </div>
        </Form>
      ) : null}
    </div>
  );
}
