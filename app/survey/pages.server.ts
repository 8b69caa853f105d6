/**
 * A study's survey as data, and the page order per respondent:
 *   [screener] → concept:1..n (sequential monadic, order per respondent) → maxdiff:1..t
 *   (the respondent's design version) → price → [nms] → done.
 * `loadSurveyDefinition` + `pageKeys` + `pageView` are what both the live survey and the
 * builder's preview (`previewSurvey`) use.
 */
import { db } from "../db.server.ts";
import { imageVersion } from "../studies/conceptImage.ts";
import { anchorQuestion } from "../studies/maxdiffAnchor.ts";
import { type AttentionCheck, parseAttentionCheck } from "../studies/quality.ts";
import type { SurveyPageView } from "./types.ts";
import { StudyStatus } from "../domain/status.ts";
import { studyLanguages } from "../i18n/languages.ts";
import { loadTranslations, localizeDefinition, type TranslationMap } from "../studies/translations.server.ts";
import { type GgLadderSettings, middleRung, storedLadder } from "../studies/gaborGrangerLadder.ts";
import { ggPageKeys } from "./gaborGranger.server.ts";
import {
  COMPETITOR_PAGES,
  type CompetitorBlock,
  type CompetitorContext,
  competitorPageView,
  loadCompetitorBlock,
} from "./competitors.server.ts";

export interface SurveyDefinition {
  studyId: string;
  name: string;
  status: string;
  currency: string;
  productDescription: string;
  screener: { question: string; options: Array<{ id: string; label: string; segmentId: string | null }> } | null;
  /** imageVersion: an uploaded image (app/studies/conceptImage.server.ts), shown instead of imageUrl */
  concepts: Array<{ id: string; name: string; body: string; imageUrl: string | null; imageVersion?: string | null }>;
  items: Map<string, { id: string; label: string; description: string }>;
  /** Anchored MaxDiff: the follow-up question's wording on every MaxDiff page; null = not anchored. */
  anchorQuestion?: string | null;
  /** Whether the anchor wording is the study's own (translated by the researcher) or the built-in one. */
  anchorQuestionCustom?: boolean;
  /** The study's languages (default first) and the researcher's translations (app/studies/translations.server.ts). */
  defaultLanguage?: string;
  languages?: string[];
  translations?: TranslationMap;
  /** The optional attention check, asked once after the concept pages; null = none (locked at launch). */
  attention?: AttentionCheck | null;
  /** version → task (1-based) → item ids in display order */
  design: Map<number, Map<number, string[]>>;
  pricing: {
    nmsEnabled: boolean;
    minPrice: number;
    maxPrice: number;
    /** Gabor–Granger ladder (locked at launch with the pricing); absent/null = not asked. */
    gaborGranger?: GgLadderSettings | null;
  };
  /** Competitors block (locked at launch); null/absent = not asked. */
  competitors?: CompetitorBlock | null;
}

export async function loadSurveyDefinition(studyId: string): Promise<SurveyDefinition | null> {
  const study = await db.study.findUnique({
    where: { id: studyId },
    select: {
      id: true,
      name: true,
      status: true,
      currency: true,
      productDescription: true,
      screenerQuestion: true,
      maxDiffAnchored: true,
      maxDiffAnchorQuestion: true,
      defaultLanguage: true,
      languages: true,
      attentionCheck: true,
      screenerOptions: { orderBy: { sortOrder: "asc" }, select: { id: true, label: true, segmentId: true } },
      concepts: {
        orderBy: { sortOrder: "asc" },
        select: { id: true, name: true, body: true, imageUrl: true, image: { select: { sha256: true } } },
      },
      maxDiffItems: { orderBy: { sortOrder: "asc" }, select: { id: true, label: true, description: true } },
      maxDiffDesign: {
        orderBy: [{ version: "asc" }, { task: "asc" }, { position: "asc" }],
        select: { version: true, task: true, itemId: true },
      },
      pricing: {
        select: { nmsEnabled: true, minPrice: true, maxPrice: true, ggEnabled: true, ggLadder: true, ggStart: true },
      },
    },
  });
  if (!study) return null;
  const translations = await loadTranslations(studyId);
  const design = new Map<number, Map<number, string[]>>();
  for (const row of study.maxDiffDesign) {
    let v = design.get(row.version);
    if (!v) {
      v = new Map();
      design.set(row.version, v);
    }
    let t = v.get(row.task);
    if (!t) {
      t = [];
      v.set(row.task, t);
    }
    t.push(row.itemId);
  }
  return {
    studyId: study.id,
    name: study.name,
    status: study.status,
    currency: study.currency,
    productDescription: study.productDescription,
    screener:
      study.screenerQuestion && study.screenerOptions.length
        ? { question: study.screenerQuestion, options: study.screenerOptions }
        : null,
    concepts: study.concepts.map(({ image, ...c }) => ({
      ...c,
      imageUrl: safeImageUrl(c.imageUrl),
      imageVersion: image ? imageVersion(image.sha256) : null,
    })),
    items: new Map(study.maxDiffItems.map((i) => [i.id, i])),
    // Locked at launch with the design (app/studies/lock.server.ts), so it may be cached with it.
    anchorQuestion: study.maxDiffAnchored ? anchorQuestion(study.maxDiffAnchorQuestion) : null,
    anchorQuestionCustom: study.maxDiffAnchorQuestion.trim() !== "",
    defaultLanguage: study.defaultLanguage,
    languages: studyLanguages(study.defaultLanguage, study.languages),
    translations,
    attention: parseAttentionCheck(study.attentionCheck),
    design,
    pricing: study.pricing
      ? {
          nmsEnabled: study.pricing.nmsEnabled,
          minPrice: study.pricing.minPrice,
          maxPrice: study.pricing.maxPrice,
          gaborGranger: storedLadder(study.pricing),
        }
      : { nmsEnabled: true, minPrice: 0, maxPrice: 10000 },
    competitors: await loadCompetitorBlock(study.id),
  };
}

/** The study fields a respondent's link lookup already read (app/respondents/links.server.ts). */
export interface StudyHeader {
  id: string;
  name: string;
  status: string;
  currency: string;
  productDescription: string;
  screenerQuestion: string | null;
  defaultLanguage: string;
  languages: string;
}

const DEFINITION_TTL_MS = 5 * 60_000;
const definitions = new Map<
  string,
  { def: SurveyDefinition; screenerOptions: NonNullable<SurveyDefinition["screener"]>["options"]; at: number }
>();

/**
 * The survey definition for a respondent's request, cached per process for studies past
 * draft: their concepts, MaxDiff items and design, pricing and screener options can no
 * longer change (app/studies/lock.server.ts), so only the study row's own fields — taken
 * fresh from `study`, which the link lookup read anyway — may differ from the cached copy.
 * Drafts always load afresh. Saves the biggest query of every survey request.
 * With `language`, the texts are the ones of that language (app/studies/translations.server.ts).
 */
export async function surveyDefinitionFor(study: StudyHeader, language?: string): Promise<SurveyDefinition | null> {
  const def = await surveyDefinitionOf(study);
  return def && language ? localizeDefinition(def, language) : def;
}

async function surveyDefinitionOf(study: StudyHeader): Promise<SurveyDefinition | null> {
  if (study.status === StudyStatus.draft) return loadSurveyDefinition(study.id);
  const now = Date.now();
  let hit = definitions.get(study.id);
  if (!hit || now - hit.at > DEFINITION_TTL_MS) {
    const def = await loadSurveyDefinition(study.id);
    if (!def) return null;
    const options = def.screener?.options ?? (await screenerOptionsOf(study.id));
    if (definitions.size >= 200) definitions.delete(definitions.keys().next().value!);
    hit = { def, screenerOptions: options, at: now };
    definitions.set(study.id, hit);
  }
  const { def, screenerOptions } = hit;
  return {
    ...def,
    name: study.name,
    status: study.status,
    currency: study.currency,
    productDescription: study.productDescription,
    screener:
      study.screenerQuestion && screenerOptions.length
        ? { question: study.screenerQuestion, options: screenerOptions }
        : null,
    defaultLanguage: study.defaultLanguage,
    languages: studyLanguages(study.defaultLanguage, study.languages),
  };
}

async function screenerOptionsOf(studyId: string) {
  return db.screenerOption.findMany({
    where: { studyId },
    orderBy: { sortOrder: "asc" },
    select: { id: true, label: true, segmentId: true },
  });
}

/** Only http(s) images; never javascript:/data: URLs from study text. */
export function safeImageUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.toString() : null;
  } catch {
    return null;
  }
}

export function designVersions(def: SurveyDefinition): number[] {
  return [...def.design.keys()].sort((a, b) => a - b);
}

export function tasksOf(def: SurveyDefinition, version: number): number {
  return def.design.get(version)?.size ?? 0;
}

/** Every page a respondent answers, in order (without "start" and "done"). */
export function pageKeys(def: SurveyDefinition, opts: { screener: boolean; designVersion: number }): string[] {
  const keys: string[] = [];
  if (opts.screener && def.screener) keys.push("screener");
  def.concepts.forEach((_, i) => {
    keys.push(`concept:${i + 1}`);
  });
  if (def.attention) keys.push("attention");
  const tasks = tasksOf(def, opts.designVersion);
  for (let t = 1; t <= tasks; t++) keys.push(`maxdiff:${t}`);
  if (def.competitors) keys.push(...COMPETITOR_PAGES);
  keys.push("price");
  if (def.pricing.nmsEnabled) keys.push("nms");
  keys.push(...ggPageKeys(def.pricing.gaborGranger));
  return keys;
}

export function nextPage(keys: string[], current: string): string {
  const i = keys.indexOf(current);
  return i >= 0 && i + 1 < keys.length ? keys[i + 1] : "done";
}

export function parsePageKey(key: string): { kind: string; n: number } {
  const m = /^(concept|maxdiff|gg):(\d{1,4})$/.exec(key);
  return m ? { kind: m[1], n: Number(m[2]) } : { kind: key, n: 0 };
}

export interface RespondentPageContext {
  conceptOrder: string[];
  designVersion: number;
  price?: { cheap: number; expensive: number } | null;
  /** Gabor–Granger page: the price this step asks (app/survey/gaborGranger.server.ts). */
  gg?: { price: number } | null;
  /** Competitors pages: the respondent's segment and chosen alternative. */
  competitor?: CompetitorContext;
}

/** The props of one page; null when the key does not name a page of this survey. */
export function pageView(
  def: SurveyDefinition,
  key: string,
  ctx: RespondentPageContext,
  pagesTotal = 0,
): SurveyPageView | null {
  const { kind, n } = parsePageKey(key);
  switch (kind) {
    case "start":
      return { kind: "start", productDescription: def.productDescription, pages: pagesTotal };
    case "screener":
      return def.screener
        ? {
            kind: "screener",
            question: def.screener.question,
            options: def.screener.options.map(({ id, label }) => ({ id, label })),
          }
        : null;
    case "concept": {
      const id = ctx.conceptOrder[n - 1];
      const concept = def.concepts.find((c) => c.id === id);
      return concept ? { kind: "concept", index: n, of: ctx.conceptOrder.length, concept } : null;
    }
    case "maxdiff": {
      const shown = def.design.get(ctx.designVersion)?.get(n);
      if (!shown) return null;
      const items = shown.map((id) => def.items.get(id)).filter((x): x is NonNullable<typeof x> => !!x);
      const of = tasksOf(def, ctx.designVersion);
      return def.anchorQuestion
        ? { kind: "maxdiff", task: n, of, items, anchorQuestion: def.anchorQuestion }
        : { kind: "maxdiff", task: n, of, items };
    }
    case "attention":
      return def.attention
        ? {
            kind: "attention",
            question: def.attention.question,
            options: def.attention.options.map((value, i) => ({ value, label: def.attention?.labels?.[i] ?? value })),
          }
        : null;
    case "price":
      return { kind: "price", currency: def.currency, productDescription: def.productDescription };
    case "nms":
      return ctx.price
        ? { kind: "nms", currency: def.currency, cheap: ctx.price.cheap, expensive: ctx.price.expensive }
        : null;
    case "gg":
      return ctx.gg && def.pricing.gaborGranger
        ? {
            kind: "gaborGranger",
            step: n,
            price: ctx.gg.price,
            currency: def.currency,
            productDescription: def.productDescription,
          }
        : null;
    case "done":
      return { kind: "done" };
    case "screened_out":
      return { kind: "screened_out" };
    case "over_quota":
      return { kind: "over_quota" };
    default:
      return competitorPageView(def, kind, ctx.competitor);
  }
}

/**
 * For the study builder's preview: every page of the survey with sample data (the study's
 * concept order, design version 1 or the first one, sample prices), ready for <SurveyPage>.
 */
export async function previewSurvey(studyId: string, language?: string) {
  const source = await loadSurveyDefinition(studyId);
  if (!source) return null;
  const languages = source.languages ?? [];
  const lang = language && languages.includes(language) ? language : (source.defaultLanguage ?? "en");
  const def = localizeDefinition(source, lang);
  const designVersion = designVersions(def)[0] ?? 0;
  const gg = def.pricing.gaborGranger;
  const ctx: RespondentPageContext = {
    conceptOrder: def.concepts.map((c) => c.id),
    designVersion,
    price: { cheap: Math.max(def.pricing.minPrice, 20), expensive: Math.max(def.pricing.minPrice, 50) },
    gg: gg ? { price: gg.ladder[middleRung(gg.ladder.length)] } : null,
  };
  // the ladder's first step stands for its adaptive pages
  const keys = pageKeys(def, { screener: true, designVersion }).filter((k) => !/^gg:(?!1$)/.test(k));
  const pages = ["start", ...keys, "done"].map((key, i) => ({
    key,
    page: pageView(def, key, ctx, keys.length)!,
    progress: { done: Math.max(0, Math.min(i - 1, keys.length)), total: keys.length },
  }));
  return { studyName: def.name, pages, language: lang, languages };
}
