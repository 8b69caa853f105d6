/** Writes of a hypothesis's concepts. */
import type { z } from "zod";
import { db, isUniqueViolation } from "../db.server.ts";
import type { conceptSchema } from "./builderSchemas.ts";
import { assertUnlocked } from "./lock.server.ts";
import { guard, type Outcome } from "./outcome.server.ts";

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
