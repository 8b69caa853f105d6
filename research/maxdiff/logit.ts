/**
 * Aggregate sequential best–worst multinomial logit (Louviere, Flynn & Marley 2015,
 * Best-Worst Scaling, §5.3 "sequential best–worst"; Marley & Louviere 2005): in each task
 * the best is chosen among the items shown with utilities +u, then the worst among the
 * remaining items with utilities −u. Maximum likelihood by Newton–Raphson (Train 2009,
 * Discrete Choice Methods, §8.2) with item `ref` fixed at 0 for identification; reported
 * zero-centred (utilities sum to 0) with the covariance C V Cᵀ, C = I − 11ᵀ/K.
 */
import { type ChoiceSets, choiceSetLogLikelihood } from "./choiceSets.ts";
import type { ChoiceData } from "./data.ts";
import { invertSpd, zeroCentredCovariance } from "./linalg.ts";

export interface LogitFit {
  /** Zero-centred utilities, item order. */
  utilities: Float64Array;
  /** Zero-centred covariance (K × K row-major, singular: rows sum to 0); null when the information matrix is singular. */
  covariance: Float64Array | null;
  /** Standard errors of the zero-centred utilities. */
  se: Float64Array | null;
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  /** Largest absolute score (gradient) component at the estimate. */
  maxGradient: number;
}

/**
 * Log-likelihood of the sequential best–worst model at utilities `u` (any location), with
 * its gradient and (optionally) Hessian over all K utilities (Hessian is singular: only
 * differences are identified). With `weights` (one per task) every task's contribution is
 * multiplied by its weight (a weighted likelihood, e.g. the M-step of latent class EM);
 * tasks of weight 0 are skipped unless `taskLogLikelihood` (filled with each task's
 * unweighted log-likelihood) is requested.
 */
export function bestWorstLogLikelihood(
  data: ChoiceData,
  u: ArrayLike<number>,
  want: { hessian?: boolean; weights?: ArrayLike<number>; taskLogLikelihood?: Float64Array } = {},
): { logLikelihood: number; gradient: Float64Array; hessian: Float64Array | null } {
  const K = data.nItems,
    k = data.k;
  const g = new Float64Array(K);
  const h = want.hessian ? new Float64Array(K * K) : null;
  const p = new Float64Array(k);
  const weights = want.weights,
    perTask = want.taskLogLikelihood;
  const exps = itemExponentials(u);
  let ll = 0;
  for (let t = 0; t < data.nTasks; t++) {
    const wt = weights ? weights[t] : 1;
    if (wt === 0 && !perTask) continue;
    const llt = addBestWorstTask(data, u, t, wt, g, 0, h, p, exps);
    if (perTask) perTask[t] = llt;
    ll += wt * llt;
  }
  return { logLikelihood: ll, gradient: g, hessian: h };
}

/** exp(u − max u) and exp(min u − u) per item, shared by all tasks; null when the range of u is so wide (> 600) that they could underflow. */
export interface ItemExponentials {
  up: Float64Array;
  down: Float64Array;
  max: number;
  min: number;
}

/** Precomputed exponentials for addBestWorstTask (one exp per item instead of 2k−1 per task). */
export function itemExponentials(u: ArrayLike<number>): ItemExponentials | null {
  let max = -Infinity,
    min = Infinity;
  for (let i = 0; i < u.length; i++) {
    if (u[i] > max) max = u[i];
    if (u[i] < min) min = u[i];
  }
  if (!(max - min <= 600)) return null;
  const up = new Float64Array(u.length),
    down = new Float64Array(u.length);
  for (let i = 0; i < u.length; i++) {
    up[i] = Math.exp(u[i] - max);
    down[i] = Math.exp(min - u[i]);
  }
  return { up, down, max, min };
}

/**
 * One task of the sequential best–worst logit: adds wt × its score to g[gOff + item] and
 * wt × its Hessian to h (K × K, when given) and returns its unweighted log-likelihood
 * (p: scratch of length k; `exps` from itemExponentials(u), or null to exponentiate per task).
 * The building block of bestWorstLogLikelihood and latent class EM.
 */
export function addBestWorstTask(
  data: ChoiceData,
  u: ArrayLike<number>,
  t: number,
  wt: number,
  g: Float64Array,
  gOff: number,
  h: Float64Array | null,
  p: Float64Array,
  exps: ItemExponentials | null,
): number {
  const { shown, k } = data;
  const off = t * k,
    b = data.best[t],
    w = data.worst[t];
  // best among all shown, utility +u: P(j) = e^{u_j} / Σ e^{u}, shifted by a maximum for stability
  let shift: number,
    sum = 0;
  if (exps) {
    shift = exps.max;
    for (let j = 0; j < k; j++) sum += p[j] = exps.up[shown[off + j]];
  } else {
    shift = -Infinity;
    for (let j = 0; j < k; j++) if (u[shown[off + j]] > shift) shift = u[shown[off + j]];
    for (let j = 0; j < k; j++) sum += p[j] = Math.exp(u[shown[off + j]] - shift);
  }
  let llt = u[b] - shift - Math.log(sum);
  g[gOff + b] += wt;
  for (let j = 0; j < k; j++) {
    p[j] /= sum;
    g[gOff + shown[off + j]] -= wt * p[j];
  }
  if (h) accumulateHessian(h, data.nItems, shown, off, k, p, wt);
  // worst among the rest, utility −u
  sum = 0;
  if (exps) {
    shift = -exps.min;
    for (let j = 0; j < k; j++) {
      const it = shown[off + j];
      sum += p[j] = it === b ? 0 : exps.down[it];
    }
  } else {
    shift = -Infinity;
    for (let j = 0; j < k; j++) {
      const it = shown[off + j];
      if (it !== b && -u[it] > shift) shift = -u[it];
    }
    for (let j = 0; j < k; j++) {
      const it = shown[off + j];
      sum += p[j] = it === b ? 0 : Math.exp(-u[it] - shift);
    }
  }
  llt += -u[w] - shift - Math.log(sum);
  g[gOff + w] -= wt;
  for (let j = 0; j < k; j++) {
    p[j] /= sum;
    g[gOff + shown[off + j]] += wt * p[j];
  }
  if (h) accumulateHessian(h, data.nItems, shown, off, k, p, wt);
  return llt;
}

/** H −= wt·(diag(p) − ppᵀ) over the task's items (the MNL Hessian; same sign for ±u). */
function accumulateHessian(
  h: Float64Array,
  K: number,
  shown: Int32Array,
  off: number,
  k: number,
  p: Float64Array,
  wt: number,
): void {
  for (let a = 0; a < k; a++) {
    const ia = shown[off + a];
    const wa = wt * p[a];
    h[ia * K + ia] -= wa;
    for (let b = 0; b < k; b++) h[ia * K + shown[off + b]] += wa * p[b];
  }
}

/**
 * Fit the sequential best–worst logit (see file comment). `ref` defaults to the last item;
 * `weights` (one per task) fits the weighted likelihood (e.g. one latent class, or a subset
 * of respondents with 0/1 weights).
 */
export function sequentialBestWorstLogit(
  data: ChoiceData,
  opts: { ref?: number; maxIterations?: number; tolerance?: number; weights?: ArrayLike<number> } = {},
): LogitFit {
  const K = data.nItems,
    P = K - 1;
  const ref = opts.ref ?? K - 1;
  const maxIt = opts.maxIterations ?? 100;
  const tol = opts.tolerance ?? 1e-9;
  const free = (i: number) => (i < ref ? i : i + 1);
  let u = new Float64Array(K);
  let cur = bestWorstLogLikelihood(data, u, { hessian: true, weights: opts.weights });
  let converged = false,
    iterations = 0;
  let info: Float64Array | null = null;
  for (; iterations < maxIt; iterations++) {
    info = reducedInformation(cur.hessian!, K, ref);
    const inv = invertSpd(info, P);
    if (!inv) break;
    const step = new Float64Array(P);
    for (let i = 0; i < P; i++) {
      let s = 0;
      for (let j = 0; j < P; j++) s += inv[i * P + j] * cur.gradient[free(j)];
      step[i] = s;
    }
    let lambda = 1,
      next = cur,
      trial = u;
    for (let half = 0; half < 30; half++) {
      trial = new Float64Array(K);
      for (let i = 0; i < P; i++) trial[free(i)] = u[free(i)] + lambda * step[i];
      next = bestWorstLogLikelihood(data, trial, { hessian: true, weights: opts.weights });
      // Relative slack: on tens of thousands of tasks the log-likelihood carries rounding noise of ~1e-11.
      if (next.logLikelihood >= cur.logLikelihood - 1e-12 * Math.max(1, Math.abs(cur.logLikelihood))) break;
      lambda /= 2;
    }
    let maxStep = 0;
    for (let i = 0; i < P; i++) maxStep = Math.max(maxStep, Math.abs(lambda * step[i]));
    const gain = next.logLikelihood - cur.logLikelihood;
    u = trial;
    cur = next;
    if (maxStep < tol || (gain >= 0 && gain < 1e-12 && maxStep < 1e-6)) {
      converged = true;
      iterations++;
      break;
    }
  }
  info = reducedInformation(cur.hessian!, K, ref);
  const freeCov = invertSpd(info, P);
  // An item never chosen best (or never worst) drives its utility to ∓∞: treat as not converged.
  let maxAbs = 0;
  for (let i = 0; i < K; i++) maxAbs = Math.max(maxAbs, Math.abs(u[i]));
  if (maxAbs > 25) converged = false;
  const centred = zeroCentre(u);
  const covariance = freeCov ? zeroCentredCovariance(freeCov, K, ref) : null;
  const se = covariance
    ? Float64Array.from({ length: K }, (_, i) => Math.sqrt(Math.max(0, covariance[i * K + i])))
    : null;
  let maxGradient = 0;
  for (let i = 0; i < K; i++) if (i !== ref) maxGradient = Math.max(maxGradient, Math.abs(cur.gradient[i]));
  return { utilities: centred, covariance, se, logLikelihood: cur.logLikelihood, converged, iterations, maxGradient };
}

/** −Hessian with the reference row/column removed ((K−1)²). */
export function reducedInformation(h: Float64Array, K: number, ref: number): Float64Array {
  const P = K - 1;
  const out = new Float64Array(P * P);
  for (let i = 0, ii = 0; i < K; i++) {
    if (i === ref) continue;
    for (let j = 0, jj = 0; j < K; j++) {
      if (j === ref) continue;
      out[ii * P + jj] = -h[i * K + j];
      jj++;
    }
    ii++;
  }
  return out;
}

/** u − mean(u). */
export function zeroCentre(u: ArrayLike<number>): Float64Array {
  let m = 0;
  for (let i = 0; i < u.length; i++) m += u[i];
  m /= u.length;
  return Float64Array.from({ length: u.length }, (_, i) => u[i] - m);
}

export interface AnchoredLogitFit {
  /** Utilities relative to the anchor (anchor = 0), item order. */
  utilities: Float64Array;
  /** Covariance of the anchor-relative utilities (K × K, full rank); null when the information matrix is singular. */
  covariance: Float64Array | null;
  se: Float64Array | null;
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  maxGradient: number;
}

/**
 * Anchored (dual-response) sequential best–worst logit (Orme 2009; Louviere, Flynn & Marley
 * 2015 §5.3): maximum likelihood over the coded choice sets (choiceSets.ts) with the anchor's
 * utility fixed at 0, by Newton–Raphson with step halving (Train 2009 §8.2). Utilities are
 * relative to the anchor, not zero-centred.
 */
export function anchoredBestWorstLogit(
  sets: ChoiceSets,
  opts: { maxIterations?: number; tolerance?: number } = {},
): AnchoredLogitFit {
  const K = sets.nItems,
    M = K + 1;
  const maxIt = opts.maxIterations ?? 100;
  const tol = opts.tolerance ?? 1e-9;
  const evaluate = (u: Float64Array) => {
    const g = new Float64Array(M),
      h = new Float64Array(M * M);
    const ll = choiceSetLogLikelihood(sets, u, 0, sets.nSets, g, h);
    return { ll, g, h };
  };
  const information = (h: Float64Array) => {
    const out = new Float64Array(K * K);
    for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) out[i * K + j] = -h[i * M + j];
    return out;
  };
  let u = new Float64Array(M);
  let cur = evaluate(u);
  let converged = false,
    iterations = 0;
  for (; iterations < maxIt; iterations++) {
    const inv = invertSpd(information(cur.h), K);
    if (!inv) break;
    const step = new Float64Array(K);
    for (let i = 0; i < K; i++) {
      let s = 0;
      for (let j = 0; j < K; j++) s += inv[i * K + j] * cur.g[j];
      step[i] = s;
    }
    let lambda = 1,
      next = cur,
      trial = u;
    for (let half = 0; half < 30; half++) {
      trial = new Float64Array(M);
      for (let i = 0; i < K; i++) trial[i] = u[i] + lambda * step[i];
      next = evaluate(trial);
      if (next.ll >= cur.ll - 1e-12) break;
      lambda /= 2;
    }
    let maxStep = 0;
    for (let i = 0; i < K; i++) maxStep = Math.max(maxStep, Math.abs(lambda * step[i]));
    const gain = next.ll - cur.ll;
    u = trial;
    cur = next;
    if (maxStep < tol || (gain >= 0 && gain < 1e-12 && maxStep < 1e-6)) {
      converged = true;
      iterations++;
      break;
    }
  }
  const covariance = invertSpd(information(cur.h), K);
  let maxAbs = 0,
    maxGradient = 0;
  for (let i = 0; i < K; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(u[i]));
    maxGradient = Math.max(maxGradient, Math.abs(cur.g[i]));
  }
  if (maxAbs > 25) converged = false;
  const se = covariance
    ? Float64Array.from({ length: K }, (_, i) => Math.sqrt(Math.max(0, covariance[i * K + i])))
    : null;
  return {
    utilities: u.slice(0, K),
    covariance,
    se,
    logLikelihood: cur.ll,
    converged,
    iterations,
    maxGradient,
  };
}
