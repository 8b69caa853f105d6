/**
 * Validation of a pre-registered decision rule against the study design. The app's rule
 * form calls `validateRule` and shows each issue next to its field; `assertValidRule`
 * throws an InputError (CLI exit 2) naming the first bad field.
 */
import { decisionRuleSchema, type DecisionRule } from "../studyExport.ts";
import { InputError } from "../inputError.ts";
import { describeIssue, joinPath, zodIssues, type FieldIssue } from "./issues.ts";

export interface RuleContext {
  /** Segment keys of the study. */
  segments: readonly string[];
  /** MaxDiff item labels. */
  items: readonly string[];
  /** Concept names. */
  concepts: readonly string[];
  /** Alternatives named in the competitors setup (lead criteria); absent = none. */
  competitors?: readonly string[];
  /** Value drivers rated against competitors (lead criteria); absent = none. */
  drivers?: readonly string[];
  /** Defaults from the hypothesis the rule belongs to (absent = not known: defaults are not checked). */
  hypothesis?: { items: readonly string[]; concepts: readonly string[]; targetPrice: number | null };
}

export type RuleValidation =
  | { ok: true; rule: DecisionRule; issues: [] }
  | { ok: false; rule: null; issues: FieldIssue[] };

const known = (list: readonly string[]) => (list.length ? ` (known: ${list.join(", ")})` : " (none are defined)");

export function validateRule(rule: unknown, ctx: RuleContext): RuleValidation {
  const parsed = decisionRuleSchema.safeParse(rule);
  if (!parsed.success) return { ok: false, rule: null, issues: zodIssues(parsed.error.issues) };
  const issues: FieldIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  parsed.data.criteria.forEach((c, i) => {
    const at = (field: string) => `criteria[${i}].${field}`;
    if (!ctx.segments.includes(c.segment)) add(at("segment"), `unknown segment "${c.segment}"${known(ctx.segments)}`);
    if (c.kind === "concept") {
      if (c.concept !== undefined) {
        if (!ctx.concepts.includes(c.concept))
          add(at("concept"), `unknown concept "${c.concept}"${known(ctx.concepts)}`);
      } else if (ctx.hypothesis && ctx.hypothesis.concepts.length === 0) {
        add(at("concept"), "required: the hypothesis has no linked concepts to pool");
      }
    } else if (c.kind === "valueDriver") {
      const items = c.items ?? ctx.hypothesis?.items;
      if (c.items !== undefined && c.items.length === 0) add(at("items"), "must name at least one item");
      if (c.items === undefined && ctx.hypothesis && ctx.hypothesis.items.length === 0)
        add(at("items"), "required: the hypothesis has no linked MaxDiff items");
      for (const [j, item] of (c.items ?? []).entries()) {
        if (!ctx.items.includes(item)) add(`${at("items")}[${j}]`, `unknown item "${item}"${known(ctx.items)}`);
      }
      if (c.items === undefined && ctx.hypothesis) {
        for (const item of ctx.hypothesis.items)
          if (!ctx.items.includes(item))
            add(at("items"), `the hypothesis's item "${item}" is not a MaxDiff item${known(ctx.items)}`);
      }
      if (ctx.items.length > 0 && c.topK > ctx.items.length)
        add(at("topK"), `must be at most ${ctx.items.length} (the number of MaxDiff items)`);
      if (items && items.length > c.topK)
        add(at("topK"), `must be at least ${items.length}: all ${items.length} items cannot fit in the top ${c.topK}`);
    } else if (c.kind === "lead") {
      const competitors = ctx.competitors ?? [];
      const drivers = ctx.drivers ?? [];
      if (!competitors.includes(c.competitor))
        add(at("competitor"), `unknown competitor "${c.competitor}"${known(competitors)}`);
      if (!drivers.includes(c.driver))
        add(at("driver"), `"${c.driver}" is not a value driver rated against competitors${known(drivers)}`);
    } else {
      if (c.price === undefined && ctx.hypothesis && ctx.hypothesis.targetPrice === null)
        add(at("price"), "required: the hypothesis has no target price");
      if (c.test === "notTooExpensive" && c.threshold === undefined)
        add(at("threshold"), "required for notTooExpensive (a share between 0 and 1)");
    }
  });
  return issues.length ? { ok: false, rule: null, issues } : { ok: true, rule: parsed.data, issues: [] };
}

/** validateRule that throws InputError("<prefix>criteria[0].segment: unknown segment …") on the first issue. */
export function assertValidRule(rule: unknown, ctx: RuleContext, prefix = ""): DecisionRule {
  const v = validateRule(rule, ctx);
  if (!v.ok) {
    const first = v.issues[0];
    const more = v.issues.length > 1 ? ` (and ${v.issues.length - 1} more)` : "";
    throw new InputError(`${describeIssue({ ...first, path: joinPath(prefix, first.path) })}${more}`);
  }
  return v.rule;
}
