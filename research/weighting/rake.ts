/**
 * Raking (iterative proportional fitting; Deming & Stephan 1940, Ann. Math. Stat. 11:427), as R
 * `survey::rake`: starting from weights 1, the weights are multiplied, one targeted variable after
 * another, by target share / current weighted share of each respondent's category, until every
 * margin matches its target (largest absolute share difference ≤ `tolerance`). Weights are scaled
 * to sum to the number of respondents. With `trim: [lo, hi]`, after every sweep the weights (mean 1)
 * are clipped to [lo, hi] and raking continues (trimmed raking as in ANES `anesrake`); margins then
 * may not be met exactly and `converged` says whether they were.
 */
import { InputError } from "../inputError.ts";
import { kishDesignEffect, kishEffectiveN } from "../stats/weights.ts";

/** Variable → category → target share (each variable's shares sum to 1). */
export type RakeTargets = Record<string, Record<string, number>>;

export interface RakeRespondent {
  respondent: string;
  /** Category of each targeted variable. */
  values: Record<string, string>;
  /** Input line, for messages. */
  line?: number;
}

export interface RakeOptions {
  /** Largest allowed |weighted share − target| at convergence (default 1e-12). */
  tolerance?: number;
  /** Sweeps over all variables before giving up (default 1000). */
  maxIterations?: number;
  /** Clip weights (relative to mean 1) to [lo, hi] after every sweep. */
  trim?: [number, number] | null;
}

export interface RakeResult {
  method: "rake";
  respondents: number;
  iterations: number;
  converged: boolean;
  weights: { respondent: string; weight: number }[];
  designEffect: number | null;
  effectiveN: number | null;
  /** Largest |weighted share − target| over all margins at the end. */
  maxMarginError: number;
  /** Weighted share of every category at the end. */
  margins: Record<string, Record<string, number>>;
}

const SHARE_SUM_TOLERANCE = 1e-6;

/** Checks targets: every variable has categories with shares in (0, 1] summing to 1 (± 1e-6). */
export function checkTargets(targets: RakeTargets): void {
  const vars = Object.keys(targets);
  if (vars.length === 0) throw new InputError("the targets name no variable");
  for (const v of vars) {
    const cats = Object.entries(targets[v] ?? {});
    if (cats.length === 0) throw new InputError(`target ${v} has no categories`);
    let sum = 0;
    for (const [c, share] of cats) {
      if (typeof share !== "number" || !(share > 0) || share > 1)
        throw new InputError(`target share of ${v} = ${c} must be a number in (0, 1] (got ${String(share)})`);
      sum += share;
    }
    if (Math.abs(sum - 1) > SHARE_SUM_TOLERANCE)
      throw new InputError(`target shares of ${v} sum to ${Number(sum.toFixed(6))}, not 1`);
  }
}

/** Raking weights for respondents to the targets' margins. */
export function rake(
  respondents: readonly RakeRespondent[],
  targets: RakeTargets,
  options: RakeOptions = {},
): RakeResult {
  checkTargets(targets);
  const tolerance = options.tolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 1000;
  const trim = options.trim ?? null;
  if (trim && !(trim[0] > 0 && trim[0] <= 1 && trim[1] >= 1 && Number.isFinite(trim[1])))
    throw new InputError(`trim must be lo,hi with 0 < lo ≤ 1 ≤ hi (got ${trim.join(",")})`);
  const n = respondents.length;
  if (n === 0) throw new InputError("no respondents");
  const vars = Object.keys(targets);
  // Category index of each respondent per variable, and the target share per category.
  const codes = vars.map((v) => {
    const cats = Object.keys(targets[v]);
    const index = new Map(cats.map((c, k) => [c, k]));
    const code = new Int32Array(n);
    const seen = new Int32Array(cats.length);
    respondents.forEach((r, i) => {
      const value = r.values[v];
      if (value === undefined || value === "") throw new InputError(`${v} is empty`, r.line);
      const k = index.get(value);
      if (k === undefined) throw new InputError(`${v} = "${value}" has no target share`, r.line);
      code[i] = k;
      seen[k]++;
    });
    cats.forEach((c, k) => {
      if (seen[k] === 0) throw new InputError(`no respondent has ${v} = "${c}", so its target cannot be met`);
    });
    return { cats, code, target: Float64Array.from(cats, (c) => targets[v][c]) };
  });

  const w = new Float64Array(n).fill(1);
  const sums = codes.map((c) => new Float64Array(c.cats.length));
  const marginError = () => {
    let total = 0;
    for (let i = 0; i < n; i++) total += w[i];
    let worst = 0;
    codes.forEach((c, v) => {
      const s = sums[v].fill(0);
      for (let i = 0; i < n; i++) s[c.code[i]] += w[i];
      for (let k = 0; k < s.length; k++) worst = Math.max(worst, Math.abs(s[k] / total - c.target[k]));
    });
    return worst;
  };
  let iterations = 0;
  let error = marginError();
  while (error > tolerance && iterations < maxIterations) {
    iterations++;
    for (let v = 0; v < codes.length; v++) {
      const { code, target } = codes[v];
      const s = sums[v].fill(0);
      let total = 0;
      for (let i = 0; i < n; i++) {
        s[code[i]] += w[i];
        total += w[i];
      }
      const factor = Float64Array.from(s, (sk, k) => (target[k] * total) / sk);
      for (let i = 0; i < n; i++) w[i] *= factor[code[i]];
    }
    if (trim) trimWeights(w, trim[0], trim[1]);
    error = marginError();
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i];
  for (let i = 0; i < n; i++) w[i] *= n / total;
  error = marginError();
  const margins = Object.fromEntries(
    codes.map((c, v) => [vars[v], Object.fromEntries(c.cats.map((cat, k) => [cat, sums[v][k] / n]))]),
  );
  return {
    method: "rake",
    respondents: n,
    iterations,
    converged: error <= Math.max(tolerance, 1e-12),
    weights: respondents.map((r, i) => ({ respondent: r.respondent, weight: w[i] })),
    designEffect: kishDesignEffect(w),
    effectiveN: kishEffectiveN(w),
    maxMarginError: error,
    margins,
  };
}

/**
 * Trims weights in place to [lo, hi] times the mean weight, keeping their sum: clipped weights'
 * excess or shortfall is spread over the unclipped ones in proportion to their size, repeated until
 * none is outside (as R `survey::trimWeights`). Needs lo ≤ 1 ≤ hi.
 */
export function trimWeights(w: Float64Array, lo: number, hi: number): void {
  const n = w.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i];
  const mean = total / n;
  const clipped = new Uint8Array(n);
  for (let round = 0; round < 100; round++) {
    let fixed = 0,
      free = 0,
      changed = false;
    for (let i = 0; i < n; i++) {
      if (w[i] > hi * mean * (1 + 1e-12)) {
        w[i] = hi * mean;
        clipped[i] = 1;
        changed = true;
      } else if (w[i] < lo * mean * (1 - 1e-12)) {
        w[i] = lo * mean;
        clipped[i] = 1;
        changed = true;
      }
      if (clipped[i]) fixed += w[i];
      else free += w[i];
    }
    if (!changed || free === 0) return;
    const scale = (total - fixed) / free;
    for (let i = 0; i < n; i++) if (!clipped[i]) w[i] *= scale;
  }
}
