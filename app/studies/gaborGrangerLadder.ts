/**
 * The Gabor–Granger price ladder as the researcher sets it in the pricing builder: ascending
 * prices, 3–12 rungs, and the start rule. Pure (shared by the builder, the survey and the seed).
 */
import { z } from "zod";
import { GG_START_RULES, type GgStartRule } from "../domain/status.ts";

export const GG_MIN_RUNGS = 3;
export const GG_MAX_RUNGS = 12;

export interface GgLadderSettings {
  /** Ascending prices. */
  ladder: number[];
  start: GgStartRule;
}

/** The ladder typed as text ("19, 29, 39" or one per line) → ascending prices, or one clear message. */
export const ladderTextSchema = z
  .string({ required_error: "Enter the prices of the ladder." })
  .transform((text, ctx) => {
    const parts = text
      .split(/[\s,;]+/)
      .map((p) => p.trim())
      .filter(Boolean);
    if (parts.length === 0) {
      ctx.addIssue({ code: "custom", message: "Enter the prices of the ladder, e.g. 19, 29, 39, 49." });
      return z.NEVER;
    }
    const bad = parts.find((p) => !/^\d+(\.\d+)?$/.test(p));
    if (bad !== undefined) {
      ctx.addIssue({ code: "custom", message: `“${bad.slice(0, 20)}” is not a price. Use numbers like 19 or 24.99.` });
      return z.NEVER;
    }
    const prices = parts.map(Number);
    if (prices.length < GG_MIN_RUNGS || prices.length > GG_MAX_RUNGS) {
      ctx.addIssue({
        code: "custom",
        message: `Give ${GG_MIN_RUNGS} to ${GG_MAX_RUNGS} prices (you gave ${prices.length}).`,
      });
      return z.NEVER;
    }
    for (let i = 1; i < prices.length; i++) {
      if (!(prices[i] > prices[i - 1])) {
        ctx.addIssue({
          code: "custom",
          message: `List the prices from lowest to highest, each once: ${prices[i]} comes after ${prices[i - 1]}.`,
        });
        return z.NEVER;
      }
    }
    return prices;
  });

/** The stored settings (PricingSettings.ggEnabled/ggLadder/ggStart) → the ladder, or null when off or unusable. */
export function storedLadder(p: { ggEnabled: boolean; ggLadder: string; ggStart: string } | null | undefined) {
  if (!p?.ggEnabled) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(p.ggLadder);
  } catch {
    return null;
  }
  const ladder = z.array(z.number().finite().nonnegative()).min(GG_MIN_RUNGS).max(GG_MAX_RUNGS).safeParse(parsed);
  if (!ladder.success) return null;
  const start: GgStartRule = (GG_START_RULES as readonly string[]).includes(p.ggStart)
    ? (p.ggStart as GgStartRule)
    : "middle";
  return { ladder: ladder.data, start } satisfies GgLadderSettings;
}

/** The ladder as the builder shows it: "19, 29, 39". */
export const ladderText = (ladder: readonly number[]) => ladder.join(", ");

/** Index of the middle rung (the lower of the two middle rungs for an even ladder). */
export const middleRung = (rungs: number) => Math.floor((rungs - 1) / 2);
