import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { feedbackFor, Notice, TextArea } from "../components/builder/Inputs.tsx";
import { Field, FormError, LockNote } from "../components/ui/Field.tsx";
import { db } from "../db.server.ts";
import { formSnapshot, parseForm } from "../forms.ts";
import { studySchema } from "../studies/builderSchemas.ts";
import { updateStudy } from "../studies/study.server.ts";
import { missingForLaunch } from "../studies/completeness.server.ts";
import { launchStudy } from "../studies/launch.server.ts";
import { lockNote } from "../studies/lock.server.ts";
import { StudyStatus } from "../domain/status.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const study = await db.study.findUniqueOrThrow({
    where: { id: studyId },
    select: {
      id: true,
      name: true,
      currency: true,
      productDescription: true,
      status: true,
      launchedAt: true,
      closedAt: true,
    },
  });
  const missing = study.status === StudyStatus.draft ? await missingForLaunch(studyId) : [];
  const url = new URL(request.url);
  return { study, missing, saved: url.searchParams.get("saved"), detailsLock: lockNote(study.status, "study-details") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (intent === "details") {
    const parsed = parseForm(formData, studySchema);
    if (!parsed.ok) return data({ intent, errors: parsed.errors, values: formSnapshot(formData) }, { status: 400 });
    const r = await updateStudy(studyId, parsed.data);
    if (!r.ok) return data({ intent, errors: r.errors, values: formSnapshot(formData) }, { status: r.status ?? 400 });
    throw redirect(`/studies/${studyId}/build?saved=details`);
  }
  if (intent === "launch") {
    const r = await launchStudy(studyId);
    if (!r.ok) return data({ intent, errors: { form: r.message }, values: {} }, { status: r.status });
    throw redirect(`/studies/${studyId}/build?saved=launched`);
  }
  return data({ intent, errors: { form: "Unknown action." }, values: {} }, { status: 400 });
}

export default function BuildStudy() {
  const { study, missing, saved, detailsLock } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const details = feedbackFor(actionData, "details");
  const launch = feedbackFor(actionData, "launch");
  return (
    <div className="stack">
      {saved === "details" ? <Notice>Study details saved.</Notice> : null}
      {saved === "launched" ? (
        <Notice>
          The study is live. Its rules and MaxDiff design are locked; invite respondents from the Respondents tab.
        </Notice>
      ) : null}
      {saved === "closed" ? <Notice>The study is closed: no new responses are accepted.</Notice> : null}
      {saved === "reopened" ? <Notice>The study is live again: respondent links work again.</Notice> : null}
      <section className="card" aria-labelledby="launch-h">
        <h2 id="launch-h">
          {study.status === StudyStatus.draft
            ? "Ready to launch?"
            : study.status === StudyStatus.live
              ? "The study is live"
              : "The study is closed"}
        </h2>
        <FormError error={launch.errors.form} />
        {study.status === StudyStatus.draft ? (
          missing.length ? (
            <>
              <p>Before launching, the study still needs:</p>
              <ul className="checklist" aria-label="Missing before launch">
                {missing.map((m) => (
                  <li key={`${m.fix}:${m.message}`}>
                    {m.message} <Link to={m.fix || "."}>Fix</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>
              Everything a study needs is in place. Launching locks the decision rules and the MaxDiff design so the
              results stay honest.
            </p>
          )
        ) : null}
        {study.status === StudyStatus.draft ? (
          <Form method="post" className="actions">
            <input type="hidden" name="intent" value="launch" />
            <button
              type="submit"
              disabled={missing.length > 0}
              aria-describedby={missing.length > 0 ? "launch-needs" : undefined}
            >
              Launch study
            </button>
            {missing.length > 0 ? (
              <LockNote id="launch-needs">Launch needs: {missing.map((m) => m.message).join("; ")}</LockNote>
            ) : null}
            <Link to="../preview">Preview the survey first</Link>
          </Form>
        ) : study.status === StudyStatus.live ? (
          <p className="actions">
            <Link to="../status" className="button secondary">
              Close study…
            </Link>
            <Link to="../results">See results</Link>
          </p>
        ) : (
          <p className="actions">
            <Link to="../status" className="button secondary">
              Reopen study…
            </Link>
            <Link to="../results">See results</Link>
          </p>
        )}
      </section>
      <Form method="post" noValidate className="card">
        <h2>Study details</h2>
        <input type="hidden" name="intent" value="details" />
        <FormError error={details.errors.form} />
        <Field
          label="Study name"
          name="name"
          defaultValue={details.value("name", study.name)}
          error={details.errors.name}
          required
          maxLength={200}
        />
        <Field
          label="Currency"
          name="currency"
          defaultValue={details.value("currency", study.currency)}
          error={details.errors.currency}
          hint="Three-letter code, e.g. USD."
          required
          locked={detailsLock}
        />
        <TextArea
          label="Product description"
          name="productDescription"
          defaultValue={details.value("productDescription", study.productDescription)}
          error={details.errors.productDescription}
          hint="Shown to respondents before the pricing questions."
          locked={detailsLock}
        />
        <div className="actions">
          <button type="submit">Save details</button>
        </div>
      </Form>
    </div>
  );
}
