/** Writes of the MaxDiff items and settings; each change regenerates the stored design. */
import type { z } from "zod";
import { db, isUniqueViolation } from "../db.server.ts";
import type { itemSchema, maxDiffAnchorSchema, maxDiffSettingsSchema } from "./builderSchemas.ts";
import { DESIGN_LIMITS, storeDesign } from "./design.server.ts";
import { assertUnlocked } from "./lock.server.ts";
import { guard, type Outcome } from "./outcome.server.ts";

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
