/** Fuzzing the validators the app shares with the CLI: validateTask / validateTasks (MaxDiff answers) and validateRule (decision rules). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateRule, type RuleContext } from "../../research/hypotheses/validateRule.ts";
import { InputError } from "../../research/inputError.ts";
import { validateTask, validateTasks } from "../../research/maxdiff/tasks.ts";
import type { MaxDiffTask } from "../../research/maxdiff/types.ts";
import { runs } from "./helpers.ts";

const POOL = ["SSO", "API", "Reports", "", " ", "sso", "SSO "];
const KNOWN = ["SSO", "API", "Reports", "sso"];

/** Mostly-plausible tasks with every field sometimes of the wrong type. */
const odd = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);
const looseTask: fc.Arbitrary<MaxDiffTask> = fc
  .record({
    respondent: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom("r1", "r2", "", "  ", "\t") },
      { weight: 1, arbitrary: odd },
    ),
    segment: fc.oneof(fc.constantFrom(null, "tech", "re"), odd),
    task: fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: -2, max: 5 }) },
      { weight: 2, arbitrary: fc.constantFrom(1.5, NaN, Infinity, -0, 1e21) },
      { weight: 1, arbitrary: odd },
    ),
    shown: fc.oneof(
      { weight: 10, arbitrary: fc.array(fc.constantFrom(...POOL), { maxLength: 5 }) },
      { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom(...POOL), odd), { maxLength: 4 }) },
      { weight: 1, arbitrary: odd },
    ),
    best: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...POOL) }, { weight: 1, arbitrary: odd }),
    worst: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...POOL) }, { weight: 1, arbitrary: odd }),
  })
  .map((t) => t as unknown as MaxDiffTask);

/** What a valid task is, written independently of validateTask. */
function isValidTask(t: MaxDiffTask, known?: readonly string[]): boolean {
  return (
    typeof t.respondent === "string" &&
    t.respondent.trim() !== "" &&
    Number.isInteger(t.task) &&
    Array.isArray(t.shown) &&
    t.shown.length >= 2 &&
    t.shown.every((s) => typeof s === "string" && s.trim() !== "" && (!known || known.includes(s))) &&
    new Set(t.shown).size === t.shown.length &&
    typeof t.best === "string" &&
    typeof t.worst === "string" &&
    t.shown.includes(t.best) &&
    t.shown.includes(t.worst) &&
    t.best !== t.worst
  );
}

/** Calls fn; returns its value or the InputError it threw (any other throw fails the property). */
function outcome<T>(fn: () => T): { ok: true; value: T } | { ok: false; error: InputError } {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(InputError);
    expect((e as Error).message).not.toContain("\n");
    return { ok: false, error: e as InputError };
  }
}

describe("validateTask fuzz", () => {
  it("accepts exactly the valid tasks (never duplicates, never best = worst), otherwise throws an InputError", () => {
    fc.assert(
      fc.property(looseTask, fc.boolean(), (task, withKnown) => {
        const known = withKnown ? KNOWN : undefined;
        const r = outcome(() => validateTask(task, known));
        expect(r.ok, JSON.stringify(task)).toBe(isValidTask(task, known));
        if (r.ok) {
          expect(r.value.best).not.toBe(r.value.worst);
          expect(new Set(r.value.shown).size).toBe(r.value.shown.length);
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it("a valid task with one rule broken (duplicate item, best = worst, best not shown, non-integer task) is rejected", () => {
    const validTask = fc.shuffledSubarray(["A", "B", "C", "D", "E"], { minLength: 2 }).chain((shown) =>
      fc
        .record({
          task: fc.integer({ min: 1, max: 50 }),
          b: fc.nat({ max: shown.length - 1 }),
          d: fc.integer({ min: 1, max: shown.length - 1 }),
        })
        .map(({ task, b, d }) => ({
          respondent: "r1",
          segment: null,
          task,
          shown,
          best: shown[b],
          worst: shown[(b + d) % shown.length],
        })),
    );
    fc.assert(
      fc.property(
        validTask,
        fc.constantFrom("duplicate", "bestIsWorst", "bestNotShown", "worstNotShown", "taskNotInteger", "oneItem"),
        (task: MaxDiffTask, kind) => {
          expect(validateTask(task)).toBe(task);
          const t = structuredClone(task);
          if (kind === "duplicate") t.shown = [...t.shown, t.shown[0]];
          if (kind === "bestIsWorst") t.worst = t.best;
          if (kind === "bestNotShown") t.best = "Z";
          if (kind === "worstNotShown") t.worst = "Z";
          if (kind === "taskNotInteger") t.task = t.task + 0.5;
          if (kind === "oneItem") t.shown = [t.best];
          expect(() => validateTask(t)).toThrow(InputError);
        },
      ),
      { numRuns: runs(200) },
    );
  });

  it("validateTasks: a returned size means every task is valid, of that size, one segment per respondent, no task twice", () => {
    fc.assert(
      fc.property(fc.array(looseTask, { maxLength: 6 }), (tasks) => {
        const r = outcome(() => validateTasks(tasks));
        if (!r.ok) return;
        expect(tasks.length).toBeGreaterThan(0);
        const keys = new Set<string>();
        const seg = new Map<string, unknown>();
        for (const t of tasks) {
          expect(isValidTask(t)).toBe(true);
          expect(t.shown).toHaveLength(r.value);
          const key = `${t.respondent}\u0000${t.task}`;
          expect(keys.has(key)).toBe(false);
          keys.add(key);
          if (seg.has(t.respondent)) expect(seg.get(t.respondent)).toBe(t.segment ?? null);
          seg.set(t.respondent, t.segment ?? null);
        }
      }),
      { numRuns: runs(300) },
    );
  });
});

// ---------------------------------------------------------------------------------------

const CTX: RuleContext = {
  segments: ["tech", "real_estate"],
  items: ["SSO", "API", "Reports"],
  concepts: ["Tenant CRM"],
};
const HYP = { items: ["SSO"], concepts: ["Tenant CRM"], targetPrice: 40 };

const number = fc.oneof(
  fc.constantFrom(
    0,
    1,
    -0,
    0.5,
    0.95,
    1.0000001,
    -0.1,
    2,
    3,
    5,
    NaN,
    Infinity,
    -Infinity,
    Number.parseFloat("1e400"),
    0.5000001,
  ),
  fc.double(),
  fc.integer({ min: -3, max: 6 }),
);
const criterion = fc.record(
  {
    kind: fc.oneof(fc.constantFrom("concept", "valueDriver", "price"), fc.string({ maxLength: 3 })),
    segment: fc.oneof(fc.constantFrom("tech", "real_estate", "", " tech", "Tech", "martians"), odd),
    metric: fc.oneof(fc.constantFrom("appeal", "purchase_intent", "nope")),
    threshold: fc.oneof(number, odd),
    concept: fc.oneof(fc.constantFrom("Tenant CRM", "Nope", ""), odd),
    topK: fc.oneof(number, odd),
    items: fc.oneof(fc.array(fc.constantFrom("SSO", "API", "Reports", "Nope", ""), { maxLength: 4 }), odd),
    test: fc.oneof(fc.constantFrom("inAcceptableRange", "notTooExpensive", "cheap"), odd),
    price: fc.oneof(number, odd),
  },
  { requiredKeys: ["kind"] },
);
const rule = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        confidence: fc.oneof(number, odd),
        criteria: fc.oneof(
          { weight: 6, arbitrary: fc.array(criterion, { maxLength: 3 }) },
          { weight: 1, arbitrary: odd },
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.anything() },
);

describe("validateRule fuzz", () => {
  it("never throws; ok only for a rule whose segments are known and thresholds within [0,1]", () => {
    fc.assert(
      fc.property(rule, fc.boolean(), (input, withHypothesis) => {
        const ctx = withHypothesis ? { ...CTX, hypothesis: HYP } : CTX;
        const v = validateRule(input, ctx);
        if (!v.ok) {
          expect(v.rule).toBeNull();
          expect(v.issues.length).toBeGreaterThan(0);
          for (const i of v.issues) expect(typeof i.message === "string" && i.message !== "").toBe(true);
          return;
        }
        const r = v.rule;
        expect(r.confidence > 0.5 && r.confidence < 1).toBe(true);
        for (const c of r.criteria) {
          expect(CTX.segments).toContain(c.segment);
          if (c.kind === "concept") {
            expect(c.threshold >= 0 && c.threshold <= 1).toBe(true);
            if (c.concept !== undefined) expect(CTX.concepts).toContain(c.concept);
          } else if (c.kind === "valueDriver") {
            expect(Number.isInteger(c.topK) && c.topK >= 1 && c.topK <= CTX.items.length).toBe(true);
            for (const it of c.items ?? []) expect(CTX.items).toContain(it);
            expect((c.items ?? (withHypothesis ? HYP.items : [])).length).toBeLessThanOrEqual(c.topK);
          } else if (c.kind === "price") {
            expect(["inAcceptableRange", "notTooExpensive"]).toContain(c.test);
            if (c.threshold !== undefined) expect(c.threshold >= 0 && c.threshold <= 1).toBe(true);
            if (c.test === "notTooExpensive") expect(c.threshold).toBeDefined();
            if (c.price !== undefined) expect(Number.isFinite(c.price) && c.price >= 0).toBe(true);
          }
        }
        // The normalized rule is itself valid (idempotent).
        expect(validateRule(r, ctx)).toEqual(v);
      }),
      { numRuns: runs(300) },
    );
  });

  it("a valid rule with one criterion broken (threshold outside [0,1], unknown segment, bad topK, unknown item) is rejected naming the field", () => {
    const base = {
      confidence: 0.9,
      criteria: [
        { kind: "concept", segment: "tech", metric: "purchase_intent", threshold: 0.5 },
        { kind: "valueDriver", segment: "real_estate", topK: 2, items: ["SSO"] },
        { kind: "price", segment: "tech", test: "notTooExpensive", price: 30, threshold: 0.6 },
      ],
    };
    expect(validateRule(base, { ...CTX, hypothesis: HYP }).ok).toBe(true);
    const brk = fc.oneof(
      fc.record({
        c: fc.constantFrom(0, 2),
        field: fc.constant("threshold"),
        value: fc.oneof(
          fc.double({ min: 1, minExcluded: true, noNaN: true }),
          fc.double({ max: -Number.MIN_VALUE, noNaN: true }),
          fc.constantFrom(NaN, Infinity, "0.5", null),
        ),
      }),
      fc.record({
        c: fc.constantFrom(0, 1, 2),
        field: fc.constant("segment"),
        value: fc.oneof(
          fc.string({ maxLength: 5 }).filter((s) => !CTX.segments.includes(s.trim())),
          fc.constantFrom("Tech", "martians", 1),
        ),
      }),
      fc.record({
        c: fc.constant(1),
        field: fc.constant("topK"),
        value: fc.constantFrom(0, -1, 1.5, 4, NaN, Infinity, "2"),
      }),
      fc.record({
        c: fc.constant(1),
        field: fc.constant("items"),
        value: fc.constantFrom(["Nope"], [], ["SSO", "API", "Reports"], "SSO"),
      }),
      fc.record({ c: fc.constant(2), field: fc.constant("price"), value: fc.constantFrom(-1, NaN, Infinity, "30") }),
    );
    fc.assert(
      fc.property(brk, ({ c, field, value }) => {
        const rule = structuredClone(base) as { criteria: Record<string, unknown>[] };
        rule.criteria[c][field] = value;
        const v = validateRule(rule, { ...CTX, hypothesis: HYP });
        expect(v.ok, `${field} = ${String(value)} accepted`).toBe(false);
        expect(v.issues.map((i) => i.path).some((p) => p.startsWith(`criteria[${c}]`))).toBe(true);
      }),
      { numRuns: runs(200) },
    );
  });
});
