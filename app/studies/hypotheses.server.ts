/** Writes of a study's hypotheses and the segments/items they link to. */
import type { z } from "zod";
import { db } from "../db.server.ts";
import type { FieldErrors } from "../forms.ts";
import type { hypothesisSchema } from "./builderSchemas.ts";
import { assertUnlocked } from "./lock.server.ts";
import { guard, type Outcome } from "./outcome.server.ts";

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
