import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { EntityRow } from "../components/builder/EntityRow.tsx";
import { FieldError, feedbackFor, Input, LockedNote } from "../components/builder/Inputs.tsx";
import { FormError } from "../components/ui/Field.tsx";
import { db } from "../db.server.ts";
import { parseForm } from "../forms.ts";
import { builderSubmission } from "../forms.server.ts";
import { segmentSchema } from "../studies/builderSchemas.ts";
import { removeSegment, saveSegment } from "../studies/segments.server.ts";
import { lockReason, studyStatus } from "../studies/lock.server.ts";
import { marketMixSchema, saveMarketMix } from "../studies/marketMix.server.ts";
import { shareField } from "../studies/marketMixFields.ts";
import { placesTaken, QUOTA_RULE } from "../survey/quota.server.ts";
import { StudyStatus } from "../domain/status.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const [status, rows] = await Promise.all([
    studyStatus(studyId),
    db.segment.findMany({
      where: { studyId },
      orderBy: [{ sortOrder: "asc" }, { key: "asc" }],
      select: { id: true, key: true, name: true, description: true, targetN: true, marketShare: true, quota: true },
    }),
  ]);
  const segments = await Promise.all(rows.map(async (s) => ({ ...s, taken: await placesTaken(db, s.id) })));
  return { status, segments, keyLock: lockReason(status, "segment-key"), quotaRule: QUOTA_RULE };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const formData = await request.formData();
  const { intent, id, fail } = builderSubmission(formData);
  if (intent === "save") {
    const parsed = parseForm(formData, segmentSchema);
    if (!parsed.ok) return fail(parsed.errors);
    const r = await saveSegment(studyId, id, parsed.data);
    if (!r.ok) return fail(r.errors, r.status);
  } else if (intent === "market") {
    const segments = await db.segment.findMany({ where: { studyId }, select: { id: true } });
    const parsed = parseForm(formData, marketMixSchema(segments.map((s) => s.id)));
    if (!parsed.ok) return fail(parsed.errors);
    await saveMarketMix(studyId, parsed.data);
  } else if (intent === "remove" && id) {
    const r = await removeSegment(studyId, id);
    if (!r.ok) return fail(r.errors, r.status);
  } else return fail({ form: "Unknown action." });
  throw redirect(`/studies/${studyId}/build/segments`);
}

export default function Segments() {
  const { segments, keyLock, status, quotaRule } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const add = feedbackFor(actionData, "save", null);
  const market = feedbackFor(actionData, "market", null);
  return (
    <div className="stack">
      <section className="card">
        <h2>Segments</h2>
        <p className="muted">
          Each segment is a group of customers you want to compare, e.g. industries or company sizes. Its key identifies
          it in exports and rules.
        </p>
        <p className="muted" id="quota-rule">
          Quotas: {quotaRule} A quota can be changed while the study is live.
        </p>
        <LockedNote reason={keyLock} />
        {segments.length === 0 ? <p>No segments yet: add the first one below.</p> : null}
        {segments.map((s) => (
          <EntityRow
            key={s.id}
            id={s.id}
            label={`Segment ${s.name}`}
            intent="save"
            removeIntent="remove"
            actionData={actionData}
            save={<>Save {s.name}</>}
            remove={status === StudyStatus.draft ? <>Remove {s.name}</> : null}
            fields={(f) => (
              <div className="row-form">
                <Input
                  label="Key"
                  name="key"
                  idPrefix={`${s.id}-`}
                  defaultValue={f.value("key", s.key)}
                  error={f.errors.key}
                  readOnly={status !== StudyStatus.draft}
                />
                <Input
                  label="Name"
                  name="name"
                  idPrefix={`${s.id}-`}
                  defaultValue={f.value("name", s.name)}
                  error={f.errors.name}
                />
                <Input
                  label="Target respondents"
                  name="targetN"
                  idPrefix={`${s.id}-`}
                  type="number"
                  min={1}
                  defaultValue={f.value("targetN", s.targetN)}
                  error={f.errors.targetN}
                />
                <Input
                  label="Quota (most completes)"
                  name="quota"
                  idPrefix={`${s.id}-`}
                  type="number"
                  min={1}
                  hint={
                    s.quota === null
                      ? `No quota: blank. ${s.taken} answering or done.`
                      : `${s.taken} of ${s.quota} places taken (answering or done)${s.taken >= s.quota ? ": full" : ""}.`
                  }
                  defaultValue={f.value("quota", s.quota ?? "")}
                  error={f.errors.quota}
                />
                <div className="wide">
                  <Input
                    label="Description"
                    name="description"
                    idPrefix={`${s.id}-`}
                    defaultValue={f.value("description", s.description)}
                    error={f.errors.description}
                  />
                </div>
              </div>
            )}
          />
        ))}
      </section>
      {segments.length > 0 ? (
        <Form method="post" noValidate className="card" aria-labelledby="market-mix">
          <h2 id="market-mix">Market mix</h2>
          <p className="muted" id="market-mix-hint">
            Optional: each segment&apos;s share of your market, in %. When given, the overall results are weighted to
            this mix (per-segment results stay as they are). Leave all empty for unweighted overall results. You can
            change it at any time; respondents never see it.
          </p>
          <input type="hidden" name="intent" value="market" />
          <FormError error={market.errors.form} />
          <div className="row-form">
            {segments.map((s) => (
              <Input
                key={s.id}
                label={`${s.name} (%)`}
                name={shareField(s.id)}
                inputMode="decimal"
                defaultValue={market.value(shareField(s.id), s.marketShare)}
                error={market.errors[shareField(s.id)]}
                {...(market.errors.market && !market.errors[shareField(s.id)]
                  ? { "aria-describedby": "f-market-error" }
                  : {})}
              />
            ))}
          </div>
          <FieldError id="f-market" error={market.errors.market} />
          <div className="actions">
            <button type="submit">Save market mix</button>
          </div>
        </Form>
      ) : null}
      <Form method="post" noValidate className="card" aria-labelledby="add-segment">
        <h2 id="add-segment">Add a segment</h2>
        <input type="hidden" name="intent" value="save" />
        <FormError error={add.errors.form} />
        <div className="row-form">
          <Input
            label="Key"
            name="key"
            hint="e.g. real_estate"
            defaultValue={add.value("key", "")}
            error={add.errors.key}
          />
          <Input
            label="Name"
            name="name"
            hint="e.g. Real estate"
            defaultValue={add.value("name", "")}
            error={add.errors.name}
          />
          <Input
            label="Target respondents"
            name="targetN"
            type="number"
            min={1}
            defaultValue={add.value("targetN", 100)}
            error={add.errors.targetN}
          />
          <Input
            label="Quota (most completes)"
            name="quota"
            type="number"
            min={1}
            hint="Blank: no quota."
            defaultValue={add.value("quota", "")}
            error={add.errors.quota}
          />
          <div className="wide">
            <Input
              label="Description"
              name="description"
              defaultValue={add.value("description", "")}
              error={add.errors.description}
            />
          </div>
        </div>
        <div className="actions">
          <button type="submit">Add segment</button>
        </div>
      </Form>
    </div>
  );
}
