/**
 * Saving the respondent-quality gate, the attention check and the HB covariates switch. All are
 * pre-registered: the server refuses changes once the study is live (app/studies/lock.server.ts).
 */
import type { z } from "zod";
import { db } from "../db.server.ts";
import { assertUnlocked, LockedError } from "./lock.server.ts";
import { parseAttentionCheck, parseQualityGate, type qualityFormSchema, storedQuality } from "./quality.ts";

type Outcome = { ok: true } | { ok: false; errors: Record<string, string>; status: number };

async function guarded(fn: () => Promise<void>): Promise<Outcome> {
  try {
    await fn();
    return { ok: true };
  } catch (e) {
    if (e instanceof LockedError) return { ok: false, errors: { form: e.message }, status: 409 };
    throw e;
  }
}

export function saveQuality(studyId: string, data: z.infer<typeof qualityFormSchema>): Promise<Outcome> {
  return guarded(async () => {
    await assertUnlocked(studyId, "quality");
    await db.study.update({ where: { id: studyId }, data: storedQuality(data) });
  });
}

export function saveHbCovariates(studyId: string, on: boolean): Promise<Outcome> {
  return guarded(async () => {
    await assertUnlocked(studyId, "hb-covariates");
    await db.maxDiffSettings.upsert({
      where: { studyId },
      create: { studyId, hbCovariates: on },
      update: { hbCovariates: on },
    });
  });
}

/** What the quality page shows: the stored gate and attention check. */
export async function qualitySettings(studyId: string) {
  const s = await db.study.findUniqueOrThrow({
    where: { id: studyId },
    select: { qualityGate: true, attentionCheck: true },
  });
  return { gate: parseQualityGate(s.qualityGate), attention: parseAttentionCheck(s.attentionCheck) };
}
