/**
 * The builder's sample-size planner: the study's own design (export document) and the expected values the
 * researcher enters → research/planning/sampleSize.ts `planStudySampleSize`, per segment: each pre-registered
 * criterion's n for 80% power at the rule's confidence, MaxDiff exposures and HB adequacy, Van Westendorp band
 * precision (from the segment's pilot price answers when entered, else the default spread), and the criterion
 * that drives the segment's target. The same numbers as the research planner by
 * construction (it is called with the same document).
 */
import { z } from "zod";
import { planStudySampleSize, type PlanExpectations, type SamplePlan } from "../../research/planning/sampleSize.ts";
import type { StudyExport } from "../../research/studyExport.ts";
import { db } from "../db.server.ts";
import { buildStudyExport } from "../results/exportDocument.server.ts";
import { expectedField, PILOT_KEYS, PILOT_QUESTIONS, type PilotKey, pilotField } from "./plannerFields.ts";

/**
 * A segment's pilot price answers: the mean of each question and the answers' common SD, the normal answer model
 * the band-precision formula takes (research/planning/vanWestendorpPrecision.ts, PriceAnswerModel).
 */
const pilotSchema = z
  .object({
    tooCheap: z.number().min(0),
    cheap: z.number().min(0),
    expensive: z.number().min(0),
    tooExpensive: z.number().min(0),
    sd: z.number().gt(0),
  })
  .refine((m) => m.tooCheap < m.cheap && m.cheap < m.expensive && m.expensive < m.tooExpensive);

/** What is stored in Study.planExpectations. */
export const planInputsSchema = z.object({
  criteria: z.record(z.string(), z.object({ expected: z.number().gt(0).lt(1) })).default({}),
  exposuresPerItem: z.number().int().min(50).max(5000).optional(),
  priceRelativeHalfWidth: z.number().gt(0).max(0.5).optional(),
  /** Pilot price answers per segment key (absent: the planner's default spread around the price). */
  priceModels: z.record(z.string(), pilotSchema).optional(),
});
export type PlanInputs = z.infer<typeof planInputsSchema>;

export const PLAN_POWER = 0.8;
export const MAX_TARGET = 100_000;

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const percent = (label: string, min: number, max: number) =>
  z.preprocess(
    blank,
    z.coerce
      .number({ invalid_type_error: `Enter ${label} as a number, e.g. 55.` })
      .refine((x) => Number.isFinite(x), `Enter ${label} as a number, e.g. 55.`)
      .refine((x) => x > min && x < max, `Enter ${label} between ${min} and ${max} (%), exclusive.`)
      .optional(),
  );

const pilotNumber = (key: PilotKey) =>
  z.preprocess(
    blank,
    z.coerce
      .number({
        invalid_type_error:
          key === "sd" ? "Enter the SD as a number, e.g. 15." : "Enter the mean answer as a price, e.g. 40.",
      })
      .refine((x) => Number.isFinite(x), key === "sd" ? "Enter the SD as a number, e.g. 15." : "Enter a price.")
      .refine(
        (x) => (key === "sd" ? x > 0 : x >= 0),
        key === "sd" ? "Enter an SD greater than 0." : "Enter a price of 0 or more.",
      )
      .optional(),
  );

/**
 * The planner form: one expected share (%) per share criterion (blank = not planned yet), exposures, price
 * precision, and per segment optional pilot price answers (all five or none; means in the questions' order).
 */
export function plannerFormSchema(criterionIds: readonly string[], segmentKeys: readonly string[] = []) {
  const pilots = segmentKeys.flatMap((seg) => PILOT_KEYS.map((k) => [pilotField(seg, k), pilotNumber(k)] as const));
  return z
    .object({
      ...Object.fromEntries(criterionIds.map((id) => [expectedField(id), percent("the share you expect", 0, 100)])),
      ...Object.fromEntries(pilots),
      exposures: z.preprocess(
        blank,
        z.coerce
          .number({ invalid_type_error: "Enter a whole number of exposures, e.g. 500." })
          .int("Enter a whole number of exposures, e.g. 500.")
          .min(50, "Use at least 50 exposures per item.")
          .max(5000, "Use at most 5,000 exposures per item.")
          .optional(),
      ),
      priceHalfWidth: percent("the price precision", 0, 50),
    })
    .superRefine((data, ctx) => {
      const values = data as Record<string, number | undefined>;
      for (const seg of segmentKeys) {
        const v = (k: PilotKey) => values[pilotField(seg, k)];
        const given = PILOT_KEYS.filter((k) => v(k) !== undefined);
        if (given.length === 0) continue;
        if (given.length < PILOT_KEYS.length) {
          for (const k of PILOT_KEYS)
            if (v(k) === undefined)
              ctx.addIssue({
                code: z.ZodIssueCode.custom,
                path: [pilotField(seg, k)],
                message: "Enter all four means and the SD, or leave all five blank.",
              });
          continue;
        }
        for (let i = 1; i < PILOT_QUESTIONS.length; i++) {
          const lo = PILOT_QUESTIONS[i - 1];
          const hi = PILOT_QUESTIONS[i];
          if ((v(hi.key) as number) <= (v(lo.key) as number))
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              path: [pilotField(seg, hi.key)],
              message: `Must be above the “${lo.label.toLowerCase()}” mean (${v(lo.key)}): valid answers increase.`,
            });
        }
      }
    });
}

/** The criteria a researcher enters an expected share for: concept top-2-box and "not too expensive". */
export function shareCriteria(
  doc: StudyExport,
): { id: string; hypothesis: string; label: string; threshold: number }[] {
  return doc.hypotheses.flatMap((h) =>
    h.rule.criteria.flatMap((c, i) =>
      c.kind === "concept" || (c.kind === "price" && c.test === "notTooExpensive")
        ? [
            {
              id: `${h.id}#${i}`,
              hypothesis: h.statement,
              label:
                c.kind === "concept"
                  ? `Expected top-2-box ${c.metric.replace("_", " ")} in ${c.segment} (threshold ${pct(c.threshold as number)})`
                  : `Expected share of ${c.segment} not finding ${c.price ?? h.targetPrice} too expensive (threshold ${pct(c.threshold as number)})`,
              threshold: c.threshold as number,
            },
          ]
        : [],
    ),
  );
}

const pct = (x: number) => `${Math.round(1000 * x) / 10}%`;

export function parsePlanInputs(text: string): PlanInputs {
  try {
    const r = planInputsSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : { criteria: {} };
  } catch {
    return { criteria: {} };
  }
}

export function expectationsOf(inputs: PlanInputs): PlanExpectations {
  return {
    power: PLAN_POWER,
    criteria: inputs.criteria,
    ...(inputs.exposuresPerItem ? { exposuresPerItem: inputs.exposuresPerItem } : {}),
    ...(inputs.priceRelativeHalfWidth ? { priceRelativeHalfWidth: inputs.priceRelativeHalfWidth } : {}),
    ...(inputs.priceModels ? { priceModels: inputs.priceModels } : {}),
  };
}

export interface PlannerData {
  doc: StudyExport;
  inputs: PlanInputs;
  plan: SamplePlan;
  criteria: ReturnType<typeof shareCriteria>;
}

export async function loadPlanner(studyId: string): Promise<PlannerData> {
  const [doc, study] = await Promise.all([
    buildStudyExport(studyId),
    db.study.findUniqueOrThrow({ where: { id: studyId }, select: { planExpectations: true } }),
  ]);
  const inputs = parsePlanInputs(study.planExpectations);
  return { doc, inputs, plan: planStudySampleSize(doc, expectationsOf(inputs)), criteria: shareCriteria(doc) };
}

/**
 * Stores the form's values (validated by plannerFormSchema); criteria left blank are dropped, and so are segments
 * whose pilot fields were left blank (they plan with the default spread).
 */
export async function savePlanInputs(
  studyId: string,
  criterionIds: readonly string[],
  data: Record<string, number | undefined>,
  segmentKeys: readonly string[] = [],
): Promise<void> {
  const criteria: PlanInputs["criteria"] = {};
  for (const id of criterionIds) {
    const v = data[expectedField(id)];
    if (v !== undefined) criteria[id] = { expected: v / 100 };
  }
  const priceModels: NonNullable<PlanInputs["priceModels"]> = {};
  for (const seg of segmentKeys) {
    const v = (k: PilotKey) => data[pilotField(seg, k)];
    if (PILOT_KEYS.some((k) => v(k) === undefined)) continue;
    priceModels[seg] = pilotSchema.parse(Object.fromEntries(PILOT_KEYS.map((k) => [k, v(k)])));
  }
  const inputs: PlanInputs = {
    criteria,
    ...(data.exposures !== undefined ? { exposuresPerItem: data.exposures } : {}),
    ...(data.priceHalfWidth !== undefined ? { priceRelativeHalfWidth: data.priceHalfWidth / 100 } : {}),
    ...(Object.keys(priceModels).length ? { priceModels } : {}),
  };
  await db.study.update({ where: { id: studyId }, data: { planExpectations: JSON.stringify(inputs) } });
}

/**
 * Sets a segment's target to the planner's requirement, recomputed here from the stored inputs (the form
 * only names the segment). Returns an error message when there is nothing to set.
 */
export async function setTargetFromPlan(studyId: string, segmentKey: string): Promise<string | null> {
  const { plan } = await loadPlanner(studyId);
  const seg = Object.hasOwn(plan.segments, segmentKey) ? plan.segments[segmentKey] : undefined;
  if (!seg) return "That segment no longer exists.";
  if (seg.target === null) return `No requirement can be computed for ${seg.name} yet: enter expected values first.`;
  if (seg.target > MAX_TARGET) return `The plan needs ${seg.target} respondents, more than the ${MAX_TARGET} allowed.`;
  await db.segment.update({
    where: { studyId_key: { studyId, key: segmentKey } },
    data: { targetN: seg.target },
  });
  return null;
}
