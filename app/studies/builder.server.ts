/**
 * The study builder's rules: zod schemas for every builder form and the writes behind them.
 * Routes parse with these schemas, call these functions and render; locking after launch
 * is checked here (lock.server.ts), never only in the UI.
 */
import { competitorChoices } from "./competitors.server.ts";
import { MAX_ANCHOR_QUESTION_LENGTH } from "./maxdiffAnchor.ts";
import { data } from "@remix-run/node";
import { z } from "zod";
import { validateRule } from "../../research/hypotheses/validateRule.ts";
import { CONCEPT_METRICS, type Criterion, type DecisionRule } from "../../research/studyExport.ts";
import { db, isUniqueViolation } from "../db.server.ts";
import type { FieldErrors } from "../forms.ts";
import { DESIGN_LIMITS, storeDesign } from "./design.server.ts";
import { assertUnlocked, LockedError, studyStatus } from "./lock.server.ts";
import { CONFIDENCE_LEVELS, MAX_CRITERIA } from "./rules.ts";
import { StudyStatus } from "../domain/status.ts";

export type Outcome = { ok: true; id?: string } | { ok: false; errors: FieldErrors; status?: number };

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const text = (label: string, max: number) =>
  z
    .string({ required_error: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .max(max, `Keep ${label} under ${max} characters.`);
const optionalText = (label: string, max: number) =>
  z.string().trim().max(max, `Keep ${label} under ${max} characters.`).default("");
const wholeNumber = (label: string, min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({
        required_error: `Enter ${label}.`,
        invalid_type_error: `${label[0].toUpperCase()}${label.slice(1)} must be a number.`,
      })
      .int(`${label[0].toUpperCase()}${label.slice(1)} must be a whole number.`)
      .min(min, `${label[0].toUpperCase()}${label.slice(1)} must be at least ${min}.`)
      .max(max, `${label[0].toUpperCase()}${label.slice(1)} must be at most ${max}.`),
  );
const money = (label: string) =>
  z.coerce
    .number({ invalid_type_error: `${label} must be a number.` })
    .finite(`${label} must be a number.`)
    .nonnegative(`${label} cannot be negative.`)
    .max(1e9, `${label} is too large.`);

export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "Use a three-letter currency code such as USD or EUR.");

export const studySchema = z.object({
  name: text("a study name", 200),
  currency: currencySchema,
  productDescription: optionalText("the product description", 2000),
});

export const segmentSchema = z.object({
  key: z
    .string()
    .trim()
    .min(1, "Enter a key such as real_estate.")
    .max(40, "Keep the key under 40 characters.")
    .regex(/^[a-z][a-z0-9_]*$/, "Use lowercase letters, digits and _ only, starting with a letter (e.g. real_estate)."),
  name: text("a segment name", 100),
  description: optionalText("the description", 500),
  targetN: wholeNumber("the target number of respondents", 1, 100_000),
  /** Blank = no quota (app/survey/quota.server.ts has the rule). */
  quota: z
    .preprocess(blankToUndefined, wholeNumber("the quota", 1, 100_000).optional())
    .transform((v) => (v === undefined ? null : (v as number))),
});

export const itemSchema = z.object({
  label: text("a short label", 80),
  description: optionalText("the description", 300),
});

/** Bounded to what research needs (DESIGN_LIMITS), so generating a design takes seconds, not minutes. */
export const maxDiffSettingsSchema = z.object({
  itemsPerTask: wholeNumber("items per task", 2, DESIGN_LIMITS.itemsPerTask),
  tasksPerRespondent: wholeNumber("tasks per respondent", 1, DESIGN_LIMITS.tasksPerRespondent),
  versions: wholeNumber("versions", 1, DESIGN_LIMITS.versions),
});

/** Anchored (dual-response) MaxDiff: on/off and the follow-up question's wording ("" = default). */
export const maxDiffAnchorSchema = z.object({
  anchored: z.preprocess((v) => v === "on" || v === "true" || v === "1", z.boolean()),
  anchorQuestion: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : ""),
    z.string().max(MAX_ANCHOR_QUESTION_LENGTH, `Keep the question under ${MAX_ANCHOR_QUESTION_LENGTH} characters.`),
  ),
});

export const pricingSchema = z
  .object({
    currency: currencySchema,
    productDescription: text("the product description", 2000),
    nmsEnabled: z.preprocess((v) => v === "on" || v === "true" || v === "1", z.boolean()),
    minPrice: z.preprocess(blankToUndefined, money("The lowest price").default(0)),
    maxPrice: z.preprocess(blankToUndefined, money("The highest price")),
  })
  .refine((p) => p.maxPrice > p.minPrice, {
    path: ["maxPrice"],
    message: "The highest price must be above the lowest price.",
  });

export const hypothesisSchema = z.object({
  problem: text("the customer problem", 1000),
  statement: text("the hypothesis statement", 1000),
  targetPrice: z.preprocess(blankToUndefined, money("The target price").optional()),
});

/** Only http(s) image links: javascript:, data: and the rest are refused. */
export const imageUrlSchema = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .max(2000, "Keep the link under 2,000 characters.")
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === "https:" || u.protocol === "http:") && !!u.hostname;
      } catch {
        return false;
      }
    }, "Use an https:// or http:// image link.")
    .optional(),
);

export const conceptSchema = z.object({
  name: text("a concept name", 80),
  body: text("the concept text", 3000),
  imageUrl: imageUrlSchema,
});

function locked(e: unknown): Outcome | null {
  if (e instanceof LockedError) return { ok: false, errors: { form: e.message }, status: 409 };
  return null;
}

async function guard(fn: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await fn();
  } catch (e) {
    const l = locked(e);
    if (l) return l;
    throw e;
  }
}

// ---------- study ----------

export async function createStudy(ownerId: string, data: z.infer<typeof studySchema>) {
  const study = await db.study.create({
    data: {
      ownerId,
      name: data.name,
      currency: data.currency,
      productDescription: data.productDescription,
      maxDiffSettings: { create: {} },
    },
  });
  return study.id;
}

export function updateStudy(studyId: string, data: z.infer<typeof studySchema>): Promise<Outcome> {
  return guard(async (): Promise<Outcome> => {
    const current = await db.study.findUniqueOrThrow({
      where: { id: studyId },
      select: { status: true, currency: true, productDescription: true },
    });
    if (
      current.status !== StudyStatus.draft &&
      (current.currency !== data.currency || current.productDescription !== data.productDescription)
    ) {
      throw new LockedError("study-details", current.status);
    }
    await db.study.update({
      where: { id: studyId },
      data: { name: data.name, currency: data.currency, productDescription: data.productDescription },
    });
    return { ok: true };
  });
}

// ---------- segments ----------

export function saveSegment(
  studyId: string,
  segmentId: string | null,
  data: z.infer<typeof segmentSchema>,
): Promise<Outcome> {
  return guard(async (): Promise<Outcome> => {
    const status = await studyStatus(studyId);
    try {
      if (segmentId) {
        const seg = await db.segment.findFirst({ where: { id: segmentId, studyId } });
        if (!seg) return { ok: false, errors: { form: "That segment no longer exists." }, status: 404 };
        if (seg.key !== data.key && status !== StudyStatus.draft) throw new LockedError("segment-key", status);
        await db.segment.update({ where: { id: seg.id }, data });
        return { ok: true, id: seg.id };
      }
      const count = await db.segment.count({ where: { studyId } });
      const seg = await db.segment.create({ data: { ...data, studyId, sortOrder: count } });
      return { ok: true, id: seg.id };
    } catch (e) {
      if (isUniqueViolation(e))
        return { ok: false, errors: { key: `Another segment already uses the key "${data.key}".` } };
      throw e;
    }
  });
}

export function removeSegment(studyId: string, segmentId: string): Promise<Outcome> {
  return guard(async (): Promise<Outcome> => {
    await assertUnlocked(studyId, "segment-remove");
    await db.segment.deleteMany({ where: { id: segmentId, studyId } });
    return { ok: true };
  });
}

// ---------- MaxDiff ----------

export function saveItem(studyId: string, itemId: string | null, data: z.infer<typeof itemSchema>): Promise<Outcome> {
  return guard(async (): Promise<Outcome> => {
    await assertUnlocked(studyId, "item");
    try {
      if (itemId) {
        const n = await db.maxDiffItem.updateMany({ where: { id: itemId, studyId }, data });
        if (n.count === 0) return { ok: false, errors: { form: "That item no longer exists." }, status: 404 };
        return { ok: true, id: itemId };
      }
      const count = await db.maxDiffItem.count({ where: { studyId } });
      if (count >= DESIGN_LIMITS.items)
        return { ok: false, errors: { form: `A study can have at most ${DESIGN_LIMITS.items} MaxDiff items.` } };
      const item = await db.maxDiffItem.create({ data: { ...data, studyId, sortOrder: count } });
      await storeDesign(studyId);
      return { ok: true, id: item.id };
    } catch (e) {
      if (isUniqueViolation(e))
        return { ok: false, errors: { label: `Another item is already labelled "${data.label}".` } };
      throw e;
    }
  });
}

export function removeItem(studyId: string, itemId: string): Promise<Outcome> {
  return guard(async (): Promise<Outcome> => {
    await assertUnlocked(studyId, "item");
    await db.maxDiffItem.deleteMany({ where: { id: itemId, studyId } });
    await storeDesign(studyId);
    return { ok: true };
  });
}

export function saveMaxDiffSettings(studyId: string, data: z.infer<typeof maxDiffSettingsSchema>): Promise<Outcome> {
  return guard(async (): Promise<Outcome> => {
    await assertUnlocked(studyId, "maxdiff-settings");
    const items = await db.maxDiffItem.count({ where: { studyId } });
    if (items > 0 && data.itemsPerTask > items)
      return { ok: false, errors: { itemsPerTask: `Items per task cannot exceed the number of items (${items}).` } };
    await db.maxDiffSettings.upsert({ where: { studyId }, create: { studyId, ...data }, update: data });
    await storeDesign(studyId);
    return { ok: true };
  });
}

export function saveMaxDiffAnchor(studyId: string, data: z.infer<typeof maxDiffAnchorSchema>): Promise<Outcome> {
  return guard(async (): Promise<Outcome> => {
    await assertUnlocked(studyId, "maxdiff-anchor");
    await db.study.update({
      where: { id: studyId },
      data: { maxDiffAnchored: data.anchored, maxDiffAnchorQuestion: data.anchorQuestion },
    });
    return { ok: true };
  });
}

// ---------- pricing ----------

export function savePricing(studyId: string, data: z.infer<typeof pricingSchema>): Promise<Outcome> {
  return guard(async (): Promise<Outcome> => {
    await assertUnlocked(studyId, "pricing");
    const settings = { nmsEnabled: data.nmsEnabled, minPrice: data.minPrice, maxPrice: data.maxPrice };
    await db.$transaction([
      db.study.update({
        where: { id: studyId },
        data: { currency: data.currency, productDescription: data.productDescription },
      }),
      db.pricingSettings.upsert({ where: { studyId }, create: { studyId, ...settings }, update: settings }),
    ]);
    return { ok: true };
  });
}

// ---------- hypotheses and concepts ----------

async function checkLinks(studyId: string, segmentIds: string[], itemIds: string[]) {
  const [segments, items] = await Promise.all([
    db.segment.findMany({ where: { studyId, id: { in: segmentIds } }, select: { id: true } }),
    db.maxDiffItem.findMany({ where: { studyId, id: { in: itemIds } }, select: { id: true } }),
  ]);
  const errors: FieldErrors = {};
  if (segments.length !== new Set(segmentIds).size) errors.segments = "Pick segments of this study.";
  if (items.length !== new Set(itemIds).size) errors.items = "Pick MaxDiff items of this study.";
  return errors;
}

export function saveHypothesis(
  studyId: string,
  hypothesisId: string | null,
  data: z.infer<typeof hypothesisSchema>,
  segmentIds: string[],
  itemIds: string[],
): Promise<Outcome> {
  return guard(async (): Promise<Outcome> => {
    await assertUnlocked(studyId, "hypothesis");
    const errors = await checkLinks(studyId, segmentIds, itemIds);
    if (Object.keys(errors).length) return { ok: false, errors };
    const fields = { problem: data.problem, statement: data.statement, targetPrice: data.targetPrice ?? null };
    const segments = [...new Set(segmentIds)].map((segmentId) => ({ segmentId }));
    const items = [...new Set(itemIds)].map((itemId) => ({ itemId }));
    if (hypothesisId) {
      const h = await db.hypothesis.findFirst({ where: { id: hypothesisId, studyId }, select: { id: true } });
      if (!h) return { ok: false, errors: { form: "That hypothesis no longer exists." }, status: 404 };
      await db.$transaction([
        db.hypothesisSegment.deleteMany({ where: { hypothesisId } }),
        db.hypothesisItem.deleteMany({ where: { hypothesisId } }),
        db.hypothesis.update({
          where: { id: hypothesisId },
          data: { ...fields, segments: { create: segments }, items: { create: items } },
        }),
      ]);
      return { ok: true, id: hypothesisId };
    }
    const count = await db.hypothesis.count({ where: { studyId } });
    const h = await db.hypothesis.create({
      data: { ...fields, studyId, sortOrder: count, segments: { create: segments }, items: { create: items } },
    });
    return { ok: true, id: h.id };
  });
}

export function removeHypothesis(studyId: string, hypothesisId: string): Promise<Outcome> {
  return guard(async (): Promise<Outcome> => {
    await assertUnlocked(studyId, "hypothesis");
    await db.hypothesis.deleteMany({ where: { id: hypothesisId, studyId } });
    return { ok: true };
  });
}

export function saveConcept(
  studyId: string,
  hypothesisId: string,
  conceptId: string | null,
  data: z.infer<typeof conceptSchema>,
): Promise<Outcome> {
  return guard(async (): Promise<Outcome> => {
    await assertUnlocked(studyId, "concept");
    const fields = { name: data.name, body: data.body, imageUrl: data.imageUrl ?? null };
    try {
      if (conceptId) {
        const n = await db.concept.updateMany({ where: { id: conceptId, studyId, hypothesisId }, data: fields });
        if (n.count === 0) return { ok: false, errors: { form: "That concept no longer exists." }, status: 404 };
        return { ok: true, id: conceptId };
      }
      const h = await db.hypothesis.findFirst({ where: { id: hypothesisId, studyId }, select: { id: true } });
      if (!h) return { ok: false, errors: { form: "That hypothesis no longer exists." }, status: 404 };
      const count = await db.concept.count({ where: { studyId } });
      const c = await db.concept.create({ data: { ...fields, studyId, hypothesisId, sortOrder: count } });
      return { ok: true, id: c.id };
    } catch (e) {
      if (isUniqueViolation(e))
        return { ok: false, errors: { name: `Another concept is already called "${data.name}".` } };
      throw e;
    }
  });
}

export function removeConcept(studyId: string, conceptId: string): Promise<Outcome> {
  return guard(async (): Promise<Outcome> => {
    await assertUnlocked(studyId, "concept");
    await db.concept.deleteMany({ where: { id: conceptId, studyId } });
    return { ok: true };
  });
}

// ---------- decision rules ----------

export { CONFIDENCE_LEVELS, MAX_CRITERIA } from "./rules.ts";

const percent = (label: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({
        required_error: `Enter ${label}.`,
        invalid_type_error: `${label[0].toUpperCase()}${label.slice(1)} must be a number.`,
      })
      .min(0, "Use a percentage from 0 to 100.")
      .max(100, "Use a percentage from 0 to 100."),
  );

const criterionRowSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("concept"),
    segment: z.string().min(1, "Pick a segment."),
    metric: z.enum(CONCEPT_METRICS),
    threshold: percent("a threshold"),
    concept: z.string().optional(),
  }),
  z.object({
    kind: z.literal("valueDriver"),
    segment: z.string().min(1, "Pick a segment."),
    topK: wholeNumber("k", 1, 100),
    items: z.array(z.string()),
  }),
  z.object({
    kind: z.literal("price"),
    segment: z.string().min(1, "Pick a segment."),
    test: z.enum(["inAcceptableRange", "notTooExpensive"], { errorMap: () => ({ message: "Pick a price test." }) }),
    price: z.preprocess(blankToUndefined, money("The price").optional()),
    share: z.preprocess(blankToUndefined, percent("a share").optional()),
  }),
  z.object({
    kind: z.literal("lead"),
    segment: z.string().min(1, "Pick a segment."),
    competitor: z.string().min(1, "Pick a competitor."),
    driver: z.string().min(1, "Pick a value driver."),
    margin: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ invalid_type_error: "The margin must be a number." })
        .min(0, "Use a margin from 0 to 10.")
        .max(10, "Use a margin from 0 to 10.")
        .optional(),
    ),
  }),
]);

/** The rule form's rows (c0.kind, c0.segment, …) → a DecisionRule, or errors keyed by form field. */
export function parseRuleForm(
  formData: FormData,
): { ok: true; rule: DecisionRule; rows: number[] } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const criteria: Criterion[] = [];
  const rows: number[] = [];
  const confidence = Number(formData.get("confidence"));
  if (!CONFIDENCE_LEVELS.includes(confidence as (typeof CONFIDENCE_LEVELS)[number]))
    errors.confidence = "Pick a confidence level.";
  for (let i = 0; i < MAX_CRITERIA; i++) {
    const get = (f: string) => {
      const v = formData.get(`c${i}.${f}`);
      return typeof v === "string" ? v : undefined;
    };
    const kind = get("kind");
    if (!kind) continue;
    const raw = {
      kind,
      segment: get("segment") ?? "",
      metric: get("metric") ?? "purchase_intent",
      threshold: get("threshold"),
      concept: get("concept") || undefined,
      topK: get("topK"),
      items: formData.getAll(`c${i}.items`).filter((x): x is string => typeof x === "string" && x !== ""),
      test: get("test"),
      price: get("price"),
      share: get("share"),
      competitor: get("competitor") ?? "",
      driver: get("driver") ?? "",
      margin: get("margin"),
    };
    const parsed = criterionRowSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = `c${i}.${issue.path[0] ?? "kind"}`;
        if (!(key in errors)) errors[key] = issue.path[0] === "kind" ? "Pick a kind of criterion." : issue.message;
      }
      continue;
    }
    const c = parsed.data;
    rows.push(i);
    if (c.kind === "concept")
      criteria.push({
        kind: "concept",
        segment: c.segment,
        metric: c.metric,
        threshold: c.threshold / 100,
        ...(c.concept ? { concept: c.concept } : {}),
      });
    else if (c.kind === "valueDriver")
      criteria.push({
        kind: "valueDriver",
        segment: c.segment,
        topK: c.topK,
        ...(c.items.length ? { items: c.items } : {}),
      });
    else if (c.kind === "lead")
      criteria.push({
        kind: "lead",
        segment: c.segment,
        competitor: c.competitor,
        driver: c.driver,
        ...(c.margin ? { margin: c.margin } : {}),
      });
    else {
      if (c.test === "notTooExpensive" && c.share === undefined) {
        errors[`c${i}.share`] = "Enter the share (%) that must not find the price too expensive.";
        continue;
      }
      criteria.push({
        kind: "price",
        segment: c.segment,
        test: c.test,
        ...(c.price !== undefined ? { price: c.price } : {}),
        ...(c.test === "notTooExpensive" && c.share !== undefined ? { threshold: c.share / 100 } : {}),
      });
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  if (criteria.length === 0)
    return { ok: false, errors: { form: "Add at least one criterion: pick its kind in the first row." } };
  return { ok: true, rule: { confidence, criteria }, rows };
}

/** Validates the rule against the study (research validateRule) and stores it. */
export function saveRule(studyId: string, hypothesisId: string, rule: DecisionRule, rows: number[]): Promise<Outcome> {
  return guard(async (): Promise<Outcome> => {
    const h = await db.hypothesis.findFirst({
      where: { id: hypothesisId, studyId },
      include: { items: { include: { item: true } }, concepts: true, study: { select: { status: true } } },
    });
    if (!h) return { ok: false, errors: { form: "That hypothesis no longer exists." }, status: 404 };
    if (h.ruleLockedAt || h.study.status !== StudyStatus.draft)
      throw new LockedError("rule", h.study.status === StudyStatus.draft ? StudyStatus.live : h.study.status);
    const [segments, items, concepts] = await Promise.all([
      db.segment.findMany({ where: { studyId }, select: { key: true } }),
      db.maxDiffItem.findMany({ where: { studyId }, select: { label: true } }),
      db.concept.findMany({ where: { studyId }, select: { name: true } }),
    ]);
    const choices = await competitorChoices(studyId);
    const v = validateRule(rule, {
      segments: segments.map((s) => s.key),
      items: items.map((i) => i.label),
      concepts: concepts.map((c) => c.name),
      competitors: choices.competitors,
      drivers: choices.drivers,
      hypothesis: {
        items: h.items.map((x) => x.item.label),
        concepts: h.concepts.map((c) => c.name),
        targetPrice: h.targetPrice,
      },
    });
    if (!v.ok) {
      const errors: FieldErrors = {};
      for (const issue of v.issues) {
        const m = /^criteria\[(\d+)\]\.(\w+)/.exec(issue.path);
        const field = m && m[2] === "threshold" && rule.criteria[Number(m[1])]?.kind === "price" ? "share" : m?.[2];
        const key = m ? `c${rows[Number(m[1])]}.${field}` : issue.path || "form";
        if (!(key in errors)) errors[key] = sentence(issue.message);
      }
      return { ok: false, errors };
    }
    await db.hypothesis.update({ where: { id: h.id }, data: { rule: JSON.stringify(v.rule) } });
    return { ok: true, id: h.id };
  });
}

function sentence(s: string): string {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** Every submitted value (lists for repeated names), to re-render a form after a validation error. */
export function formSnapshot(formData: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of formData.entries()) {
    if (typeof v !== "string") continue;
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * The parts every builder action needs: which form was posted (intent, row id) and a
 * `fail` that answers with its errors and everything typed, so nothing is lost.
 */
export function builderSubmission(formData: FormData) {
  const intent = String(formData.get("intent") ?? "");
  const rawId = formData.get("id");
  const id = typeof rawId === "string" && rawId ? rawId : null;
  const fail = (errors: Record<string, string>, status = 400) =>
    data({ intent, id, errors, values: formSnapshot(formData) }, { status });
  return { intent, id, fail };
}

/** The segments and MaxDiff items a hypothesis form offers, in builder order. */
export const hypothesisChoicesSelect = {
  segments: {
    orderBy: [{ sortOrder: "asc" as const }, { key: "asc" as const }],
    select: { id: true, key: true, name: true },
  },
  maxDiffItems: {
    orderBy: [{ sortOrder: "asc" as const }, { label: "asc" as const }],
    select: { id: true, label: true },
  },
};
