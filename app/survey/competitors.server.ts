/**
 * The survey's competitors block (issue 20): after the MaxDiff pages, "alternative" asks which
 * of the alternatives offered in the respondent's segment they use or considered (or none) and
 * what they pay for it (optional); "performance" rates our product (as described) and their
 * alternative on each value driver, 0–10 or "don't know". Saved with the page's transaction
 * (app/survey/save.server.ts), one CompetitorAnswer and one PerformanceRating per product × driver.
 */
import { z } from "zod";
import { db, type Prisma } from "../db.server.ts";
import { fieldErrors } from "../forms.ts";
import { t } from "../i18n/index.ts";
import { type CompetitorPageView, DONT_KNOW, NO_ALTERNATIVE, ratingField } from "./competitorTypes.ts";

export interface CompetitorBlock {
  ourName: string;
  drivers: Array<{ id: string; label: string; description: string }>;
  alternatives: Array<{ id: string; name: string; segmentIds: string[] }>;
}

export const COMPETITOR_PAGES = ["alternative", "performance"] as const;

export function isCompetitorPage(kind: string): boolean {
  return (COMPETITOR_PAGES as readonly string[]).includes(kind);
}

function jsonList(text: string): string[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/** The study's competitors block, or null when it has none (no setup, no driver or no alternative). */
export async function loadCompetitorBlock(studyId: string): Promise<CompetitorBlock | null> {
  const [setup, alternatives, items] = await Promise.all([
    db.competitorSetup.findUnique({ where: { studyId } }),
    db.competitor.findMany({ where: { studyId }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }] }),
    db.maxDiffItem.findMany({ where: { studyId }, select: { id: true, label: true, description: true } }),
  ]);
  if (!setup) return null;
  const byId = new Map(items.map((i) => [i.id, i]));
  const drivers = jsonList(setup.driverIds)
    .map((id) => byId.get(id))
    .filter((x): x is NonNullable<typeof x> => !!x);
  if (drivers.length === 0 || alternatives.length === 0) return null;
  return {
    ourName: setup.ourName,
    drivers,
    alternatives: alternatives.map((a) => ({ id: a.id, name: a.name, segmentIds: jsonList(a.segmentIds) })),
  };
}

/** The alternatives offered to a respondent of this segment (all when the segment is unknown). */
export function alternativesFor(block: CompetitorBlock, segmentId: string | null) {
  return block.alternatives.filter(
    (a) => a.segmentIds.length === 0 || segmentId === null || a.segmentIds.includes(segmentId),
  );
}

export interface CompetitorContext {
  segmentId: string | null;
  /** The chosen alternative's id; null = none of these; undefined = not answered yet (preview: a sample). */
  alternativeId?: string | null;
}

export function competitorPageView(
  def: { competitors?: CompetitorBlock | null; currency: string; productDescription: string },
  kind: string,
  ctx: CompetitorContext | undefined,
): CompetitorPageView | null {
  const block = def.competitors;
  if (!block) return null;
  const offered = alternativesFor(block, ctx?.segmentId ?? null);
  if (kind === "alternative")
    return {
      kind: "alternative",
      ourName: block.ourName,
      currency: def.currency,
      options: offered.map(({ id, name }) => ({ id, name })),
    };
  if (kind === "performance") {
    const chosen =
      ctx?.alternativeId === undefined
        ? (offered[0] ?? null)
        : ctx.alternativeId === null
          ? null
          : (block.alternatives.find((a) => a.id === ctx.alternativeId) ?? null);
    return {
      kind: "performance",
      ourName: block.ourName,
      productDescription: def.productDescription,
      alternative: chosen ? { id: chosen.id, name: chosen.name } : null,
      drivers: block.drivers,
    };
  }
  return null;
}

/** The respondent's context for a competitors page: their segment and chosen alternative. */
export async function competitorContext(responseId: string, segmentId: string | null): Promise<CompetitorContext> {
  const a = await db.competitorAnswer.findUnique({ where: { responseId }, select: { competitorId: true } });
  return { segmentId, alternativeId: a ? a.competitorId : null };
}

const pricePaid = (language: string) =>
  z.preprocess(
    // a currency sign or code before the number is fine ("€ 30", "USD 30"); words are not
    (v) => (typeof v === "string" ? v.replace(/[\s,]/g, "").replace(/^(?:[A-Z]{3}|[$€£¥₹])/, "") : v),
    z
      .string()
      .regex(/^(\d+(\.\d+)?)?$/, t(language, "competitors.errorPriceNumber"))
      .transform((s) => (s === "" ? null : Number(s)))
      .refine(
        (n) => n === null || n <= 10_000_000,
        t(language, "competitors.errorPriceMax", { max: (10_000_000).toLocaleString(language) }),
      ),
  );

const ratingValue = (label: string, language: string) => {
  const message = t(language, "competitors.errorRating", { label });
  return z
    .string({ required_error: message })
    .refine((v) => v === DONT_KNOW || /^(10|[0-9])$/.test(v), message)
    .transform((v) => (v === DONT_KNOW ? null : Number(v)));
};

export type CompetitorSubmit =
  | { ok: true; writes: Prisma.PrismaPromise<unknown>[] }
  | { ok: false; errors: Record<string, string> };

/** Validates a competitors page and returns its writes (to run in the page's transaction). */
export async function competitorSubmit(
  def: { competitors?: CompetitorBlock | null },
  kind: string,
  responseId: string,
  segmentId: string | null,
  values: Record<string, string>,
  /** the respondent's language, for the error messages (`def` then holds that language's names) */
  language = "en",
): Promise<CompetitorSubmit> {
  const block = def.competitors;
  if (!block) return { ok: false, errors: { form: t(language, "competitors.errorUnavailable") } };
  if (kind === "alternative") {
    const offered = alternativesFor(block, segmentId);
    const choice = values.alternative ?? "";
    const errors: Record<string, string> = {};
    if (choice !== NO_ALTERNATIVE && !offered.some((a) => a.id === choice))
      errors.alternative = t(language, "competitors.errorAlternative");
    const price = pricePaid(language).safeParse(values.pricePaid ?? "");
    if (!price.success) errors.pricePaid = fieldErrors(price.error).form;
    if (Object.keys(errors).length) return { ok: false, errors };
    const competitorId = choice === NO_ALTERNATIVE ? null : choice;
    return {
      ok: true,
      writes: [
        db.competitorAnswer.create({
          data: { responseId, competitorId, pricePaid: competitorId ? (price.data as number | null) : null },
        }),
      ],
    };
  }
  const ctx = await competitorContext(responseId, segmentId);
  const page = competitorPageView({ ...def, currency: "", productDescription: "" }, "performance", ctx);
  if (page?.kind !== "performance") return { ok: false, errors: { form: t(language, "competitors.errorUnavailable") } };
  const fields: Array<{ name: string; product: string; driverId: string; label: string }> = page.drivers.flatMap(
    (d) => [
      { name: ratingField("ours", d.id), product: "ours", driverId: d.id, label: `${page.ourName}: ${d.label}` },
      ...(page.alternative
        ? [
            {
              name: ratingField("alt", d.id),
              product: page.alternative.id,
              driverId: d.id,
              label: `${page.alternative.name}: ${d.label}`,
            },
          ]
        : []),
    ],
  );
  const schema = z.object(Object.fromEntries(fields.map((f) => [f.name, ratingValue(f.label, language)])));
  const parsed = schema.safeParse(Object.fromEntries(fields.map((f) => [f.name, values[f.name] || undefined])));
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const data = parsed.data as Record<string, number | null>;
  return {
    ok: true,
    writes: [
      db.performanceRating.createMany({
        data: fields.map((f) => ({ responseId, product: f.product, driverId: f.driverId, rating: data[f.name] })),
      }),
    ],
  };
}

/** Saved answers of a competitors page (Back shows them read-only). */
export async function competitorSavedValues(responseId: string, kind: string): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  if (kind === "alternative") {
    const a = await db.competitorAnswer.findUnique({ where: { responseId } });
    if (a) {
      values.alternative = a.competitorId ?? NO_ALTERNATIVE;
      if (a.pricePaid !== null) values.pricePaid = String(a.pricePaid);
    }
  } else if (kind === "performance") {
    const rows = await db.performanceRating.findMany({ where: { responseId } });
    for (const r of rows)
      values[ratingField(r.product === "ours" ? "ours" : "alt", r.driverId)] =
        r.rating === null ? DONT_KNOW : String(r.rating);
  }
  return values;
}
