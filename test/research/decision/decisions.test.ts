import { describe, expect, it } from "vitest";
import { buildNextFeature, NOT_SERVED_RATIO } from "../../../research/decision/decisions.ts";
import { happyCustomers } from "../../../research/simulator/index.ts";
import { analyseStudy } from "../../../research/study.ts";
import { syntheticExport } from "../study/syntheticExport.ts";

const u = (order: string[]) => Object.fromEntries(order.map((it, i) => [it, 10 - i]));

describe("buildNextFeature (one-step extension of the happy-customer simulator)", () => {
  it("picks the feature that completes the most respondents' top-2-of-3, worked by hand", () => {
    // Bundle {A}. Happy = 2 of top 3 in the bundle. Top-3 lists in segment s:
    //   r1 A,B,C  r2 A,B,D  r3 A,C,D  r4 B,C,D (cannot be happy with A + one more unless it has A → never)
    //   adding B → r1, r2 happy (2); C → r1, r3 (2); D → r2, r3 (2); tie → item order: B.
    //   r5 in segment t (A,B,C) is ignored.
    const respondents = [
      { respondent: "r1", segment: "s", utilities: u(["A", "B", "C", "D", "E"]) },
      { respondent: "r2", segment: "s", utilities: u(["A", "B", "D", "C", "E"]) },
      { respondent: "r3", segment: "s", utilities: u(["A", "C", "D", "B", "E"]) },
      { respondent: "r4", segment: "s", utilities: u(["B", "C", "D", "A", "E"]) },
      { respondent: "r5", segment: "t", utilities: u(["A", "B", "C", "D", "E"]) },
    ];
    const items = ["A", "B", "C", "D", "E"];
    const next = buildNextFeature(["A"], respondents, { items, topN: 3, minInBundle: 2, segment: "s" });
    expect(next).toEqual({
      item: "B",
      before: { happy: 0, total: 4, share: 0 },
      after: { happy: 2, total: 4, share: 0.5 },
      gain: 2,
    });
    // With {A, B}: C makes r3 and r4? r3 A,C ✓ (2), r4 B,C ✓ → +2 ; D: r3 A,D ✓, r4 B,D ✓ → +2; C first.
    const next2 = buildNextFeature(["A", "B"], respondents, { items, topN: 3, minInBundle: 2, segment: "s" });
    expect(next2?.item).toBe("C");
    expect(next2?.after.happy).toBe(4);
  });
});

describe("decisions in analyseStudy", () => {
  const r = analyseStudy(syntheticExport(), { bootstrap: 50 });
  it("says per segment the price band, the best bundle and what to build next, with numbers", () => {
    expect(r.decisions.empty).toBe(false);
    expect(r.decisions.segments.map((d) => d.segment)).toEqual(["tech", "real_estate", "nonprofit"]);
    for (const d of r.decisions.segments) {
      const vw = r.vanWestendorp!.segments[d.segment];
      expect(d.price?.recommended).toBe(vw.opp);
      expect(d.price?.pmc).toBe(vw.pmc);
      expect(d.sentences[0]).toMatch(new RegExp(`^Price ${d.name} between \\$`));
      const best = r.simulator!.best.segments[d.segment];
      expect(d.bestBundle?.bundle).toEqual(best.bundle);
      expect(d.sentences.join(" ")).toContain(`${best.happy} of ${best.total}`);
      // build next: no other single feature adds more
      const opts = { items: r.simulator!.items, topN: 3, minInBundle: 2 };
      const base = happyCustomers(best.bundle, r.simulator!.respondents, opts).segments[d.segment].happy;
      for (const it of r.simulator!.items.filter((i) => !best.bundle.includes(i))) {
        const h = happyCustomers([...best.bundle, it], r.simulator!.respondents, opts).segments[d.segment].happy;
        expect(h - base).toBeLessThanOrEqual(d.buildNext!.gain);
      }
      for (const o of d.notServed) expect(o.share!).toBeLessThan(NOT_SERVED_RATIO * best.share!);
    }
    expect(r.decisions.executive).toHaveLength(4);
  });
  it("is empty with no completed responses", () => {
    const doc = syntheticExport();
    const empty = analyseStudy({ ...doc, respondents: [] }, { bootstrap: 0 });
    expect(empty.decisions.empty).toBe(true);
    expect(empty.decisions.executive).toEqual([]);
  });
});
