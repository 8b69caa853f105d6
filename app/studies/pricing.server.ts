/** The pricing settings write (Van Westendorp / NMS / Gabor–Granger ladder), locked at launch. */
import type { z } from "zod";
import { db } from "../db.server.ts";
import type { pricingSchema } from "./builderSchemas.ts";
import { assertUnlocked } from "./lock.server.ts";
import { guard, type Outcome } from "./outcome.server.ts";

export function savePricing(studyId: string, data: z.infer<typeof pricingSchema>): Promise<Outcome> {
  return guard(async (): Promise<Outcome> => {
    await assertUnlocked(studyId, "pricing");
    const settings = {
      nmsEnabled: data.nmsEnabled,
      minPrice: data.minPrice,
      maxPrice: data.maxPrice,
      ggEnabled: data.ggEnabled,
      ggLadder: JSON.stringify(data.ggLadder),
      ggStart: data.ggStart,
    };
    await db.$transaction([
      db.study.update({
        where: { id: studyId },
        data: { currency: data.currency, productDescription: data.productDescription },
      }),
      db.pricingSettings.upsert({ where: { studyId }, create: { studyId, ...settings }, update: settings }),
    ]);
    return { ok: true };
  });
}
