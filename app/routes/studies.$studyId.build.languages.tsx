/**
 * Builder · Languages: the study's default language and extra survey languages (BCP-47 codes), and the
 * researcher's translations of every respondent-facing text, side by side with the default text.
 * Missing translations block launch (app/studies/completeness.server.ts). Fixed strings (buttons,
 * scales, end pages) come from the built-in catalogs (app/i18n/).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { Notice } from "../components/builder/Inputs.tsx";
import { Field, FormError } from "../components/ui/Field.tsx";
import { StudyStatus } from "../domain/status.ts";
import { formValues } from "../forms.ts";
import { CATALOG_LANGUAGES } from "../i18n/index.ts";
import { lockReason, studyStatus } from "../studies/lock.server.ts";
import {
  parseLanguagesForm,
  saveLanguages,
  saveTranslations,
  translationEditor,
} from "../studies/translations.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const status = await studyStatus(studyId);
  const url = new URL(request.url);
  return {
    editor: await translationEditor(studyId),
    draft: status === StudyStatus.draft,
    lock: lockReason(status, "languages"),
    saved: url.searchParams.get("saved"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const values = formValues(await request.formData());
  const status = await studyStatus(studyId);
  if (values.intent === "languages") {
    if (status !== StudyStatus.draft)
      return data(
        { intent: "languages", errors: { form: "The languages are locked after launch." }, values },
        { status: 409 },
      );
    const parsed = parseLanguagesForm(values);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const i of parsed.error.issues) errors[String(i.path[0] ?? "form")] ??= i.message;
      return data({ intent: "languages", errors, values }, { status: 400 });
    }
    await saveLanguages(studyId, parsed.data);
    throw redirect(`/studies/${studyId}/build/languages?saved=languages`);
  }
  if (values.intent === "translations") {
    const r = await saveTranslations(studyId, values.language ?? "", values, {
      keepBlank: status !== StudyStatus.draft,
    });
    if (!r.ok) return data({ intent: "translations", errors: { form: r.message }, values }, { status: 400 });
    throw redirect(`/studies/${studyId}/build/languages?saved=${encodeURIComponent(values.language ?? "")}`);
  }
  return data({ intent: "", errors: { form: "Unknown action." }, values }, { status: 400 });
}

type ActionData = { intent: string; errors: Record<string, string>; values: Record<string, string> };

export default function LanguagesBuilder() {
  const { editor, draft, lock, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const errors = result?.intent === "languages" ? result.errors : {};
  const values = result?.intent === "languages" ? result.values : undefined;
  return (
    <>
      <Form method="post" noValidate className="card">
        <h2>Survey languages</h2>
        {saved === "languages" ? <Notice>Languages saved.</Notice> : null}
        <p className="muted">
          Language codes are BCP-47, like <code>en</code>, <code>de</code>, <code>pt-BR</code> or <code>ar</code>.
          Respondents get their language from the “language” column of the respondent CSV, else their browser’s
          preference, else the default; they can switch on every survey page. Buttons, rating scales and end pages are
          built in for {CATALOG_LANGUAGES.join(", ")} (other languages show them in English); you translate the study’s
          own texts below.
        </p>
        <FormError error={errors.form} />
        <input type="hidden" name="intent" value="languages" />
        <Field
          label="Default language (the language you write the study in)"
          name="defaultLanguage"
          defaultValue={values?.defaultLanguage ?? editor.defaultLanguage}
          error={errors.defaultLanguage}
          locked={lock}
          maxLength={35}
        />
        <Field
          label="More languages (comma-separated)"
          name="languages"
          defaultValue={values?.languages ?? editor.extra.map((l) => l.language).join(", ")}
          error={errors.languages}
          locked={lock}
          hint="For example: de, fr, ar"
          maxLength={500}
        />
        {draft ? <button type="submit">Save languages</button> : null}
      </Form>
      {editor.extra.length === 0 ? (
        <p className="muted">This study is in {editor.defaultLabel} only.</p>
      ) : (
        editor.extra.map((l) => {
          const mine = result?.intent === "translations" && result.values.language === l.language;
          return (
            <Form key={l.language} method="post" noValidate className="card" id={`lang-${l.language}`}>
              <h2>{l.label}</h2>
              {saved === l.language ? <Notice>Translations saved.</Notice> : null}
              {mine ? <FormError error={result.errors.form} /> : null}
              <p className={l.missing ? "warning" : "muted"}>
                {l.missing
                  ? `${l.missing} of ${editor.sources.length} texts still need a ${l.label} translation.`
                  : `All ${editor.sources.length} texts are translated.`}
                {l.builtIn ? "" : ` The fixed survey texts have no built-in ${l.label} version and show in English.`}
              </p>
              <input type="hidden" name="intent" value="translations" />
              <input type="hidden" name="language" value={l.language} />
              <table className="translations">
                <thead>
                  <tr>
                    <th scope="col">{editor.defaultLabel}</th>
                    <th scope="col">{l.label}</th>
                  </tr>
                </thead>
                <tbody>
                  {editor.sources.map((s) => {
                    const id = `tr-${l.language}-${s.key}`.replace(/[^A-Za-z0-9_-]/g, "-");
                    const value = mine ? (result.values[`tr:${s.key}`] ?? "") : l.texts[s.key];
                    return (
                      <tr key={s.key}>
                        <td lang={editor.defaultLanguage}>
                          <label htmlFor={id} className="muted survey-small">
                            {s.label}
                          </label>
                          <p>{s.text}</p>
                        </td>
                        <td>
                          {s.long ? (
                            <textarea
                              id={id}
                              name={`tr:${s.key}`}
                              defaultValue={value}
                              lang={l.language}
                              dir={l.dir}
                              rows={3}
                            />
                          ) : (
                            <input id={id} name={`tr:${s.key}`} defaultValue={value} lang={l.language} dir={l.dir} />
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <button type="submit">Save {l.label} translations</button>
            </Form>
          );
        })
      )}
    </>
  );
}
