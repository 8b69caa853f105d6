import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { feedbackFor, Input, TextArea } from "../components/builder/Inputs.tsx";
import { FormError, LockNote } from "../components/ui/Field.tsx";
import { db } from "../db.server.ts";
import { builderSubmission } from "../forms.server.ts";
import { lockNote, studyStatus } from "../studies/lock.server.ts";
import { ATTENTION_EXAMPLE, QUALITY_FLAG_LABELS, QUALITY_FLAGS, qualityFormSchema } from "../studies/quality.ts";
import { qualitySettings, saveQuality } from "../studies/quality.server.ts";
import { plannedSampleWarnings } from "../studies/sampleAdequacy.ts";
import { formValues } from "../forms.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const [status, settings, segments, items, md] = await Promise.all([
    studyStatus(studyId),
    qualitySettings(studyId),
    db.segment.findMany({
      where: { studyId },
      orderBy: [{ sortOrder: "asc" }, { key: "asc" }],
      select: { name: true, key: true, targetN: true },
    }),
    db.maxDiffItem.count({ where: { studyId } }),
    db.maxDiffSettings.findUnique({ where: { studyId }, select: { itemsPerTask: true, tasksPerRespondent: true } }),
  ]);
  return {
    status,
    ...settings,
    lock: lockNote(status, "quality"),
    saved: new URL(request.url).searchParams.get("saved") === "1",
    sampleWarnings: plannedSampleWarnings(
      segments.map((s) => ({ name: s.name || s.key, targetN: s.targetN })),
      { items, itemsPerTask: md?.itemsPerTask ?? 4, tasksPerRespondent: md?.tasksPerRespondent ?? 9 },
    ),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const formData = await request.formData();
  const { intent, fail } = builderSubmission(formData);
  if (intent !== "quality") return fail({ form: "Unknown action." });
  const values = formValues(formData);
  const parsed = qualityFormSchema.safeParse({
    exclude: formData.getAll("exclude").map(String),
    speederPercent: values.speederPercent,
    attentionOn: values.attentionOn === "on",
    attentionQuestion: values.attentionQuestion ?? "",
    attentionOptions: values.attentionOptions ?? "",
    attentionAnswer: values.attentionAnswer ?? "",
  });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const i of parsed.error.issues) {
      const key = i.path[0] === "exclude" ? "exclude" : String(i.path[0] ?? "form");
      errors[key] ??= key === "exclude" ? "Choose flags from the list." : i.message;
    }
    return fail(errors);
  }
  const r = await saveQuality(studyId, parsed.data);
  if (!r.ok) return fail(r.errors, r.status);
  throw redirect(`/studies/${studyId}/build/quality?saved=1`);
}

export default function QualityBuilder() {
  const { gate, attention, lock, sampleWarnings, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const f = feedbackFor(actionData, "quality");
  const locked = !!lock;
  const excluded = f.list("exclude", gate.exclude);
  const attentionOn = f.mine ? f.value("attentionOn", "") === "on" : !!attention;
  return (
    <div className="stack">
      {lock ? (
        <p className="warning" role="note">
          🔒 {lock} The settings below are shown read-only.
        </p>
      ) : null}
      {saved && !f.mine ? (
        <p className="notice" role="status">
          Quality settings saved.
        </p>
      ) : null}
      <Form method="post" noValidate className="card" aria-labelledby="quality-h">
        <h2 id="quality-h">Respondent-quality gate</h2>
        <input type="hidden" name="intent" value="quality" />
        <FormError error={f.errors.form} />
        <p className="muted">
          Every completed respondent is checked for these flags, and the results list the flagged ones with reasons.
          Choose now, before launch, which flags <strong>exclude</strong> a respondent from every result; the choice is
          locked at launch so it cannot be tuned to the answers.
        </p>
        <fieldset
          aria-invalid={f.errors.exclude ? true : undefined}
          aria-describedby={locked ? "exclude-lock" : undefined}
        >
          <legend>Exclude respondents who are flagged for</legend>
          {QUALITY_FLAGS.map((k) => (
            <label key={k} className="inline-choice">
              <input type="checkbox" name="exclude" value={k} defaultChecked={excluded.includes(k)} disabled={locked} />
              <span> {QUALITY_FLAG_LABELS[k]}</span>
            </label>
          ))}
          {locked ? <LockNote id="exclude-lock">{lock}</LockNote> : null}
          {f.errors.exclude ? <p className="field-error">{f.errors.exclude}</p> : null}
        </fieldset>
        <Input
          label="Speeder threshold (% of the median total time)"
          name="speederPercent"
          type="number"
          min={5}
          max={90}
          inputMode="numeric"
          hint={
            "A respondent who finished faster than this share of the median completed respondent is a " +
            "speeder. Default 33 (⅓)."
          }
          defaultValue={f.value("speederPercent", Math.round(gate.speederShare * 100))}
          error={f.errors.speederPercent}
          locked={lock}
        />
        <h3>Attention check (optional)</h3>
        <p className="muted">
          One instruction question shown once, after the concept pages: respondents who read it choose the answer it
          asks for. Choosing another answer sets the “failed the attention check” flag.
        </p>
        <label className="inline-choice">
          <input type="checkbox" name="attentionOn" defaultChecked={attentionOn} disabled={locked} /> Ask an attention
          check
        </label>
        <TextArea
          label="Instruction question"
          name="attentionQuestion"
          defaultValue={f.value("attentionQuestion", attention?.question ?? ATTENTION_EXAMPLE.question)}
          error={f.errors.attentionQuestion}
          locked={lock}
          maxLength={500}
        />
        <TextArea
          label="Answers, one per line"
          name="attentionOptions"
          rows={6}
          defaultValue={f.value("attentionOptions", (attention?.options ?? ATTENTION_EXAMPLE.options).join("\n"))}
          error={f.errors.attentionOptions}
          locked={lock}
        />
        <Input
          label="Correct answer"
          name="attentionAnswer"
          hint="Exactly as written in the answers above."
          defaultValue={f.value("attentionAnswer", attention?.answer ?? ATTENTION_EXAMPLE.answer)}
          error={f.errors.attentionAnswer}
          locked={lock}
          maxLength={120}
        />
        {locked ? null : (
          <div className="actions">
            <button type="submit">Save the quality settings</button>
          </div>
        )}
      </Form>
      <section className="card" aria-labelledby="sample-h">
        <h2 id="sample-h">Sample adequacy</h2>
        {sampleWarnings.length ? (
          <ul className="warning" aria-label="Sample warnings">
            {sampleWarnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : (
          <p>Every segment's target gives at least 100 respondents and about 500 showings of each MaxDiff item.</p>
        )}
        <p className="muted">
          Sawtooth/Displayr guidance for MaxDiff per reported group: at least 100 respondents and each item shown about
          500 times. Exclusions by the quality gate lower the final n, so plan some margin.
        </p>
      </section>
    </div>
  );
}
