/**
 * `research price-book <file.csv> --max-size N [--objective happy|revenue|revenue-with-happy-floor]
 *  [--min-happy-share 0.5] [--price-limit expensive|cheap] [--grid-points 20] [--json]`
 * One row per respondent: respondent, segment, too_cheap, cheap, expensive, too_expensive, optional
 * pi_cheap, pi_expensive (1–5) and weight, `valued` (the items that give them value, separated by
 * "|", e.g. their top 3 or their items above the MaxDiff anchor) and optional `need` (how many of
 * them a package must hold; default 1). Segment ranges are the segments' own PMC–PME.
 */
import type { MethodCommand } from "../cliTypes.ts";
import { numberCell, optionalNumberCell, readCsv } from "../csv.ts";
import { InputError } from "../inputError.ts";
import type { PricedRespondent } from "../simulator/pricedRespondents.ts";
import { type PriceBookObjective, type PriceBookResult, recommendPriceBook } from "./recommend.ts";

const PRICES = ["too_cheap", "cheap", "expensive", "too_expensive"] as const;

export function readPriceBookCsv(text: string): PricedRespondent[] {
  const table = readCsv(text, {
    required: ["respondent", "segment", ...PRICES, "valued"],
    optional: ["pi_cheap", "pi_expensive", "weight", "need"],
  });
  const seen = new Set<string>();
  return table.rows.map((row) => {
    const respondent = (row.get("respondent") ?? "").trim();
    if (!respondent) throw new InputError("respondent is empty", row.line);
    if (seen.has(respondent)) throw new InputError(`respondent ${respondent} appears twice`, row.line);
    seen.add(respondent);
    const [tooCheap, cheap, expensive, tooExpensive] = PRICES.map((c) => optionalNumberCell(row, c, { min: 0 }));
    const pi = (c: string) => {
      const v = optionalNumberCell(row, c, { integer: true });
      if (v !== null && (v < 1 || v > 5))
        throw new InputError(`${c} must be a whole number from 1 to 5: "${row.get(c)}"`, row.line);
      return v;
    };
    const items = (row.get("valued") ?? "")
      .split("|")
      .map((s) => s.trim())
      .filter(Boolean);
    const need = table.columns.has("need") && row.get("need") ? numberCell(row, "need", { integer: true, min: 1 }) : 1;
    const weight = table.columns.has("weight") ? numberCell(row, "weight") : 1;
    if (!(weight > 0)) throw new InputError(`weight must be positive: "${row.get("weight")}"`, row.line);
    return {
      respondent,
      segment: (row.get("segment") ?? "").trim() || null,
      weight,
      value: { items, need },
      tooCheap,
      cheap,
      expensive,
      tooExpensive,
      piCheap: pi("pi_cheap"),
      piExpensive: pi("pi_expensive"),
    };
  });
}

function wholeNumber(raw: string | boolean | undefined, name: string, fallback?: number): number {
  if (raw === undefined || typeof raw === "boolean") {
    if (fallback === undefined) throw new InputError(`--${name} is required`);
    return fallback;
  }
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1)
    throw new InputError(`--${name} must be a whole number ≥ 1 (got "${raw}")`);
  return Number(raw);
}

export const command: MethodCommand = {
  usage:
    "price-book <file.csv> --max-size N [--objective happy|revenue|revenue-with-happy-floor] [--min-happy-share 0.5] [--price-limit expensive|cheap] [--grid-points 20] [--json]",
  options: {
    "max-size": { type: "string" },
    objective: { type: "string" },
    "min-happy-share": { type: "string" },
    "price-limit": { type: "string" },
    "grid-points": { type: "string" },
  },
  run(text, values) {
    const objective = (typeof values.objective === "string" ? values.objective : "happy") as PriceBookObjective;
    const limit = typeof values["price-limit"] === "string" ? values["price-limit"] : "expensive";
    if (limit !== "expensive" && limit !== "cheap")
      throw new InputError(`--price-limit must be expensive or cheap (got "${limit}")`);
    let minHappyShare: number | undefined;
    if (typeof values["min-happy-share"] === "string") {
      minHappyShare = Number(values["min-happy-share"]);
      if (!(minHappyShare >= 0 && minHappyShare <= 1))
        throw new InputError(`--min-happy-share must be a share from 0 to 1 (got "${values["min-happy-share"]}")`);
    } else if (objective === "revenue-with-happy-floor")
      throw new InputError("--objective revenue-with-happy-floor needs --min-happy-share");
    const respondents = readPriceBookCsv(text);
    const result = recommendPriceBook(respondents, {
      maxSize: wholeNumber(values["max-size"], "max-size"),
      objective,
      minHappyShare,
      priceLimit: limit,
      gridPoints: wholeNumber(values["grid-points"], "grid-points", 20),
    });
    return { json: { method: "price-book", ...result }, table: priceBookTable(result) };
  },
};

const money = (x: number | null) => (x === null ? "–" : (Math.round(x * 100) / 100).toFixed(2));
const pct = (x: number | null) => (x === null ? "–" : `${(100 * x).toFixed(1)}%`);

/** Readable summary: per-segment optimum, both proposals, the verdict. */
export function priceBookTable(r: PriceBookResult): string {
  const out = [`Price book (objective: ${r.objective}; packages ≤ ${r.maxSize} items)`, ""];
  out.push("Per segment (one package each):");
  for (const [s, o] of Object.entries(r.segments))
    out.push(
      `  ${s}: ${o.package.join(" + ") || "–"} at ${money(o.price)} (range ${money(o.band.pmc)}–${money(o.band.pme)}): ` +
        `happy ${pct(o.happyShare)}, buying ${pct(o.buyingShare)}, revenue/100 ${money(o.revenuePer100)} — ${o.note}`,
    );
  if (r.one) {
    out.push("", "One price book:");
    for (const t of r.one.tiers)
      out.push(`  ${t.name} (for ${t.segment}): ${t.package.join(" + ")} at ${money(t.price)}`);
    for (const [s, f] of Object.entries(r.one.segments))
      out.push(`  ${s}: happy ${pct(f.happyShare)}, revenue/100 ${money(f.revenuePer100)}`);
    out.push(`  ${r.one.note}`);
  }
  out.push("", r.sentence);
  return out.join("\n");
}
