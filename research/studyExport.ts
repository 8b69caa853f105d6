/**
 * The study export document: the app's "Export JSON" download, the input of
 * `research study <export.json>`, and what the results page analyses. One path for every
 * number (docs/architecture.md): app → this document → analyseStudy() → page/CLI.
 *
 * Respondents appear under a pseudonymous id, never their email or name.
 */
import { z } from "zod";

export const CONCEPT_METRICS = ["appeal", "relevance", "uniqueness", "believability", "purchase_intent"] as const;
export type ConceptMetric = (typeof CONCEPT_METRICS)[number];

/** A finite number: JSON such as 1e400 parses to Infinity, which z.number() alone accepts. */
const finite = () => z.number().finite();
const share = z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1");
const key = z.string().trim().min(1);

/** Concept criterion: top-2-box share of `metric` ≥ threshold in `segment`. */
export const conceptCriterionSchema = z.object({
  kind: z.literal("concept"),
  segment: key,
  metric: z.enum(CONCEPT_METRICS).default("purchase_intent"),
  threshold: share,
  /** Concept name; absent = all the hypothesis's concepts pooled. */
  concept: z.string().optional(),
});

/** Value-driver criterion: the item(s) rank in `segment`'s top `topK` MaxDiff items. */
export const valueDriverCriterionSchema = z.object({
  kind: z.literal("valueDriver"),
  segment: key,
  topK: z.number().int().min(1),
  /** Item labels; absent = the hypothesis's linked items. */
  items: z.array(z.string()).optional(),
});

/**
 * Price criterion. `inAcceptableRange`: the price lies in the segment's PMC–PME range.
 * `notTooExpensive`: share of the segment not finding the price too expensive ≥ threshold.
 */
export const priceCriterionSchema = z.object({
  kind: z.literal("price"),
  segment: key,
  test: z.enum(["inAcceptableRange", "notTooExpensive"]),
  /** Absent = the hypothesis's target price. */
  price: finite().nonnegative().optional(),
  threshold: share.optional(),
});

/** Lead criterion: in `segment` our product's paired mean rating on `driver` beats `competitor`'s by more than `margin`. */
export const leadCriterionSchema = z.object({
  kind: z.literal("lead"),
  segment: key,
  competitor: key,
  driver: key,
  margin: finite().min(0).max(10).optional(),
});

export const criterionSchema = z.discriminatedUnion("kind", [
  conceptCriterionSchema,
  valueDriverCriterionSchema,
  priceCriterionSchema,
  leadCriterionSchema,
]);
export type Criterion = z.infer<typeof criterionSchema>;

export const decisionRuleSchema = z.object({
  /** Confidence of the intervals that decide each criterion (e.g. 0.95). */
  confidence: z.number().gt(0.5).lt(1).default(0.95),
  criteria: z.array(criterionSchema).default([]),
});
export type DecisionRule = z.infer<typeof decisionRuleSchema>;

const rating = z.number().int().min(1).max(5);

/** Respondent-quality flags (research/quality/gate.ts); "random_rlh" is the HB fit flag's existing name. */
export const QUALITY_FLAGS = [
  "random_rlh",
  "speeder",
  "straight_lining",
  "price_order",
  "carry_over",
  "attention",
] as const;
export type QualityFlagKind = (typeof QUALITY_FLAGS)[number];

/** The pre-registered gate: which flags exclude a respondent from every analysis, and the speeder share. */
export const qualitySettingsSchema = z.object({
  exclude: z.array(z.enum(QUALITY_FLAGS)).default([]),
  /** A completed respondent faster than this share of the median total time is a speeder (default ⅓). */
  speederShare: z
    .number()
    .gt(0, "must be between 0 and 1")
    .lt(1, "must be between 0 and 1")
    .default(1 / 3),
});
export type QualitySettings = z.infer<typeof qualitySettingsSchema>;

export const exportRespondentSchema = z.object({
  id: key,
  segment: z.string().nullable(),
  /** Survey language (BCP-47) of a multi-language study; absent in single-language studies. Answers name
   * items and concepts in the study's default language whatever the respondent saw (matched by id). */
  language: z.string().max(35).optional(),
  status: z.enum(["started", "completed", "screened_out"]),
  /** Total time on the survey's pages in seconds (sum of page timings); null/absent = not recorded. */
  seconds: finite().nonnegative().nullable().optional(),
  /** The attention check's outcome; null/absent = not asked. */
  attention: z.enum(["pass", "fail"]).nullable().optional(),
  concepts: z
    .array(
      z.object({
        concept: z.string(),
        /** 1 = shown first (sequential monadic). */
        position: z.number().int().min(1),
        appeal: rating,
        relevance: rating,
        uniqueness: rating,
        believability: rating,
        purchase_intent: rating,
      }),
    )
    .default([]),
  maxdiff: z
    .array(
      z.object({
        task: z.number().int().min(1),
        shown: z.array(z.string()).min(2),
        best: z.string(),
        worst: z.string(),
        /** Anchored (dual-response) MaxDiff: all / some / none of the shown items are must-haves; absent = not asked. */
        anchor: z.enum(["all", "some", "none"]).nullable().optional(),
      }),
    )
    .default([]),
  price: z
    .object({
      tooCheap: finite().nonnegative(),
      cheap: finite().nonnegative(),
      expensive: finite().nonnegative(),
      tooExpensive: finite().nonnegative(),
      piCheap: rating.nullable().default(null),
      piExpensive: rating.nullable().default(null),
    })
    .nullable()
    .default(null),
  /** Gabor–Granger ladder answers in the order asked (step 1 first); absent = not asked. */
  gaborGranger: z
    .array(z.object({ step: z.number().int().min(1), price: finite().nonnegative(), response: rating }))
    .optional(),
  /** Competitors block: the alternative used or considered (null = none), its price, and 0–10 ratings (null = don't know). */
  competitor: z
    .object({
      alternative: z.string().nullable(),
      pricePaid: finite().nonnegative().nullable().default(null),
      ratings: z
        .array(z.object({ product: key, driver: key, rating: z.number().min(0).max(10).nullable() }))
        .default([]),
    })
    .nullable()
    .optional(),
});
export type ExportRespondent = z.infer<typeof exportRespondentSchema>;

/**
 * A saved needs-based segmentation (latent classes of the MaxDiff answers): class keys and names, and each
 * respondent's class by respondent id. `research study --segmentation <name>` analyses by it (research/segments/apply.ts).
 */
export const savedSegmentationSchema = z.object({
  name: z.string().trim().min(1),
  classes: z.array(z.object({ key, name: z.string().trim().min(1) })).min(1),
  /** respondent id → class key; respondents not listed (e.g. answered after it was saved) are unassigned. */
  assignments: z.record(z.string(), key),
  /** True when answers arrived after it was saved (they are unassigned). */
  stale: z.boolean().default(false),
});
export type SavedSegmentation = z.infer<typeof savedSegmentationSchema>;

export const studyExportSchema = z.object({
  format: z.literal("valuestack.study"),
  version: z.literal(1),
  exportedAt: z.string().optional(),
  study: z.object({
    id: z.string(),
    name: z.string(),
    currency: z.string().min(1),
    productDescription: z.string().default(""),
    status: z.enum(["draft", "live", "closed"]),
  }),
  segments: z.array(
    z.object({ key, name: z.string(), description: z.string().default(""), targetN: z.number().int().nonnegative() }),
  ),
  items: z.array(z.object({ label: key, description: z.string().default("") })),
  concepts: z.array(z.object({ name: key, hypothesisId: z.string(), body: z.string().default("") })),
  hypotheses: z.array(
    z.object({
      id: z.string(),
      problem: z.string(),
      statement: z.string(),
      segments: z.array(z.string()),
      items: z.array(z.string()),
      concepts: z.array(z.string()),
      targetPrice: finite().nonnegative().nullable(),
      rule: decisionRuleSchema,
    }),
  ),
  pricing: z
    .object({
      nms: z.boolean(),
      calibration: z.array(share).length(5),
      minPrice: finite().nonnegative(),
      maxPrice: finite().nonnegative(),
      /** Gabor–Granger price ladder (ascending) and start rule; absent = not asked. */
      gaborGranger: z
        .object({ ladder: z.array(finite().nonnegative()).min(1), start: z.enum(["middle", "random"]) })
        .optional(),
    })
    .nullable(),
  maxdiff: z
    .object({
      itemsPerTask: z.number().int().min(2),
      tasksPerRespondent: z.number().int().min(1),
      versions: z.number().int().min(1),
      /** Anchored (dual-response) MaxDiff was asked; absent = false. */
      anchored: z.boolean().optional(),
      /** The anchor question's wording as shown to respondents. */
      anchorQuestion: z.string().optional(),
      /** Hierarchical Bayes uses the segments as upper-level covariates (the app's default); absent = false. */
      hbCovariates: z.boolean().optional(),
    })
    .nullable(),
  /**
   * Competitors who matter (issue 20): our product's name in the ratings, our price (optional), the value drivers
   * rated (MaxDiff item labels) and the alternatives with optional list price and segments (empty = every segment).
   */
  competitors: z
    .object({
      ours: key,
      ourPrice: finite().nonnegative().nullable().default(null),
      drivers: z.array(key),
      alternatives: z.array(
        z.object({ name: key, listPrice: finite().nonnegative().nullable().default(null), segments: z.array(key) }),
      ),
    })
    .nullable()
    .optional(),
  /** The market's segment mix (segment key → share 0–1, summing to 1); absent or null = overall figures unweighted. */
  market: z
    .object({ segments: z.record(z.string(), share) })
    .nullable()
    .optional(),
  /** The pre-registered respondent-quality gate; absent = flags reported, nothing excluded. */
  quality: qualitySettingsSchema.optional(),
  respondents: z.array(exportRespondentSchema),
  /** Saved segmentations (absent = none). */
  segmentations: z.array(savedSegmentationSchema).optional(),
  /** Present when `segments` are a saved segmentation's classes (research/segments/apply.ts), not the declared ones. */
  segmentation: z.object({ name: z.string(), stale: z.boolean(), unassigned: z.number().int().min(0) }).optional(),
});
export type StudyExport = z.infer<typeof studyExportSchema>;
