/** Field-level messages from zod issues: `respondents[3].price.cheap: must be ≥ 0`. */
import type { ZodIssue } from "zod";

export interface FieldIssue {
  /** Dotted path with [index] for arrays, e.g. "criteria[0].threshold"; "" for the whole value. */
  path: string;
  message: string;
}

export function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out;
}

export function joinPath(prefix: string, path: string): string {
  if (!prefix) return path;
  if (!path) return prefix;
  return path.startsWith("[") ? `${prefix}${path}` : `${prefix}.${path}`;
}

/** A short message for a zod issue; custom messages (e.g. "must be between 0 and 1") are kept. */
export function issueMessage(issue: ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.expected === "integer") return "must be a whole number";
      return issue.received === "undefined" ? "required" : `expected ${issue.expected}, got ${issue.received}`;
    case "too_small":
      if (/^(Number|String|Array) must/.test(issue.message)) {
        const m = Number(issue.minimum);
        if (issue.type === "number") return `must be ${issue.inclusive ? "≥" : ">"} ${m}`;
        if (issue.type === "string") return m <= 1 ? "must not be empty" : `must have at least ${m} characters`;
        if (issue.type === "array") return `must have at least ${m} entr${m === 1 ? "y" : "ies"}`;
      }
      return issue.message;
    case "too_big":
      if (/^(Number|String|Array) must/.test(issue.message)) {
        const m = Number(issue.maximum);
        if (issue.type === "number") return `must be ${issue.inclusive ? "≤" : "<"} ${m}`;
        if (issue.type === "array") return `must have at most ${m} entries`;
      }
      return issue.message;
    case "not_finite":
      return "must be a finite number";
    case "invalid_enum_value":
      return `must be one of ${issue.options.join(", ")} (got ${JSON.stringify(issue.received)})`;
    case "invalid_literal":
      return `must be ${JSON.stringify(issue.expected)}`;
    case "invalid_union_discriminator":
      return `must be one of ${issue.options.map(String).join(", ")}`;
    default:
      return issue.message;
  }
}

export function zodIssues(issues: readonly ZodIssue[], prefix = ""): FieldIssue[] {
  return issues.map((i) => ({ path: joinPath(prefix, formatPath(i.path)), message: issueMessage(i) }));
}

export function describeIssue(i: FieldIssue): string {
  return i.path ? `${i.path}: ${i.message}` : i.message;
}
