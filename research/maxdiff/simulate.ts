/**
 * Simulated MaxDiff answers from known utilities (for tests and the benchmark): each
 * respondent gets a design version (round robin) and answers by the sequential best–worst
 * logit — best = argmax(u + Gumbel), worst = argmin over the rest of (u − Gumbel)
 * (i.e. argmax of −u + Gumbel) — Louviere, Flynn & Marley 2015 §5.3.
 */
import { createRng } from "../random.ts";
import type { MaxDiffDesign } from "./design.ts";
import type { MaxDiffTask } from "./types.ts";

export interface SimulatedRespondent {
  segment?: string | null;
  /** True utilities in item order (any location). */
  utilities: ArrayLike<number>;
}

export function simulateAnswers(
  design: MaxDiffDesign,
  respondents: readonly SimulatedRespondent[],
  itemNames: readonly string[],
  seed = 1,
  options: { anchor?: boolean } = {},
): MaxDiffTask[] {
  const rng = createRng(seed);
  const gumbel = () => -Math.log(-Math.log(rng.next() || 1e-300));
  const tasks: MaxDiffTask[] = [];
  respondents.forEach((r, i) => {
    const version = design.versions[i % design.versions.length];
    version.forEach((shownIdx, ti) => {
      let b = -1,
        bv = -Infinity;
      for (const a of shownIdx) {
        const v = r.utilities[a] + gumbel();
        if (v > bv) {
          bv = v;
          b = a;
        }
      }
      let w = -1,
        wv = -Infinity;
      for (const a of shownIdx) {
        if (a === b) continue;
        const v = -r.utilities[a] + gumbel();
        if (v > wv) {
          wv = v;
          w = a;
        }
      }
      const task: MaxDiffTask = {
        respondent: `r${i + 1}`,
        segment: r.segment ?? null,
        task: ti + 1,
        shown: shownIdx.map((a) => itemNames[a]),
        best: itemNames[b],
        worst: itemNames[w],
      };
      if (options.anchor) {
        // Dual response: the anchor is an alternative of utility 0; "none" when it beats every shown item,
        // "all" when every shown item beats it, else "some" (fresh Gumbel draws: a separate question).
        const a = gumbel();
        let above = 0;
        for (const x of shownIdx) if (r.utilities[x] + gumbel() > a) above++;
        task.anchor = above === 0 ? "none" : above === shownIdx.length ? "all" : "some";
      }
      tasks.push(task);
    });
  });
  return tasks;
}

/** Heterogeneous true utilities: respondent i ~ N(mean[segment], sd² I). */
export function simulateRespondents(
  n: number,
  means: Record<string, ArrayLike<number>>,
  sd: number,
  seed = 1,
): SimulatedRespondent[] {
  const rng = createRng(seed);
  const names = Object.keys(means);
  return Array.from({ length: n }, (_, i) => {
    const segment = names[i % names.length];
    const m = means[segment];
    return { segment, utilities: Float64Array.from({ length: m.length }, (_, a) => m[a] + sd * rng.normal()) };
  });
}

/** Pearson correlation. */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0,
    my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx,
      dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}
