/**
 * The builder's competitors tab (issue 20): our product's name and price, the value drivers
 * respondents rate (the study's MaxDiff items, or a subset of up to 8) and the alternatives
 * (name, optional list price, optional segments), e.g. a rival, "build it ourselves /
 * spreadsheet" or "do nothing". Validated with zod (errors keyed by form field); locked at launch.
 */
import { z } from "zod";
import { db } from "../db.server.ts";
import { formValues } from "../forms.ts";
import { assertUnlocked, LockedError } from "./lock.server.ts";

export const MAX_DRIVERS = 8;
export const MAX_ALTERNATIVES = 8;
/** Blank alternative rows offered under the saved ones. */
export const BLANK_ROWS = 3;

export interface CompetitorSetupInput {
  ourName: string;
  ourPrice: number | null;
  driverIds: string[];
  alternatives: Array<{ name: string; listPrice: number | null; segmentIds: string[] }>;
}

export interface CompetitorsFormContext {
  itemIds: readonly string[];
  segmentIds: readonly string[];
}

const optionalPrice = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().replace(/[\s,]/g, "") : v),
  z
    .string()
    .regex(/^(\d+(\.\d+)?)?$/, "Enter a price like 49 or 19.99, or leave it empty.")
    .transform((s) => (s === "" ? null : Number(s)))
    .refine((n) => n === null || n <= 100_000_000, "Enter a price of at most 100,000,000."),
);

const nameField = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}.`)
    .max(80, "Use at most 80 characters.")
    .refine((s) => ![...s].some((ch) => ch.charCodeAt(0) < 32), "Remove control characters.");

/**
 * The form (ourName, ourPrice, drivers[], a<i>.name, a<i>.listPrice, a<i>.segments[]) → the setup,
 * or errors keyed by field ("drivers", "a2.name", "alternatives" for the list as a whole).
 */
export function parseCompetitorsForm(
  formData: FormData,
  ctx: CompetitorsFormContext,
): { ok: true; data: CompetitorSetupInput } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const put = (k: string, m: string) => {
    if (!(k in errors)) errors[k] = m;
  };
  const v = formValues(formData);
  const ourName = nameField("our product's name as respondents know it").safeParse(v.ourName ?? "");
  if (!ourName.success) put("ourName", ourName.error.issues[0].message);
  const ourPrice = optionalPrice.safeParse(v.ourPrice ?? "");
  if (!ourPrice.success) put("ourPrice", ourPrice.error.issues[0].message);

  let driverIds = formData.getAll("drivers").filter((x): x is string => typeof x === "string");
  if (driverIds.some((id) => !ctx.itemIds.includes(id))) put("drivers", "Choose among the study's MaxDiff items.");
  driverIds = ctx.itemIds.filter((id) => driverIds.includes(id));
  if (ctx.itemIds.length === 0) put("drivers", "Add MaxDiff items first: they are the value drivers rated here.");
  else if (driverIds.length === 0) {
    if (ctx.itemIds.length <= MAX_DRIVERS) driverIds = [...ctx.itemIds];
    else put("drivers", `Choose up to ${MAX_DRIVERS} value drivers (the study has ${ctx.itemIds.length} items).`);
  } else if (driverIds.length > MAX_DRIVERS)
    put("drivers", `Choose at most ${MAX_DRIVERS} value drivers (you chose ${driverIds.length}).`);

  const alternatives: CompetitorSetupInput["alternatives"] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < MAX_ALTERNATIVES + BLANK_ROWS; i++) {
    const raw = (v[`a${i}.name`] ?? "").trim();
    const price = (v[`a${i}.listPrice`] ?? "").trim();
    const segs = formData.getAll(`a${i}.segments`).filter((x): x is string => typeof x === "string");
    if (!raw && !price && segs.length === 0) continue;
    const name = nameField("the alternative's name").safeParse(raw);
    if (!name.success) {
      put(`a${i}.name`, name.error.issues[0].message);
      continue;
    }
    const key = name.data.toLowerCase();
    if (seen.has(key)) put(`a${i}.name`, `“${name.data}” is listed twice.`);
    else if (ourName.success && key === ourName.data.toLowerCase())
      put(`a${i}.name`, "This is our product's name: name the alternative differently.");
    seen.set(key, i);
    const lp = optionalPrice.safeParse(price);
    if (!lp.success) put(`a${i}.listPrice`, lp.error.issues[0].message);
    if (segs.some((s) => !ctx.segmentIds.includes(s))) put(`a${i}.segments`, "Choose among the study's segments.");
    alternatives.push({
      name: name.data,
      listPrice: lp.success ? lp.data : null,
      segmentIds: ctx.segmentIds.filter((s) => segs.includes(s)),
    });
  }
  if (alternatives.length === 0 && !Object.keys(errors).some((k) => k.startsWith("a")))
    put("alternatives", "List at least one alternative, e.g. a rival product, “Spreadsheet” or “Do nothing”.");
  if (alternatives.length > MAX_ALTERNATIVES) put("alternatives", `List at most ${MAX_ALTERNATIVES} alternatives.`);
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    data: {
      ourName: ourName.data as string,
      ourPrice: ourPrice.data as number | null,
      driverIds,
      alternatives,
    },
  };
}

/** The setup as the tab shows it (null = no competitors block yet). */
export async function loadCompetitorSetup(studyId: string) {
  const [setup, alternatives] = await Promise.all([
    db.competitorSetup.findUnique({ where: { studyId } }),
    db.competitor.findMany({ where: { studyId }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }] }),
  ]);
  if (!setup) return null;
  const list = (t: string) => {
    try {
      const x = JSON.parse(t) as unknown;
      return Array.isArray(x) ? x.filter((s): s is string => typeof s === "string") : [];
    } catch {
      return [];
    }
  };
  return {
    ourName: setup.ourName,
    ourPrice: setup.ourPrice,
    driverIds: list(setup.driverIds),
    alternatives: alternatives.map((a) => ({
      id: a.id,
      name: a.name,
      listPrice: a.listPrice,
      segmentIds: list(a.segmentIds),
    })),
  };
}

/** Competitor names and driver labels for lead criteria (empty without a competitors block). */
export async function competitorChoices(studyId: string): Promise<{ competitors: string[]; drivers: string[] }> {
  const setup = await loadCompetitorSetup(studyId);
  if (!setup) return { competitors: [], drivers: [] };
  const items = await db.maxDiffItem.findMany({ where: { studyId }, select: { id: true, label: true } });
  const label = new Map(items.map((i) => [i.id, i.label]));
  return {
    competitors: setup.alternatives.map((a) => a.name),
    drivers: setup.driverIds.flatMap((id) => (label.has(id) ? [label.get(id) as string] : [])),
  };
}

/** Saves the setup (draft only: LockedError after launch). */
export async function saveCompetitorSetup(studyId: string, input: CompetitorSetupInput): Promise<void> {
  await assertUnlocked(studyId, "competitors");
  await db.$transaction([
    db.competitorSetup.upsert({
      where: { studyId },
      create: { studyId, ourName: input.ourName, ourPrice: input.ourPrice, driverIds: JSON.stringify(input.driverIds) },
      update: { ourName: input.ourName, ourPrice: input.ourPrice, driverIds: JSON.stringify(input.driverIds) },
    }),
    db.competitor.deleteMany({ where: { studyId } }),
    db.competitor.createMany({
      data: input.alternatives.map((a, i) => ({
        studyId,
        name: a.name,
        listPrice: a.listPrice,
        segmentIds: JSON.stringify(a.segmentIds),
        sortOrder: i,
      })),
    }),
  ]);
}

/** Removes the competitors block from the survey (draft only). */
export async function removeCompetitorSetup(studyId: string): Promise<void> {
  await assertUnlocked(studyId, "competitors");
  await db.$transaction([
    db.competitor.deleteMany({ where: { studyId } }),
    db.competitorSetup.deleteMany({ where: { studyId } }),
  ]);
}

export { LockedError };
