import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { decisionRuleSchema, type DecisionRule } from "../../research/studyExport.ts";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { CheckboxGroup, feedbackFor, Input, LockedNote, Notice, TextArea } from "../components/builder/Inputs.tsx";
import { EntityRow } from "../components/builder/EntityRow.tsx";
import { RuleForm } from "../components/builder/RuleForm.tsx";
import { FormError } from "../components/ui/Field.tsx";
import { db } from "../db.server.ts";
import { parseForm } from "../forms.ts";
import { builderSubmission } from "../forms.server.ts";
import { conceptSchema, hypothesisSchema } from "../studies/builderSchemas.ts";
import { removeConcept, saveConcept } from "../studies/concepts.server.ts";
import { saveRule } from "../studies/decisionRule.server.ts";
import { hypothesisChoicesSelect, removeHypothesis, saveHypothesis } from "../studies/hypotheses.server.ts";
import { parseRuleForm, rowErrors } from "../studies/ruleForm.ts";
import {
  IMAGE_ACCEPT,
  IMAGE_FIELD,
  imageVersion,
  MAX_IMAGE_BYTES,
  REMOVE_IMAGE_FIELD,
} from "../studies/conceptImage.ts";
import {
  checkedImage,
  readBuilderForm,
  removeConceptImage,
  storeConceptImage,
} from "../studies/conceptImage.server.ts";
import { lockReason } from "../studies/lock.server.ts";
import { MAX_CRITERIA } from "../studies/rules.ts";
import { competitorChoices } from "../studies/competitors.server.ts";
import { StudyStatus } from "../domain/status.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const h = await db.hypothesis.findFirst({
    where: { id: params.hypothesisId, studyId },
    include: {
      segments: true,
      items: true,
      concepts: {
        orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
        include: { image: { select: { sha256: true } } },
      },
    },
  });
  if (!h) throw data({ message: "Hypothesis not found" }, { status: 404 });
  const study = await db.study.findUniqueOrThrow({
    where: { id: studyId },
    select: {
      status: true,
      currency: true,
      ...hypothesisChoicesSelect,
      concepts: { select: { name: true } },
    },
  });
  let rule: DecisionRule = { confidence: 0.95, criteria: [] };
  try {
    const parsed = decisionRuleSchema.safeParse(JSON.parse(h.rule));
    if (parsed.success) rule = parsed.data;
  } catch {
    /* keep the empty rule */
  }
  return {
    study,
    choices: await competitorChoices(studyId),
    hypothesis: {
      id: h.id,
      problem: h.problem,
      statement: h.statement,
      targetPrice: h.targetPrice,
      ruleLockedAt: h.ruleLockedAt?.toISOString() ?? null,
      segmentIds: h.segments.map((s) => s.segmentId),
      itemIds: h.items.map((i) => i.itemId),
      concepts: h.concepts.map((c) => ({
        id: c.id,
        name: c.name,
        body: c.body,
        imageUrl: c.imageUrl,
        imageSrc: c.image ? `/studies/${studyId}/concept-images/${c.id}?v=${imageVersion(c.image.sha256)}` : null,
      })),
    },
    rule,
    lock: lockReason(study.status, "hypothesis"),
    saved: new URL(request.url).searchParams.get("saved"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const hypothesisId = params.hypothesisId!;
  const { formData, oversized } = await readBuilderForm(request);
  const { intent, id, fail } = builderSubmission(formData);
  const back = (saved: string) => redirect(`/studies/${studyId}/build/hypotheses/${hypothesisId}?saved=${saved}`);
  switch (intent) {
    case "hypothesis": {
      const parsed = parseForm(formData, hypothesisSchema);
      if (!parsed.ok) return fail(parsed.errors);
      const ids = (name: string) => formData.getAll(name).filter((v): v is string => typeof v === "string");
      const r = await saveHypothesis(studyId, hypothesisId, parsed.data, ids("segments"), ids("items"));
      if (!r.ok) return fail(r.errors, r.status);
      throw back("hypothesis");
    }
    case "concept": {
      const parsed = parseForm(formData, conceptSchema);
      const upload = await checkedImage(formData, oversized);
      if (!parsed.ok || upload.error)
        return fail({ ...(parsed.ok ? {} : parsed.errors), ...(upload.error ? { image: upload.error } : {}) });
      const r = await saveConcept(studyId, hypothesisId, id, parsed.data);
      if (!r.ok) return fail(r.errors, r.status);
      if (r.id && upload.image) await storeConceptImage(studyId, r.id, upload.image);
      else if (r.id && formData.get(REMOVE_IMAGE_FIELD) === "yes") await removeConceptImage(studyId, r.id);
      throw back("concept");
    }
    case "remove-concept": {
      const r = id
        ? await removeConcept(studyId, id)
        : ({ ok: false, errors: { form: "Pick a concept." }, status: 400 } as const);
      if (!r.ok) return fail(r.errors, r.status);
      throw back("concept");
    }
    case "rule": {
      const parsed = parseRuleForm(formData);
      if (!parsed.ok) return fail(parsed.errors);
      const r = await saveRule(studyId, hypothesisId, parsed.rule);
      if (!r.ok) return fail(rowErrors(r.errors, parsed.rows), r.status);
      throw back("rule");
    }
    case "remove": {
      const r = await removeHypothesis(studyId, hypothesisId);
      if (!r.ok) return fail(r.errors, r.status);
      throw redirect(`/studies/${studyId}/build/hypotheses`);
    }
  }
  return fail({ form: "Unknown action." });
}

export default function HypothesisEditor() {
  const { study, choices, hypothesis: h, rule, lock, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const f = feedbackFor(actionData, "hypothesis");
  const add = feedbackFor(actionData, "concept", null);
  const draft = study.status === StudyStatus.draft;
  const hypothesisItems = study.maxDiffItems.filter((i) => h.itemIds.includes(i.id)).map((i) => i.label);
  return (
    <div className="stack">
      <p>
        <Link to="..">← All hypotheses</Link>
      </p>
      {saved ? <Notice>Saved.</Notice> : null}
      <LockedNote reason={lock} />
      <Form method="post" noValidate className="card" aria-labelledby="h-h">
        <h2 id="h-h">Hypothesis</h2>
        <input type="hidden" name="intent" value="hypothesis" />
        <FormError error={f.errors.form} />
        <TextArea
          label="Customer problem"
          name="problem"
          defaultValue={f.value("problem", h.problem)}
          error={f.errors.problem}
          readOnly={!draft}
        />
        <TextArea
          label="Hypothesis"
          name="statement"
          defaultValue={f.value("statement", h.statement)}
          error={f.errors.statement}
          readOnly={!draft}
        />
        <Input
          label={`Target price (${study.currency}, optional)`}
          name="targetPrice"
          type="number"
          step="any"
          min={0}
          defaultValue={f.value("targetPrice", h.targetPrice)}
          error={f.errors.targetPrice}
          readOnly={!draft}
        />
        <CheckboxGroup
          legend="Target segments"
          name="segments"
          options={study.segments.map((s) => ({ value: s.id, label: `${s.name} (${s.key})` }))}
          checked={f.list("segments", h.segmentIds)}
          error={f.errors.segments}
        />
        <CheckboxGroup
          legend="Linked MaxDiff items"
          name="items"
          options={study.maxDiffItems.map((i) => ({ value: i.id, label: i.label }))}
          checked={f.list("items", h.itemIds)}
          error={f.errors.items}
        />
        {draft ? (
          <div className="actions">
            <button type="submit">Save hypothesis</button>
          </div>
        ) : null}
      </Form>

      <section className="card" aria-labelledby="concepts-h">
        <h2 id="concepts-h">Concepts</h2>
        <p className="muted">
          Each concept is a short description of the offer that respondents rate on appeal, relevance, uniqueness,
          believability and purchase intent.
        </p>
        {h.concepts.length === 0 ? <p>No concepts yet: add one below.</p> : null}
        {h.concepts.map((c) => (
          <EntityRow
            key={c.id}
            id={c.id}
            label={`Concept ${c.name}`}
            intent="concept"
            removeIntent="remove-concept"
            actionData={actionData}
            encType="multipart/form-data"
            save={draft ? "Save concept" : null}
            remove={draft ? <>Remove concept {c.name}</> : null}
            fields={(cf) => (
              <>
                <Input
                  label="Concept name"
                  name="name"
                  idPrefix={`${c.id}-`}
                  defaultValue={cf.value("name", c.name)}
                  error={cf.errors.name}
                  readOnly={!draft}
                />
                <TextArea
                  label="Concept text"
                  name="body"
                  idPrefix={`${c.id}-`}
                  defaultValue={cf.value("body", c.body)}
                  error={cf.errors.body}
                  readOnly={!draft}
                />
                <Input
                  label="Image link (optional, https://)"
                  name="imageUrl"
                  idPrefix={`${c.id}-`}
                  type="url"
                  defaultValue={cf.value("imageUrl", c.imageUrl)}
                  error={cf.errors.imageUrl}
                  readOnly={!draft}
                />
                {c.imageSrc ? (
                  <figure className="concept-image">
                    <img src={c.imageSrc} alt={c.name} width={160} />
                    <figcaption className="muted">Uploaded image (shown instead of the image link)</figcaption>
                  </figure>
                ) : null}
                {draft ? (
                  <>
                    <ImageUpload idPrefix={`${c.id}-`} error={cf.errors.image} replace={!!c.imageSrc} />
                    {c.imageSrc ? (
                      <label className="inline-choice">
                        <input type="checkbox" name={REMOVE_IMAGE_FIELD} value="yes" /> Remove the uploaded image
                      </label>
                    ) : null}
                  </>
                ) : null}
              </>
            )}
          />
        ))}
        {draft ? (
          <Form method="post" encType="multipart/form-data" noValidate className="entity" aria-label="Add a concept">
            <h3>Add a concept</h3>
            <input type="hidden" name="intent" value="concept" />
            <FormError error={add.errors.form} />
            <Input
              label="Concept name"
              name="name"
              idPrefix="new-"
              defaultValue={add.value("name", "")}
              error={add.errors.name}
            />
            <TextArea
              label="Concept text"
              name="body"
              idPrefix="new-"
              defaultValue={add.value("body", "")}
              error={add.errors.body}
            />
            <Input
              label="Image link (optional, https://)"
              name="imageUrl"
              idPrefix="new-"
              type="url"
              defaultValue={add.value("imageUrl", "")}
              error={add.errors.imageUrl}
            />
            <ImageUpload idPrefix="new-" error={add.errors.image} replace={false} />
            <div className="actions">
              <button type="submit">Add concept</button>
            </div>
          </Form>
        ) : null}
      </section>

      <RuleForm
        rule={rule}
        rows={draft ? Math.min(MAX_CRITERIA, rule.criteria.length + 1) : rule.criteria.length}
        segments={study.segments}
        items={study.maxDiffItems.map((i) => i.label)}
        concepts={h.concepts.map((c) => c.name)}
        currency={study.currency}
        feedback={actionData}
        locked={!draft || !!h.ruleLockedAt}
        competitors={choices.competitors}
        drivers={choices.drivers}
      />
      {hypothesisItems.length ? <p className="muted">Linked items: {hypothesisItems.join(", ")}</p> : null}

      {draft ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="remove" />
          <button type="submit" className="danger">
            Delete this hypothesis
          </button>
        </Form>
      ) : null}
    </div>
  );
}

/** The concept form's image upload: PNG, JPEG, WebP or GIF up to MAX_IMAGE_BYTES, served by the app. */
function ImageUpload({ idPrefix, error, replace }: { idPrefix: string; error?: string; replace: boolean }) {
  return (
    <Input
      label={replace ? "Replace the image (optional)" : "Or upload an image (optional)"}
      name={IMAGE_FIELD}
      idPrefix={idPrefix}
      type="file"
      accept={IMAGE_ACCEPT}
      hint={`PNG, JPEG, WebP or GIF, at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB. Shown to respondents instead of the link.`}
      error={error}
    />
  );
}
