import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { CheckboxGroup, feedbackFor, Input, LockedNote, TextArea } from "../components/builder/Inputs.tsx";
import { FormError } from "../components/ui/Field.tsx";
import { db } from "../db.server.ts";
import { formSnapshot, parseForm } from "../forms.ts";
import { hypothesisSchema } from "../studies/builderSchemas.ts";
import { hypothesisChoicesSelect, saveHypothesis } from "../studies/hypotheses.server.ts";
import { lockReason } from "../studies/lock.server.ts";
import { StudyStatus } from "../domain/status.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const study = await db.study.findUniqueOrThrow({
    where: { id: studyId },
    select: {
      status: true,
      currency: true,
      ...hypothesisChoicesSelect,
      hypotheses: {
        orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }],
        select: {
          id: true,
          statement: true,
          targetPrice: true,
          rule: true,
          ruleLockedAt: true,
          _count: { select: { concepts: true } },
          segments: { select: { segment: { select: { name: true } } } },
        },
      },
    },
  });
  return {
    study,
    lock: lockReason(study.status, "hypothesis"),
    hypotheses: study.hypotheses.map((h) => {
      let criteria = 0;
      try {
        criteria = (JSON.parse(h.rule) as { criteria?: unknown[] }).criteria?.length ?? 0;
      } catch {
        criteria = 0;
      }
      return {
        id: h.id,
        statement: h.statement,
        targetPrice: h.targetPrice,
        concepts: h._count.concepts,
        criteria,
        locked: !!h.ruleLockedAt,
        segments: h.segments.map((s) => s.segment.name),
      };
    }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const formData = await request.formData();
  const values = formSnapshot(formData);
  const parsed = parseForm(formData, hypothesisSchema);
  if (!parsed.ok) return data({ intent: "create", errors: parsed.errors, values }, { status: 400 });
  const ids = (name: string) => formData.getAll(name).filter((v): v is string => typeof v === "string");
  const r = await saveHypothesis(studyId, null, parsed.data, ids("segments"), ids("items"));
  if (!r.ok) return data({ intent: "create", errors: r.errors, values }, { status: r.status ?? 400 });
  throw redirect(`/studies/${studyId}/build/hypotheses/${r.id}`);
}

export default function Hypotheses() {
  const { study, hypotheses, lock } = useLoaderData<typeof loader>();
  const f = feedbackFor(useActionData<typeof action>(), "create");
  return (
    <div className="stack">
      <section className="card">
        <h2>Value hypotheses</h2>
        <p className="muted">
          Each hypothesis names a customer problem, what you believe a segment values and will pay, the concepts
          respondents rate, and a pre-registered decision rule.
        </p>
        <LockedNote reason={lock} />
        {hypotheses.length === 0 ? (
          <p>No hypotheses yet.</p>
        ) : (
          <ol>
            {hypotheses.map((h) => (
              <li key={h.id}>
                <Link to={h.id}>{h.statement}</Link>
                <div className="muted">
                  {h.segments.join(", ") || "no segment"} · {h.concepts} concept{h.concepts === 1 ? "" : "s"} ·{" "}
                  {h.criteria} rule criteria{h.locked ? " · rule locked" : ""}
                  {h.targetPrice !== null ? ` · target ${h.targetPrice} ${study.currency}` : ""}
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
      {study.status === StudyStatus.draft ? (
        <Form method="post" noValidate className="card" aria-labelledby="new-h">
          <h2 id="new-h">Write a hypothesis</h2>
          <FormError error={f.errors.form} />
          <TextArea
            label="Customer problem"
            name="problem"
            hint="e.g. Agents lose track of client follow-ups."
            defaultValue={f.value("problem", "")}
            error={f.errors.problem}
          />
          <TextArea
            label="Hypothesis"
            name="statement"
            hint="e.g. Real estate agencies will pay $49/month for a built-in client CRM."
            defaultValue={f.value("statement", "")}
            error={f.errors.statement}
          />
          <Input
            label={`Target price (${study.currency}, optional)`}
            name="targetPrice"
            type="number"
            step="any"
            min={0}
            defaultValue={f.value("targetPrice", "")}
            error={f.errors.targetPrice}
          />
          <CheckboxGroup
            legend="Target segments"
            name="segments"
            options={study.segments.map((s) => ({ value: s.id, label: `${s.name} (${s.key})` }))}
            checked={f.list("segments", [])}
            error={f.errors.segments}
          />
          <CheckboxGroup
            legend="Linked MaxDiff items"
            name="items"
            hint="The features this hypothesis is about."
            options={study.maxDiffItems.map((i) => ({ value: i.id, label: i.label }))}
            checked={f.list("items", [])}
            error={f.errors.items}
          />
          <div className="actions">
            <button type="submit">Create hypothesis, then add concepts and a rule</button>
          </div>
        </Form>
      ) : null}
    </div>
  );
}
