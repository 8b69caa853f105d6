/**
 * The study builder's form schemas (zod), shared by the server (actions parse with them) and the
 * browser (forms render their limits). Not a .server module: nothing here touches the database.
 * Field names mirror what they parse, so a schema issue's path is the form field that shows it.
 */
import { z } from "zod";
import { CONCEPT_METRICS } from "../../research/studyExport.ts";
import { DESIGN_LIMITS } from "./designLimits.ts";
import { MAX_ANCHOR_QUESTION_LENGTH } from "./maxdiffAnchor.ts";
import { ggStartRuleSchema } from "../domain/status.ts";
import { ladderTextSchema } from "./gaborGrangerLadder.ts";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const text = (label: string, max: number) =>
  z
    .string({ required_error: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .max(max, `Keep ${label} under ${max} characters.`);
const optionalText = (label: string, max: number) =>
  z.string().trim().max(max, `Keep ${label} under ${max} characters.`).default("");
const capitalised = (label: string) => `${label[0].toUpperCase()}${label.slice(1)}`;
/** A typed number: "Enter the quota." when blank, "The quota must be a number." when not a number. */
const typedNumber = (label: string) =>
  z.coerce.number({ required_error: `Enter ${label}.`, invalid_type_error: `${capitalised(label)} must be a number.` });
const wholeNumber = (label: string, min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    typedNumber(label)
      .int(`${capitalised(label)} must be a whole number.`)
      .min(min, `${capitalised(label)} must be at least ${min}.`)
      .max(max, `${capitalised(label)} must be at most ${max}.`),
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
    /** Gabor–Granger ladder: on/off, prices as typed, start rule. The ladder is checked only when on. */
    ggEnabled: z.preprocess((v) => v === "on" || v === "true" || v === "1", z.boolean()),
    ggLadder: z.string().default(""),
    ggStart: z.preprocess((v) => v ?? "middle", ggStartRuleSchema),
  })
  .refine((p) => p.maxPrice > p.minPrice, {
    path: ["maxPrice"],
    message: "The highest price must be above the lowest price.",
  })
  .transform((p, ctx) => {
    const ladder = ladderTextSchema.safeParse(p.ggLadder);
    if (p.ggEnabled && !ladder.success) {
      ctx.addIssue({ code: "custom", path: ["ggLadder"], message: ladder.error.issues[0].message });
      return z.NEVER;
    }
    return { ...p, ggLadder: ladder.success ? ladder.data : [] };
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

const percent = (label: string) =>
  z.preprocess(
    blankToUndefined,
    typedNumber(label).min(0, "Use a percentage from 0 to 100.").max(100, "Use a percentage from 0 to 100."),
  );

/** One row of the decision-rule form (app/studies/ruleForm.ts), percentages as typed. */
export const criterionRowSchema = z.discriminatedUnion("kind", [
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
    /** The share (%) that must not find the price too expensive (the rule's threshold, as a percentage). */
    threshold: z.preprocess(blankToUndefined, percent("a share").optional()),
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
