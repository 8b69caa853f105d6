import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { EntityRow } from "../components/builder/EntityRow.tsx";
import { feedbackFor, Input, LockedNote } from "../components/builder/Inputs.tsx";
import { FormError } from "../components/ui/Field.tsx";
import { db } from "../db.server.ts";
import { parseForm } from "../forms.ts";
import { builderSubmission } from "../forms.server.ts";
import { itemSchema, maxDiffAnchorSchema, maxDiffSettingsSchema } from "../studies/builderSchemas.ts";
import { removeItem, saveItem, saveMaxDiffAnchor, saveMaxDiffSettings } from "../studies/maxdiffItems.server.ts";
import { DESIGN_WAIT_MS, reportDesign, studyDesign } from "../studies/design.server.ts";
import { DESIGN_LIMITS } from "../studies/designLimits.ts";
import { lockReason, studyStatus } from "../studies/lock.server.ts";
import {
  ANCHOR_ANSWERS,
  ANCHOR_LABELS,
  DEFAULT_ANCHOR_QUESTION,
  MAX_ANCHOR_QUESTION_LENGTH,
} from "../studies/maxdiffAnchor.ts";
import { StudyStatus } from "../domain/status.ts";
import { saveHbCovariates } from "../studies/quality.server.ts";
import { plannedSampleWarnings } from "../studies/sampleAdequacy.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  // The design comes from a job (worker thread, cached by settings and items): wait briefly, else "generating…".
  const [status, items, { settings, state }, storedRows, anchor, segments, hbCov] = await Promise.all([
    studyStatus(studyId),
    db.maxDiffItem.findMany({
      where: { studyId },
      orderBy: [{ sortOrder: "asc" }, { label: "asc" }],
      select: { id: true, label: true, description: true },
    }),
    studyDesign(studyId, { waitMs: DESIGN_WAIT_MS.view }),
    db.maxDiffDesignTask.count({ where: { studyId } }),
    db.study.findUniqueOrThrow({
      where: { id: studyId },
      select: { maxDiffAnchored: true, maxDiffAnchorQuestion: true },
    }),
    db.segment.findMany({
      where: { studyId },
      orderBy: [{ sortOrder: "asc" }, { key: "asc" }],
      select: { key: true, name: true, targetN: true },
    }),
    db.maxDiffSettings.findUnique({ where: { studyId }, select: { hbCovariates: true } }),
  ]);
  return {
    status,
    items,
    settings,
    report: reportDesign(state),
    stored: storedRows > 0,
    anchor: { anchored: anchor.maxDiffAnchored, question: anchor.maxDiffAnchorQuestion },
    lock: lockReason(status, "item"),
    hbCovariates: hbCov?.hbCovariates ?? true,
    hbLock: lockReason(status, "hb-covariates"),
    sampleWarnings: plannedSampleWarnings(
      segments.map((s) => ({ name: s.name || s.key, targetN: s.targetN })),
      { items: items.length, itemsPerTask: settings.itemsPerTask, tasksPerRespondent: settings.tasksPerRespondent },
    ),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const formData = await request.formData();
  const { intent, id, fail } = builderSubmission(formData);
  if (intent === "item") {
    const parsed = parseForm(formData, itemSchema);
    if (!parsed.ok) return fail(parsed.errors);
    const r = await saveItem(studyId, id, parsed.data);
    if (!r.ok) return fail(r.errors, r.status);
  } else if (intent === "remove-item" && id) {
    const r = await removeItem(studyId, id);
    if (!r.ok) return fail(r.errors, r.status);
  } else if (intent === "settings") {
    const parsed = parseForm(formData, maxDiffSettingsSchema);
    if (!parsed.ok) return fail(parsed.errors);
    const r = await saveMaxDiffSettings(studyId, parsed.data);
    if (!r.ok) return fail(r.errors, r.status);
  } else if (intent === "anchor") {
    const parsed = parseForm(formData, maxDiffAnchorSchema);
    if (!parsed.ok) return fail(parsed.errors);
    const r = await saveMaxDiffAnchor(studyId, parsed.data);
    if (!r.ok) return fail(r.errors, r.status);
  } else if (intent === "hb-covariates") {
    const r = await saveHbCovariates(studyId, formData.get("hbCovariates") === "on");
    if (!r.ok) return fail(r.errors, r.status);
  } else return fail({ form: "Unknown action." });
  throw redirect(`/studies/${studyId}/build/maxdiff`);
}

/** While the design is generated: reload the data every 2 s (with JavaScript; without, a meta refresh). */
function useDesignPolling(generating: boolean) {
  const revalidator = useRevalidator();
  const idle = revalidator.state === "idle";
  useEffect(() => {
    if (!generating || !idle) return;
    const timer = setTimeout(() => revalidator.revalidate(), 2_000);
    return () => clearTimeout(timer);
  }, [generating, idle, revalidator]);
}

export default function MaxDiffBuilder() {
  const { items, settings, report, status, lock, stored, anchor, hbCovariates, hbLock, sampleWarnings } =
    useLoaderData<typeof loader>();
  const generating = report.quality === "generating";
  useDesignPolling(generating);
  const actionData = useActionData<typeof action>();
  const add = feedbackFor(actionData, "item", null);
  const set = feedbackFor(actionData, "settings");
  const anc = feedbackFor(actionData, "anchor");
  const cov = feedbackFor(actionData, "hb-covariates");
  const draft = status === StudyStatus.draft;
  const b = report.design?.balance.overall;
  return (
    <div className="stack">
      <LockedNote reason={lock} />
      <section className="card">
        <h2>MaxDiff items</h2>
        <p className="muted">
          Features or benefits respondents choose the most and least important among. Keep labels short; the description
          helps respondents understand them.
        </p>
        {items.length === 0 ? <p>No items yet.</p> : null}
        {items.map((it) => (
          <EntityRow
            key={it.id}
            id={it.id}
            label={`Item ${it.label}`}
            intent="item"
            removeIntent="remove-item"
            actionData={actionData}
            save={draft ? "Save item" : null}
            remove={draft ? <>Remove {it.label}</> : null}
            fields={(f) => (
              <div className="row-form">
                <Input
                  label="Label"
                  name="label"
                  idPrefix={`${it.id}-`}
                  defaultValue={f.value("label", it.label)}
                  error={f.errors.label}
                  readOnly={!draft}
                  maxLength={80}
                />
                <Input
                  label="Description"
                  name="description"
                  idPrefix={`${it.id}-`}
                  defaultValue={f.value("description", it.description)}
                  error={f.errors.description}
                  readOnly={!draft}
                />
              </div>
            )}
          />
        ))}
      </section>
      {draft ? (
        <Form method="post" noValidate className="card" aria-labelledby="add-item">
          <h2 id="add-item">Add an item</h2>
          <input type="hidden" name="intent" value="item" />
          <FormError error={add.errors.form} />
          <div className="row-form">
            <Input
              label="Label"
              name="label"
              hint="e.g. Single sign-on"
              defaultValue={add.value("label", "")}
              error={add.errors.label}
              maxLength={80}
            />
            <Input
              label="Description"
              name="description"
              defaultValue={add.value("description", "")}
              error={add.errors.description}
            />
          </div>
          <div className="actions">
            <button type="submit">Add item</button>
          </div>
        </Form>
      ) : null}
      <Form method="post" noValidate className="card" aria-labelledby="design-h">
        <h2 id="design-h">Design</h2>
        <input type="hidden" name="intent" value="settings" />
        <FormError error={set.errors.form} />
        <div className="row-form">
          <Input
            label="Items per task"
            name="itemsPerTask"
            type="number"
            min={2}
            max={DESIGN_LIMITS.itemsPerTask}
            defaultValue={set.value("itemsPerTask", settings.itemsPerTask)}
            error={set.errors.itemsPerTask}
            readOnly={!draft}
          />
          <Input
            label="Tasks per respondent"
            name="tasksPerRespondent"
            type="number"
            min={1}
            max={DESIGN_LIMITS.tasksPerRespondent}
            hint={`At most ${DESIGN_LIMITS.tasksPerRespondent}.`}
            defaultValue={set.value("tasksPerRespondent", settings.tasksPerRespondent)}
            error={set.errors.tasksPerRespondent}
            readOnly={!draft}
          />
          <Input
            label="Versions"
            name="versions"
            type="number"
            min={1}
            max={DESIGN_LIMITS.versions}
            defaultValue={set.value("versions", settings.versions)}
            error={set.errors.versions}
            hint={`Respondents are spread across versions; at most ${DESIGN_LIMITS.versions}.`}
            readOnly={!draft}
          />
        </div>
        {draft ? (
          <div className="actions">
            <button type="submit">Save and check the design</button>
          </div>
        ) : null}
        {sampleWarnings.length ? (
          <ul className="warning" aria-label="Sample warnings">
            {sampleWarnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : null}
        <h3>Balance</h3>
        {stored ? (
          <p className="muted">The design was stored at launch and is locked.</p>
        ) : (
          <p className="muted">The design is generated from these settings and stored when the study launches.</p>
        )}
        {generating ? (
          <div role="status" aria-live="polite">
            <p>Generating the design… This page updates by itself when it is ready.</p>
            <noscript>
              <meta httpEquiv="refresh" content="2" />
            </noscript>
          </div>
        ) : null}
        {report.problems.map((p) => (
          <p key={p} className="warning">
            {p}
          </p>
        ))}
        {report.design && b ? (
          <>
            <p className={report.quality === "good" ? "quality-good" : "quality-weak"}>
              {report.quality === "good"
                ? "Good design: items, pairs and positions are balanced."
                : "Weak design: see the warnings below."}
            </p>
            {report.warnings.length ? (
              <ul className="warning" aria-label="Design warnings">
                {report.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            ) : null}
            <p>
              Each respondent sees each item about {report.design.exposuresPerItem.toFixed(1)} times (
              {settings.tasksPerRespondent} tasks × {settings.itemsPerTask} items ÷ {items.length} items; 3 or more is
              recommended).
            </p>
            <div className="table-wrap">
              <table className="balance">
                <caption className="sr-only">Design balance across all versions</caption>
                <thead>
                  <tr>
                    <th>Across all versions</th>
                    <th className="num">Fewest</th>
                    <th className="num">Most</th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <td>Times each item is shown</td>
                    <td className="num">{b.oneWay.min}</td>
                    <td className="num">{b.oneWay.max}</td>
                  </tr>
                  <tr>
                    <td>Times each pair of items appears together</td>
                    <td className="num">{b.twoWay.min}</td>
                    <td className="num">{b.twoWay.max}</td>
                  </tr>
                  <tr>
                    <td>Times each item is in each position</td>
                    <td className="num">{b.positions.min}</td>
                    <td className="num">{b.positions.max}</td>
                  </tr>
                </tbody>
              </table>
            </div>
          </>
        ) : null}
      </Form>
      <Form method="post" noValidate className="card" aria-labelledby="anchor-h">
        <h2 id="anchor-h">Anchored MaxDiff</h2>
        <input type="hidden" name="intent" value="anchor" />
        <FormError error={anc.errors.form} />
        <p className="muted">
          Plain MaxDiff ranks items against each other only. With an anchor, each MaxDiff page also asks whether all,
          some or none of the shown features are valuable ({ANCHOR_ANSWERS.map((a) => ANCHOR_LABELS[a]).join(" / ")}
          ), so results show which items are must-haves, not just which rank higher (dual response, Orme 2009).
        </p>
        <label className="inline-choice">
          <input type="checkbox" name="anchored" defaultChecked={anchor.anchored} disabled={!draft} /> Ask the anchor
          question on every MaxDiff page
        </label>
        <Input
          label="Anchor question"
          name="anchorQuestion"
          defaultValue={anc.value("anchorQuestion", anchor.question)}
          error={anc.errors.anchorQuestion}
          hint={`Leave empty for the default: “${DEFAULT_ANCHOR_QUESTION}”`}
          readOnly={!draft}
          maxLength={MAX_ANCHOR_QUESTION_LENGTH}
        />
        {draft ? (
          <div className="actions">
            <button type="submit">Save the anchor setting</button>
          </div>
        ) : null}
      </Form>
      <Form method="post" noValidate className="card" aria-labelledby="hbcov-h">
        <h2 id="hbcov-h">Hierarchical Bayes</h2>
        <input type="hidden" name="intent" value="hb-covariates" />
        <FormError error={cov.errors.form} />
        <p className="muted">
          With segment covariates, each respondent's utilities are shrunk toward their own segment's mean rather than
          one population mean, so a small segment is not pulled toward the big ones (Allenby &amp; Rossi). The results
          show the segment effects with intervals.
        </p>
        <label className="inline-choice">
          <input
            type="checkbox"
            name="hbCovariates"
            defaultChecked={hbCovariates}
            disabled={!!hbLock}
            aria-describedby={hbLock ? "hbcov-lock" : undefined}
          />{" "}
          Use the study's segments as covariates
        </label>
        {hbLock ? (
          <p id="hbcov-lock" className="lock-note">
            🔒 {hbLock}
          </p>
        ) : (
          <div className="actions">
            <button type="submit">Save the HB setting</button>
          </div>
        )}
      </Form>
    </div>
  );
}
