import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { feedbackFor, Input, LockedNote, Notice, TextArea } from "../components/builder/Inputs.tsx";
import { FormError } from "../components/ui/Field.tsx";
import { db } from "../db.server.ts";
import { formSnapshot, parseForm } from "../forms.ts";
import { pricingSchema } from "../studies/builderSchemas.ts";
import { savePricing } from "../studies/pricing.server.ts";
import { lockReason } from "../studies/lock.server.ts";
import { StudyStatus } from "../domain/status.ts";
import { GaborGrangerSettings } from "../components/builder/GaborGrangerSettings.tsx";
import { ladderText } from "../studies/gaborGrangerLadder.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const study = await db.study.findUniqueOrThrow({
    where: { id: studyId },
    select: { status: true, currency: true, productDescription: true, pricing: true },
  });
  return { study, lock: lockReason(study.status, "pricing"), saved: new URL(request.url).searchParams.has("saved") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const formData = await request.formData();
  const parsed = parseForm(formData, pricingSchema);
  if (!parsed.ok)
    return data({ intent: "pricing", errors: parsed.errors, values: formSnapshot(formData) }, { status: 400 });
  const r = await savePricing(studyId, parsed.data);
  if (!r.ok)
    return data({ intent: "pricing", errors: r.errors, values: formSnapshot(formData) }, { status: r.status ?? 400 });
  throw redirect(`/studies/${studyId}/build/pricing?saved`);
}

export default function PricingBuilder() {
  const { study, lock, saved } = useLoaderData<typeof loader>();
  const f = feedbackFor(useActionData<typeof action>(), "pricing");
  const p = study.pricing;
  const draft = study.status === StudyStatus.draft;
  const nms = f.mine ? f.value("nmsEnabled", "") === "on" : (p?.nmsEnabled ?? true);
  return (
    <Form method="post" noValidate className="card">
      <h2>Van Westendorp pricing</h2>
      {saved ? <Notice>Pricing saved.</Notice> : null}
      {!p ? <p className="warning">Not configured yet: review these settings and save.</p> : null}
      <LockedNote reason={lock} />
      <p className="muted">
        Respondents give four prices: too cheap to trust, a bargain, getting expensive, and too expensive. The ranges
        below reject typing errors (e.g. 5000 instead of 50).
      </p>
      <FormError error={f.errors.form} />
      <Input
        label="Currency"
        name="currency"
        defaultValue={f.value("currency", study.currency)}
        error={f.errors.currency}
        readOnly={!draft}
        maxLength={3}
      />
      <TextArea
        label="Product description shown to respondents"
        name="productDescription"
        defaultValue={f.value("productDescription", study.productDescription)}
        error={f.errors.productDescription}
        readOnly={!draft}
      />
      <div className="row-form">
        <Input
          label="Lowest allowed price"
          name="minPrice"
          type="number"
          step="any"
          min={0}
          defaultValue={f.value("minPrice", p?.minPrice ?? 0)}
          error={f.errors.minPrice}
          readOnly={!draft}
        />
        <Input
          label="Highest allowed price"
          name="maxPrice"
          type="number"
          step="any"
          min={0}
          defaultValue={f.value("maxPrice", p?.maxPrice ?? 1000)}
          error={f.errors.maxPrice}
          readOnly={!draft}
        />
      </div>
      <label className="inline-choice">
        <input type="checkbox" name="nmsEnabled" defaultChecked={nms} disabled={!draft} /> Ask purchase-intent
        follow-ups at the “bargain” and “expensive” prices (Newton–Miller–Smith)
      </label>
      <GaborGrangerSettings
        enabled={f.mine ? f.value("ggEnabled", "") === "on" : (p?.ggEnabled ?? false)}
        ladder={f.value("ggLadder", p ? ladderText(JSON.parse(p.ggLadder) as number[]) : "")}
        start={f.value("ggStart", p?.ggStart ?? "middle")}
        error={f.errors.ggLadder}
        draft={draft}
      />
      {draft ? (
        <div className="actions">
          <button type="submit">Save pricing</button>
        </div>
      ) : null}
    </Form>
  );
}
