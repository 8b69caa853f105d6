/**
 * Survey languages of a study and the researcher's translations of its respondent-facing texts.
 * Each text has a key that names its source, e.g. "concept:<id>:name", "item:<id>:label",
 * "screener:question", "attention:option:<default-language text>", "competitor:<id>:name";
 * a Translation row holds its text in one extra language. Fixed strings
 * (buttons, scales, end pages) come from the built-in catalogs (app/i18n/) instead.
 * A study may launch only when every source text has a translation in every extra language
 * (app/studies/completeness.server.ts).
 */
import { z } from "zod";
import { db } from "../db.server.ts";
import { hasCatalog, t } from "../i18n/index.ts";
import { languageName, languageTag, studyLanguages, textDirection } from "../i18n/languages.ts";
import type { SurveyDefinition } from "../survey/pages.server.ts";
import { parseAttentionCheck } from "./quality.ts";

export interface SourceText {
  key: string;
  /** what the text is, for the builder and the launch checklist, e.g. "Concept “Pro” — text" */
  label: string;
  text: string;
  /** long texts get a textarea */
  long?: boolean;
}

/** A text map per extra language: language → key → text. */
export type TranslationMap = Map<string, Map<string, string>>;

export const MAX_LANGUAGES = 12;
export const MAX_TRANSLATION_LENGTH = 4000;

/** The study's languages: the default first, then the extra ones. */
export async function languagesOf(studyId: string) {
  const s = await db.study.findUniqueOrThrow({
    where: { id: studyId },
    select: { defaultLanguage: true, languages: true },
  });
  const all = studyLanguages(s.defaultLanguage, s.languages);
  return { defaultLanguage: s.defaultLanguage, extra: all.slice(1), all };
}

const languagesForm = z.object({
  defaultLanguage: languageTag,
  languages: z
    .string()
    .max(500)
    .default("")
    .transform((v, ctx) => {
      const out: string[] = [];
      for (const raw of v.split(/[\s,;]+/).filter(Boolean)) {
        const r = languageTag.safeParse(raw);
        if (!r.success) {
          ctx.addIssue({ code: "custom", message: r.error.issues[0].message });
          return z.NEVER;
        }
        if (!out.includes(r.data)) out.push(r.data);
      }
      if (out.length > MAX_LANGUAGES) {
        ctx.addIssue({ code: "custom", message: `At most ${MAX_LANGUAGES} extra languages.` });
        return z.NEVER;
      }
      return out;
    }),
});

export type LanguagesInput = z.infer<typeof languagesForm>;
export const parseLanguagesForm = (values: Record<string, string>) => languagesForm.safeParse(values);

/** Saves the default and the extra languages (the default is never listed as an extra one). */
export async function saveLanguages(studyId: string, input: LanguagesInput) {
  const extra = input.languages.filter((l) => l !== input.defaultLanguage);
  await db.study.update({
    where: { id: studyId },
    data: { defaultLanguage: input.defaultLanguage, languages: JSON.stringify(extra) },
  });
}

/** Every respondent-facing text the researcher wrote, in survey order (empty texts need no translation). */
export async function sourceTexts(studyId: string): Promise<SourceText[]> {
  const s = await db.study.findUniqueOrThrow({
    where: { id: studyId },
    select: {
      name: true,
      productDescription: true,
      screenerQuestion: true,
      maxDiffAnchored: true,
      maxDiffAnchorQuestion: true,
      screenerOptions: { orderBy: { sortOrder: "asc" }, select: { id: true, label: true } },
      concepts: { orderBy: { sortOrder: "asc" }, select: { id: true, name: true, body: true } },
      maxDiffItems: { orderBy: { sortOrder: "asc" }, select: { id: true, label: true, description: true } },
      attentionCheck: true,
      competitorSetup: { select: { ourName: true } },
      competitors: { orderBy: [{ sortOrder: "asc" }, { name: "asc" }], select: { id: true, name: true } },
    },
  });
  const out: SourceText[] = [
    { key: "study:name", label: "Study name (survey header)", text: s.name },
    { key: "study:productDescription", label: "Product description", text: s.productDescription, long: true },
  ];
  if (s.screenerQuestion) {
    out.push({ key: "screener:question", label: "Screener question", text: s.screenerQuestion });
    for (const [i, o] of s.screenerOptions.entries())
      out.push({ key: `screener:${o.id}:label`, label: `Screener answer ${i + 1}`, text: o.label });
  }
  for (const c of s.concepts) {
    out.push({ key: `concept:${c.id}:name`, label: `Concept “${c.name}” — name`, text: c.name });
    out.push({ key: `concept:${c.id}:body`, label: `Concept “${c.name}” — text`, text: c.body, long: true });
  }
  for (const item of s.maxDiffItems) {
    out.push({ key: `item:${item.id}:label`, label: `MaxDiff item “${item.label}”`, text: item.label });
    out.push({
      key: `item:${item.id}:description`,
      label: `MaxDiff item “${item.label}” — description`,
      text: item.description,
    });
  }
  // the default wording of the anchor question is a built-in string; only the study's own needs translating
  if (s.maxDiffAnchored && s.maxDiffAnchorQuestion.trim())
    out.push({ key: "maxdiff:anchorQuestion", label: "MaxDiff anchor question", text: s.maxDiffAnchorQuestion });
  out.push(...attentionTexts(s.attentionCheck));
  // the competitors block (its value drivers are MaxDiff items, translated above)
  if (s.competitorSetup && s.competitors.length) {
    out.push({
      key: "competitors:ourName",
      label: "Competitors — our product's name",
      text: s.competitorSetup.ourName,
    });
    for (const c of s.competitors)
      out.push({ key: `competitor:${c.id}:name`, label: `Competitor “${c.name}”`, text: c.name });
  }
  return out.filter((x) => x.text.trim() !== "");
}

/**
 * The attention check's question and answers. An answer's key is its default-language text (the
 * answers have no ids; the survey posts and scores that text), so editing an answer asks for its
 * translation again.
 */
function attentionTexts(stored: string | null): SourceText[] {
  const check = parseAttentionCheck(stored);
  if (!check) return [];
  return [
    { key: "attention:question", label: "Attention check — question", text: check.question },
    ...check.options.map((o, i) => ({
      key: attentionOptionKey(o),
      label: `Attention check — answer ${i + 1} “${o}”`,
      text: o,
    })),
  ];
}

export const attentionOptionKey = (option: string) => `attention:option:${option}`;

export async function loadTranslations(studyId: string): Promise<TranslationMap> {
  const rows = await db.translation.findMany({ where: { studyId }, select: { language: true, key: true, text: true } });
  const map: TranslationMap = new Map();
  for (const r of rows) {
    let m = map.get(r.language);
    if (!m) {
      m = new Map();
      map.set(r.language, m);
    }
    m.set(r.key, r.text);
  }
  return map;
}

/** Source texts without a (non-blank) translation, per extra language, for the launch checklist. */
export async function missingTranslations(
  studyId: string,
): Promise<Array<{ language: string; key: string; label: string }>> {
  const { extra } = await languagesOf(studyId);
  if (!extra.length) return [];
  const [sources, map] = await Promise.all([sourceTexts(studyId), loadTranslations(studyId)]);
  const missing: Array<{ language: string; key: string; label: string }> = [];
  for (const language of extra)
    for (const s of sources)
      if (!map.get(language)?.get(s.key)?.trim()) missing.push({ language, key: s.key, label: s.label });
  return missing;
}

/** "German (de)" — how the builder and the checklist name a language. */
export function languageLabel(language: string): string {
  return `${languageName(language, "en")} (${language})`;
}

/**
 * Saves the posted translations of one language: fields "tr:<key>" for the study's own source keys
 * (others are ignored); an empty field deletes that translation.
 */
export async function saveTranslations(
  studyId: string,
  language: string,
  values: Record<string, string>,
  opts: { keepBlank?: boolean } = {},
) {
  const { extra } = await languagesOf(studyId);
  if (!extra.includes(language)) return { ok: false as const, message: `${language} is not a language of this study.` };
  const keys = new Set((await sourceTexts(studyId)).map((s) => s.key));
  const writes = [];
  for (const [field, raw] of Object.entries(values)) {
    if (!field.startsWith("tr:")) continue;
    const key = field.slice(3);
    if (!keys.has(key)) continue;
    const text = raw.replace(/\r\n/g, "\n").trim().slice(0, MAX_TRANSLATION_LENGTH);
    // after launch a translation may be corrected but not removed (every text must stay translated)
    if (!text && opts.keepBlank) continue;
    writes.push(
      text
        ? db.translation.upsert({
            where: { studyId_language_key: { studyId, language, key } },
            create: { studyId, language, key, text },
            update: { text },
          })
        : db.translation.deleteMany({ where: { studyId, language, key } }),
    );
  }
  await db.$transaction(writes);
  return { ok: true as const, saved: writes.length };
}

/**
 * The survey definition in one language: researcher texts from the translations (the source text
 * where one is missing, as in the preview of a draft), the default anchor wording from the catalog.
 * Ids, the design and the prices are untouched, so answers are stored by id whatever the language.
 */
export function localizeDefinition(def: SurveyDefinition, language: string): SurveyDefinition {
  const builtInAnchor = def.anchorQuestion && !def.anchorQuestionCustom;
  const isDefault = language === (def.defaultLanguage ?? "en");
  if (isDefault && !builtInAnchor) return def;
  const tr = isDefault ? undefined : def.translations?.get(language);
  const pick = (key: string, source: string) => tr?.get(key)?.trim() || source;
  return {
    ...def,
    name: pick("study:name", def.name),
    productDescription: pick("study:productDescription", def.productDescription),
    screener: def.screener
      ? {
          question: pick("screener:question", def.screener.question),
          options: def.screener.options.map((o) => ({ ...o, label: pick(`screener:${o.id}:label`, o.label) })),
        }
      : null,
    concepts: def.concepts.map((c) => ({
      ...c,
      name: pick(`concept:${c.id}:name`, c.name),
      body: pick(`concept:${c.id}:body`, c.body),
    })),
    items: new Map(
      [...def.items].map(([id, item]) => [
        id,
        {
          ...item,
          label: pick(`item:${id}:label`, item.label),
          description: item.description ? pick(`item:${id}:description`, item.description) : "",
        },
      ]),
    ),
    anchorQuestion: def.anchorQuestion
      ? builtInAnchor
        ? t(language, "anchor.question")
        : pick("maxdiff:anchorQuestion", def.anchorQuestion)
      : def.anchorQuestion,
    // the answers stay the default-language texts (posted and scored); only their labels change
    attention: def.attention
      ? {
          ...def.attention,
          question: pick("attention:question", def.attention.question),
          labels: def.attention.options.map((o) => pick(attentionOptionKey(o), o)),
        }
      : def.attention,
    competitors: def.competitors
      ? {
          ourName: pick("competitors:ourName", def.competitors.ourName),
          drivers: def.competitors.drivers.map((d) => ({
            ...d,
            label: pick(`item:${d.id}:label`, d.label),
            description: d.description ? pick(`item:${d.id}:description`, d.description) : "",
          })),
          alternatives: def.competitors.alternatives.map((a) => ({
            ...a,
            name: pick(`competitor:${a.id}:name`, a.name),
          })),
        }
      : def.competitors,
  };
}

/** What the builder's Languages page shows: the languages, the source texts and each language's translations. */
export async function translationEditor(studyId: string) {
  const [langs, sources, map] = await Promise.all([
    languagesOf(studyId),
    sourceTexts(studyId),
    loadTranslations(studyId),
  ]);
  return {
    defaultLanguage: langs.defaultLanguage,
    defaultLabel: languageLabel(langs.defaultLanguage),
    extra: langs.extra.map((language) => {
      const m = map.get(language);
      const texts = Object.fromEntries(sources.map((s) => [s.key, m?.get(s.key) ?? ""]));
      return {
        language,
        label: languageLabel(language),
        dir: textDirection(language),
        builtIn: hasCatalog(language),
        texts,
        missing: sources.filter((s) => !texts[s.key].trim()).length,
      };
    }),
    sources,
  };
}
