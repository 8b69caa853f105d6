/**
 * The Gabor–Granger ladder in the survey: one price per page, pages "gg:1" … "gg:L" (L = rungs,
 * the most steps a walk can take). Which price step n asks is worked out from the respondent's
 * stored answers of steps 1…n−1 with the pure `nextLadderPrice` (research/gaborGranger/ladder.ts):
 * start rung (middle, or per respondent from a hash of the response id — stable across reloads,
 * nothing extra stored), one rung up after "would buy" (4–5), one down after "would not", stop
 * when the next rung was already asked or the ladder ends. A stopped ladder skips the remaining
 * "gg:" pages. Saves go through submitPage's single transaction (PageSubmission first), so
 * double taps and stale posts store nothing.
 */
import { t } from "../i18n/index.ts";
import { createHash } from "node:crypto";
import { z } from "zod";
import { nextLadderPrice, wouldBuy } from "../../research/gaborGranger/index.ts";
import { db, type Prisma } from "../db.server.ts";
import { type GgLadderSettings, middleRung } from "../studies/gaborGrangerLadder.ts";

export const GG_PAGE_PREFIX = "gg:";

/** The ladder's pages in the page order. */
export function ggPageKeys(gg: GgLadderSettings | null | undefined): string[] {
  return gg ? gg.ladder.map((_, i) => `${GG_PAGE_PREFIX}${i + 1}`) : [];
}

/** The page after the ladder (the survey's next page, or "done"). */
export function pageAfterLadder(keys: readonly string[]): string {
  let last = -1;
  keys.forEach((k, i) => {
    if (k.startsWith(GG_PAGE_PREFIX)) last = i;
  });
  return last >= 0 && last + 1 < keys.length ? keys[last + 1] : "done";
}

/** The rung this respondent starts on. */
export function startRung(gg: GgLadderSettings, responseId: string): number {
  if (gg.start === "middle") return middleRung(gg.ladder.length);
  const h = createHash("sha256").update(`gg-start:${responseId}`).digest();
  return h.readUInt32BE(0) % gg.ladder.length;
}

async function answersOf(responseId: string, beforeStep: number) {
  return db.gaborGrangerAnswer.findMany({
    where: { responseId, step: { lt: beforeStep } },
    orderBy: { step: "asc" },
    select: { step: true, price: true, likelihood: true },
  });
}

/** The price step `step` asks this respondent; null when the ladder stopped before it. */
export async function ggPriceAt(gg: GgLadderSettings, responseId: string, step: number): Promise<number | null> {
  const answers = await answersOf(responseId, step);
  if (answers.length !== step - 1) return null;
  const next = nextLadderPrice(
    gg.ladder,
    answers.map((a) => ({ price: a.price, wouldBuy: wouldBuy(a.likelihood) })),
    startRung(gg, responseId),
  );
  return next.done ? null : next.next;
}

/** The saved answer of step `step` (Back shows it read-only). */
export async function ggSavedAnswer(responseId: string, step: number) {
  return db.gaborGrangerAnswer.findUnique({
    where: { responseId_step: { responseId, step } },
    select: { price: true, likelihood: true },
  });
}

export const likelihoodSchema = z.object({
  likelihood: z.coerce
    .number({ invalid_type_error: "Choose how likely you would be to buy at this price." })
    .int()
    .min(1, "Choose how likely you would be to buy at this price.")
    .max(5, "Choose how likely you would be to buy at this price."),
});

export type GgSubmit =
  | { ok: false; errors: Record<string, string> }
  | { ok: true; write: Prisma.PrismaPromise<unknown>; ladderDone: boolean };

/** Checks one ladder step's answer; the write to add to the page's transaction and whether the ladder stops. */
export async function ggSubmit(
  gg: GgLadderSettings,
  responseId: string,
  step: number,
  values: Record<string, string>,
  language = "en",
): Promise<GgSubmit | null> {
  const answers = await answersOf(responseId, step);
  if (answers.length !== step - 1) return null;
  const so = answers.map((a) => ({ price: a.price, wouldBuy: wouldBuy(a.likelihood) }));
  const start = startRung(gg, responseId);
  const now = nextLadderPrice(gg.ladder, so, start);
  if (now.done) return null;
  const parsed = likelihoodSchema.safeParse({ likelihood: values.likelihood || undefined });
  if (!parsed.success) return { ok: false, errors: { likelihood: t(language, "gg.error") } };
  const likelihood = parsed.data.likelihood;
  const after = nextLadderPrice(gg.ladder, [...so, { price: now.next, wouldBuy: wouldBuy(likelihood) }], start);
  return {
    ok: true,
    write: db.gaborGrangerAnswer.create({ data: { responseId, step, price: now.next, likelihood } }),
    ladderDone: after.done,
  };
}
