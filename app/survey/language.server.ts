/**
 * The language a respondent takes the survey in: the language of their response once started, else
 * their own choice (the CSV import's "language" column or the language switch), else the browser's
 * Accept-Language best match among the study's languages, else the study's default
 * (app/i18n/languages.ts `negotiateLanguage`). The switch on the survey page stores the choice on
 * the respondent and on their response, so it holds for every later page and in the export.
 */
import { db } from "../db.server.ts";
import { matchLanguage, negotiateLanguage, studyLanguages, textDirection } from "../i18n/languages.ts";
import type { LinkedRespondent } from "../respondents/links.server.ts";
import { ResponseStatus } from "../domain/status.ts";

export function respondentLanguage(request: Request, respondent: LinkedRespondent): string {
  const { defaultLanguage, languages } = respondent.study;
  return negotiateLanguage({
    chosen: respondent.response?.language || respondent.language || null,
    acceptLanguage: request.headers.get("accept-language"),
    available: studyLanguages(defaultLanguage, languages),
    fallback: defaultLanguage,
  });
}

/**
 * The language of a page shown before there is a respondent (a panel link's start page): the browser's
 * Accept-Language best match among the study's languages, else the study's default.
 */
export function browserStudyLanguage(request: Request, study: { defaultLanguage: string; languages: string }): string {
  return negotiateLanguage({
    acceptLanguage: request.headers.get("accept-language"),
    available: studyLanguages(study.defaultLanguage, study.languages),
    fallback: study.defaultLanguage,
  });
}

/** The study's name in `language`: its translation (builder's Languages page), else the default text. */
export async function studyNameIn(
  study: { id: string; name: string; defaultLanguage: string },
  language: string,
): Promise<string> {
  if (language === study.defaultLanguage) return study.name;
  const row = await db.translation.findUnique({
    where: { studyId_language_key: { studyId: study.id, language, key: "study:name" } },
    select: { text: true },
  });
  return row?.text || study.name;
}

/** The respondent with their effective language filled in (what app/survey/save.server.ts reads). */
export function withLanguage(request: Request, respondent: LinkedRespondent): LinkedRespondent {
  return { ...respondent, language: respondentLanguage(request, respondent) };
}

/** The survey languages a respondent may switch between, with their own names and writing direction. */
export function languageChoices(respondent: LinkedRespondent) {
  const all = studyLanguages(respondent.study.defaultLanguage, respondent.study.languages);
  return all.length > 1 ? all.map((code) => ({ code, dir: textDirection(code) })) : [];
}

/** Stores the respondent's chosen language (one of the study's); false when it is not one. */
export async function switchLanguage(respondent: LinkedRespondent, wanted: string): Promise<boolean> {
  const all = studyLanguages(respondent.study.defaultLanguage, respondent.study.languages);
  const language = matchLanguage(wanted, all);
  if (!language) return false;
  await db.$transaction([
    db.respondent.update({ where: { id: respondent.id }, data: { language } }),
    db.response.updateMany({
      where: { respondentId: respondent.id, status: ResponseStatus.started },
      data: { language },
    }),
  ]);
  return true;
}
