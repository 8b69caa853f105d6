import { describe, expect, it } from "vitest";
import type { ConceptRating } from "../../../research/conceptTest/analyse.ts";
import {
  assertValidRule,
  combineVerdicts,
  evaluateAcceptableRangeCriterion,
  evaluateConceptCriterion,
  evaluateHypothesis,
  evaluateNotTooExpensiveCriterion,
  evaluateValueDriverCriterion,
  validateRule,
  wilsonSampleSizeToSettle,
  type UtilityBlockInput,
} from "../../../research/hypotheses/index.ts";
import { InputError } from "../../../research/inputError.ts";
import { wilsonInterval } from "../../../research/stats/index.ts";

function ratings(segment: string, concept: string, n: number, top2: number, start = 0): ConceptRating[] {
  return Array.from({ length: n }, (_, i) => {
    const v = i < top2 ? 5 : 2;
    return {
      respondent: `${segment}${start + i}`,
      segment,
      concept,
      appeal: 3,
      relevance: 3,
      uniqueness: 3,
      believability: 3,
      purchase_intent: v,
    };
  });
}

const conceptC = (segment: string) => ({
  segment,
  metric: "purchase_intent" as const,
  threshold: 0.5,
  concepts: ["X"],
});

describe("concept criterion", () => {
  it("validated, invalidated and inconclusive from constructed data", () => {
    const data = [...ratings("hi", "X", 100, 80), ...ratings("lo", "X", 100, 20), ...ratings("mid", "X", 20, 11)];
    const hi = evaluateConceptCriterion(conceptC("hi"), data, 0.95);
    expect(hi.verdict).toBe("validated");
    expect(hi.rule).toBe('top-2-box purchase intent ≥ 50% in hi for "X"');
    expect(hi.moreRespondentsNeeded).toBeNull();
    expect(hi.evidence.interval).toEqual(wilsonInterval(80, 100, 0.95));
    expect(evaluateConceptCriterion(conceptC("lo"), data, 0.95).verdict).toBe("invalidated");
    const mid = evaluateConceptCriterion(conceptC("mid"), data, 0.95);
    expect(mid.verdict).toBe("inconclusive");
    expect(mid.moreRespondentsNeeded!).toBeGreaterThan(0);
    expect(mid.explanation).toMatch(/11 of 20 ratings.*straddles the 50% threshold; about \d+ more respondents/);
  });

  it("moreRespondentsNeeded is positive and shrinks as n grows at the same share", () => {
    // p̂ = .55 vs .5: the Wilson lower bound reaches .5 near n = z²·p(1−p)/(.05)² ≈ 380
    const more = [20, 40, 80, 160].map(
      (n) =>
        evaluateConceptCriterion(conceptC("s"), ratings("s", "X", n, Math.round(0.55 * n)), 0.95)
          .moreRespondentsNeeded!,
    );
    more.forEach((m) => {
      expect(m).toBeGreaterThan(0);
    });
    for (let i = 1; i < more.length; i++) expect(more[i]).toBeLessThan(more[i - 1]);
    // the projected total is where Wilson settles
    const target = wilsonSampleSizeToSettle(0.55, 20, 0.5, 0.95)!;
    expect(wilsonInterval(0.55 * target, target)![0]).toBeGreaterThanOrEqual(0.5);
    expect(wilsonInterval(0.55 * (target - 1), target - 1)![0]).toBeLessThan(0.5);
    expect(target).toBeGreaterThan(350);
    expect(target).toBeLessThan(400);
    expect(wilsonSampleSizeToSettle(0.5, 20, 0.5, 0.95)).toBeNull();
  });

  it("pools several concepts and converts ratings to respondents", () => {
    const data = [...ratings("s", "X", 30, 17), ...ratings("s", "Y", 30, 16)];
    const r = evaluateConceptCriterion({ ...conceptC("s"), concepts: ["X", "Y"] }, data, 0.95);
    expect(r.evidence.n).toBe(60);
    expect(r.evidence.respondents).toBe(30);
    expect(r.rule).toMatch(/"X" and "Y" \(pooled\)/);
    expect(r.verdict).toBe("inconclusive");
  });
});

/** Zero-centred covariance σ²(I − J/K). */
function centredCov(K: number, s2: number): number[][] {
  return Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => s2 * ((i === j ? 1 : 0) - 1 / K)));
}
const block = (u: number[], s2: number, respondents = 100): UtilityBlockInput => ({
  respondents,
  items: u.map((utility, i) => ({ item: "ABCD"[i], utility })),
  covariance: centredCov(u.length, s2),
});

describe("valueDriver criterion", () => {
  it("validated, invalidated and inconclusive", () => {
    const clear = block([2, 1, 0, -3], 0.01);
    const v = evaluateValueDriverCriterion({ segment: "s", topK: 1, items: ["A"] }, clear, 0.95);
    expect(v.verdict).toBe("validated");
    expect(v.evidence.pointRanks).toEqual({ A: 1 });
    expect(v.evidence.probability).toBe(1);
    expect(evaluateValueDriverCriterion({ segment: "s", topK: 2, items: ["D"] }, clear, 0.95).verdict).toBe(
      "invalidated",
    );
    expect(evaluateValueDriverCriterion({ segment: "s", topK: 2, items: ["A", "B"] }, clear, 0.95).verdict).toBe(
      "validated",
    );
    expect(evaluateValueDriverCriterion({ segment: "s", topK: 2, items: ["A", "C"] }, clear, 0.95).verdict).toBe(
      "invalidated",
    );
    const close = block([0.1, 0, -0.05, -0.05], 0.1);
    const i = evaluateValueDriverCriterion({ segment: "s", topK: 1, items: ["A"] }, close, 0.95);
    expect(i.verdict).toBe("inconclusive");
    const p = i.evidence.probability as number;
    expect(p).toBeGreaterThan(0.05);
    expect(p).toBeLessThan(0.95);
    expect(i.moreRespondentsNeeded!).toBeGreaterThan(0);
  });

  it("is deterministic and moreRespondentsNeeded shrinks as n grows", () => {
    const u = [0.1, 0, -0.05, -0.05];
    const a = evaluateValueDriverCriterion({ segment: "s", topK: 1, items: ["A"] }, block(u, 0.1, 100), 0.95, {
      seed: 3,
    });
    const b = evaluateValueDriverCriterion({ segment: "s", topK: 1, items: ["A"] }, block(u, 0.1, 100), 0.95, {
      seed: 3,
    });
    expect(a).toEqual(b);
    // doubling n halves the covariance
    const c = evaluateValueDriverCriterion({ segment: "s", topK: 1, items: ["A"] }, block(u, 0.05, 200), 0.95, {
      seed: 3,
    });
    expect(c.verdict).toBe("inconclusive");
    expect(c.moreRespondentsNeeded!).toBeGreaterThan(0);
    expect(c.moreRespondentsNeeded!).toBeLessThan(a.moreRespondentsNeeded!);
  });

  it("is inconclusive without data or when the item cannot be estimated", () => {
    expect(evaluateValueDriverCriterion({ segment: "s", topK: 1, items: ["A"] }, undefined, 0.95).verdict).toBe(
      "inconclusive",
    );
    const b = block([1, 0, -1, 0], 0.01);
    b.items[3].utility = null;
    expect(evaluateValueDriverCriterion({ segment: "s", topK: 1, items: ["D"] }, b, 0.95).explanation).toMatch(
      /cannot be estimated/,
    );
  });
});

describe("price criteria", () => {
  const band = {
    nValid: 100,
    pmc: 40,
    pme: 65,
    intervals: { pmc: [37, 43] as [number, number], pme: [60, 70] as [number, number] },
  };
  it("inAcceptableRange: validated inside the inner band, invalidated outside the outer band, else inconclusive", () => {
    expect(evaluateAcceptableRangeCriterion({ segment: "s", price: 50 }, band).verdict).toBe("validated");
    expect(evaluateAcceptableRangeCriterion({ segment: "s", price: 30 }, band).verdict).toBe("invalidated");
    expect(evaluateAcceptableRangeCriterion({ segment: "s", price: 71 }, band).verdict).toBe("invalidated");
    const i = evaluateAcceptableRangeCriterion({ segment: "s", price: 42 }, band, { currency: "USD" });
    expect(i.verdict).toBe("inconclusive");
    // d = 2, h = 3 → n' = 100·(3/2)² = 225 → 125 more
    expect(i.moreRespondentsNeeded).toBe(125);
    expect(i.rule).toBe("$42 within the acceptable price range (PMC–PME) of s");
    // with n = 200 the intervals shrink by √2
    const h = 3 / Math.SQRT2;
    const band2 = {
      nValid: 200,
      pmc: 40,
      pme: 65,
      intervals: { pmc: [40 - h, 40 + h] as [number, number], pme: [60, 70] as [number, number] },
    };
    const i2 = evaluateAcceptableRangeCriterion({ segment: "s", price: 42 }, band2);
    expect(i2.verdict).toBe("inconclusive");
    expect(i2.moreRespondentsNeeded).toBe(25);
  });

  it("uses point estimates when there are no intervals, and says so", () => {
    const r = evaluateAcceptableRangeCriterion({ segment: "s", price: 42 }, { ...band, intervals: null });
    expect(r.verdict).toBe("validated");
    expect(r.evidence.basis).toBe("pointEstimates");
    expect(r.explanation).toMatch(/point estimates only/);
    expect(evaluateAcceptableRangeCriterion({ segment: "s", price: 42 }, { ...band, pmc: null }).verdict).toBe(
      "inconclusive",
    );
  });

  it("notTooExpensive: three verdicts from constructed answers", () => {
    const answers = (segment: string, n: number, above: number) =>
      Array.from({ length: n }, (_, i) => ({ segment, tooExpensive: i < above ? 100 : 40 }));
    const data = [...answers("hi", 100, 85), ...answers("lo", 100, 30), ...answers("mid", 30, 19)];
    const c = (segment: string) => ({ segment, price: 49, threshold: 0.6 });
    expect(evaluateNotTooExpensiveCriterion(c("hi"), data, 0.95).verdict).toBe("validated");
    expect(evaluateNotTooExpensiveCriterion(c("lo"), data, 0.95).verdict).toBe("invalidated");
    const m = evaluateNotTooExpensiveCriterion(c("mid"), data, 0.95, { currency: "EUR" });
    expect(m.verdict).toBe("inconclusive");
    expect(m.moreRespondentsNeeded!).toBeGreaterThan(0);
    expect(m.rule).toBe("≥ 60% of mid do not find €49 too expensive");
  });
});

describe("hypothesis verdicts and rules", () => {
  const ctx = { segments: ["hi", "lo", "mid"], items: ["A", "B", "C", "D"], concepts: ["X"] };
  const data = {
    ratings: [...ratings("hi", "X", 100, 80), ...ratings("lo", "X", 100, 20), ...ratings("mid", "X", 20, 11)],
    maxdiff: { hi: block([2, 1, 0, -3], 0.01) },
    vanWestendorp: {},
    priceAnswers: [],
  };
  const h = (criteria: unknown[]) => ({
    id: "h1",
    statement: "S",
    segments: ["hi"],
    items: ["A"],
    concepts: ["X"],
    targetPrice: 49,
    rule: { confidence: 0.95, criteria },
  });

  it("combines criteria", () => {
    expect(combineVerdicts(["validated", "validated"])).toBe("validated");
    expect(combineVerdicts(["validated", "inconclusive", "invalidated"])).toBe("invalidated");
    expect(combineVerdicts(["validated", "inconclusive"])).toBe("inconclusive");
    const all = evaluateHypothesis(
      h([
        { kind: "concept", segment: "hi", threshold: 0.5 },
        { kind: "valueDriver", segment: "hi", topK: 1 },
      ]),
      data,
      ctx,
    );
    expect(all.verdict).toBe("validated");
    expect(all.criteria.map((c) => c.kind)).toEqual(["concept", "valueDriver"]);
    const bad = evaluateHypothesis(
      h([
        { kind: "concept", segment: "hi", threshold: 0.5 },
        { kind: "concept", segment: "lo", threshold: 0.5 },
      ]),
      data,
      ctx,
    );
    expect(bad.verdict).toBe("invalidated");
    const mid = evaluateHypothesis(h([{ kind: "concept", segment: "mid", threshold: 0.5 }]), data, ctx);
    expect(mid.verdict).toBe("inconclusive");
    expect(mid.moreRespondentsNeeded).toBe(mid.criteria[0].moreRespondentsNeeded);
    const none = evaluateHypothesis(h([]), data, ctx);
    expect(none.verdict).toBe("inconclusive");
    expect(none.reason).toMatch(/No decision criteria/);
  });

  it("validateRule returns field-level issues", () => {
    expect(
      validateRule({ confidence: 0.9, criteria: [{ kind: "concept", segment: "hi", threshold: 0.5 }] }, ctx).ok,
    ).toBe(true);
    let v = validateRule({ criteria: [{ kind: "concept", segment: "hi", threshold: 1.5 }] }, ctx);
    expect(v.issues).toEqual([{ path: "criteria[0].threshold", message: "must be between 0 and 1" }]);
    v = validateRule(
      {
        criteria: [
          { kind: "concept", segment: "nope", threshold: 0.5, concept: "Z" },
          { kind: "valueDriver", segment: "hi", topK: 9, items: ["A", "Q"] },
        ],
      },
      ctx,
    );
    expect(v.issues).toEqual([
      { path: "criteria[0].segment", message: 'unknown segment "nope" (known: hi, lo, mid)' },
      { path: "criteria[0].concept", message: 'unknown concept "Z" (known: X)' },
      { path: "criteria[1].items[1]", message: 'unknown item "Q" (known: A, B, C, D)' },
      { path: "criteria[1].topK", message: "must be at most 4 (the number of MaxDiff items)" },
    ]);
    v = validateRule(
      { criteria: [{ kind: "price", segment: "hi", test: "notTooExpensive" }] },
      { ...ctx, hypothesis: { items: [], concepts: [], targetPrice: null } },
    );
    expect(v.issues.map((i) => i.path)).toEqual(["criteria[0].price", "criteria[0].threshold"]);
    v = validateRule({ confidence: 1.2, criteria: [{ kind: "bogus" }] }, ctx);
    expect(v.issues.map((i) => i.path)).toEqual(["confidence", "criteria[0].kind"]);
  });

  it("bad rules throw InputError naming the field", () => {
    expect(() =>
      assertValidRule({ criteria: [{ kind: "concept", segment: "x", threshold: 0.5 }] }, ctx, "hypotheses[0].rule"),
    ).toThrow(InputError);
    expect(() =>
      evaluateHypothesis(h([{ kind: "concept", segment: "hi", threshold: -0.1 }]), data, ctx, {
        path: "hypotheses[2].rule",
      }),
    ).toThrow("hypotheses[2].rule.criteria[0].threshold: must be between 0 and 1");
  });
});
