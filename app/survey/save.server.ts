/**
 * The respondent's survey state and idempotent page saving.
 *
 * Each submit is one short, non-interactive write transaction whose first statement inserts
 * PageSubmission(responseId, page): a replayed or concurrent submit of the same page hits the
 * primary key (P2002) and is treated as a replay — nothing else is written and the current
 * page is shown. Only the response's current page is accepted; a completed (or screened-out)
 * response never changes. Respondent.status moves invited → started → completed
 * (or screened_out), and Study.dataVersion is bumped when a response completes.
 *
 * Segment quotas (app/survey/quota.server.ts) are checked when a respondent enters a segment:
 * at the start for respondents whose segment is known, at the screener otherwise. A respondent
 * turned away gets status "over_quota" (response and respondent) and a polite end page; the
 * screener answer they gave is kept. Completing is never refused.
 */
import { randomInt } from "node:crypto";
import { z } from "zod";
import { db, isUniqueViolation, type Prisma } from "../db.server.ts";
import { fieldErrors, formValues } from "../forms.ts";
import type { LinkedRespondent } from "../respondents/links.server.ts";
import { validateTask } from "../../research/maxdiff/tasks.ts";
import { isAnchorAnswer } from "../studies/maxdiffAnchor.ts";
import {
  designVersions,
  nextPage,
  pageKeys,
  pageView,
  parsePageKey,
  surveyDefinitionFor,
  type SurveyDefinition,
} from "./pages.server.ts";
import { admitInto, QUOTA_TX, segmentFull } from "./quota.server.ts";
import { CONCEPT_QUESTIONS, PRICE_QUESTIONS, type SurveyPageView } from "./types.ts";
import { RespondentStatus, ResponseStatus, StudyStatus } from "../domain/status.ts";
import { env } from "../env.server.ts";
import { FORM_TOKEN_FIELD } from "./formToken.server.ts";
import { type MessageKey, t } from "../i18n/index.ts";
import { localizeDefinition } from "../studies/translations.server.ts";
import { parseLocalNumber } from "../i18n/numbers.ts";
import { ggPriceAt, ggSavedAnswer, ggSubmit, pageAfterLadder } from "./gaborGranger.server.ts";
import { competitorContext, competitorSavedValues, competitorSubmit, isCompetitorPage } from "./competitors.server.ts";

export interface SurveyState {
  studyName: string;
  pageKey: string;
  page: SurveyPageView;
  progress: { done: number; total: number };
  /** saved answers of an earlier page shown read-only */
  values?: Record<string, string>;
  /** the language of the page (BCP-47), for the fixed strings, number formats and the writing direction */
  language: string;
}

export type StudyGate = "open" | "closed" | "not_open";

export function studyGate(status: string): StudyGate {
  if (status === StudyStatus.live) return "open";
  if (status === StudyStatus.closed) return "closed";
  return "not_open";
}

async function includesScreener(
  def: SurveyDefinition,
  respondent: { segmentId: string | null },
  responseId: string | null,
) {
  if (!def.screener) return false;
  if (!respondent.segmentId) return true;
  if (!responseId) return false;
  return !!(await db.pageSubmission.findUnique({
    where: { responseId_page: { responseId, page: "screener" } },
    select: { page: true },
  }));
}

function shuffled<T>(xs: readonly T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** The respondent's response as read with the link lookup (same request), else from the database. */
async function responseOf(respondent: LinkedRespondent) {
  if (respondent.response !== undefined) return respondent.response;
  return db.response.findUnique({ where: { respondentId: respondent.id } });
}

/** What the respondent sees now. */
export async function surveyState(respondent: LinkedRespondent): Promise<SurveyState> {
  const language = respondent.language || respondent.study.defaultLanguage;
  const def = await surveyDefinitionFor(respondent.study, language);
  if (!def) throw new Error("study vanished");
  const response = await responseOf(respondent);
  const overQuota = {
    language,
    studyName: def.name,
    pageKey: "over_quota",
    page: { kind: "over_quota" } as SurveyPageView,
    progress: { done: response?.pagesTotal ?? 0, total: response?.pagesTotal ?? 0 },
  };
  if (!response) {
    // the segment is already full: say so before they start (nothing is stored by a view)
    if (respondent.segmentId && (await segmentFull(respondent.segmentId))) return overQuota;
    const keys = pageKeys(def, {
      screener: !!def.screener && !respondent.segmentId,
      designVersion: pickVersion(def, respondent.designVersion),
    });
    return {
      language,
      studyName: def.name,
      pageKey: "start",
      page: pageView(def, "start", { conceptOrder: [], designVersion: 0 }, keys.length)!,
      progress: { done: 0, total: keys.length },
    };
  }
  if (response.status === ResponseStatus.completed)
    return {
      language,
      studyName: def.name,
      pageKey: "done",
      page: { kind: "done" },
      progress: { done: response.pagesTotal, total: response.pagesTotal },
    };
  if (response.status === ResponseStatus.overQuota) return overQuota;
  if (response.status === ResponseStatus.screenedOut)
    return {
      language,
      studyName: def.name,
      pageKey: "screened_out",
      page: { kind: "screened_out" },
      progress: { done: response.pagesTotal, total: response.pagesTotal },
    };
  const keys = pageKeys(def, {
    screener: await includesScreener(def, respondent, response.id),
    designVersion: response.designVersion,
  });
  const conceptOrder = JSON.parse(response.conceptOrder) as string[];
  const price =
    response.currentPage === "nms"
      ? await db.priceAnswer.findUnique({
          where: { responseId: response.id },
          select: { cheap: true, expensive: true },
        })
      : null;
  const current = parsePageKey(response.currentPage);
  const ggLadder = def.pricing.gaborGranger;
  const ggPrice = current.kind === "gg" && ggLadder ? await ggPriceAt(ggLadder, response.id, current.n) : null;
  const gg = ggPrice === null ? null : { price: ggPrice };
  const competitor = isCompetitorPage(response.currentPage)
    ? await competitorContext(response.id, respondent.segmentId)
    : undefined;
  const page = pageView(def, response.currentPage, {
    conceptOrder,
    designVersion: response.designVersion,
    price,
    gg,
    competitor,
  });
  const index = keys.indexOf(response.currentPage);
  if (!page || index < 0) throw new Error(`response ${response.id} is on unknown page ${response.currentPage}`);
  return {
    language,
    studyName: def.name,
    pageKey: response.currentPage,
    page,
    progress: { done: index, total: keys.length },
  };
}

function pickVersion(def: SurveyDefinition, assigned: number): number {
  const versions = designVersions(def);
  if (versions.includes(assigned)) return assigned;
  return versions.length ? versions[randomInt(versions.length)] : 0;
}

/** Creates the response (concept order, design version); a second call finds the first's. */
export async function startResponse(respondent: LinkedRespondent, def?: SurveyDefinition) {
  def ??= (await surveyDefinitionFor(respondent.study))!;
  const existing = await db.response.findUnique({ where: { respondentId: respondent.id }, select: { id: true } });
  if (existing) return { created: false };
  const designVersion = pickVersion(def, respondent.designVersion);
  const keys = pageKeys(def, { screener: !!def.screener && !respondent.segmentId, designVersion });
  const data = {
    respondentId: respondent.id,
    studyId: respondent.studyId,
    conceptOrder: JSON.stringify(shuffled(def.concepts.map((c) => c.id))),
    designVersion,
    currentPage: keys[0],
    pagesDone: 0,
    pagesTotal: keys.length,
    language: respondent.language || respondent.study.defaultLanguage,
  };
  try {
    const segmentId = respondent.segmentId;
    if (!segmentId) {
      // the screener decides the segment (and checks its quota)
      await db.$transaction([
        db.response.create({ data }),
        db.respondent.updateMany({
          where: { id: respondent.id, status: RespondentStatus.invited },
          data: { status: ResponseStatus.started, designVersion },
        }),
      ]);
      return { created: true };
    }
    return await db.$transaction(async (tx) => {
      const admitted = await admitInto(tx, segmentId);
      await tx.response.create({
        data: admitted
          ? data
          : {
              ...data,
              status: ResponseStatus.overQuota,
              currentPage: "over_quota",
              pagesTotal: 0,
              completedAt: new Date(),
            },
      });
      await tx.respondent.updateMany({
        where: { id: respondent.id, status: RespondentStatus.invited },
        data: { status: admitted ? RespondentStatus.started : RespondentStatus.overQuota, designVersion },
      });
      return { created: true, overQuota: !admitted };
    }, QUOTA_TX);
  } catch (e) {
    if (isUniqueViolation(e)) return { created: false };
    throw e;
  }
}

export type SubmitResult =
  | { kind: "saved"; next: string }
  | { kind: "replay" }
  | { kind: "invalid"; errors: Record<string, string>; values: Record<string, string> };

const rating = (what: string, language: string) => {
  const message = t(language, "error.choose", { what });
  return z.coerce.number({ invalid_type_error: message }).int().min(1, message).max(5, message);
};

const conceptSchema = (language: string) =>
  z.object(
    Object.fromEntries(
      CONCEPT_QUESTIONS.map((q) => [
        q.name,
        z.preprocess((v) => (v === "" ? undefined : v), rating(t(language, `concept.${q.name}`), language)),
      ]),
    ) as Record<string, z.ZodTypeAny>,
  );

const money = (label: string, min: number, max: number, language: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? parseLocalNumber(v, language) : v),
    z
      .string()
      .min(1, t(language, "error.priceMissing", { label }))
      .regex(/^\d+(\.\d+)?$/, t(language, "error.priceNumber", { label }))
      .transform(Number)
      .refine((n) => n >= min && n <= max, t(language, "error.priceRange", { label, min, max })),
  );

/** Saves the posted page once. `formData.page` names the page the respondent answered. */
export async function submitPage(respondent: LinkedRespondent, formData: FormData): Promise<SubmitResult> {
  const posted = String(formData.get("page") ?? "");
  const def = await surveyDefinitionFor(respondent.study);
  if (!def) return { kind: "replay" };
  if (posted === "start") {
    await startResponse(respondent, def);
    return { kind: "replay" };
  }
  const response = await responseOf(respondent);
  // Not started, already finished, or a stale/duplicate form: show the current page.
  if (response?.status !== ResponseStatus.started || posted !== response.currentPage) return { kind: "replay" };
  // A second tap landing on the page that just appeared (no JavaScript): show it again, no errors.
  if (accidentalDoubleTap(formData, response.pageShownAt)) return { kind: "replay" };

  const keys = pageKeys(def, {
    screener: await includesScreener(def, respondent, response.id),
    designVersion: response.designVersion,
  });
  const index = keys.indexOf(posted);
  if (index < 0) return { kind: "replay" };
  let next = nextPage(keys, posted);
  // pages this respondent answers in all (a ladder that stops early skips its remaining steps)
  let total = keys.length;
  const values = formValues(formData);
  const language = respondent.language || respondent.study.defaultLanguage;
  const { kind, n } = parsePageKey(posted);
  const writes: Prisma.PrismaPromise<unknown>[] = [
    db.pageSubmission.create({ data: { responseId: response.id, page: posted, shownAt: response.pageShownAt } }),
  ];
  let finalStatus: typeof ResponseStatus.completed | typeof ResponseStatus.screenedOut | null =
    next === "done" ? ResponseStatus.completed : null;

  if (kind === "screener") {
    const option = def.screener?.options.find((o) => o.id === values.option);
    if (!option) return { kind: "invalid", errors: { option: t(language, "error.option") }, values };
    if (option.segmentId === null) finalStatus = ResponseStatus.screenedOut;
    else
      return screenIntoSegment(respondent.id, response, { posted, next, index, total: keys.length }, option.segmentId);
  } else if (kind === "concept") {
    const conceptId = (JSON.parse(response.conceptOrder) as string[])[n - 1];
    const parsed = conceptSchema(language).safeParse(values);
    if (!parsed.success) return { kind: "invalid", errors: fieldErrors(parsed.error), values };
    const r = parsed.data as Record<string, number>;
    writes.push(
      db.conceptRating.create({
        data: {
          responseId: response.id,
          conceptId,
          position: n,
          appeal: r.appeal,
          relevance: r.relevance,
          uniqueness: r.uniqueness,
          believability: r.believability,
          purchaseIntent: r.purchaseIntent,
        },
      }),
    );
  } else if (kind === "maxdiff") {
    const shown = def.design.get(response.designVersion)?.get(n) ?? [];
    const errors: Record<string, string> = {};
    if (!shown.includes(values.best ?? "")) errors.best = t(language, "error.best");
    if (!shown.includes(values.worst ?? "")) errors.worst = t(language, "error.worst");
    if (!errors.best && !errors.worst && values.best === values.worst) errors.worst = t(language, "error.sameItem");
    const anchor = def.anchorQuestion ? (isAnchorAnswer(values.anchor) ? values.anchor : null) : null;
    if (def.anchorQuestion && !anchor) errors.anchor = t(language, "error.anchor");
    if (Object.keys(errors).length) return { kind: "invalid", errors, values };
    try {
      validateTask(
        { respondent: response.id, task: n, shown, best: values.best, worst: values.worst },
        def.items.keys(),
      );
    } catch (e) {
      return { kind: "invalid", errors: { form: `This answer cannot be saved: ${(e as Error).message}` }, values };
    }
    writes.push(
      db.maxDiffAnswer.create({
        data: {
          responseId: response.id,
          task: n,
          shown: JSON.stringify(shown),
          bestItemId: values.best,
          worstItemId: values.worst,
          anchor,
        },
      }),
    );
  } else if (kind === "attention") {
    const chosen = values.attention ?? "";
    // answers post their default-language text whatever the language shown (app/survey/pages.server.ts)
    if (!def.attention?.options.includes(chosen))
      return { kind: "invalid", errors: { attention: t(language, "attention.error") }, values };
    writes.push(db.response.update({ where: { id: response.id }, data: { attentionAnswer: chosen } }));
  } else if (kind === "price") {
    const { minPrice, maxPrice } = def.pricing;
    const schema = z.object(
      Object.fromEntries(
        PRICE_QUESTIONS.map((q) => [q.name, money(t(language, `price.${q.name}.label`), minPrice, maxPrice, language)]),
      ) as Record<string, z.ZodTypeAny>,
    );
    const parsed = schema.safeParse(values);
    if (!parsed.success) return { kind: "invalid", errors: fieldErrors(parsed.error), values };
    const p = parsed.data as { tooCheap: number; cheap: number; expensive: number; tooExpensive: number };
    const disorder = priceDisorder(p, language);
    if (disorder && values.confirmOrder !== "yes") {
      return { kind: "invalid", errors: { order: disorder.message, orderFields: disorder.fields.join(",") }, values };
    }
    writes.push(db.priceAnswer.create({ data: { responseId: response.id, ...p } }));
  } else if (kind === "nms") {
    const schema = z.object({
      piCheap: rating(t(language, "survey.nmsCheapShort"), language),
      piExpensive: rating(t(language, "survey.nmsExpensiveShort"), language),
    });
    const parsed = schema.safeParse({
      piCheap: values.piCheap || undefined,
      piExpensive: values.piExpensive || undefined,
    });
    if (!parsed.success) return { kind: "invalid", errors: fieldErrors(parsed.error), values };
    writes.push(db.priceAnswer.update({ where: { responseId: response.id }, data: parsed.data }));
  } else if (kind === "gg" && def.pricing.gaborGranger) {
    const gg = await ggSubmit(def.pricing.gaborGranger, response.id, n, values, language);
    if (!gg) return { kind: "replay" };
    if (!gg.ok) return { kind: "invalid", errors: gg.errors, values };
    writes.push(gg.write);
    if (gg.ladderDone) {
      next = pageAfterLadder(keys);
      total = keys.length - (def.pricing.gaborGranger.ladder.length - n);
      finalStatus = next === "done" ? ResponseStatus.completed : null;
    }
  } else if (isCompetitorPage(kind)) {
    const named = localizeDefinition(def, language); // names in the error messages; ids unchanged
    const r = await competitorSubmit(named, kind, response.id, respondent.segmentId, values, language);
    if (!r.ok) return { kind: "invalid", errors: r.errors, values };
    writes.push(...r.writes);
  } else {
    return { kind: "replay" };
  }

  const now = new Date();
  writes.push(
    db.response.updateMany({
      where: { id: response.id, currentPage: posted, status: ResponseStatus.started },
      data:
        finalStatus === null
          ? { currentPage: next, pagesDone: index + 1, pagesTotal: keys.length, pageShownAt: null }
          : {
              currentPage: finalStatus === ResponseStatus.completed ? "done" : "screened_out",
              status: finalStatus,
              pagesDone: total,
              pagesTotal: total,
              completedAt: now,
            },
    }),
  );
  if (finalStatus) {
    writes.push(db.respondent.update({ where: { id: respondent.id }, data: { status: finalStatus } }));
    if (finalStatus === ResponseStatus.completed)
      writes.push(db.study.update({ where: { id: respondent.studyId }, data: { dataVersion: { increment: 1 } } }));
  }
  try {
    await db.$transaction(writes);
  } catch (e) {
    if (isUniqueViolation(e)) return { kind: "replay" };
    throw e;
  }
  return { kind: "saved", next: finalStatus ?? next };
}

/**
 * The screener answer names a segment: one transaction saves the answer and, if the segment's
 * quota still has a place, lets the respondent in; otherwise ends their survey as over quota,
 * keeping the answer (their segment) and the page submission.
 */
async function screenIntoSegment(
  respondentId: string,
  response: { id: string; pageShownAt: Date | null },
  at: { posted: string; next: string; index: number; total: number },
  segmentId: string,
): Promise<SubmitResult> {
  try {
    const admitted = await db.$transaction(async (tx) => {
      // first: a replayed or concurrent submit of this page stops here (primary key)
      await tx.pageSubmission.create({
        data: { responseId: response.id, page: at.posted, shownAt: response.pageShownAt },
      });
      const admitted = await admitInto(tx, segmentId);
      const { count } = await tx.response.updateMany({
        where: { id: response.id, currentPage: at.posted, status: ResponseStatus.started },
        data: admitted
          ? { currentPage: at.next, pagesDone: at.index + 1, pagesTotal: at.total, pageShownAt: null }
          : {
              currentPage: "over_quota",
              status: ResponseStatus.overQuota,
              pagesDone: at.index + 1,
              pagesTotal: at.index + 1,
              completedAt: new Date(),
            },
      });
      if (count !== 1) throw new StaleSubmit();
      await tx.respondent.update({
        where: { id: respondentId },
        data: admitted ? { segmentId } : { segmentId, status: ResponseStatus.overQuota },
      });
      return admitted;
    }, QUOTA_TX);
    return { kind: "saved", next: admitted ? at.next : "over_quota" };
  } catch (e) {
    if (isUniqueViolation(e) || e instanceof StaleSubmit) return { kind: "replay" };
    throw e;
  }
}

class StaleSubmit extends Error {}

/**
 * Van Westendorp prices out of their usual order, naming the questions: each neighbouring pair
 * that does not go up, e.g. “A bargain” (50) is not lower than “Getting expensive” (40).
 * Null when the four prices go up.
 */
export function priceDisorder(
  p: Record<string, number>,
  language = "en",
): { message: string; fields: string[] } | null {
  const fields = new Set<string>();
  const pairs: string[] = [];
  const label = (name: string) => t(language, `price.${name}.label` as MessageKey);
  const num = (n: number) => n.toLocaleString(language, { maximumFractionDigits: 2 });
  for (let i = 0; i + 1 < PRICE_QUESTIONS.length; i++) {
    const a = PRICE_QUESTIONS[i];
    const b = PRICE_QUESTIONS[i + 1];
    if (p[a.name] < p[b.name]) continue;
    fields.add(a.name);
    fields.add(b.name);
    pairs.push(
      t(language, "price.orderPair", {
        a: label(a.name),
        aPrice: num(p[a.name]),
        b: label(b.name),
        bPrice: num(p[b.name]),
      }),
    );
  }
  if (!pairs.length) return null;
  return {
    fields: PRICE_QUESTIONS.map((q) => q.name).filter((n) => fields.has(n)),
    message: t(language, "price.order", {
      pairs: pairs.join(t(language, "price.orderJoin")),
      which: t(language, fields.size > 2 ? "price.orderAll" : "price.orderTwo"),
    }),
  };
}

/** Form fields that are not answers. */
const NOT_ANSWERS = new Set(["page", FORM_TOKEN_FIELD]);

/**
 * Whether a post for the current page is an accidental second tap: it carries no answer at all
 * and arrives within SURVEY_DOUBLE_TAP_MS of the page having been shown. Without JavaScript the
 * second tap of a quick double tap lands on the Next button of the page that just loaded; the
 * respondent never saw that page, so it must not greet them with "please answer" errors.
 * An empty Next after a normal pause still gets the errors.
 */
export function accidentalDoubleTap(formData: FormData, shownAt: Date | null, now = Date.now()): boolean {
  const window = env().SURVEY_DOUBLE_TAP_MS;
  if (!window || !shownAt || now - shownAt.getTime() >= window) return false;
  for (const [name, value] of formData) {
    if (NOT_ANSWERS.has(name)) continue;
    if (typeof value !== "string" || value.trim() !== "") return false;
  }
  return true;
}

/** Records when the current page was first shown (one write per page; later views change nothing). */
export async function markPageShown(respondent: LinkedRespondent, pageKey: string) {
  const response = await responseOf(respondent);
  if (response?.status !== ResponseStatus.started || response.currentPage !== pageKey || response.pageShownAt) return;
  await db.response.updateMany({
    where: { id: response.id, currentPage: pageKey, pageShownAt: null },
    data: { pageShownAt: new Date() },
  });
}

/** The page a respondent should be on now (after a save, a replay or a stale post). */
export async function currentPageKey(respondentId: string): Promise<string> {
  const r = await db.response.findUnique({ where: { respondentId }, select: { currentPage: true } });
  return r?.currentPage ?? "start";
}

/**
 * An earlier page the respondent already saved, with its own saved answers, to show read-only
 * (Back). Null when `key` is not a saved page of this respondent.
 */
export async function savedPage(respondent: LinkedRespondent, key: string): Promise<SurveyState | null> {
  const response = await responseOf(respondent);
  if (!response || key === response.currentPage) return null;
  const submitted = await db.pageSubmission.findUnique({
    where: { responseId_page: { responseId: response.id, page: key } },
    select: { page: true },
  });
  if (!submitted) return null;
  const language = respondent.language || respondent.study.defaultLanguage;
  const def = await surveyDefinitionFor(respondent.study, language);
  if (!def) return null;
  const keys = pageKeys(def, {
    screener: await includesScreener(def, respondent, response.id),
    designVersion: response.designVersion,
  });
  const { kind, n } = parsePageKey(key);
  const values: Record<string, string> = {};
  const str = (v: number | null | undefined) => (v === null || v === undefined ? undefined : String(v));
  let price: { cheap: number; expensive: number } | null = null;
  let gg: { price: number } | null = null;
  if (kind === "gg") {
    const a = await ggSavedAnswer(response.id, n);
    if (!a) return null;
    gg = { price: a.price };
    values.likelihood = String(a.likelihood);
  } else if (kind === "concept") {
    const r = await db.conceptRating.findFirst({ where: { responseId: response.id, position: n } });
    if (r) for (const q of CONCEPT_QUESTIONS) values[q.name] = String(r[q.name]);
  } else if (kind === "maxdiff") {
    const a = await db.maxDiffAnswer.findFirst({ where: { responseId: response.id, task: n } });
    if (a) Object.assign(values, { best: a.bestItemId, worst: a.worstItemId }, a.anchor ? { anchor: a.anchor } : {});
  } else if (kind === "attention") {
    if (response.attentionAnswer !== null) values.attention = response.attentionAnswer;
  } else if (kind === "price" || kind === "nms") {
    const a = await db.priceAnswer.findUnique({ where: { responseId: response.id } });
    if (a) {
      price = { cheap: a.cheap, expensive: a.expensive };
      for (const [k, v] of Object.entries({
        tooCheap: a.tooCheap,
        cheap: a.cheap,
        expensive: a.expensive,
        tooExpensive: a.tooExpensive,
        piCheap: a.piCheap,
        piExpensive: a.piExpensive,
      })) {
        const text = str(v);
        if (text !== undefined) values[k] = text;
      }
    }
  }
  const competitor = isCompetitorPage(kind) ? await competitorContext(response.id, respondent.segmentId) : undefined;
  if (competitor) Object.assign(values, await competitorSavedValues(response.id, kind));
  const conceptOrder = JSON.parse(response.conceptOrder) as string[];
  const page = pageView(def, key, {
    conceptOrder,
    designVersion: response.designVersion,
    price,
    gg,
    competitor,
  });
  const index = keys.indexOf(key);
  if (!page || index < 0) return null;
  return { language, studyName: def.name, pageKey: key, page, progress: { done: index, total: keys.length }, values };
}
