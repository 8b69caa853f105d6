/**
 * `research gabor-granger <file.csv> [--segment-column segment] [--weight-column weight]
 *  [--bootstrap N] [--seed S] [--json]`
 * Long format, one row per price asked: respondent, price, response (1–5), optional segment and
 * weight (the respondent's first row's weight counts).
 */
import type { MethodCommand } from "../cliTypes.ts";
import { numberCell, readCsv } from "../csv.ts";
import { InputError } from "../inputError.ts";
import { analyseGaborGranger, type GgAnswer, type GgBlock, type GgResult } from "./analyse.ts";

export function readGaborGrangerCsv(
  text: string,
  opts: { segmentColumn?: string; weightColumn?: string } = {},
): GgAnswer[] {
  const segCol = (opts.segmentColumn ?? "segment").toLowerCase();
  const weightCol = (opts.weightColumn ?? "weight").toLowerCase();
  const table = readCsv(text, { required: ["respondent", "price", "response"], optional: [segCol, weightCol] });
  if (opts.segmentColumn !== undefined && !table.columns.has(segCol))
    throw new InputError(`missing column ${segCol} (given with --segment-column)`, 1);
  if (opts.weightColumn !== undefined && !table.columns.has(weightCol))
    throw new InputError(`missing column ${weightCol} (given with --weight-column)`, 1);
  const hasSeg = table.columns.has(segCol),
    hasWeight = table.columns.has(weightCol);
  return table.rows.map((row) => {
    const respondent = (row.get("respondent") ?? "").trim();
    if (!respondent) throw new InputError("respondent is empty", row.line);
    const price = numberCell(row, "price", { min: 0 });
    const response = numberCell(row, "response", { integer: true });
    if (response < 1 || response > 5)
      throw new InputError(`response must be a whole number from 1 to 5: "${row.get("response")}"`, row.line);
    const a: GgAnswer = { respondent, price, response, line: row.line };
    if (hasSeg) a.segment = (row.get(segCol) ?? "").trim() || null;
    if (hasWeight) {
      const w = numberCell(row, weightCol);
      if (!(w > 0)) throw new InputError(`${weightCol} must be positive: "${row.get(weightCol)}"`, row.line);
      a.weight = w;
    }
    return a;
  });
}

function wholeNumber(raw: string | boolean | undefined, name: string, fallback: number): number {
  if (raw === undefined || typeof raw === "boolean") return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new InputError(`--${name} must be a whole number ≥ 0 (got "${raw}")`);
  return Number(raw);
}

export const command: MethodCommand = {
  usage:
    "gabor-granger <file.csv> [--segment-column segment] [--weight-column weight] [--bootstrap N] [--seed S] [--json]",
  options: {
    "segment-column": { type: "string" },
    "weight-column": { type: "string" },
    bootstrap: { type: "string" },
    seed: { type: "string" },
  },
  run(text, values) {
    const answers = readGaborGrangerCsv(text, {
      segmentColumn: typeof values["segment-column"] === "string" ? values["segment-column"] : undefined,
      weightColumn: typeof values["weight-column"] === "string" ? values["weight-column"] : undefined,
    });
    const result = analyseGaborGranger(answers, {
      bootstrap: wholeNumber(values.bootstrap, "bootstrap", 1000),
      seed: wholeNumber(values.seed, "seed", 1),
    });
    return { json: result, table: gaborGrangerTable(result) };
  },
};

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const num = (x: number | null) => (x === null ? "–" : String(Math.round(x * 100) / 100));

/** Readable table: one block per overall/segment, one row per price. */
export function gaborGrangerTable(r: GgResult): string {
  const out: string[] = [];
  const blocks: [string, GgBlock][] = [["overall", r.overall], ...Object.entries(r.segments)];
  for (const [name, b] of blocks) {
    const iv = b.revenueMaxInterval ? ` (95% ${num(b.revenueMaxInterval[0])}–${num(b.revenueMaxInterval[1])})` : "";
    out.push(
      `${name}: ${b.respondents} respondents, revenue-maximising price ${num(b.revenueMaxPrice)}${iv}; ` +
        `${b.inconsistent} inconsistent, ${b.buyAtNoPrice} buy at no price`,
    );
    out.push("  price  demand  interval         revenue  elasticity");
    b.prices.forEach((p, j) => {
      const e = j > 0 ? num(b.elasticities[j - 1].elasticity) : "";
      const i = p.demandInterval ? `${pct(p.demandInterval[0])}–${pct(p.demandInterval[1])}` : "–";
      out.push(
        `  ${num(p.price).padStart(5)}  ${pct(p.demand).padStart(6)}  ${i.padEnd(15)}  ${num(p.revenue).padStart(7)}  ${e}`,
      );
    });
    out.push("");
  }
  return out.join("\n");
}
