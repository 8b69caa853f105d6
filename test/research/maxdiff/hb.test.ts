import { describe, expect, it } from "vitest";
import { analyseMaxDiff } from "../../../research/maxdiff/analyse.ts";
import { generateDesign } from "../../../research/maxdiff/design.ts";
import { simulateAnswers, simulateRespondents, correlation } from "../../../research/maxdiff/simulate.ts";

const K = 10;
const items = Array.from({ length: K }, (_, i) => `I${i + 1}`);
const meanA = [1.5, 1.1, 0.8, 0.4, 0.1, -0.2, -0.5, -0.8, -1.1, -1.3];
const meanB = [-1.0, -0.6, 1.4, 0.2, 1.0, -0.4, 0.6, -1.2, 0.3, -0.3];
const design = generateDesign({ items: K, itemsPerTask: 4, tasks: 10, seed: 1 });
const truth = simulateRespondents(140, { a: meanA, b: meanB }, 0.8, 21);
const tasks = simulateAnswers(design, truth, items, 22);
const result = analyseMaxDiff(tasks, { items, hb: { iterations: 3000, seed: 5 } });
const hb = result.hb!;

describe("Hierarchical Bayes", () => {
  it("recovers individual utilities far better than the aggregate logit", () => {
    let rHb = 0,
      rAgg = 0;
    const agg = result.overall.items.map((x) => x.utility!);
    hb.respondents.forEach((r, i) => {
      const u = items.map((it) => r.utilities[it]);
      expect(u.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 8);
      rHb += correlation(u, truth[i].utilities);
      rAgg += correlation(agg, truth[i].utilities);
    });
    rHb /= truth.length;
    rAgg /= truth.length;
    expect(rHb).toBeGreaterThan(0.75);
    expect(rHb).toBeGreaterThan(rAgg + 0.2);
  });

  it("recovers segment means and reports intervals, RLH, trace", () => {
    for (const [name, mean] of [
      ["a", meanA],
      ["b", meanB],
    ] as const) {
      const block = hb.segments[name];
      expect(block.respondents).toBe(70);
      const m = mean.reduce((a, b) => a + b, 0) / K;
      const est = block.items.map((x) => x.utility!);
      expect(correlation(est, mean)).toBeGreaterThan(0.95);
      block.items.forEach((x, i) => {
        expect(Math.abs(x.utility! - (mean[i] - m))).toBeLessThan(0.5);
        expect(x.utilityInterval![0]).toBeLessThan(x.utility!);
        expect(x.utilityInterval![1]).toBeGreaterThan(x.utility!);
        expect(x.shareInterval![0]).toBeLessThan(x.share!);
        expect(x.shareInterval![1]).toBeGreaterThan(x.share!);
      });
      expect(block.items.reduce((a, x) => a + x.share!, 0)).toBeCloseTo(100, 6);
    }
    // segments differ on I1 (1.5 vs −1.0) and I3 (0.8 vs 1.4 is smaller), by HB draws
    expect(hb.comparisons.find((c) => c.item === "I1")!.significant).toBe(true);
    const chance = Math.sqrt(1 / (4 * 3));
    expect(hb.meanRLH).toBeGreaterThan(chance + 0.1);
    expect(hb.respondents.every((r) => r.rlh > 0 && r.rlh <= 1)).toBe(true);
    expect(hb.acceptance).toBeGreaterThan(0.15);
    expect(hb.acceptance).toBeLessThan(0.5);
    expect(hb.trace.length).toBeGreaterThanOrEqual(100);
    expect(hb.trace.at(-1)!.meanLogLikelihood).toBeGreaterThan(hb.trace[0].meanLogLikelihood);
    expect(hb.populationCovariance).toHaveLength(K);
    expect(hb.burnIn).toBe(1500);
    expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);
  });

  it("is deterministic for a seed", () => {
    const small = tasks.slice(0, 200);
    const a = analyseMaxDiff(small, { hb: { iterations: 300, seed: 9 } }).hb!;
    const b = analyseMaxDiff(small, { hb: { iterations: 300, seed: 9 } }).hb!;
    const c = analyseMaxDiff(small, { hb: { iterations: 300, seed: 10 } }).hb!;
    expect(b).toEqual(a);
    expect(c.respondents[0].utilities).not.toEqual(a.respondents[0].utilities);
  });
});
