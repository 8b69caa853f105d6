import { describe, expect, it } from "vitest";
import { analyseMaxDiff } from "../../../research/maxdiff/analyse.ts";
import { generateDesign } from "../../../research/maxdiff/design.ts";
import { hierarchicalBayes } from "../../../research/maxdiff/hbSummary.ts";
import { simulateAnswers, type SimulatedRespondent } from "../../../research/maxdiff/simulate.ts";
import type { MaxDiffTask } from "../../../research/maxdiff/types.ts";
import { createRng } from "../../../research/random.ts";
import { splitRhat } from "../../../research/stats/rhat.ts";

const K = 12;
const items = Array.from({ length: K }, (_, i) => `I${i + 1}`);
const design = generateDesign({ items: K, itemsPerTask: 4, tasks: 9, versions: 10, seed: 2 });
const rmse = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0) / a.length);
const centre = (u: ArrayLike<number>) => {
  const m = Array.from(u).reduce((a, b) => a + b, 0) / u.length;
  return Array.from(u, (x) => x - m);
};

function respondents(counts: Record<string, number>, means: Record<string, number[]>, sd: number, seed: number) {
  const rng = createRng(seed);
  const out: SimulatedRespondent[] = [];
  for (const [segment, n] of Object.entries(counts))
    for (let i = 0; i < n; i++) out.push({ segment, utilities: means[segment].map((m) => m + sd * rng.normal()) });
  return out;
}

describe("splitRhat", () => {
  it("matches the hand-computed value for a trending chain and is ≈ 1 for independent draws", () => {
    // Halves (1,2,3,4) and (5,6,7,8): W = 5/3, B/n = (2.5 − 4.5)² + (6.5 − 4.5)² = 8,
    // var⁺ = (3/4)(5/3) + 8 = 9.25, R̂ = √(9.25 / (5/3)) = 2.35584…
    expect(splitRhat([1, 2, 3, 4, 5, 6, 7, 8])).toBeCloseTo(Math.sqrt(9.25 / (5 / 3)), 10);
    const rng = createRng(3);
    const iid = Array.from({ length: 4000 }, () => rng.normal());
    expect(splitRhat(iid)!).toBeLessThan(1.01);
    expect(splitRhat([1, 2, 3])).toBeNull();
  });
});

describe("anchored HB (dual response)", () => {
  // Items on both sides of the anchor (0): the share of respondents above it is known per item.
  const mean = [2.0, 1.5, 1.0, 0.6, 0.3, 0.0, -0.3, -0.6, -1.0, -1.5, -2.0, -2.5];
  const truth = respondents({ all: 300 }, { all: mean }, 0.8, 11);
  const tasks = simulateAnswers(design, truth, items, 12, { anchor: true });
  const hb = hierarchicalBayes({ tasks, items, iterations: 3000, seed: 3 });

  it("reports utilities relative to the anchor and must-have shares close to the truth", () => {
    expect(hb.anchored).toBe(true);
    const est = items.map((it) => hb.overall.items.find((x) => x.item === it)!);
    items.forEach((_, a) => {
      const trueAbove = truth.filter((r) => r.utilities[a] > 0).length / truth.length;
      expect(Math.abs(est[a].aboveAnchorShare! - trueAbove)).toBeLessThan(0.12);
      expect(est[a].aboveAnchorInterval![0]).toBeLessThanOrEqual(est[a].aboveAnchorShare!);
      expect(est[a].aboveAnchorInterval![1]).toBeGreaterThanOrEqual(est[a].aboveAnchorShare!);
    });
    // The top item is a must-have for most, the bottom one for almost nobody.
    expect(est[0].aboveAnchorShare!).toBeGreaterThan(0.85);
    expect(est[K - 1].aboveAnchorShare!).toBeLessThan(0.1);
    // Individual utilities are not zero-centred and track the truth on the anchor's scale.
    const r0 = hb.respondents[0];
    expect(Math.abs(items.reduce((s, it) => s + r0.utilities[it], 0))).toBeGreaterThan(0.5);
    const err = rmse(
      hb.respondents.flatMap((r) => items.map((it) => r.utilities[it])),
      truth.flatMap((r) => Array.from(r.utilities)),
    );
    expect(err).toBeLessThan(0.9);
  });

  it("the aggregate anchored logit agrees in sign with the truth for every item clearly off the anchor", () => {
    const agg = analyseMaxDiff(tasks, { items });
    expect(agg.overall.anchored).toBe(true);
    mean.forEach((m, a) => {
      if (Math.abs(m) >= 0.3) expect([items[a], agg.overall.items[a].utility! > 0]).toEqual([items[a], m > 0]);
    });
    // counts: I1 is above the anchor far more often than below it, I12 the reverse
    expect(agg.overall.items[0].aboveAnchor!).toBeGreaterThan(agg.overall.items[0].belowAnchor!);
    expect(agg.overall.items[K - 1].belowAnchor!).toBeGreaterThan(agg.overall.items[K - 1].aboveAnchor!);
  });
});

describe("HB with segment covariates (unequal segments 250 / 110 / 40)", () => {
  const means = {
    big: [1.8, 1.2, 0.8, 0.4, 0.0, -0.2, -0.4, -0.6, -0.8, -1.0, -1.2, -1.4],
    mid: [-0.8, 0.0, 1.6, -0.4, 1.2, 0.2, -0.6, 0.8, -1.0, -0.2, 0.4, -1.2],
    small: [-1.2, -1.0, -0.6, 1.8, -0.4, 1.4, 0.6, -0.8, 1.0, -0.2, 0.2, -0.8],
  };
  const counts = { big: 250, mid: 110, small: 40 };
  const truth = respondents(counts, means, 0.8, 21);
  const tasks = simulateAnswers(design, truth, items, 22);
  const plain = hierarchicalBayes({ tasks, items, iterations: 3000, seed: 4 });
  const withCov = hierarchicalBayes({ tasks, items, iterations: 3000, seed: 4, covariates: ["segment"] });
  const segErr = (hb: typeof plain, seg: keyof typeof means) =>
    rmse(
      items.map((it) => hb.segments[seg].items.find((x) => x.item === it)!.utility!),
      centre(means[seg]),
    );
  const indErr = (hb: typeof plain, seg: string) => {
    const est: number[] = [],
      tru: number[] = [];
    hb.respondents.forEach((r, i) => {
      if (truth[i].segment !== seg) return;
      est.push(...items.map((it) => r.utilities[it]));
      tru.push(...centre(truth[i].utilities));
    });
    return rmse(est, tru);
  };

  it("recovers the smallest segment's mean and its respondents' utilities better than without covariates", () => {
    const small = { plain: segErr(plain, "small"), cov: segErr(withCov, "small") };
    expect(small.cov).toBeLessThan(small.plain * 0.8);
    expect(indErr(withCov, "small")).toBeLessThan(indErr(plain, "small"));
    expect(segErr(withCov, "mid")).toBeLessThan(segErr(plain, "mid"));
    for (const seg of ["big", "mid", "small"] as const) expect(segErr(withCov, seg)).toBeLessThan(0.35);
  });

  it("reports covariate effects per segment and item with intervals covering the truth mostly", () => {
    const cov = withCov.covariates!;
    expect(cov.columns).toEqual([{ name: "segment", kind: "categorical", levels: ["big", "mid", "small"] }]);
    expect(cov.effects).toHaveLength(3 * K);
    // effect of a level = its mean minus the population (respondent-weighted) mean, zero-centred
    const popMean = items.map((_, a) => {
      let s = 0;
      for (const [seg, n] of Object.entries(counts)) s += n * centre(means[seg as keyof typeof means])[a];
      return s / 400;
    });
    let covered = 0;
    for (const e of cov.effects) {
      const a = items.indexOf(e.item);
      const t = centre(means[e.level as keyof typeof means])[a] - popMean[a];
      if (e.interval[0] <= t && t <= e.interval[1]) covered++;
      expect(e.interval[0]).toBeLessThan(e.interval[1]);
    }
    expect(covered / cov.effects.length).toBeGreaterThan(0.8);
    expect(plain.covariates).toBeNull();
  });

  it("reports split R-hat of the population mean per item, and a warning only above 1.05", () => {
    const c = withCov.convergence;
    expect(Object.keys(c.rhat)).toEqual(items);
    expect(c.maxRhat).toBe(Math.max(...Object.values(c.rhat).map((x) => x!)));
    expect(c.warning === null).toBe(c.maxRhat! <= 1.05);
  });
});

describe("random-responder RLH flags", () => {
  const mean = [2.0, 1.5, 1.0, 0.6, 0.3, 0.0, -0.3, -0.6, -1.0, -1.5, -2.0, -2.5];
  const genuine = respondents({ all: 200 }, { all: mean }, 0.8, 31);
  const tasks = simulateAnswers(design, genuine, items, 32);
  // 40 injected random responders: uniform best, uniform worst among the rest.
  const rng = createRng(33);
  const randomTasks: MaxDiffTask[] = [];
  for (let r = 0; r < 40; r++) {
    for (const [t, shownIdx] of design.versions[r % design.versions.length].entries()) {
      const shown = shownIdx.map((a) => items[a]);
      const b = rng.int(4);
      const w = (b + 1 + rng.int(3)) % 4;
      randomTasks.push({ respondent: `rand${r}`, segment: null, task: t + 1, shown, best: shown[b], worst: shown[w] });
    }
  }
  const hb = hierarchicalBayes({ tasks: [...tasks, ...randomTasks], items, iterations: 3000, seed: 5 });
  const flagged = (pred: (id: string) => boolean) => {
    const rs = hb.respondents.filter((r) => pred(r.respondent));
    return rs.filter((r) => r.flags.includes("random_rlh")).length / rs.length;
  };

  // Measured with HB seeds 5–10 (same data): 97.5–100% of the random responders and 10–16.5% of the
  // genuine ones flagged (16.5% with seed 5). The genuine rate moves with the sampler's draws, so the
  // bound leaves room for that spread.
  it("flags most injected random responders (≥ 97.5% measured, ≥ 75% asserted) and few genuine ones (10–16.5% measured, ≤ 20% asserted)", () => {
    const randomRate = flagged((id) => id.startsWith("rand"));
    const genuineRate = flagged((id) => !id.startsWith("rand"));
    expect(randomRate).toBeGreaterThanOrEqual(0.75);
    expect(genuineRate).toBeLessThanOrEqual(0.2);
    expect(hb.quality.flagged).toBe(hb.respondents.filter((r) => r.flags.length > 0).length);
    const chance = Math.sqrt(1 / (4 * 3));
    expect(hb.quality.rlhCutoff).toBeGreaterThan(chance * 0.9);
    expect(hb.quality.rlhCutoff).toBeLessThan(0.6);
  });
});
