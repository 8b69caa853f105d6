/**
 * `research value-scorecard <ratings.csv> --weights <maxdiff.json> [--segment-column segment]
 *  [--ours "Our product"] [--our-price P] [--price-bands <van-westendorp.json>] [--tolerance 0.1]
 *  [--weights-from segment|respondent] [--confidence 0.95] [--currency USD] [--json]`
 * Ratings: long format respondent,segment,product,driver,rating[,price_paid] (docs/research-cli.md).
 */
import { readFileSync } from "node:fs";
import type { MethodCommand } from "../cliTypes.ts";
import { InputError } from "../inputError.ts";
import { analyseScorecard } from "./analyse.ts";
import { checkWeightsCover, parsePriceBandsJson, parseRatingsCsv, parseWeightsJson } from "./parse.ts";
import type { ScorecardBlock, ScorecardResult } from "./types.ts";

const USAGE =
  "value-scorecard <ratings.csv> --weights <maxdiff.json> [--segment-column segment] [--ours NAME] [--our-price P] " +
  "[--price-bands <van-westendorp.json>] [--tolerance 0.1] [--weights-from segment|respondent] [--confidence 0.95] " +
  "[--currency USD] [--json]";

function numberOption(v: string | boolean | undefined, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || v.trim() === "" || !Number.isFinite(n) || n < min || n > max)
    throw new InputError(`--${name} must be a number from ${min} to ${max}, got "${String(v)}"`);
  return n;
}

export const command: MethodCommand = {
  usage: USAGE,
  options: {
    weights: { type: "string" },
    "segment-column": { type: "string" },
    ours: { type: "string" },
    "our-price": { type: "string" },
    "price-bands": { type: "string" },
    tolerance: { type: "string" },
    "weights-from": { type: "string" },
    confidence: { type: "string" },
    currency: { type: "string" },
  },
  run(text, options, readFile) {
    const read = readFile ?? ((p: string) => readFileSync(p, "utf8"));
    const other = (option: string, parse: (t: string) => unknown) => {
      const path = options[option];
      if (typeof path !== "string") return undefined;
      let t: string;
      try {
        t = read(path);
      } catch (e) {
        throw new InputError(
          `--${option} ${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? "error"})`,
        );
      }
      try {
        return parse(t);
      } catch (e) {
        if (e instanceof InputError) throw new InputError(`--${option} ${path}: ${e.message}`);
        throw e;
      }
    };
    if (typeof options.weights !== "string") throw new InputError(`--weights is required (usage: research ${USAGE})`);
    const weightsFrom = options["weights-from"] ?? "segment";
    if (weightsFrom !== "segment" && weightsFrom !== "respondent")
      throw new InputError(`--weights-from must be segment or respondent, got "${String(weightsFrom)}"`);
    const tolerance = numberOption(options.tolerance, "tolerance", 0, 1);
    const confidence = numberOption(options.confidence, "confidence", 0.5, 0.999);
    const ourPrice = numberOption(options["our-price"], "our-price", 0, Number.MAX_VALUE);
    const currency = typeof options.currency === "string" ? options.currency.trim().toUpperCase() : null;
    if (currency !== null && !/^[A-Z]{3}$/.test(currency))
      throw new InputError(`--currency must be an ISO 4217 code like USD or EUR, got "${String(options.currency)}"`);
    const ours = typeof options.ours === "string" ? options.ours.trim() : "ours";
    const segmentColumn = typeof options["segment-column"] === "string" ? options["segment-column"] : "segment";

    const { rows } = parseRatingsCsv(text, segmentColumn);
    if (!rows.some((r) => r.product === ours))
      throw new InputError(
        `no rows for our product "${ours}" (products: ${[...new Set(rows.map((r) => r.product))].slice(0, 10).join(", ")}; name ours with --ours)`,
      );
    const weights = other("weights", parseWeightsJson) as ReturnType<typeof parseWeightsJson>;
    // Lines refer to the ratings file; the weights file is named in the message.
    checkWeightsCover(rows, weights, weightsFrom === "respondent", options.weights);
    const priceBands = other("price-bands", parsePriceBandsJson) as ReturnType<typeof parsePriceBandsJson> | undefined;
    const result = analyseScorecard(rows, weights, {
      ours,
      confidence,
      tolerance,
      weightsFrom,
      ourPrice: ourPrice ?? null,
      currency,
      priceBands,
    });
    return { json: result, table: formatTable(result) };
  },
};

const f = (x: number | null | undefined, d = 2) =>
  x === null || x === undefined ? "–" : (Math.round(x * 10 ** d) / 10 ** d).toFixed(d);

function blockTable(title: string, b: ScorecardBlock, drivers: string[]): string {
  const lines = [`${title} — ${b.respondents} respondents; weights from ${b.weightsSource}`];
  const w = Math.max(8, ...drivers.map((d) => d.length));
  lines.push(`${"driver".padEnd(w)}  weight  ${b.products.map((p) => p.product.slice(0, 14).padStart(14)).join("  ")}`);
  for (const d of drivers) {
    lines.push(
      `${d.padEnd(w)}  ${f(100 * (b.weights[d] ?? 0), 1).padStart(6)}  ${b.products
        .map((p) => f(p.drivers.find((x) => x.driver === d)?.mean).padStart(14))
        .join("  ")}`,
    );
  }
  lines.push(`${"value score".padEnd(w)}          ${b.products.map((p) => f(p.valueScore).padStart(14)).join("  ")}`);
  lines.push(`${"price".padEnd(w)}          ${b.products.map((p) => f(p.price).padStart(14)).join("  ")}`);
  for (const c of b.comparisons) {
    lines.push(
      `vs ${c.competitor} (${c.respondents} rated both): relative value ${f(c.valueScoreDifference)} ${c.interval ? `[${f(c.interval[0])}, ${f(c.interval[1])}]` : ""}`,
    );
  }
  for (const g of b.driverGaps) lines.push(`  ${g.label.padEnd(10)} ${g.reason}`);
  lines.push(`  ${b.priceValue.ours.sentence}`);
  lines.push(b.summary);
  return lines.join("\n");
}

export function formatTable(r: ScorecardResult): string {
  const parts = [`Value scorecard — ours: ${r.ours}; ratings 0–10; ${Math.round(100 * r.confidence)}% intervals`];
  if (r.overall) parts.push(blockTable("Overall", r.overall, r.drivers));
  for (const [s, b] of Object.entries(r.segments)) parts.push(blockTable(`Segment ${s}`, b, r.drivers));
  return parts.join("\n\n");
}
