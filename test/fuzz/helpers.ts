/**
 * Shared generators and contract checks of the parser fuzz suite (test/fuzz/*.test.ts).
 * Everything goes through runCli in-process with an in-memory file, so a property sees
 * exactly what a terminal user would: exit code, stdout, stderr.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { runCli, type CliResult } from "../../research/cli.ts";

/** One seed for the whole suite (reproducible), overridable with FUZZ_SEED=… to explore further. */
export const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 42;
fc.configureGlobal({ seed: SEED, numRuns: 150 });

/** numRuns of a property, times FUZZ_SCALE (default 1) for a longer exploratory run. */
export const runs = (n: number): number => Math.max(1, Math.round(n * Number(process.env.FUZZ_SCALE ?? 1)));

/** Runs a method on `text` (as file "in.csv") in-process. */
export function run(method: string, text: string, ...options: string[]): Promise<CliResult> {
  return runCli([method, "in.csv", ...options], () => text);
}

/** Numbers that are not finite, and strings that say NaN/Infinity/∞ although the input never did. */
function nonFiniteText(value: unknown, input: string, path = "$", out: string[] = []): string[] {
  if (typeof value === "string") {
    for (const word of ["NaN", "Infinity", "∞"])
      if (value.includes(word) && !input.includes(word)) out.push(`${path}: ${JSON.stringify(value)}`);
  } else if (typeof value === "number") {
    if (!Number.isFinite(value)) out.push(`${path}: ${value}`);
  } else if (Array.isArray(value))
    value.forEach((v, i) => {
      nonFiniteText(v, input, `${path}[${i}]`, out);
    });
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) nonFiniteText(v, input, `${path}.${k}`, out);
  return out;
}

/**
 * The CLI contract for any input: exit 0 or 2 (1 = internal error = a bug), never a throw;
 * a failure is exactly one line on stderr and nothing on stdout; with --json a success is
 * one parseable JSON document without NaN/Infinity (neither as tokens nor as formatted text).
 * Returns the parsed JSON on success (json mode) or null.
 */
export function expectContract(r: CliResult, input: string, json = true): unknown {
  expect([0, 2], `exit ${r.code}: ${r.stderr}`).toContain(r.code);
  if (r.code !== 0) {
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^research: [^\n]*\n$/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
    return null;
  }
  expect(r.stderr).toBe("");
  if (!json) {
    expect(r.stdout.endsWith("\n")).toBe(true);
    return null;
  }
  expect(r.stdout.endsWith("\n")).toBe(true);
  expect(r.stdout.slice(0, -1)).not.toContain("\n");
  const doc = JSON.parse(r.stdout) as unknown;
  expect(nonFiniteText(doc, input)).toEqual([]);
  return doc;
}

/** Line numbers an error message names ("line 7: …" or "… on line 3"). */
export function linesIn(message: string): number[] {
  return [...message.matchAll(/\bline (\d+)/g)].map((m) => Number(m[1]));
}

// ---------------------------------------------------------------------------------------
// CSV-ish text

/** Cells a hostile or sloppy spreadsheet can contain. */
export const nastyCell: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom(
    "",
    " ",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-0",
    "0x10",
    "1,5",
    "1.5",
    " 3 ",
    "+4",
    "5.0",
    "6",
    "0",
    "1",
    "2",
    "=1+1",
    "@SUM(A1)",
    "true",
    "null",
    "∞",
    "٣",
    "３",
    "１",
  ),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: "grapheme", maxLength: 6 }),
  fc.constantFrom('"', '""', 'a"b', "a,b", "a\nb", "a\r\nb", "\ufeff", "\u0000", "x\ty"),
);

/** A cell written to a CSV line: usually RFC 4180-quoted when needed, sometimes raw (malformed). */
function writeCell(cell: string, quoteMode: number): string {
  if (quoteMode === 0) return cell; // raw, possibly broken CSV
  if (quoteMode === 2 || /[",\r\n]/.test(cell)) return `"${cell.replace(/"/g, '""')}"`;
  return cell;
}

export interface CsvShape {
  header: string[];
  rows: string[][];
}

/** Joins header and rows into a file, with the given line ending, optional BOM and trailing newline. */
export function toCsv(
  shape: CsvShape,
  opts: { eol?: string; bom?: boolean; trailing?: boolean; quoteMode?: number } = {},
): string {
  const eol = opts.eol ?? "\n";
  const q = opts.quoteMode ?? 1;
  const lines = [shape.header, ...shape.rows].map((cells) => cells.map((c) => writeCell(c, q)).join(","));
  return `${opts.bom ? "\ufeff" : ""}${lines.join(eol)}${opts.trailing ? eol : ""}`;
}

export const fileStyle = fc.record({
  eol: fc.constantFrom("\n", "\r\n"),
  bom: fc.boolean(),
  trailing: fc.boolean(),
  quoteMode: fc.constantFrom(0, 1, 1, 1, 2),
});

/** Random casing of a header name ("Too_Cheap"). */
const casing = (name: string) =>
  fc
    .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
    .map((up) => [...name].map((ch, i) => (up[i] ? ch.toUpperCase() : ch)).join(""));

/**
 * CSV-ish text for a method: a header drawn from the real column names (random case,
 * order, some dropped or doubled) plus junk columns; rows of nasty cells with a random
 * (mostly matching) number of cells; random line ending, BOM, quoting.
 */
export function csvishText(columns: readonly string[]): fc.Arbitrary<string> {
  const headerName = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...columns).chain(casing) },
    {
      weight: 1,
      arbitrary: fc.oneof(fc.constantFrom("respondent", "id", "weight", "", " segment "), fc.string({ maxLength: 5 })),
    },
  );
  return fc
    .record({
      header: fc.oneof(
        fc.shuffledSubarray([...columns], { minLength: columns.length }).chain((cs) => fc.tuple(...cs.map(casing))),
        fc.array(headerName, { minLength: 1, maxLength: columns.length + 3 }),
      ),
      nRows: fc.nat({ max: 6 }),
      style: fileStyle,
    })
    .chain(({ header, nRows, style }) =>
      fc
        .array(
          fc.oneof(
            { weight: 8, arbitrary: fc.array(nastyCell, { minLength: header.length, maxLength: header.length }) },
            { weight: 1, arbitrary: fc.array(nastyCell, { maxLength: header.length + 2 }) },
          ),
          { minLength: nRows, maxLength: nRows },
        )
        .map((rows) => toCsv({ header: [...header], rows }, style)),
    );
}

/** Arbitrary text: unicode strings, plus strings over CSV's special characters. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(",", '"', "\n", "\r", "\ufeff", "a", "1", "-", ".", " "), maxLength: 120 }),
);

export const shuffled = <T>(xs: readonly T[]): fc.Arbitrary<T[]> =>
  fc.shuffledSubarray([...xs], { minLength: xs.length, maxLength: xs.length });
