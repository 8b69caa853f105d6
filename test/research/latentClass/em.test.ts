import { describe, expect, it } from "vitest";
import { codeChoiceSets } from "../../../research/maxdiff/choiceSets.ts";
import { buildChoiceData } from "../../../research/maxdiff/data.ts";
import {
  latentClassEm,
  latentClassMultiStart,
  randomPartition,
  respondentScores,
} from "../../../research/maxdiff/latentClass.ts";
import { latentClassAnalysis, latentClassSolutions } from "../../../research/maxdiff/latentClassSummary.ts";
import { correlation } from "../../../research/maxdiff/simulate.ts";
import { InputError } from "../../../research/inputError.ts";
import { createRng } from "../../../research/random.ts";
import { ITEMS, SIZES, TRUE_UTILITIES, simulateThreeClasses, must } from "./threeClasses.ts";

const sim = simulateThreeClasses(500, 11);
const data = buildChoiceData(sim.tasks, ITEMS);
const sets = codeChoiceSets(data);
const { solutions, chosen: maybeChosen } = latentClassSolutions(data, {
  minClasses: 1,
  maxClasses: 4,
  starts: 5,
  seed: 3,
});
if (!maybeChosen) throw new Error("no solution was estimated");
const chosen = maybeChosen;

/** The true class (0-based) whose utilities correlate best with an estimated class. */
function matchTruth(utilities: readonly (number | null)[]): { truth: number; r: number } {
  const u = utilities.map((x) => x ?? 0);
  return TRUE_UTILITIES.map((t, truth) => ({ truth, r: correlation(u, t) })).sort((a, b) => b.r - a.r)[0];
}

describe("latent-class best–worst logit on three simulated classes (45/35/20 %)", () => {
  it("BIC picks 3 classes, and 1 and 2 classes fit clearly worse", () => {
    expect(chosen?.classes).toBe(3);
    const bic = Object.fromEntries(solutions.map((s) => [s.classes, s.bic]));
    expect(bic[1]).toBeGreaterThan(bic[2]);
    expect(bic[2]).toBeGreaterThan(bic[3]);
    expect(bic[4]).toBeGreaterThan(bic[3]);
    // More classes never fit worse (nested models at their best optimum).
    for (let c = 2; c <= 4; c++)
      expect(solutions[c - 1].logLikelihood).toBeGreaterThanOrEqual(solutions[c - 2].logLikelihood);
  });

  it("counts parameters as C·(K−1) + (C−1) and computes AIC, BIC and CAIC with n = respondents", () => {
    const s = solutions[2];
    expect(s.parameters).toBe(3 * 11 + 2);
    expect(s.aic).toBeCloseTo(-2 * s.logLikelihood + 2 * 35, 8);
    expect(s.bic).toBeCloseTo(-2 * s.logLikelihood + 35 * Math.log(500), 8);
    expect(s.caic).toBeCloseTo(-2 * s.logLikelihood + 35 * (Math.log(500) + 1), 8);
  });

  it("recovers the class sizes within 5 points, numbered by decreasing size", () => {
    const s = chosen;
    expect(s.sizes.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    for (let j = 1; j < s.sizes.length; j++) expect(s.sizes[j]).toBeLessThanOrEqual(s.sizes[j - 1]);
    s.classList.forEach((c, j) => {
      expect(c.class).toBe(j + 1);
      const { truth } = matchTruth(c.items.map((i) => i.utility));
      expect(Math.abs(c.size - SIZES[truth])).toBeLessThan(0.05);
    });
  });

  it("recovers each class's utilities (r ≥ 0.95 with the truth, one class per truth), zero-centred with SEs", () => {
    const matched = chosen.classList.map((c) => matchTruth(c.items.map((i) => i.utility)));
    expect(new Set(matched.map((m) => m.truth)).size).toBe(3);
    for (const m of matched) expect(m.r).toBeGreaterThanOrEqual(0.95);
    for (const c of chosen.classList) {
      expect(c.items.reduce((a, i) => a + (i.utility ?? Number.NaN), 0)).toBeCloseTo(0, 8);
      expect(c.items.reduce((a, i) => a + (i.share ?? Number.NaN), 0)).toBeCloseTo(100, 8);
      for (const i of c.items) expect(i.se).toBeGreaterThan(0);
    }
  });

  it("names classes by their top three items", () => {
    const names = chosen.classList.map((c) => c.name);
    expect(names).toContain("SSO, Timeline view, API access");
    expect(names).toContain("CRM module, Listings sync, Tenant portal");
    expect(names).toContain("Grant pipeline, Donor reports, Offline mode");
  });

  it("assigns at least 90% of respondents to their true class (most likely class)", () => {
    const truthOf = chosen.classList.map((c) => matchTruth(c.items.map((i) => i.utility)).truth);
    let right = 0;
    chosen.posteriors.forEach((p, r) => {
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
      if (truthOf[p.indexOf(Math.max(...p))] === sim.trueClass[r]) right++;
    });
    expect(right / 500).toBeGreaterThanOrEqual(0.9);
  });
});

describe("EM", () => {
  it("never decreases the log-likelihood from one iteration to the next", () => {
    const rng = createRng(9);
    let checked = 0;
    for (const C of [2, 3, 4]) {
      for (let s = 0; s < 2; s++) {
        const run = latentClassEm(sets, C, { posteriors: randomPartition(500, C, rng) });
        if ("failed" in run) continue; // a 4th class may empty: that start is abandoned, not a decrease
        checked++;
        expect(run.trace.length).toBeGreaterThan(2);
        for (let i = 1; i < run.trace.length; i++)
          expect(run.trace[i]).toBeGreaterThanOrEqual(run.trace[i - 1] - 1e-9 * Math.abs(run.trace[i - 1]));
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it("keeps the trace monotone across the warm-started continuation of the best screened starts", () => {
    const r = latentClassMultiStart(sets, 4, { starts: 4, seed: 5, screenIterations: 5 });
    const trace = must(r.best).trace;
    expect(trace.length).toBeGreaterThan(6);
    for (let i = 1; i < trace.length; i++) expect(trace[i]).toBeGreaterThanOrEqual(trace[i - 1] - 1e-6);
  });

  it("reaches a stationary point: the mixture score Σ_r τ_rc ∇ℓ_r(β_c) is ≈ 0 at the optimum", () => {
    const run = must(latentClassMultiStart(sets, 3, { starts: 3, seed: 2, tolerance: 1e-9 }).best);
    const M = ITEMS.length + 1;
    run.utilities.forEach((beta, c) => {
      const ll = new Float64Array(500),
        grad = new Float64Array(500 * M);
      respondentScores(sets, beta, ll, grad);
      for (let i = 0; i < M - 2; i++) {
        let g = 0;
        for (let r = 0; r < 500; r++) g += run.posteriors[r * 3 + c] * grad[r * M + i];
        expect(Math.abs(g)).toBeLessThan(0.05);
      }
    });
  });
});

/**
 * Reference optimiser: plain gradient ascent with an Armijo backtracking step on the mixture
 * log-likelihood Σ_r log Σ_c π_c exp ℓ_r(β_c), π = softmax(α), written independently of the
 * EM: ∂/∂β_c = Σ_r τ_rc ∇ℓ_r(β_c), ∂/∂α_c = Σ_r (τ_rc − π_c).
 */
function gradientAscent(
  d: typeof sets,
  C: number,
  start: { utilities: Float64Array[]; shares: Float64Array },
  iterations: number,
): number {
  const n = d.respSetStart.length - 1,
    K = d.nItems,
    M = K + 1,
    P = K - 1;
  const nPar = C * P + C - 1;
  const theta = new Float64Array(nPar);
  start.utilities.forEach((b, c) => {
    for (let i = 0; i < P; i++) theta[c * P + i] = b[i] - b[P];
  });
  for (let c = 0; c < C - 1; c++) theta[C * P + c] = Math.log(start.shares[c] / start.shares[C - 1]);
  const ll = new Float64Array(n),
    grad = new Float64Array(n * M);
  const evaluate = (th: Float64Array, wantGradient: boolean) => {
    const alpha = Array.from({ length: C }, (_, c) => (c < C - 1 ? th[C * P + c] : 0));
    const amax = Math.max(...alpha);
    const lse = amax + Math.log(alpha.reduce((a, x) => a + Math.exp(x - amax), 0));
    const logPi = alpha.map((a) => a - lse);
    const per: Float64Array[] = [],
      grads: Float64Array[] = [];
    for (let c = 0; c < C; c++) {
      const beta = new Float64Array(M);
      for (let i = 0; i < P; i++) beta[i] = th[c * P + i];
      respondentScores(d, beta, ll, grad);
      per.push(ll.slice());
      grads.push(grad.slice());
    }
    let total = 0;
    const g = new Float64Array(nPar);
    for (let r = 0; r < n; r++) {
      const a = logPi.map((lp, c) => lp + per[c][r]);
      const m = Math.max(...a);
      const s = a.reduce((x, y) => x + Math.exp(y - m), 0);
      total += m + Math.log(s);
      if (!wantGradient) continue;
      for (let c = 0; c < C; c++) {
        const tau = Math.exp(a[c] - m) / s;
        for (let i = 0; i < P; i++) g[c * P + i] += tau * grads[c][r * M + i];
        if (c < C - 1) g[C * P + c] += tau - Math.exp(logPi[c]);
      }
    }
    return { total, g };
  };
  let cur = evaluate(theta, true);
  let step = 1e-3;
  for (let it = 0; it < iterations; it++) {
    const g2 = cur.g.reduce((a, x) => a + x * x, 0);
    if (g2 < 1e-12) break;
    for (;;) {
      const trial = theta.map((x, i) => x + step * cur.g[i]);
      const next = evaluate(trial, false);
      if (next.total >= cur.total + 1e-4 * step * g2) {
        theta.set(trial);
        cur = evaluate(theta, true);
        step *= 2;
        break;
      }
      step /= 2;
      if (step < 1e-14) return cur.total;
    }
  }
  return cur.total;
}

describe("EM optimum against a reference optimiser", () => {
  const small = codeChoiceSets(buildChoiceData(simulateThreeClasses(150, 21).tasks, ITEMS));

  it("is at least as good as direct gradient ascent on the mixture likelihood from the same start", () => {
    for (const C of [2, 3]) {
      const rng = createRng(40 + C);
      // The common start: parameters after the EM's initial M-step from a random partition.
      const start = latentClassEm(small, C, { posteriors: randomPartition(150, C, rng) }, { maxIterations: 0 });
      if ("failed" in start) throw new Error("start failed");
      const em = latentClassEm(
        small,
        C,
        { utilities: start.utilities.map((u) => u.slice()), shares: start.shares.slice() },
        { tolerance: 1e-8 },
      );
      if ("failed" in em) throw new Error("EM failed");
      const reference = gradientAscent(small, C, start, 800);
      expect(reference).toBeGreaterThan(start.logLikelihood); // the reference does climb
      expect(em.logLikelihood).toBeGreaterThanOrEqual(reference - 0.01);
    }
  });

  it("finds with 10 starts the same optimum that 60 starts find", () => {
    const ten = must(latentClassMultiStart(small, 3, { starts: 10, seed: 1 }).best);
    const sixty = must(latentClassMultiStart(small, 3, { starts: 60, seed: 77 }).best);
    expect(ten.logLikelihood).toBeGreaterThanOrEqual(sixty.logLikelihood - 0.01);
  });
});

describe("bad input", () => {
  it("refuses more classes than the respondents support, with the reason", () => {
    const tiny = buildChoiceData(simulateThreeClasses(12, 4).tasks, ITEMS);
    expect(() => latentClassSolutions(tiny, { minClasses: 1, maxClasses: 3 })).toThrow(InputError);
    expect(() => latentClassSolutions(tiny, { minClasses: 1, maxClasses: 3 })).toThrow(
      "3 latent classes need at least 15 respondents (5 per class); the data have 12",
    );
    expect(() => latentClassSolutions(tiny, { minClasses: 3, maxClasses: 2 })).toThrow(InputError);
  });

  it("says when EM stops at the iteration limit without converging", () => {
    const r = latentClassMultiStart(sets, 3, { starts: 2, seed: 1, maxIterations: 3 });
    expect(r.best?.converged).toBe(false);
    expect(r.messages).toContain("3 classes: EM stopped after 3 iterations without converging");
  });

  it("abandons starts whose class empties and says so, never returning NaN", () => {
    // 30 respondents from the three classes: 5 and 6 classes are more than the data hold, so classes empty.
    const same = simulateThreeClasses(30, 8, 0).tasks;
    const d = buildChoiceData(same, ITEMS);
    const r = latentClassAnalysis(d, { minClasses: 1, maxClasses: 6, starts: 3, seed: 1 });
    const text = JSON.stringify(r);
    expect(text).not.toContain("NaN");
    expect(text).not.toContain("null,null,null");
    for (const s of r.solutions) {
      expect(Number.isFinite(s.logLikelihood)).toBe(true);
      expect(Number.isFinite(s.bic)).toBe(true);
    }
    expect(r.chosen).toBe(3);
    expect(
      r.messages.some((m) =>
        /^5 classes: \d+ starts? (was|were) abandoned and replaced \(\d+ where a class emptied\)$/.test(m),
      ),
    ).toBe(true);
  });
});
