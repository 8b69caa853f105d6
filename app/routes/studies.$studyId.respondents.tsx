/**
 * Respondents of a study: CSV import (preview with per-line errors, confirm imports the good
 * rows), add one by hand, invitations and reminders through the outbox, per-respondent
 * status, link revocation and anonymous panel links.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  data,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  MaxPartSizeExceededError,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { Field, FormError } from "../components/ui/Field.tsx";
import { db } from "../db.server.ts";
import { queueInvitationsForUninvited, queueReminders } from "../email/outbox.server.ts";
import { parseForm } from "../forms.ts";
import {
  importRespondents,
  MAX_CSV_BYTES,
  parseRespondentCsv,
  revokeRespondent,
  validateRows,
  type RowError,
  type StagedRow,
} from "../respondents/import.server.ts";
import { respondentOverview } from "../respondents/list.server.ts";
import { createPanelLink, listPanelLinks, revokePanelLink } from "../respondents/panel.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireStudyAccess(request, params.studyId, "view");
  const page = Math.max(1, Number(new URL(request.url).searchParams.get("page")) || 1);
  const [overview, panelLinks] = await Promise.all([
    respondentOverview(access.studyId, page),
    access.canEdit ? listPanelLinks(access.studyId) : Promise.resolve([]),
  ]);
  return { ...overview, canEdit: access.canEdit, panelLinks };
}

type ActionResult = {
  intent: string;
  errors?: Record<string, string>;
  values?: Record<string, string>;
  preview?: { good: number; errors: RowError[]; payload: string; fileName: string };
  notice?: string;
};

const addSchema = z.object({
  email: z.string(),
  name: z.string().optional().default(""),
  segment: z.string().optional().default(""),
  invite: z.string().optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  let formData: FormData;
  try {
    formData = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data")
      ? await unstable_parseMultipartFormData(
          request,
          unstable_createMemoryUploadHandler({ maxPartSize: MAX_CSV_BYTES }),
        )
      : await request.formData();
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) {
      return data<ActionResult>(
        {
          intent: "preview",
          errors: { file: `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB. Split it into smaller files.` },
        },
        { status: 413 },
      );
    }
    throw e;
  }
  const intent = String(formData.get("intent") ?? "");
  const study = await db.study.findUniqueOrThrow({ where: { id: studyId }, select: { screenerQuestion: true } });
  const screener = !!study.screenerQuestion;

  if (intent === "preview") {
    const file = formData.get("file");
    const pasted = String(formData.get("csv") ?? "");
    let text = pasted;
    let fileName = "pasted text";
    if (file && typeof file !== "string" && file.size > 0) {
      text = await file.text();
      fileName = file.name || "upload.csv";
    }
    if (!text.trim())
      return data<ActionResult>(
        { intent, errors: { file: "Choose a CSV file (or paste CSV text) with a header line: email,name,segment,…" } },
        { status: 400 },
      );
    const parsed = parseRespondentCsv(text);
    const checked = await validateRows(studyId, parsed.rows, { screener });
    const errors = [...parsed.errors, ...checked.errors].sort((a, b) => a.line - b.line);
    const payload = JSON.stringify(
      checked.good.map(({ line, email, name, segment, attributes }) => ({ line, email, name, segment, attributes })),
    );
    return data<ActionResult>(
      { intent, preview: { good: checked.good.length, errors, payload, fileName } },
      { status: errors.length && !checked.good.length ? 400 : 200 },
    );
  }

  if (intent === "confirm") {
    const rowsSchema = z
      .array(
        z.object({
          line: z.number().int(),
          email: z.string(),
          name: z.string(),
          segment: z.string(),
          attributes: z.record(z.string()),
        }),
      )
      .max(10_000);
    let rows: StagedRow[];
    try {
      rows = rowsSchema.parse(JSON.parse(String(formData.get("payload") ?? "[]")));
    } catch {
      return data<ActionResult>(
        { intent, errors: { file: "The preview expired or was changed. Upload the file again." } },
        { status: 400 },
      );
    }
    const checked = await validateRows(studyId, rows, { screener });
    if (checked.errors.length) {
      return data<ActionResult>(
        {
          intent: "preview",
          errors: { file: "Some rows are no longer valid (added meanwhile?). Check the list below and confirm again." },
          preview: {
            good: checked.good.length,
            errors: checked.errors,
            payload: JSON.stringify(checked.good),
            fileName: "previous upload",
          },
        },
        { status: 409 },
      );
    }
    const result = await importRespondents(studyId, checked.good, { invite: formData.get("invite") === "yes" });
    if (!result.ok) return data<ActionResult>({ intent, errors: { file: result.message } }, { status: 409 });
    return data<ActionResult>({
      intent,
      notice: `Imported ${result.count} respondent(s)${formData.get("invite") === "yes" ? " and queued their invitations" : ""}.`,
    });
  }

  if (intent === "add") {
    const parsed = parseForm(formData, addSchema);
    if (!parsed.ok)
      return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
    const row: StagedRow = {
      line: 1,
      email: parsed.data.email,
      name: parsed.data.name,
      segment: parsed.data.segment,
      attributes: {},
    };
    const checked = await validateRows(studyId, [row], { screener });
    if (checked.errors.length) {
      const message = checked.errors[0].message;
      const field = /segment/i.test(message) ? "segment" : /name/i.test(message) ? "name" : "email";
      return data<ActionResult>(
        {
          intent,
          errors: { [field]: message },
          values: Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [k, String(v ?? "")])),
        },
        { status: 400 },
      );
    }
    const result = await importRespondents(studyId, checked.good, {
      invite: parsed.data.invite === "yes",
      source: "manual",
    });
    if (!result.ok) return data<ActionResult>({ intent, errors: { email: result.message } }, { status: 409 });
    return data<ActionResult>({
      intent,
      notice: `Added ${checked.good[0].email}${parsed.data.invite === "yes" ? " and queued the invitation" : ""}.`,
    });
  }

  if (intent === "invite") {
    const n = await queueInvitationsForUninvited(studyId);
    return data<ActionResult>({
      intent,
      notice: n ? `Queued ${n} invitation(s).` : "Everyone with an email address has been invited already.",
    });
  }
  if (intent === "remind") {
    const n = await queueReminders(studyId);
    return data<ActionResult>({
      intent,
      notice: n
        ? `Queued ${n} reminder(s) to respondents who have not completed.`
        : "Nobody needs a reminder right now.",
    });
  }
  if (intent === "revoke") {
    const id = z.string().min(1).max(100).safeParse(formData.get("respondentId"));
    if (!id.success || !(await revokeRespondent(studyId, id.data)))
      throw data({ message: "Respondent not found" }, { status: 404 });
    return data<ActionResult>({ intent, notice: "The link was revoked; it no longer opens the survey." });
  }
  if (intent === "panel-link") {
    const segmentId = String(formData.get("segmentId") ?? "");
    const segment = segmentId
      ? await db.segment.findFirst({ where: { id: segmentId, studyId }, select: { id: true } })
      : null;
    if (segmentId && !segment)
      return data<ActionResult>({ intent, errors: { segmentId: "Choose a segment of this study." } }, { status: 400 });
    if (!segmentId && !screener)
      return data<ActionResult>(
        { intent, errors: { segmentId: "This study has no screener question, so a panel link needs a segment." } },
        { status: 400 },
      );
    await createPanelLink(studyId, segment?.id ?? null);
    return data<ActionResult>({ intent, notice: "Created a panel link." });
  }
  if (intent === "panel-revoke") {
    if (!(await revokePanelLink(studyId, String(formData.get("linkId") ?? ""))))
      throw data({ message: "Link not found" }, { status: 404 });
    return data<ActionResult>({ intent, notice: "The panel link was revoked." });
  }
  return data<ActionResult>({ intent, errors: { form: "Unknown action." } }, { status: 400 });
}

export default function Respondents() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const errs = (intent: string) => (a?.intent === intent ? (a.errors ?? {}) : {});
  const vals = (intent: string) => (a?.intent === intent ? (a.values ?? {}) : {});
  return (
    <div className="stack">
      {a?.notice ? (
        <p className="notice" role="status">
          {a.notice}
        </p>
      ) : null}
      <FormError error={a?.errors?.form} />
      <section className="card">
        <h2>Respondents</h2>
        <p>
          {d.total} respondent(s): {d.byStatus.invited ?? 0} invited, {d.byStatus.started ?? 0} started,{" "}
          {d.byStatus.completed ?? 0} completed, {d.byStatus.screened_out ?? 0} screened out, {d.unsubscribed}{" "}
          unsubscribed.
        </p>
        <p className="muted">
          Emails: {d.outbox.queued ?? 0} queued, {d.outbox.sending ?? 0} sending, {d.outbox.sent ?? 0} sent,{" "}
          {d.outbox.failed ?? 0} failed, {d.outbox.cancelled ?? 0} cancelled. <Link to="../outbox">Outbox</Link>
        </p>
        {d.canEdit ? (
          <div className="actions">
            <Form method="post">
              <input type="hidden" name="intent" value="invite" />
              <button type="submit" disabled={busy}>
                Send invitations to everyone not yet invited
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="remind" />
              <button type="submit" className="secondary" disabled={busy}>
                Send reminders to those who have not completed
              </button>
            </Form>
          </div>
        ) : null}
      </section>

      {d.canEdit ? (
        <>
          <section className="card">
            <h2>Import a CSV</h2>
            <p className="muted">
              A header line with <code>email</code> and optionally <code>name</code>, <code>segment</code> (key or name:{" "}
              {d.segments.map((s) => s.key).join(", ")}) and any extra attribute columns. Up to 2 MB. You will see every
              problem by line before anything is imported.
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

      <section className="card">
        <h2>
          List{" "}
          <span className="muted">
            (page {d.page} of {d.pages})
          </span>
        </h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Email</th>
                <th>Name</th>
                <th>Segment</th>
                <th>Email status</th>
                <th>Survey</th>
                {d.canEdit ? <th>Link</th> : null}
              </tr>
            </thead>
            <tbody>
              {d.respondents.map((r) => (
                <tr key={r.id}>
                  <td>{r.email ?? <span className="muted">anonymous ({r.source})</span>}</td>
                  <td>{r.name}</td>
                  <td>{r.segment ?? <span className="muted">—</span>}</td>
                  <td>
                    <span className={`badge ${r.email_status.split(" ").at(-1)}`}>{r.email_status}</span>
                    {r.unsubscribed ? <span className="badge failed">unsubscribed</span> : null}
                    {r.email_error ? <div className="muted">{r.email_error}</div> : null}
                  </td>
                  <td>
                    <span className={`badge ${r.status}`}>{r.status}</span>
                  </td>
                  {d.canEdit ? (
                    <td>
                      {r.status !== "revoked" ? (
                        <Form method="post" className="inline">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="respondentId" value={r.id} />
                          <button
                            type="submit"
                            className="link-button"
                            aria-label={`Revoke the link of ${r.email ?? r.id}`}
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
              {preview.errors.slice(0, 500).map((e, i) => (
                <tr key={i}>
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
