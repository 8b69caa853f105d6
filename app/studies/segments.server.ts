/** Writes of a study's segments (a segment's key locks at launch). */
import type { z } from "zod";
import { db, isUniqueViolation } from "../db.server.ts";
import { StudyStatus } from "../domain/status.ts";
import type { segmentSchema } from "./builderSchemas.ts";
import { assertUnlocked, LockedError, studyStatus } from "./lock.server.ts";
import { guard, type Outcome } from "./outcome.server.ts";

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
