/**
 * The decision-rule form: rows named like the rule they build (`criteria[0].kind`, `criteria[0].segment`, …), so
 * an issue at `criteria[0].segment` — from the row schema or from research's validateRule — is shown by the field
 * of that name. One exception: a price row's threshold is typed as a share in `criteria[i].share` (a row has a
 * concept threshold and a price share input at once, so they cannot share a name); its errors are keyed
 * `criteria[i].threshold` like the rule's and RuleForm shows them next to the share input of a price row.
 * Shared by the server (parses) and the browser (renders); no database here.
 */
import type { Criterion, DecisionRule } from "../../research/studyExport.ts";
import type { FieldErrors } from "../forms.ts";
import { criterionRowSchema } from "./builderSchemas.ts";
import { CONFIDENCE_LEVELS, MAX_CRITERIA } from "./rules.ts";

/** The form field of criterion row `row`, e.g. ruleField(0, "segment") = "criteria[0].segment". */
export const ruleField = (row: number, field: string) => `criteria[${row}].${field}`;

export type RuleFormResult = { ok: true; rule: DecisionRule; rows: number[] } | { ok: false; errors: FieldErrors };

/** The rule form's rows → a DecisionRule (blank rows skipped; `rows[k]` = the form row of criterion k), or errors. */
export function parseRuleForm(formData: FormData): RuleFormResult {
  const errors: FieldErrors = {};
  const criteria: Criterion[] = [];
  const rows: number[] = [];
  const confidence = Number(formData.get("confidence"));
  if (!CONFIDENCE_LEVELS.includes(confidence as (typeof CONFIDENCE_LEVELS)[number]))
    errors.confidence = "Pick a confidence level.";
  for (let i = 0; i < MAX_CRITERIA; i++) {
    const get = (f: string) => {
      const v = formData.get(ruleField(i, f));
      return typeof v === "string" ? v : undefined;
    };
    const kind = get("kind");
    if (!kind) continue;
    const raw = {
      kind,
      segment: get("segment") ?? "",
      metric: get("metric") ?? "purchase_intent",
      threshold: kind === "price" ? get("share") : get("threshold"),
      concept: get("concept") || undefined,
      topK: get("topK"),
      items: formData.getAll(ruleField(i, "items")).filter((x): x is string => typeof x === "string" && x !== ""),
      test: get("test"),
      price: get("price"),
      competitor: get("competitor") ?? "",
      driver: get("driver") ?? "",
      margin: get("margin"),
    };
    const parsed = criterionRowSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "kind");
        const key = ruleField(i, field);
        if (!(key in errors)) errors[key] = field === "kind" ? "Pick a kind of criterion." : issue.message;
      }
      continue;
    }
    const c = parsed.data;
    rows.push(i);
    if (c.kind === "concept")
      criteria.push({
        kind: "concept",
        segment: c.segment,
        metric: c.metric,
        threshold: c.threshold / 100,
        ...(c.concept ? { concept: c.concept } : {}),
      });
    else if (c.kind === "valueDriver")
      criteria.push({
        kind: "valueDriver",
        segment: c.segment,
        topK: c.topK,
        ...(c.items.length ? { items: c.items } : {}),
      });
    else if (c.kind === "lead")
      criteria.push({
        kind: "lead",
        segment: c.segment,
        competitor: c.competitor,
        driver: c.driver,
        ...(c.margin ? { margin: c.margin } : {}),
      });
    else {
      if (c.test === "notTooExpensive" && c.threshold === undefined) {
        errors[ruleField(i, "threshold")] = "Enter the share (%) that must not find the price too expensive.";
        continue;
      }
      criteria.push({
        kind: "price",
        segment: c.segment,
        test: c.test,
        ...(c.price !== undefined ? { price: c.price } : {}),
        ...(c.test === "notTooExpensive" && c.threshold !== undefined ? { threshold: c.threshold / 100 } : {}),
      });
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  if (criteria.length === 0)
    return { ok: false, errors: { form: "Add at least one criterion: pick its kind in the first row." } };
  return { ok: true, rule: { confidence, criteria }, rows };
}

/**
 * Errors keyed by rule path (`criteria[k].items[2]`) → keyed by form field (`criteria[rows[k]].items`). With no
 * blank rows between criteria `rows[k]` is k and the key is the path itself; an item's index is dropped because
 * the item checkboxes share one error.
 */
export function rowErrors(errors: FieldErrors, rows: readonly number[]): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    let key = path;
    rows.forEach((row, k) => {
      const prefix = ruleField(k, "");
      if (!path.startsWith(prefix)) return;
      const field = path.slice(prefix.length);
      const index = field.indexOf("[");
      key = ruleField(row, index === -1 ? field : field.slice(0, index));
    });
    if (!(key in out)) out[key] = message;
  }
  return out;
}
