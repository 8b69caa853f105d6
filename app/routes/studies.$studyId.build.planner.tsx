import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { feedbackFor, Input } from "../components/builder/Inputs.tsx";
import { FormError } from "../components/ui/Field.tsx";
import { parseForm } from "../forms.ts";
import { builderSubmission } from "../forms.server.ts";
import {
  loadPlanner,
  PLAN_POWER,
  plannerFormSchema,
  savePlanInputs,
  setTargetFromPlan,
} from "../studies/planner.server.ts";
import { expectedField, PILOT_QUESTIONS, pilotField } from "../studies/plannerFields.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const { doc, inputs, plan, criteria } = await loadPlanner(studyId);
  return {
    power: PLAN_POWER,
    inputs,
    criteria,
    segments: doc.segments.map((s) => plan.segments[s.key]),
    hasMaxDiff: !!doc.maxdiff,
    hasPricing: !!doc.pricing,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const formData = await request.formData();
  const { intent, id, fail } = builderSubmission(formData);
  if (intent === "expect") {
    const { criteria, doc } = await loadPlanner(studyId);
    const ids = criteria.map((c) => c.id);
    // pilot price answers only where the study asks the price questions
    const segmentKeys = doc.pricing ? doc.segments.map((s) => s.key) : [];
    const parsed = parseForm(formData, plannerFormSchema(ids, segmentKeys));
    if (!parsed.ok) return fail(parsed.errors);
    await savePlanInputs(studyId, ids, parsed.data as Record<string, number | undefined>, segmentKeys);
  } else if (intent === "target" && id) {
    const error = await setTargetFromPlan(studyId, id);
    if (error) return fail({ form: error });
  } else return fail({ form: "Unknown action." });
  throw redirect(`/studies/${studyId}/build/planner`);
}

const pct = (x: number) => `${Math.round(1000 * x) / 10}%`;

export default function Planner() {
  const { power, inputs, criteria, segments, hasMaxDiff, hasPricing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const form = feedbackFor(actionData, "expect", null);
  return (
    <div className="stack">
      <section className="card" aria-labelledby="planner-h">
        <h2 id="planner-h">Sample size</h2>
        <p>
          How many respondents each segment needs to decide its pre-registered criteria with {pct(power)} power at each
          hypothesis&apos;s confidence, given the values you expect. The largest requirement sets the segment&apos;s
          target; the planner names the criterion that drives it.
        </p>
        <details>
          <summary>Formulas</summary>
          <ul>
            <li>
              Share criteria (concept top-2-box, &quot;not too expensive&quot;) are decided by the Wilson interval, i.e.
              a one-sided score test at α/2: n = ((z<sub>1−α/2</sub>·√(π₀(1−π₀)) + z<sub>power</sub>·√(p(1−p)))/(p −
              π₀))², Chow, Shao &amp; Wang (2008) §4.1; the power shown is the exact binomial power of that decision.
            </li>
            <li>
              MaxDiff: n = exposures × items / (items per task × tasks); 500 exposures per item give best/worst counts
              within ±4 points (1.96·√(.25/500)); HB needs each item shown ≥ 3 times per respondent (Orme 2005).
            </li>
            <li>
              Van Westendorp: SE of a curve crossing = √(2a/n)/(f₁ + f₂) by the delta method (Serfling 1980 §2.3); n for
              PMC and PME within ± the chosen share of the price. With normal answers of common SD s, a crossing of
              questions with means μ₁ &lt; μ₂ sits at (μ₁ + μ₂)/2 with √n·SE = √(2Φ(−d))·s/(2φ(d)), d = (μ₂ − μ₁)/(2s):
              the means and SD come from your pilot, else from the default spread around the price.
            </li>
          </ul>
        </details>
      </section>

      <Form method="post" noValidate className="card" aria-labelledby="expect-h">
        <h2 id="expect-h">What you expect</h2>
        <input type="hidden" name="intent" value="expect" />
        <FormError error={form.errors.form} />
        {criteria.length === 0 ? (
          <p className="muted">No share criteria yet: add decision rules to your hypotheses to plan them.</p>
        ) : null}
        <div className="row-form">
          {criteria.map((c) => (
            <Input
              key={c.id}
              label={`${c.label} (%)`}
              hint={`Hypothesis: ${c.hypothesis}`}
              name={expectedField(c.id)}
              inputMode="decimal"
              defaultValue={form.value(
                expectedField(c.id),
                inputs.criteria[c.id] ? Math.round(inputs.criteria[c.id].expected * 1000) / 10 : "",
              )}
              error={form.errors[expectedField(c.id)]}
            />
          ))}
          {hasMaxDiff ? (
            <Input
              label="MaxDiff exposures per item per segment"
              hint="500 gives counts within about ±4 points."
              name="exposures"
              inputMode="numeric"
              defaultValue={form.value("exposures", inputs.exposuresPerItem ?? 500)}
              error={form.errors.exposures}
            />
          ) : null}
          {hasPricing ? (
            <Input
              label="Price band precision (± % of the price)"
              hint="How closely PMC and PME should be known."
              name="priceHalfWidth"
              inputMode="decimal"
              defaultValue={form.value(
                "priceHalfWidth",
                inputs.priceRelativeHalfWidth ? Math.round(inputs.priceRelativeHalfWidth * 1000) / 10 : 5,
              )}
              error={form.errors.priceHalfWidth}
            />
          ) : null}
        </div>
        {hasPricing ? (
          <fieldset data-pilot>
            <legend>Pilot price answers (optional)</legend>
            <p className="muted">
              Per segment, the mean of the valid (ordered) pilot answers to each price question and their SD. If your
              pilot gives an SD per question, enter the pooled SD √((s₁² + s₂² + s₃² + s₄²)/4). Leave a segment blank to
              plan with the default spread (means 0.6, 0.8, 1.25 and 1.6 × the price, SD 25% of the price).
            </p>
            {segments.map((s) => {
              const pilot = inputs.priceModels?.[s.segment];
              return (
                <fieldset key={s.segment} data-pilot-segment={s.segment}>
                  <legend>{s.name}</legend>
                  <div className="row-form">
                    {[...PILOT_QUESTIONS, { key: "sd" as const, label: "SD of the answers" }].map((q) => (
                      <Input
                        key={q.key}
                        label={q.key === "sd" ? q.label : `${q.label}: mean`}
                        name={pilotField(s.segment, q.key)}
                        inputMode="decimal"
                        defaultValue={form.value(pilotField(s.segment, q.key), pilot?.[q.key] ?? "")}
                        error={form.errors[pilotField(s.segment, q.key)]}
                      />
                    ))}
                  </div>
                </fieldset>
              );
            })}
          </fieldset>
        ) : null}
        <div className="actions">
          <button type="submit">Save and plan</button>
        </div>
      </Form>

      {segments.map((s) => {
        const f = feedbackFor(actionData, "target", s.segment);
        return (
          <section key={s.segment} className="card" aria-labelledby={`plan-${s.segment}`} data-plan-segment={s.segment}>
            <h2 id={`plan-${s.segment}`}>{s.name}</h2>
            <p data-plan-sentence>{s.sentence}</p>
            {s.drivingCriterion ? (
              <p>
                Required: <strong data-required>{s.target}</strong> respondents, driven by{" "}
                <strong data-driver>{s.drivingCriterion.rule}</strong>. Current target: {s.currentTarget}.
              </p>
            ) : null}
            <FormError error={f.errors.form} />
            {s.target !== null && s.target !== s.currentTarget ? (
              <Form method="post">
                <input type="hidden" name="intent" value="target" />
                <input type="hidden" name="id" value={s.segment} />
                <button type="submit">
                  Set {s.name}&apos;s target to {s.target}
                </button>
              </Form>
            ) : s.target !== null ? (
              <p className="muted">The target already equals the plan.</p>
            ) : null}
            <div className="table-wrap">
              <table>
                <caption>Requirements in {s.name}</caption>
                <thead>
                  <tr>
                    <th scope="col">Criterion</th>
                    <th scope="col">Respondents</th>
                    <th scope="col">Power</th>
                    <th scope="col">Method</th>
                    <th scope="col">Note</th>
                  </tr>
                </thead>
                <tbody>
                  {s.requirements.map((r) => (
                    <tr key={r.id} data-requirement={r.id}>
                      <td>
                        {r.rule}
                        {s.drivingCriterion?.id === r.id ? " (drives the target)" : ""}
                      </td>
                      <td>{r.n ?? "—"}</td>
                      <td>{r.power === null ? "—" : pct(r.power)}</td>
                      <td>{r.method}</td>
                      <td>{r.note}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </div>
  );
}
