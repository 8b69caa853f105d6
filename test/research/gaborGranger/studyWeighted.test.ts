/**
 * Gabor–Granger in a study weighted to the market mix: the overall demand and revenue use the market-mix weights
 * (hand-computed below), every segment block is the same as without weights.
 */
import { describe, expect, it } from "vitest";
import { analyseStudy } from "../../../research/study.ts";
import { ladderStudy } from "./ladderStudy.ts";

describe("Gabor–Granger weighted to the market mix", () => {
  const plain = analyseStudy(ladderStudy(false), { bootstrap: 0 });
  const weighted = analyseStudy(ladderStudy(true), { bootstrap: 0 });

  it("leaves the figures unweighted without a market mix", () => {
    const o = plain.gaborGranger!.overall;
    expect(o.prices.map((p) => p.demand)).toEqual([0.8, 0.6]);
    expect(o.prices.map((p) => p.revenue)).toEqual([8, 12]);
    expect(o.revenueMaxPrice).toBe(20);
    expect(o.intervalMethod).toBe("wilson");
  });

  it("weights the overall demand and revenue (hand-computed) and keeps every segment block", () => {
    expect(weighted.weighting?.applied).toBe(true);
    const o = weighted.gaborGranger!.overall;
    expect(o.prices[0].demand).toBeCloseTo(0.6, 12);
    expect(o.prices[1].demand).toBeCloseTo(0.2, 12);
    expect(o.prices[0].revenue).toBeCloseTo(6, 12);
    expect(o.prices[1].revenue).toBeCloseTo(4, 12);
    expect(o.revenueMaxPrice).toBe(10);
    expect(o.effectiveN).toBeCloseTo(3, 12);
    expect(o.intervalMethod).toBe("wilson-kish");
    expect(o.respondents).toBe(5);
    expect(weighted.gaborGranger!.segments).toEqual(plain.gaborGranger!.segments);
    expect(weighted.gaborGranger!.segments.real_estate.prices.map((p) => p.demand)).toEqual([1, 0]);
  });
});
