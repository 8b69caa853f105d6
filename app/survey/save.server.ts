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
import { StudyStatus } from "../domain/status.ts";
import { competitorContext, competitorSavedValues, competitorSubmit, isCompetitorPage } from "./competitors.server.ts";

export interface SurveyState {
  studyName: string;
  pageKey: string;
  page: SurveyPageView;
  progress: { done: number; total: number };
  /** saved answers of an earlier page shown read-only */
  values?: Record<string, string>;
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
  const def = await surveyDefinitionFor(respondent.study);
  if (!def) throw new Error("study vanished");
  const response = await responseOf(respondent);
  const overQuota = {
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
      studyName: def.name,
      pageKey: "start",
      page: pageView(def, "start", { conceptOrder: [], designVersion: 0 }, keys.length)!,
      progress: { done: 0, total: keys.length },
    };
  }
  if (response.status === "completed")
    return {
      studyName: def.name,
      pageKey: "done",
      page: { kind: "done" },
      progress: { done: response.pagesTotal, total: response.pagesTotal },
    };
  if (response.status === "over_quota") return overQuota;
  if (response.status === "screened_out")
    return {
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
  const competitor = isCompetitorPage(response.currentPage)
    ? await competitorContext(response.id, respondent.segmentId)
    : undefined;
  const page = pageView(def, response.currentPage, {
    conceptOrder,
    designVersion: response.designVersion,
    price,
    competitor,
  });
  const index = keys.indexOf(response.currentPage);
  if (!page || index < 0) throw new Error(`response ${response.id} is on unknown page ${response.currentPage}`);
  return { studyName: def.name, pageKey: response.currentPage, page, progress: { done: index, total: keys.length } };
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
  };
  try {
    const segmentId = respondent.segmentId;
    if (!segmentId) {
      // the screener decides the segment (and checks its quota)
      await db.$transaction([
        db.response.create({ data }),
        db.respondent.updateMany({
          where: { id: respondent.id, status: "invited" },
          data: { status: "started", designVersion },
        }),
      ]);
      return { created: true };
    }
    return await db.$transaction(async (tx) => {
      const admitted = await admitInto(tx, segmentId);
      await tx.response.create({
        data: admitted
          ? data
          : { ...data, status: "over_quota", currentPage: "over_quota", pagesTotal: 0, completedAt: new Date() },
      });
      await tx.respondent.updateMany({
        where: { id: respondent.id, status: "invited" },
        data: { status: admitted ? "started" : "over_quota", designVersion },
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

const rating = (what: string) =>
  z.coerce
    .number({ invalid_type_error: `Choose an answer for “${what}”.` })
    .int()
    .min(1, `Choose an answer for “${what}”.`)
    .max(5, `Choose an answer for “${what}”.`);

const conceptSchema = z.object(
  Object.fromEntries(
    CONCEPT_QUESTIONS.map((q) => [q.name, z.preprocess((v) => (v === "" ? undefined : v), rating(q.question))]),
  ) as Record<string, z.ZodTypeAny>,
);

const money = (label: string, min: number, max: number) =>
  z.preprocess(
    (v) =>
      typeof v === "string"
        ? v
            .trim()
            .replace(/[\s,]/g, "")
            .replace(/^[^\d.-]+/, "")
        : v,
    z
      .string()
      .min(1, `Enter a price for “${label}”.`)
      .regex(/^\d+(\.\d+)?$/, `Enter a number for “${label}”, like 25 or 19.99.`)
      .transform(Number)
      .refine((n) => n >= min && n <= max, `Enter a price between ${min} and ${max} for “${label}”.`),
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
  if (response?.status !== "started" || posted !== response.currentPage) return { kind: "replay" };

  const keys = pageKeys(def, {
    screener: await includesScreener(def, respondent, response.id),
    designVersion: response.designVersion,
  });
  const index = keys.indexOf(posted);
  if (index < 0) return { kind: "replay" };
  const next = nextPage(keys, posted);
  const values = formValues(formData);
  const { kind, n } = parsePageKey(posted);
  const writes: Prisma.PrismaPromise<unknown>[] = [
    db.pageSubmission.create({ data: { responseId: response.id, page: posted, shownAt: response.pageShownAt } }),
  ];
  let finalStatus: "completed" | "screened_out" | null = next === "done" ? "completed" : null;

  if (kind === "screener") {
    const option = def.screener?.options.find((o) => o.id === values.option);
    if (!option) return { kind: "invalid", errors: { option: "Choose the answer that fits you best." }, values };
    if (option.segmentId === null) finalStatus = "screened_out";
    else
      return screenIntoSegment(respondent.id, response, { posted, next, index, total: keys.length }, option.segmentId);
  } else if (kind === "concept") {
    const conceptId = (JSON.parse(response.conceptOrder) as string[])[n - 1];
    const parsed = conceptSchema.safeParse(values);
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
    if (!shown.includes(values.best ?? "")) errors.best = "Choose the item that is most important to you.";
    if (!shown.includes(values.worst ?? "")) errors.worst = "Choose the item that is least important to you.";
    if (!errors.best && !errors.worst && values.best === values.worst) {
      errors.worst = "You chose the same item as most and least important. Choose a different item for one of them.";
    }
    const anchor = def.anchorQuestion ? (isAnchorAnswer(values.anchor) ? values.anchor : null) : null;
    if (def.anchorQuestion && !anchor)
      errors.anchor = "Say whether all, some or none of these features are valuable to you.";
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
  } else if (kind === "price") {
    const { minPrice, maxPrice } = def.pricing;
    const schema = z.object(
      Object.fromEntries(PRICE_QUESTIONS.map((q) => [q.name, money(q.label, minPrice, maxPrice)])) as Record<
        string,
        z.ZodTypeAny
      >,
    );
    const parsed = schema.safeParse(values);
    if (!parsed.success) return { kind: "invalid", errors: fieldErrors(parsed.error), values };
    const p = parsed.data as { tooCheap: number; cheap: number; expensive: number; tooExpensive: number };
    const disorder = priceDisorder(p);
    if (disorder && values.confirmOrder !== "yes") {
      return { kind: "invalid", errors: { order: disorder.message, orderFields: disorder.fields.join(",") }, values };
    }
    writes.push(db.priceAnswer.create({ data: { responseId: response.id, ...p } }));
  } else if (kind === "nms") {
    const schema = z.object({ piCheap: rating("at the bargain price"), piExpensive: rating("at the expensive price") });
    const parsed = schema.safeParse({
      piCheap: values.piCheap || undefined,
      piExpensive: values.piExpensive || undefined,
    });
    if (!parsed.success) return { kind: "invalid", errors: fieldErrors(parsed.error), values };
    writes.push(db.priceAnswer.update({ where: { responseId: response.id }, data: parsed.data }));
  } else if (isCompetitorPage(kind)) {
    const r = await competitorSubmit(def, kind, response.id, respondent.segmentId, values);
    if (!r.ok) return { kind: "invalid", errors: r.errors, values };
    writes.push(...r.writes);
  } else {
    return { kind: "replay" };
  }

  const now = new Date();
  writes.push(
    db.response.updateMany({
      where: { id: response.id, currentPage: posted, status: "started" },
      data:
        finalStatus === null
          ? { currentPage: next, pagesDone: index + 1, pagesTotal: keys.length, pageShownAt: null }
          : {
              currentPage: finalStatus === "completed" ? "done" : "screened_out",
              status: finalStatus,
              pagesDone: keys.length,
              pagesTotal: keys.length,
              completedAt: now,
            },
    }),
  );
  if (finalStatus) {
    writes.push(db.respondent.update({ where: { id: respondent.id }, data: { status: finalStatus } }));
    if (finalStatus === "completed")
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
        where: { id: response.id, currentPage: at.posted, status: "started" },
        data: admitted
          ? { currentPage: at.next, pagesDone: at.index + 1, pagesTotal: at.total, pageShownAt: null }
          : {
              currentPage: "over_quota",
              status: "over_quota",
              pagesDone: at.index + 1,
              pagesTotal: at.index + 1,
              completedAt: new Date(),
            },
      });
      if (count !== 1) throw new StaleSubmit();
      await tx.respondent.update({
        where: { id: respondentId },
        data: admitted ? { segmentId } : { segmentId, status: "over_quota" },
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
export function priceDisorder(p: Record<string, number>): { message: string; fields: string[] } | null {
  const fields = new Set<string>();
  const pairs: string[] = [];
  for (let i = 0; i + 1 < PRICE_QUESTIONS.length; i++) {
    const a = PRICE_QUESTIONS[i];
    const b = PRICE_QUESTIONS[i + 1];
    if (p[a.name] < p[b.name]) continue;
    fields.add(a.name);
    fields.add(b.name);
    pairs.push(`“${a.label}” (${p[a.name]}) is not lower than “${b.label}” (${p[b.name]})`);
  }
  if (!pairs.length) return null;
  return {
    fields: PRICE_QUESTIONS.map((q) => q.name).filter((n) => fields.has(n)),
    message:
      "Usually the prices go up from “too cheap” to “a bargain” to “getting expensive” to “too expensive”, " +
      `but here ${pairs.join(", and ")}. Please check ${fields.size > 2 ? "these prices" : "these two prices"}. ` +
      "If they are what you mean, tick the box below and continue.",
  };
}

/** Records when the current page was first shown (one write per page; later views change nothing). */
export async function markPageShown(respondent: LinkedRespondent, pageKey: string) {
  const response = await responseOf(respondent);
  if (response?.status !== "started" || response.currentPage !== pageKey || response.pageShownAt) return;
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
  const def = await surveyDefinitionFor(respondent.study);
  if (!def) return null;
  const keys = pageKeys(def, {
    screener: await includesScreener(def, respondent, response.id),
    designVersion: response.designVersion,
  });
  const { kind, n } = parsePageKey(key);
  const values: Record<string, string> = {};
  const str = (v: number | null | undefined) => (v === null || v === undefined ? undefined : String(v));
  let price: { cheap: number; expensive: number } | null = null;
  if (kind === "concept") {
    const r = await db.conceptRating.findFirst({ where: { responseId: response.id, position: n } });
    if (r) for (const q of CONCEPT_QUESTIONS) values[q.name] = String(r[q.name]);
  } else if (kind === "maxdiff") {
    const a = await db.maxDiffAnswer.findFirst({ where: { responseId: response.id, task: n } });
    if (a) Object.assign(values, { best: a.bestItemId, worst: a.worstItemId }, a.anchor ? { anchor: a.anchor } : {});
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
  const page = pageView(def, key, { conceptOrder, designVersion: response.designVersion, price, competitor });
  const index = keys.indexOf(key);
  if (!page || index < 0) return null;
  return { studyName: def.name, pageKey: key, page, progress: { done: index, total: keys.length }, values };
}
