import { describe, expect, it } from "vitest";
import { createRng } from "../../../research/random.ts";
import { halfWidthSampleSizeToSettle } from "../../../research/stats/settleHalfWidth.ts";
import { pointRank, scaleToSettle, standardNormalDraws, topKProbability } from "../../../research/stats/topK.ts";

describe("sample sizes to settle a decision", () => {
  it("scales n by (h/d)² for an interval shrinking like 1/√n", () => {
    expect(halfWidthSampleSizeToSettle(100, 2, 1)).toBe(400);
    expect(halfWidthSampleSizeToSettle(100, 1, 2)).toBe(25);
    expect(halfWidthSampleSizeToSettle(100, 0, 2)).toBeNull();
    expect(halfWidthSampleSizeToSettle(100, 1, 0)).toBeNull();
  });

  it("finds the scale where a monotone condition starts to hold, or null past 10⁴", () => {
    expect(scaleToSettle((s) => s >= 3)).toBeCloseTo(3, 2);
    expect(scaleToSettle(() => false)).toBeNull();
  });
});

describe("top-k probability", () => {
  it("ranks ties together and matches the normal answer for two items", () => {
    expect(pointRank([3, 5, 5, 1], 1)).toBe(1);
    expect(pointRank([3, 5, 5, 1], 0)).toBe(3);
    // item 0 beats item 1 when u0 − u1 + (z0 − z1) > 0: P = Φ(0.5/√2) = 0.6382 for unit variances
    const z = standardNormalDraws(createRng(1), 40_000, 2);
    const p = topKProbability(
      [0.5, 0],
      [
        [1, 0],
        [0, 1],
      ],
      z,
      [0],
      1,
      1,
    );
    expect(p).toBeCloseTo(0.6382, 2);
    // a 100× smaller covariance makes the ranking nearly certain: Φ(0.5·10/√2) = 0.9998
    expect(
      topKProbability(
        [0.5, 0],
        [
          [1, 0],
          [0, 1],
        ],
        z,
        [0],
        1,
        100,
      ),
    ).toBeGreaterThan(0.999);
  });
});
