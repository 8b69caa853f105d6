import { describe, expect, it } from "vitest";
import { buildChoiceData } from "../../../research/maxdiff/data.ts";
import { generateDesign } from "../../../research/maxdiff/design.ts";
import { bestWorstLogLikelihood, sequentialBestWorstLogit } from "../../../research/maxdiff/logit.ts";
import { rescaledShares, simulatedShareIntervals, zeroCentredSampler } from "../../../research/maxdiff/shares.ts";
import { simulateAnswers, correlation } from "../../../research/maxdiff/simulate.ts";
import { analyseMaxDiff } from "../../../research/maxdiff/analyse.ts";
import { createRng } from "../../../research/random.ts";

const K = 10;
const items = Array.from({ length: K }, (_, i) => `I${i + 1}`);
const truth = [1.6, 1.1, 0.7, 0.4, 0.1, -0.2, -0.5, -0.8, -1.1, -1.3];
const truthCentred = truth.map((u) => u - truth.reduce((a, b) => a + b, 0) / K);
const design = generateDesign({ items: K, itemsPerTask: 4, tasks: 10, seed: 3 });
const tasks = simulateAnswers(
  design,
  Array.from({ length: 1500 }, () => ({ utilities: truth })),
  items,
  17,
);
const data = buildChoiceData(tasks, items);
const fit = sequentialBestWorstLogit(data);

describe("sequentialBestWorstLogit", () => {
  it("recovers known utilities from a large simulated data set", () => {
    expect(fit.converged).toBe(true);
    expect(correlation(fit.utilities, truth)).toBeGreaterThan(0.99);
    for (let i = 0; i < K; i++)
      expect(Math.abs(fit.utilities[i] - truthCentred[i])).toBeLessThan(4 * fit.se![i] + 0.02);
  });

  it("is zero-centred with the gradient ≈ 0 at the estimate", () => {
    expect(fit.utilities.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 10);
    const { gradient } = bestWorstLogLikelihood(data, fit.utilities);
    for (const g of gradient) expect(Math.abs(g)).toBeLessThan(1e-6);
  });

  it("has a numerically correct gradient and Hessian of the log-likelihood", () => {
    const u = Float64Array.from(truth, (x, i) => x * 0.7 + 0.1 * i);
    const { logLikelihood, gradient, hessian } = bestWorstLogLikelihood(data, u, { hessian: true });
    const h = 1e-5;
    for (const i of [0, 4, 9]) {
      const up = u.slice(),
        dn = u.slice();
      up[i] += h;
      dn[i] -= h;
      const lu = bestWorstLogLikelihood(data, up, { hessian: true }),
        ld = bestWorstLogLikelihood(data, dn, { hessian: true });
      expect((lu.logLikelihood - ld.logLikelihood) / (2 * h)).toBeCloseTo(gradient[i], 3);
      for (const j of [0, 3, 9])
        expect((lu.gradient[j] - ld.gradient[j]) / (2 * h)).toBeCloseTo(hessian![i * K + j], 3);
    }
    expect(logLikelihood).toBeLessThan(0);
  });

  it("gives a zero-centred covariance (rows sum to 0) whose SEs match the spread across replications", () => {
    const cov = fit.covariance!;
    for (let i = 0; i < K; i++) {
      let s = 0;
      for (let j = 0; j < K; j++) s += cov[i * K + j];
      expect(Math.abs(s)).toBeLessThan(1e-10);
      expect(cov[i * K + i]).toBeCloseTo(fit.se![i] ** 2, 12);
    }
    // empirical spread of the estimate over 30 smaller replications vs the model SE
    const reps = 30,
      n = 300;
    const est: number[][] = [];
    let seSum = 0;
    for (let r = 0; r < reps; r++) {
      const tk = simulateAnswers(
        design,
        Array.from({ length: n }, () => ({ utilities: truth })),
        items,
        100 + r,
      );
      const f = sequentialBestWorstLogit(buildChoiceData(tk, items));
      est.push(Array.from(f.utilities));
      seSum += f.se![0];
    }
    const m = est.reduce((a, e) => a + e[0], 0) / reps;
    const sd = Math.sqrt(est.reduce((a, e) => a + (e[0] - m) ** 2, 0) / (reps - 1));
    expect(sd / (seSum / reps)).toBeGreaterThan(0.6);
    expect(sd / (seSum / reps)).toBeLessThan(1.5);
  });
});

describe("shares", () => {
  it("probability-rescaled shares sum to 100 and follow exp(u)/(exp(u)+k−1)", () => {
    const u = [1, 0, -1];
    const s = rescaledShares(u, 4);
    const raw = u.map((x) => Math.exp(x) / (Math.exp(x) + 3));
    const tot = raw.reduce((a, b) => a + b, 0);
    s.forEach((x, i) => {
      expect(x).toBeCloseTo((100 * raw[i]) / tot, 12);
    });
    expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 10);
  });

  it("samples zero-centred draws with the right covariance", () => {
    const sample = zeroCentredSampler(fit.utilities, fit.covariance!, K)!;
    const rng = createRng(1);
    const x = new Float64Array(K);
    const n = 20000;
    let m0 = 0,
      v0 = 0;
    for (let d = 0; d < n; d++) {
      sample(rng, x);
      if (d < 100) expect(Math.abs(x.reduce((a, b) => a + b, 0))).toBeLessThan(1e-9);
      m0 += x[0];
      v0 += (x[0] - fit.utilities[0]) ** 2;
    }
    expect(m0 / n).toBeCloseTo(fit.utilities[0], 2);
    expect(Math.sqrt(v0 / n) / fit.se![0]).toBeGreaterThan(0.95);
    expect(Math.sqrt(v0 / n) / fit.se![0]).toBeLessThan(1.05);
  });

  it("share intervals contain the point share", () => {
    const s = rescaledShares(fit.utilities, 4);
    const iv = simulatedShareIntervals(fit.utilities, fit.covariance!, 4, createRng(2), 1000)!;
    iv.forEach(([lo, hi], i) => {
      expect(lo).toBeLessThan(s[i]);
      expect(hi).toBeGreaterThan(s[i]);
    });
  });
});

describe("analyseMaxDiff (aggregate)", () => {
  it("reports blocks, segment comparisons with Holm, and no NaN", () => {
    const segA = simulateAnswers(
      design,
      Array.from({ length: 300 }, () => ({ segment: "a", utilities: truth })),
      items,
      1,
    );
    const rev = truth.slice().reverse();
    const segB = simulateAnswers(
      design,
      Array.from({ length: 300 }, () => ({ segment: "b", utilities: rev })),
      items,
      2,
    ).map((t) => ({ ...t, respondent: `b-${t.respondent}` }));
    const segC = simulateAnswers(
      design,
      Array.from({ length: 300 }, () => ({ segment: "c", utilities: truth })),
      items,
      3,
    ).map((t) => ({ ...t, respondent: `c-${t.respondent}` }));
    const r = analyseMaxDiff([...segA, ...segB, ...segC]);
    expect(Object.keys(r.segments)).toEqual(["a", "b", "c"]);
    expect(r.overall.respondents).toBe(900);
    for (const block of [r.overall, ...Object.values(r.segments)]) {
      expect(block.items.reduce((a, x) => a + x.utility!, 0)).toBeCloseTo(0, 8);
      expect(block.items.reduce((a, x) => a + x.share!, 0)).toBeCloseTo(100, 8);
      expect(block.covariance).toHaveLength(K);
    }
    const ab = r.comparisons.filter((c) => c.a === "a" && c.b === "b");
    const ac = r.comparisons.filter((c) => c.a === "a" && c.b === "c");
    expect(ab).toHaveLength(K);
    // a vs b differ strongly at the extremes, a vs c are the same population
    expect(ab.find((c) => c.item === "I1")!.significant).toBe(true);
    expect(ab.find((c) => c.item === "I10")!.significant).toBe(true);
    expect(ac.filter((c) => c.significant).length).toBeLessThanOrEqual(1);
    for (const c of r.comparisons) expect(c.pHolm!).toBeGreaterThanOrEqual(c.pValue!);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });
});

describe("analyseMaxDiff edge cases", () => {
  it("reports an item always chosen worst without NaN (not converged: se and intervals null)", () => {
    // I10 is worst whenever shown: its utility runs off to −∞ (complete separation)
    const few = tasks.slice(0, 40).map((t) => {
      if (!t.shown.includes("I10")) return t;
      const best = t.best === "I10" ? t.shown.find((x) => x !== "I10")! : t.best;
      return { ...t, best, worst: "I10" };
    });
    const r = analyseMaxDiff(few, { items: [...items, "never shown"] });
    expect(r.overall.converged).toBe(false);
    const i10 = r.overall.items.find((x) => x.item === "I10")!;
    expect(i10.best).toBe(0);
    expect(i10.se).toBeNull();
    expect(i10.utility!).toBeLessThan(-5);
    const never = r.overall.items.find((x) => x.item === "never shown")!;
    expect(never).toEqual(expect.objectContaining({ shown: 0, score: null, utility: null, share: null }));
    expect(r.overall.items.reduce((a, x) => a + (x.share ?? 0), 0)).toBeCloseTo(100, 8);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it("rejects tasks showing items outside the given item list", () => {
    expect(() => analyseMaxDiff(tasks.slice(0, 5), { items: ["I1", "I2"] })).toThrow(/unknown item/);
  });
});
