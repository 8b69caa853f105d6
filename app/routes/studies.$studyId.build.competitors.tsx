/**
 * Builder tab "Competitors" (issue 20): the alternatives respondents may use and the value
 * drivers they rate ours and theirs on. Thin: app/studies/competitors.server.ts parses and saves.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { Input, LockedNote, Notice } from "../components/builder/Inputs.tsx";
import { FieldError, FormError } from "../components/ui/Field.tsx";
import { db } from "../db.server.ts";
import { StudyStatus } from "../domain/status.ts";
import { formValues } from "../forms.ts";
import {
  BLANK_ROWS,
  LockedError,
  loadCompetitorSetup,
  MAX_ALTERNATIVES,
  MAX_DRIVERS,
  parseCompetitorsForm,
  removeCompetitorSetup,
  saveCompetitorSetup,
} from "../studies/competitors.server.ts";
import { lockReason } from "../studies/lock.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const [study, setup] = await Promise.all([
    db.study.findUniqueOrThrow({
      where: { id: studyId },
      select: {
        status: true,
        name: true,
        currency: true,
        segments: { orderBy: [{ sortOrder: "asc" }, { key: "asc" }], select: { id: true, name: true, key: true } },
        maxDiffItems: { orderBy: [{ sortOrder: "asc" }, { label: "asc" }], select: { id: true, label: true } },
      },
    }),
    loadCompetitorSetup(studyId),
  ]);
  const url = new URL(request.url);
  return {
    study,
    setup,
    lock: lockReason(study.status, "competitors"),
    saved: url.searchParams.has("saved"),
    removed: url.searchParams.has("removed"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const formData = await request.formData();
  const values: Record<string, string | string[]> = formValues(formData);
  for (const k of new Set([...formData.keys()])) {
    const all = formData.getAll(k).filter((x): x is string => typeof x === "string");
    if (all.length > 1 || k === "drivers" || k.endsWith(".segments")) values[k] = all;
  }
  try {
    if (formData.get("intent") === "remove") {
      await removeCompetitorSetup(studyId);
      throw redirect(`/studies/${studyId}/build/competitors?removed`);
    }
    const study = await db.study.findUniqueOrThrow({
      where: { id: studyId },
      select: { segments: { select: { id: true } }, maxDiffItems: { select: { id: true } } },
    });
    const parsed = parseCompetitorsForm(formData, {
      itemIds: study.maxDiffItems.map((i) => i.id),
      segmentIds: study.segments.map((s) => s.id),
    });
    if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
    await saveCompetitorSetup(studyId, parsed.data);
  } catch (e) {
    if (e instanceof LockedError)
      return data({ errors: { form: e.message } as Record<string, string>, values }, { status: 409 });
    throw e;
  }
  throw redirect(`/studies/${studyId}/build/competitors?saved`);
}

export default function CompetitorsBuilder() {
  const { study, setup, lock, saved, removed } = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>() as
    | { errors: Record<string, string>; values: Record<string, string | string[]> }
    | undefined;
  const errors = feedback?.errors ?? {};
  const posted = feedback?.values;
  const draft = study.status === StudyStatus.draft;
  const text = (name: string, fallback: string | number | null | undefined) => {
    const v = posted?.[name];
    if (typeof v === "string") return v;
    if (posted) return "";
    return fallback === null || fallback === undefined ? "" : String(fallback);
  };
  const list = (name: string, fallback: string[]) => {
    if (!posted) return fallback;
    const v = posted[name];
    return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
  };
  const starter = [{ name: "Build it ourselves / spreadsheet" }, { name: "Do nothing" }];
  const saved_ = setup?.alternatives ?? [];
  const rows = Math.min(MAX_ALTERNATIVES + BLANK_ROWS, Math.max(saved_.length + BLANK_ROWS, 4));
  const driverIds = setup?.driverIds ?? [];
  return (
    <Form method="post" noValidate className="card">
      <h2>Competitors who matter</h2>
      {saved ? <Notice>Competitors saved.</Notice> : null}
      {removed ? <Notice>The competitors questions were removed from the survey.</Notice> : null}
      <LockedNote reason={lock} />
      <p className="muted">
        Respondents say which alternative they use today (only those offered in their segment), what they pay for it,
        and rate our product and their alternative from 0 to 10 on each value driver. The results show a value
        scorecard, a driver gap chart and a price/value map per segment.
      </p>
      {!setup ? (
        <p className="warning">Not set up yet: the survey has no competitors questions until you save.</p>
      ) : null}
      <FormError error={errors.form} />
      <div className="row-form">
        <Input
          label="Our product's name, as respondents know it"
          name="ourName"
          defaultValue={text("ourName", setup?.ourName ?? study.name)}
          error={errors.ourName}
          readOnly={!draft}
        />
        <Input
          label={`Our price (${study.currency}, optional)`}
          name="ourPrice"
          inputMode="decimal"
          defaultValue={text("ourPrice", setup?.ourPrice)}
          error={errors.ourPrice}
          hint="Places us on the price/value map; empty = the map shows competitors' prices only."
          readOnly={!draft}
        />
      </div>
      <fieldset id="f-drivers" aria-invalid={errors.drivers ? true : undefined} disabled={!draft}>
        <legend>Value drivers to rate (up to {MAX_DRIVERS})</legend>
        <p className="muted">
          The study's MaxDiff items. Tick up to {MAX_DRIVERS}; none ticked = all of them (when there are at most{" "}
          {MAX_DRIVERS}).
        </p>
        {study.maxDiffItems.length === 0 ? <p className="muted">Add MaxDiff items first.</p> : null}
        {study.maxDiffItems.map((i) => (
          <label key={i.id} className="inline-choice">
            <input
              type="checkbox"
              name="drivers"
              value={i.id}
              defaultChecked={list("drivers", driverIds).includes(i.id)}
            />{" "}
            {i.label}
          </label>
        ))}
        <FieldError id="f-drivers" error={errors.drivers} />
      </fieldset>
      <h3>Alternatives</h3>
      <p className="muted">
        Name each alternative respondents may use instead of ours — rival products, “Build it ourselves / spreadsheet”,
        “Do nothing”. Tick segments to offer it only there (none ticked = every segment). Leave a row empty to skip it.
        “None of these” is always offered.
      </p>
      <FormError error={errors.alternatives} />
      {Array.from({ length: rows }, (_, i) => {
        const a = saved_[i] ?? (!setup ? starter[i - 2] : undefined);
        const p = `a${i}.`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional form fields
          <fieldset key={i} className="competitor-row" disabled={!draft}>
            <legend>Alternative {i + 1}</legend>
            <div className="row-form">
              <Input
                label="Name"
                name={`${p}name`}
                defaultValue={text(`${p}name`, a?.name)}
                error={errors[`${p}name`]}
              />
              <Input
                label={`List price (${study.currency}, optional)`}
                name={`${p}listPrice`}
                inputMode="decimal"
                defaultValue={text(`${p}listPrice`, a && "listPrice" in a ? a.listPrice : null)}
                error={errors[`${p}listPrice`]}
              />
            </div>
            {study.segments.length ? (
              <div>
                <span className="muted">Offered in: </span>
                {study.segments.map((s) => (
                  <label key={s.id} className="inline-choice">
                    <input
                      type="checkbox"
                      name={`${p}segments`}
                      value={s.id}
                      defaultChecked={list(`${p}segments`, a && "segmentIds" in a ? a.segmentIds : []).includes(s.id)}
                    />{" "}
                    {s.name || s.key}
                  </label>
                ))}
                <FieldError id={`f-${p}segments`} error={errors[`${p}segments`]} />
              </div>
            ) : null}
          </fieldset>
        );
      })}
      {draft ? (
        <div className="actions">
          <button type="submit" name="intent" value="save">
            Save competitors
          </button>
          {setup ? (
            <button type="submit" name="intent" value="remove" className="secondary">
              Remove the competitors questions
            </button>
          ) : null}
        </div>
      ) : null}
    </Form>
  );
}
