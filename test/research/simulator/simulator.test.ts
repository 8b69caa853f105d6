import { describe, expect, it } from "vitest";
import { createRng } from "../../../research/random.ts";
import {
  bestBundle,
  bestMinusWorstUtilities,
  happyCustomers,
  topFeatures,
  type RespondentUtilities,
} from "../../../research/simulator/index.ts";

const ITEMS = ["a1", "a2", "a3", "b1", "b2", "c1", "c2", "x", "z"];

/** n respondents of a segment whose top-3 are `top` (in that order); every other item gets a low utility. */
function people(segment: string, n: number, top: [string, string, string]): RespondentUtilities[] {
  return Array.from({ length: n }, (_, i) => ({
    respondent: `${segment}${i}`,
    segment,
    utilities: Object.fromEntries(
      ITEMS.map((it) => [it, top.includes(it) ? 3 - top.indexOf(it) + (i % 2) * 0.1 : -1 - ITEMS.indexOf(it) * 0.01]),
    ),
  }));
}

// A (12): a1,a2,a3. B (10): b1,x,b2. C (8): c1,x,c2.
const data = [
  ...people("A", 12, ["a1", "a2", "a3"]),
  ...people("B", 10, ["b1", "x", "b2"]),
  ...people("C", 8, ["c1", "x", "c2"]),
];

describe("happyCustomers", () => {
  it("one killer feature per segment makes nobody happy; stacking for one segment makes it all happy", () => {
    const spread = happyCustomers(["a1", "b1", "c1"], data, { items: ITEMS });
    expect(spread.overall).toEqual({ happy: 0, total: 30, share: 0 });
    const stack = happyCustomers(["a1", "a2", "a3"], data, { items: ITEMS });
    expect(stack.overall.happy).toBe(12);
    expect(stack.segments.A).toEqual({ happy: 12, total: 12, share: 1 });
    expect(stack.segments.B.happy).toBe(0);
  });

  it("thresholds are configurable", () => {
    // 1 of the top 3 is enough → the spread bundle pleases everyone
    expect(happyCustomers(["a1", "b1", "c1"], data, { items: ITEMS, minInBundle: 1 }).overall.happy).toBe(30);
    // top-1 must be in: only a1/b1/c1 lovers
    expect(happyCustomers(["a2", "b1"], data, { items: ITEMS, topN: 1, minInBundle: 1 }).overall.happy).toBe(10);
    expect(() => happyCustomers(["a1"], data, { topN: 2, minInBundle: 3 })).toThrow(/minInBundle/);
  });

  it("topFeatures breaks ties by item order", () => {
    expect(topFeatures({ a: 1, b: 2, c: 2, d: 0 }, 2, ["a", "b", "c", "d"])).toEqual(["b", "c"]);
    expect(topFeatures({ a: 1, b: 2, c: 2, d: 0 }, 2, ["a", "c", "b", "d"])).toEqual(["c", "b"]);
  });
});

describe("bestBundle", () => {
  it("exhaustive search finds the known best bundle (serving B and C through the shared x)", () => {
    const r = bestBundle(data, { size: 3, items: ITEMS });
    expect(r.search).toBe("exhaustive");
    expect(r.optimal).toBe(true);
    expect(r.bundle).toEqual(["b1", "c1", "x"]);
    expect(r.happy).toBe(18);
    expect(r.total).toBe(30);
    const a = bestBundle(data, { size: 3, items: ITEMS, segment: "A" });
    expect(a.bundle).toEqual(["a1", "a2", "a3"]);
    expect(a.happy).toBe(12);
    expect(a.total).toBe(12);
  });

  it("greedy agrees on the easy case and states it is not guaranteed optimal", () => {
    const g = bestBundle(data, { size: 3, items: ITEMS, exhaustiveLimit: 0 });
    expect(g.search).toBe("greedy");
    expect(g.bundle).toEqual(["b1", "c1", "x"]);
    expect(g.happy).toBe(18);
    expect(g.note).toMatch(/not guaranteed optimal/);
    expect(g.upperBound).toBeGreaterThanOrEqual(g.happy);
  });

  it("greedy never beats exhaustive and respects the bound on random data", () => {
    const rng = createRng(5);
    const items = Array.from({ length: 12 }, (_, i) => `f${i}`);
    const rs: RespondentUtilities[] = Array.from({ length: 200 }, (_, i) => ({
      respondent: `r${i}`,
      segment: i % 2 ? "s1" : "s2",
      utilities: Object.fromEntries(items.map((it, j) => [it, rng.normal() + (j < 4 ? 1 : 0)])),
    }));
    for (const size of [2, 3, 4]) {
      const ex = bestBundle(rs, { size, items });
      const gr = bestBundle(rs, { size, items, exhaustiveLimit: 0 });
      expect(ex.search).toBe("exhaustive");
      expect(gr.happy).toBeLessThanOrEqual(ex.happy);
      expect(ex.happy).toBeLessThanOrEqual(ex.upperBound);
      expect(happyCustomers(ex.bundle, rs, { items }).overall.happy).toBe(ex.happy);
    }
  });

  it("rejects bad sizes", () => {
    expect(() => bestBundle(data, { size: 0, items: ITEMS })).toThrow(/bundle size/);
    expect(() => bestBundle(data, { size: 10, items: ITEMS })).toThrow(/bundle size/);
  });
});

describe("bestMinusWorstUtilities", () => {
  it("scores (best − worst)/shown per respondent", () => {
    const u = bestMinusWorstUtilities(
      [
        { respondent: "r", segment: "s", shown: ["a", "b", "c"], best: "a", worst: "c" },
        { respondent: "r", segment: "s", shown: ["a", "b", "d"], best: "b", worst: "a" },
      ],
      ["a", "b", "c", "d"],
    );
    expect(u).toHaveLength(1);
    expect(u[0].segment).toBe("s");
    expect(u[0].utilities.a).toBeCloseTo(0, 9);
    expect(u[0].utilities.b).toBeCloseTo(0.5, 9);
    expect(u[0].utilities.c).toBeCloseTo(-1, 9);
    expect(u[0].utilities.d).toBeCloseTo(0, 9);
  });
});
