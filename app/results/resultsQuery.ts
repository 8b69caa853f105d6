/**
 * The results page's GET parameters (no-JavaScript forms: segment filter, simulator, price
 * scenario, price-book objective) parsed with zod. Bad values never fail the page: they fall back
 * to the default and come back as an error next to their field, with what was typed.
 */
import { z } from "zod";
import type { PriceBookObjective } from "../../research/priceBook/recommend.ts";
import type { PriceLimit } from "../../research/simulator/pricedRespondents.ts";

export const PRICE_LIMITS = ["expensive", "cheap"] as const satisfies readonly PriceLimit[];
export const PRICE_BOOK_OBJECTIVES = [
  "happy",
  "revenue",
  "revenue-with-happy-floor",
] as const satisfies readonly PriceBookObjective[];

/** The most a scenario price may be (typing errors like 4999999 are refused). */
export const MAX_SCENARIO_PRICE = 1_000_000;

export interface ResultsQuery {
  segment: string | null;
  bundle: string[];
  findBest: boolean;
  size: number | null;
  /** Price scenario: null = none asked. */
  price: number | null;
  priceLimit: PriceLimit;
  objective: PriceBookObjective;
  /** Whole percent 0–100, with objective "revenue-with-happy-floor". */
  minHappy: number | null;
  /** Field → message, for fields typed wrong (their default was used). */
  errors: Record<string, string>;
  /** What was typed, to show again. */
  typed: { price: string; minHappy: string };
}

const moneyText = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s,]/g, "").replace(/^[^\d.-]+/, ""))
  .pipe(
    z
      .string()
      .regex(/^\d+(\.\d{1,2})?$/, "Enter a price like 49 or 49.99.")
      .transform(Number)
      .refine((n) => n <= MAX_SCENARIO_PRICE, `Enter a price up to ${MAX_SCENARIO_PRICE.toLocaleString("en-US")}.`),
  );
const percentText = z
  .string()
  .trim()
  .transform((v) => v.replace(/%$/, "").trim())
  .pipe(
    z
      .string()
      .regex(/^\d{1,3}$/, "Enter a whole percentage from 0 to 100, like 40.")
      .transform(Number)
      .refine((n) => n <= 100, "Enter a whole percentage from 0 to 100, like 40."),
  );

export function parseResultsQuery(params: URLSearchParams): ResultsQuery {
  const errors: Record<string, string> = {};
  const priceRaw = (params.get("price") ?? "").slice(0, 40);
  const minRaw = (params.get("minHappy") ?? "").slice(0, 10);
  let price: number | null = null;
  if (priceRaw.trim() !== "") {
    const p = moneyText.safeParse(priceRaw);
    if (p.success) price = p.data;
    else errors.price = p.error.issues[0].message;
  }
  const limit = z.enum(PRICE_LIMITS).safeParse(params.get("limit") ?? "expensive");
  let objective: PriceBookObjective = "happy";
  const o = z.enum(PRICE_BOOK_OBJECTIVES).safeParse(params.get("objective") ?? "happy");
  if (o.success) objective = o.data;
  else errors.objective = "Choose what the price book should maximise.";
  let minHappy: number | null = null;
  if (objective === "revenue-with-happy-floor") {
    const m = percentText.safeParse(minRaw);
    if (minRaw.trim() === "") errors.minHappy = "Enter the least happy share per segment, like 40.";
    else if (!m.success) errors.minHappy = m.error.issues[0].message;
    else minHappy = m.data;
    if (minHappy === null) objective = "happy";
  }
  const size = Number(params.get("size"));
  return {
    segment: params.get("segment") || null,
    bundle: params.getAll("f").slice(0, 100),
    findBest: params.get("best") === "1",
    size: Number.isInteger(size) && size > 0 ? size : null,
    price,
    priceLimit: limit.success ? limit.data : "expensive",
    objective,
    minHappy,
    errors,
    typed: { price: priceRaw, minHappy: minRaw },
  };
}
