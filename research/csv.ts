/**
 * CSV input shared by every research method (see docs/research-cli.md): RFC 4180 via
 * csv-parse, UTF-8 with or without BOM, columns matched by header name case-insensitively
 * in any order, extra columns ignored. Line numbers are 1-based with the header on line 1.
 */
import { parse } from "csv-parse/sync";
import { InputError } from "./inputError.ts";

export interface CsvRow {
  /** 1-based line of the record in the file (header = 1). */
  line: number;
  /** Cell of a wanted column (by its canonical lower-case name), or undefined if the column is absent. */
  get(column: string): string | undefined;
}

export interface CsvTable {
  /** Canonical names of the wanted columns present in the header. */
  columns: Set<string>;
  rows: CsvRow[];
}

export interface CsvSpec {
  required: readonly string[];
  optional?: readonly string[];
}

export function readCsv(text: string, spec: CsvSpec): CsvTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") throw new InputError("the file is empty");
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: false, skip_empty_lines: true, trim: true });
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    throw new InputError(`not a valid CSV file (${(err.message ?? "parse error").replace(/\s+/g, " ")})`, err.lines);
  }
  if (records.length === 0) throw new InputError("the file is empty");
  const header = records[0].map((h) => h.trim().toLowerCase());
  const index = new Map<string, number>();
  const wanted = [...spec.required, ...(spec.optional ?? [])].map((c) => c.toLowerCase());
  for (const name of wanted) {
    const at = header.indexOf(name);
    if (at >= 0) index.set(name, at);
  }
  const missing = spec.required.filter((c) => !index.has(c.toLowerCase()));
  if (missing.length > 0) {
    throw new InputError(
      `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (header: ${header.join(",")})`,
      1,
    );
  }
  if (records.length === 1) throw new InputError("the file has a header but no data rows");
  // csv-parse skips blank lines, so count physical lines ourselves only when needed: for
  // plain files (no quoted newlines) the record index + 1 is the line number.
  const lineOf = physicalLines(text, records.length);
  const rows: CsvRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const cells = records[r];
    rows.push({
      line: lineOf[r],
      get: (column: string) => {
        const at = index.get(column.toLowerCase());
        return at === undefined ? undefined : cells[at];
      },
    });
  }
  return { columns: new Set(index.keys()), rows };
}

/** Line on which each record starts, accounting for blank lines and quoted newlines. */
function physicalLines(text: string, count: number): number[] {
  const starts: number[] = [];
  let line = 1;
  let inQuotes = false;
  let atRecordStart = true;
  for (let i = 0; i < text.length && starts.length < count; i++) {
    const ch = text.charCodeAt(i);
    if (atRecordStart) {
      if (ch === 10 || ch === 13) {
        if (ch === 10) line++;
        continue;
      }
      starts.push(line);
      atRecordStart = false;
    }
    if (ch === 34) inQuotes = !inQuotes;
    else if (ch === 10) {
      line++;
      if (!inQuotes) atRecordStart = true;
    }
  }
  while (starts.length < count) starts.push(line);
  return starts;
}

/** A finite number from a cell; `what` names the column in the error. */
export function numberCell(row: CsvRow, column: string, opts: { min?: number; integer?: boolean } = {}): number {
  const raw = row.get(column);
  if (raw === undefined || raw === "") throw new InputError(`${column} is empty`, row.line);
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new InputError(`${column} is not a number: "${truncate(raw)}"`, row.line);
  if (opts.integer && !Number.isInteger(value))
    throw new InputError(`${column} must be a whole number: "${truncate(raw)}"`, row.line);
  if (opts.min !== undefined && value < opts.min)
    throw new InputError(`${column} must be at least ${opts.min}: "${truncate(raw)}"`, row.line);
  return value;
}

/** Like numberCell, but an empty or absent cell gives null. */
export function optionalNumberCell(
  row: CsvRow,
  column: string,
  opts: { min?: number; integer?: boolean } = {},
): number | null {
  const raw = row.get(column);
  if (raw === undefined || raw === "") return null;
  return numberCell(row, column, opts);
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
