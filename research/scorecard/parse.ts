/**
 * Inputs of the value scorecard: the ratings CSV (long format) and the importance weights JSON
 * (the MaxDiff CLI's own --json output, or a plain driver → weight map per segment).
 */
import { z } from "zod";
import { readCsv } from "../csv.ts";
import { InputError } from "../inputError.ts";
import { rescaledShares } from "../maxdiff/shares.ts";
import type { ImportanceWeights, PerformanceRating } from "./types.ts";

const DONT_KNOW = new Set(["dk", "don't know", "dont know", "don’t know", "n/a", "na"]);

export interface ParsedRatings {
  rows: (PerformanceRating & { line: number })[];
}

/**
 * Parses `respondent,segment,product,driver,rating[,price_paid]` (any column order, extra
 * columns ignored): one row per respondent × product × driver; rating 0–10, empty or "dk" =
 * don't know. A respondent keeps one segment; a rating appears once per respondent × product × driver.
 */
export function parseRatingsCsv(text: string, segmentColumn = "segment"): ParsedRatings {
  const seg = segmentColumn.toLowerCase();
  const table = readCsv(text, {
    required: ["respondent", "product", "driver", "rating"],
    optional: [seg, "price_paid"],
  });
  const seen = new Set<string>();
  const segmentOf = new Map<string, string | null>();
  const rows = table.rows.map((row) => {
    const cell = (c: string) => (row.get(c) ?? "").trim();
    const respondent = cell("respondent");
    const product = cell("product");
    const driver = cell("driver");
    if (!respondent) throw new InputError("respondent is empty", row.line);
    if (!product) throw new InputError("product is empty", row.line);
    if (!driver) throw new InputError("driver is empty", row.line);
    const segment = table.columns.has(seg) ? cell(seg) || null : null;
    const previous = segmentOf.get(respondent);
    if (previous !== undefined && previous !== segment)
      throw new InputError(
        `respondent "${respondent}" is in segment "${segment ?? ""}" here but "${previous ?? ""}" earlier`,
        row.line,
      );
    segmentOf.set(respondent, segment);
    const raw = cell("rating");
    let rating: number | null = null;
    if (raw !== "" && !DONT_KNOW.has(raw.toLowerCase())) {
      rating = Number(raw);
      if (!Number.isFinite(rating) || rating < 0 || rating > 10)
        throw new InputError(
          `rating must be a number from 0 to 10, or empty/"dk" for don't know: "${raw.slice(0, 40)}"`,
          row.line,
        );
    }
    const key = JSON.stringify([respondent, product, driver]);
    if (seen.has(key))
      throw new InputError(`respondent "${respondent}" rated "${product}" on "${driver}" twice`, row.line);
    seen.add(key);
    const priceRaw = cell("price_paid");
    let pricePaid: number | null = null;
    if (priceRaw !== "") {
      pricePaid = Number(priceRaw);
      if (!Number.isFinite(pricePaid) || pricePaid < 0)
        throw new InputError(`price_paid must be a number of at least 0: "${priceRaw.slice(0, 40)}"`, row.line);
    }
    return { respondent, segment, product, driver, rating, pricePaid, line: row.line };
  });
  return { rows };
}

const weightMap = z.record(z.string(), z.number().finite().nonnegative());
const maxdiffItems = z.object({
  items: z.array(z.object({ item: z.string(), share: z.number().finite().nullable() })),
});
const maxdiffDoc = z.object({
  method: z.literal("maxdiff").optional(),
  itemsPerTask: z.number().int().min(2).optional(),
  overall: maxdiffItems.optional(),
  segments: z.record(z.string(), maxdiffItems),
  hb: z
    .object({
      respondents: z.array(z.object({ respondent: z.string(), utilities: z.record(z.string(), z.number().finite()) })),
    })
    .nullable()
    .optional(),
});
const plainDoc = z.object({ overall: weightMap.optional(), segments: z.record(z.string(), weightMap) });

const shareMap = (b: z.infer<typeof maxdiffItems>) =>
  Object.fromEntries(b.items.filter((x) => x.share !== null).map((x) => [x.item, x.share as number]));

/**
 * Importance weights from JSON: either the MaxDiff CLI's --json output (segments' item
 * `share`s; with HB, each respondent's utilities → probability-rescaled shares) or
 * `{"segments":{"tech":{"SSO":30,…}},"overall":{…}}` with any positive scale.
 */
export function parseWeightsJson(text: string): ImportanceWeights {
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new InputError(`not valid JSON (${(e as Error).message})`);
  }
  const isMaxDiff =
    typeof doc === "object" &&
    doc !== null &&
    ((doc as { method?: unknown }).method === "maxdiff" ||
      Object.values((doc as { segments?: Record<string, unknown> }).segments ?? {}).some(
        (s) => typeof s === "object" && s !== null && "items" in s,
      ));
  if (isMaxDiff) {
    const p = maxdiffDoc.safeParse(doc);
    if (!p.success) throw new InputError(`not a MaxDiff result: ${issue(p.error)}`);
    const d = p.data;
    let respondents: ImportanceWeights["respondents"] = null;
    if (d.hb && d.hb.respondents.length > 0) {
      const k = d.itemsPerTask ?? 4;
      respondents = Object.fromEntries(
        d.hb.respondents.map((r) => {
          const items = Object.keys(r.utilities);
          const shares = rescaledShares(
            items.map((i) => r.utilities[i]),
            k,
          );
          return [r.respondent, Object.fromEntries(items.map((i, j) => [i, shares[j]]))];
        }),
      );
    }
    return {
      segments: Object.fromEntries(Object.entries(d.segments).map(([s, b]) => [s, shareMap(b)])),
      overall: d.overall ? shareMap(d.overall) : null,
      respondents,
    };
  }
  const p = plainDoc.safeParse(doc);
  if (!p.success)
    throw new InputError(
      `expected the MaxDiff --json output or {"segments":{"<segment>":{"<driver>":weight}}}: ${issue(p.error)}`,
    );
  return { segments: p.data.segments, overall: p.data.overall ?? null, respondents: null };
}

/** Van Westendorp bands from the van-westendorp CLI's --json output (overall and segments' pmc/pme). */
export function parsePriceBandsJson(text: string): Record<string, { pmc: number | null; pme: number | null }> {
  const band = z.object({ pmc: z.number().finite().nullable(), pme: z.number().finite().nullable() });
  const schema = z.object({ overall: band.optional(), segments: z.record(z.string(), band).default({}) });
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new InputError(`not valid JSON (${(e as Error).message})`);
  }
  const p = schema.safeParse(doc);
  if (!p.success) throw new InputError(`not a Van Westendorp result: ${issue(p.error)}`);
  return { ...p.data.segments, ...(p.data.overall ? { overall: p.data.overall } : {}) };
}

function issue(e: z.ZodError): string {
  const first = e.issues[0];
  return `${first.path.length ? `${first.path.join(".")}: ` : ""}${first.message}`;
}

/**
 * Checks that every driver has a weight in the block each segment will use (its own or the
 * overall one) and that every segment has a block; InputError naming the driver's first line.
 */
export function checkWeightsCover(
  rows: readonly (PerformanceRating & { line: number })[],
  weights: ImportanceWeights,
  respondentWeights: boolean,
  weightsName = "the weights",
): void {
  const checked = new Set<string>();
  for (const r of rows) {
    const key = `${r.segment ?? ""}\u0000${r.driver}`;
    if (checked.has(key)) continue;
    checked.add(key);
    const block =
      r.segment !== null && Object.hasOwn(weights.segments, r.segment) ? weights.segments[r.segment] : weights.overall;
    if (!block) {
      throw new InputError(
        r.segment === null
          ? `${weightsName} has no overall block for respondents without a segment`
          : `segment "${r.segment}" has no weights in ${weightsName} (it covers: ${Object.keys(weights.segments).join(", ") || "none"})`,
        r.line,
      );
    }
    if (!Object.hasOwn(block, r.driver))
      throw new InputError(
        `driver "${r.driver}" has no importance weight${r.segment ? ` for segment "${r.segment}"` : ""} in ${weightsName} (it has: ${Object.keys(block).slice(0, 12).join(", ")})`,
        r.line,
      );
  }
  if (respondentWeights && !weights.respondents)
    throw new InputError("--weights-from respondent needs a MaxDiff result with HB respondents (run maxdiff --hb)");
}
