/**
 * The market's segment mix (each segment's share of the market, %), entered on the segments tab.
 * Optional: all shares blank = no mix. Given shares must each be more than 0 and sum to 100.
 * Editable after launch: respondents never see it; it only weights the overall results.
 */
import { z } from "zod";
import { db } from "../db.server.ts";

import { shareField } from "./marketMixFields.ts";

export { shareField };

/** Zod schema of the mix form for these segments; errors keyed by share field, the sum error under `market`. */
export function marketMixSchema(segmentIds: readonly string[]) {
  const share = z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? Number(v.trim().replace(/%$/, "")) : undefined),
    z
      .number({ invalid_type_error: "Enter a number such as 30." })
      .finite("Enter a number such as 30.")
      .gt(0, "Enter a share above 0%.")
      .max(100, "A share cannot be above 100%.")
      .optional(),
  );
  return z
    .object(Object.fromEntries(segmentIds.map((id) => [shareField(id), share])) as Record<string, typeof share>)
    .superRefine((values, ctx) => {
      const given = segmentIds.filter((id) => values[shareField(id)] !== undefined);
      if (given.length === 0) return;
      if (given.length < segmentIds.length) {
        ctx.addIssue({
          code: "custom",
          path: ["market"],
          message: "Enter a share for every segment, or leave them all empty.",
        });
        return;
      }
      const total = given.reduce((a, id) => a + (values[shareField(id)] as number), 0);
      if (Math.abs(total - 100) > 0.01)
        ctx.addIssue({
          code: "custom",
          path: ["market"],
          message: `The shares add up to ${Number(total.toFixed(2))}%; they must add up to 100%.`,
        });
    })
    .transform((values) =>
      Object.fromEntries(segmentIds.map((id) => [id, (values[shareField(id)] as number | undefined) ?? null])),
    );
}

/** Stores the mix (segment id → percent, or null everywhere to clear it). */
export async function saveMarketMix(studyId: string, mix: Record<string, number | null>): Promise<void> {
  await db.$transaction(
    Object.entries(mix).map(([id, share]) =>
      db.segment.updateMany({ where: { id, studyId }, data: { marketShare: share } }),
    ),
  );
}
