/** Creating a study and editing its details (currency and product description lock at launch). */
import type { z } from "zod";
import { db } from "../db.server.ts";
import { StudyStatus } from "../domain/status.ts";
import type { studySchema } from "./builderSchemas.ts";
import { LockedError } from "./lock.server.ts";
import { guard, type Outcome } from "./outcome.server.ts";

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
