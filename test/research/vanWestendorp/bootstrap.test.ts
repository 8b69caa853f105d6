import { describe, expect, it } from "vitest";
import { analyseVanWestendorp } from "../../../research/vanWestendorp/analyse.ts";
import { percentileInterval, quantileSorted } from "../../../research/vanWestendorp/bootstrap.ts";
import { syntheticAnswers } from "../../../research/vanWestendorp/synthetic.ts";

const POINTS = ["pmc", "opp", "ipp", "pme"] as const;

describe("bootstrap intervals", () => {
  it("uses R's type-7 quantiles", () => {
    // 1..5: h = 4·0.025 = 0.1 ⇒ 1.1; h = 4·0.975 = 3.9 ⇒ 4.9
    expect(quantileSorted([1, 2, 3, 4, 5], 0.025)).toBeCloseTo(1.1, 12);
    expect(percentileInterval(new Float64Array([5, 3, 1, 4, 2]))).toEqual([1.1, 4.9]);
    expect(percentileInterval(new Float64Array([NaN, 2, NaN]))).toEqual([2, 2]);
    expect(percentileInterval(new Float64Array([NaN]))).toBeNull();
  });

  const small = analyseVanWestendorp(syntheticAnswers(300, 11, { segments: { only: 40 } }), {
    bootstrap: 400,
    seed: 5,
  });
  const large = analyseVanWestendorp(syntheticAnswers(6000, 11, { segments: { only: 40 } }), {
    bootstrap: 400,
    seed: 5,
  });

  it("contain the point estimates", () => {
    for (const block of [small.overall, large.overall, small.segments.only]) {
      for (const k of POINTS) {
        const [lo, hi] = block.intervals![k]!;
        expect(block[k]!).toBeGreaterThanOrEqual(lo);
        expect(block[k]!).toBeLessThanOrEqual(hi);
      }
    }
  });

  it("shrink as n grows", () => {
    const width = (b: typeof small.overall, k: (typeof POINTS)[number]) => b.intervals![k]![1] - b.intervals![k]![0];
    for (const k of POINTS) expect(width(large.overall, k)).toBeLessThan(width(small.overall, k));
    const total = (b: typeof small.overall) => POINTS.reduce((s, k) => s + width(b, k), 0);
    expect(total(large.overall)).toBeLessThan(total(small.overall) / 2); // ~ 1/√20 in theory
  });

  it("are reproducible with a seed and change with another", () => {
    const data = syntheticAnswers(300, 11);
    const a = analyseVanWestendorp(data, { bootstrap: 200, seed: 9 });
    const b = analyseVanWestendorp(data, { bootstrap: 200, seed: 9 });
    const c = analyseVanWestendorp(data, { bootstrap: 200, seed: 10, interpolate: true });
    expect(b.overall.intervals).toEqual(a.overall.intervals);
    expect(b.segments).toEqual(a.segments);
    expect(c.overall.intervals).not.toEqual(a.overall.intervals);
  });

  it("gives a segment the same intervals whatever other segments exist", () => {
    const data = syntheticAnswers(600, 3);
    const all = analyseVanWestendorp(data, { bootstrap: 100, seed: 2 });
    const techOnly = analyseVanWestendorp(
      data.filter((a) => a.segment === "tech"),
      { bootstrap: 100, seed: 2 },
    );
    expect(techOnly.segments.tech.intervals).toEqual(all.segments.tech.intervals);
  });

  it("are null without resamples", () => {
    expect(analyseVanWestendorp(syntheticAnswers(50, 1)).overall.intervals).toBeNull();
    expect(() => analyseVanWestendorp(syntheticAnswers(50, 1), { bootstrap: -1 })).toThrow(/bootstrap/);
  });
});
