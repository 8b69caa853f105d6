/**
 * `research van-westendorp <file.csv> [--segment-column segment] [--weight-column weight]
 *  [--interpolate] [--bootstrap N] [--seed S] [--currency USD] [--json]`
 * Input columns (any order, any case): too_cheap, cheap, expensive, too_expensive, optional
 * pi_cheap, pi_expensive (1–5), segment and weight. An empty price cell is a missing answer
 * (the respondent is excluded and counted); a negative or non-numeric one is bad input.
 */
import type { MethodCommand } from "../cliTypes.ts";
import { numberCell, optionalNumberCell, readCsv } from "../csv.ts";
import { InputError } from "../inputError.ts";
import { analyseVanWestendorpColumns } from "./analyse.ts";
import { formatPrice } from "./compare.ts";
import type { VwBlock, VwColumns, VwInterval, VwOptions, VwResult } from "./types.ts";

const PRICE_COLUMNS = ["too_cheap", "cheap", "expensive", "too_expensive"] as const;

/** Parses the CSV text into columns; throws InputError naming the line for bad cells. */
export function readVanWestendorpCsv(
  text: string,
  opts: { segmentColumn?: string; weightColumn?: string } = {},
): VwColumns {
  const segCol = (opts.segmentColumn ?? "segment").toLowerCase();
  const weightCol = (opts.weightColumn ?? "weight").toLowerCase();
  const table = readCsv(text, { required: PRICE_COLUMNS, optional: ["pi_cheap", "pi_expensive", segCol, weightCol] });
  if (opts.segmentColumn !== undefined && !table.columns.has(segCol))
    throw new InputError(`missing column ${segCol} (given with --segment-column)`, 1);
  if (opts.weightColumn !== undefined && !table.columns.has(weightCol))
    throw new InputError(`missing column ${weightCol} (given with --weight-column)`, 1);
  const hasPiC = table.columns.has("pi_cheap"),
    hasPiE = table.columns.has("pi_expensive");
  if (hasPiC !== hasPiE)
    throw new InputError(
      `column ${hasPiC ? "pi_cheap" : "pi_expensive"} needs column ${hasPiC ? "pi_expensive" : "pi_cheap"} too`,
      1,
    );
  const hasSeg = table.columns.has(segCol),
    hasWeight = table.columns.has(weightCol);
  const n = table.rows.length;
  const prices = PRICE_COLUMNS.map(() => new Float64Array(n));
  const piCheap = hasPiC ? new Float64Array(n) : null;
  const piExpensive = hasPiE ? new Float64Array(n) : null;
  const weight = hasWeight ? new Float64Array(n) : null;
  const segment = hasSeg ? new Int32Array(n) : null;
  const segmentNames: string[] = [];
  const segmentIndex = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const row = table.rows[i];
    for (let q = 0; q < 4; q++) prices[q][i] = optionalNumberCell(row, PRICE_COLUMNS[q], { min: 0 }) ?? NaN;
    if (piCheap && piExpensive) {
      piCheap[i] = purchaseIntentCell(row, "pi_cheap");
      piExpensive[i] = purchaseIntentCell(row, "pi_expensive");
    }
    if (weight) {
      const w = numberCell(row, weightCol);
      if (!(w > 0)) throw new InputError(`${weightCol} must be positive: "${row.get(weightCol)}"`, row.line);
      weight[i] = w;
    }
    if (segment) {
      const name = row.get(segCol) ?? "";
      if (name === "") segment[i] = -1;
      else {
        let k = segmentIndex.get(name);
        if (k === undefined) {
          k = segmentNames.length;
          segmentIndex.set(name, k);
          segmentNames.push(name);
        }
        segment[i] = k;
      }
    }
  }
  return {
    tooCheap: prices[0],
    cheap: prices[1],
    expensive: prices[2],
    tooExpensive: prices[3],
    piCheap,
    piExpensive,
    weight,
    segment,
    segmentNames,
  };
}

function purchaseIntentCell(row: Parameters<typeof numberCell>[0], column: string): number {
  const v = optionalNumberCell(row, column, { integer: true });
  if (v === null) return NaN;
  if (v < 1 || v > 5)
    throw new InputError(`${column} must be a whole number from 1 to 5: "${row.get(column)}"`, row.line);
  return v;
}

function wholeNumberOption(raw: string | boolean | undefined, name: string, fallback: number, min: number): number {
  if (raw === undefined || typeof raw === "boolean") return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min)
    throw new InputError(`--${name} must be a whole number ≥ ${min} (got "${raw}")`);
  return Number(raw);
}

export const command: MethodCommand = {
  usage:
    "van-westendorp <file.csv> [--segment-column segment] [--weight-column weight] [--interpolate] [--bootstrap N] [--seed S] [--currency USD] [--json]",
  options: {
    "segment-column": { type: "string" },
    "weight-column": { type: "string" },
    interpolate: { type: "boolean" },
    bootstrap: { type: "string" },
    seed: { type: "string" },
    currency: { type: "string" },
  },
  run(text, values) {
    const options: VwOptions = {
      interpolate: values.interpolate === true,
      bootstrap: wholeNumberOption(values.bootstrap, "bootstrap", 0, 0),
      seed: wholeNumberOption(values.seed, "seed", 1, 0),
      currency: typeof values.currency === "string" ? values.currency : undefined,
    };
    const cols = readVanWestendorpCsv(text, {
      segmentColumn: typeof values["segment-column"] === "string" ? values["segment-column"] : undefined,
      weightColumn: typeof values["weight-column"] === "string" ? values["weight-column"] : undefined,
    });
    const result = analyseVanWestendorpColumns(cols, options);
    if (result.overall.nValid === 0) {
      const { notOrdered, missing } = result.overall.invalid;
      throw new InputError(
        `no valid respondent (need too_cheap < cheap < expensive < too_expensive; ${notOrdered} not ordered, ${missing} with a missing price)`,
      );
    }
    return { json: result, table: formatTable(result, options.currency) };
  },
};

/** Readable table: one row per block, then intervals and the comparison sentences. */
export function formatTable(result: VwResult, currency?: string): string {
  const blocks: [string, VwBlock][] = [["overall", result.overall], ...Object.entries(result.segments)];
  const p = (x: number | null) => (x === null ? "–" : formatPrice(x, currency));
  const iv = (i: VwInterval | null | undefined) => (i ? `${p(i[0])}–${p(i[1])}` : "–");
  const header = [
    "block",
    "n",
    "valid",
    "PMC",
    "OPP",
    "IPP",
    "PME",
    "PMC 95%",
    "OPP 95%",
    "IPP 95%",
    "PME 95%",
    "trial-opt",
    "revenue-opt",
  ];
  const rows = blocks.map(([name, b]) => [
    name,
    String(b.n),
    String(b.nValid),
    p(b.pmc),
    p(b.opp),
    p(b.ipp),
    p(b.pme),
    iv(b.intervals?.pmc),
    iv(b.intervals?.opp),
    iv(b.intervals?.ipp),
    iv(b.intervals?.pme),
    p(b.nms?.trialOptimal ?? null),
    p(b.nms?.revenueOptimal ?? null),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join("  ")
      .trimEnd();
  const o = result.overall;
  const out = [
    `Van Westendorp price sensitivity: ${o.nValid} of ${o.n} respondents valid (excluded: ${o.invalid.notOrdered} not ordered, ${o.invalid.missing} with a missing price)`,
    "",
    line(header),
    ...rows.map(line),
  ];
  if (result.comparisons.length > 0)
    out.push("", "Acceptable ranges (PMC–PME) by segment:", ...result.comparisons.map((c) => `- ${c.text}`));
  return out.join("\n");
}
