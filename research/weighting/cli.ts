/**
 * `research rake <respondents.csv> --targets <targets.json> [--trim lo,hi] [--json]`
 * The CSV has a respondent column and one column per targeted variable (other columns ignored);
 * targets.json maps each variable to its category shares, e.g. {"segment":{"tech":0.3,"other":0.7}}.
 */
import { z } from "zod";
import type { MethodCommand } from "../cliTypes.ts";
import { readCsv } from "../csv.ts";
import { InputError } from "../inputError.ts";
import { rake, type RakeRespondent, type RakeResult, type RakeTargets } from "./rake.ts";

const targetsSchema = z.record(z.string(), z.record(z.string(), z.number()));

/** Parses targets JSON text; throws InputError with a one-line reason. */
export function parseTargets(text: string, name: string): RakeTargets {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${name} is not valid JSON (${(e as Error).message.split("\n")[0]})`);
  }
  const parsed = targetsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${name}: expected {"variable":{"category":share}} (${issue.path.join(".") || "top level"}: ${issue.message})`,
    );
  }
  return parsed.data;
}

/** Reads respondents with the targeted variables; an unknown (absent) column is bad input. */
export function readRakeCsv(text: string, variables: readonly string[]): RakeRespondent[] {
  const lower = variables.map((v) => v.toLowerCase());
  const table = readCsv(text, { required: ["respondent"], optional: lower });
  const missing = variables.filter((_, k) => !table.columns.has(lower[k]));
  if (missing.length > 0) throw new InputError(`unknown column ${missing.join(", ")} (named in the targets)`, 1);
  const seen = new Set<string>();
  return table.rows.map((row) => {
    const respondent = (row.get("respondent") ?? "").trim();
    if (!respondent) throw new InputError("respondent is empty", row.line);
    if (seen.has(respondent)) throw new InputError(`respondent ${respondent} appears twice`, row.line);
    seen.add(respondent);
    return {
      respondent,
      values: Object.fromEntries(variables.map((v, k) => [v, (row.get(lower[k]) ?? "").trim()])),
      line: row.line,
    };
  });
}

function parseTrim(raw: string | boolean | undefined): [number, number] | null {
  if (raw === undefined || typeof raw === "boolean") return null;
  const parts = raw.split(",").map((s) => Number(s.trim()));
  if (parts.length !== 2 || !parts.every(Number.isFinite))
    throw new InputError(`--trim must be lo,hi, e.g. 0.3,3 (got "${raw}")`);
  return [parts[0], parts[1]];
}

export const command: MethodCommand = {
  usage: "rake <respondents.csv> --targets <targets.json> [--trim lo,hi] [--json]",
  options: { targets: { type: "string" }, trim: { type: "string" } },
  run(text, values, readFile) {
    const file = values.targets;
    if (typeof file !== "string") throw new InputError("--targets <targets.json> is required");
    let targetsText: string;
    try {
      targetsText = (readFile ?? (() => ""))(file);
    } catch (e) {
      throw new InputError(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? "error"})`);
    }
    const targets = parseTargets(targetsText, file);
    const respondents = readRakeCsv(text, Object.keys(targets));
    const result = rake(respondents, targets, { trim: parseTrim(values.trim) });
    return { json: result, table: rakeTable(result) };
  },
};

export function rakeTable(r: RakeResult): string {
  const f = (x: number | null) => (x === null ? "–" : String(Math.round(x * 1000) / 1000));
  const out = [
    `Raking: ${r.respondents} respondents, ${r.iterations} iterations, ${r.converged ? "converged" : "NOT converged"}; ` +
      `design effect ${f(r.designEffect)}, effective n ${f(r.effectiveN)}`,
    "",
    "Margins (weighted share):",
    ...Object.entries(r.margins).flatMap(([v, cats]) =>
      Object.entries(cats).map(([c, s]) => `  ${v} = ${c}: ${(100 * s).toFixed(2)}%`),
    ),
    "",
    "respondent  weight",
    ...r.weights.map((w) => `${w.respondent}  ${f(w.weight)}`),
  ];
  return out.join("\n");
}
