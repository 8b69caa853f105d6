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

export const exportRespondentSchema = z.object({
  id: key,
  segment: z.string().nullable(),
  status: z.enum(["started", "completed", "screened_out"]),
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
  respondents: z.array(exportRespondentSchema),
});
export type StudyExport = z.infer<typeof studyExportSchema>;
