/**
 * Aggregate sequential best–worst multinomial logit (Louviere, Flynn & Marley 2015,
 * Best-Worst Scaling, §5.3 "sequential best–worst"; Marley & Louviere 2005): in each task
 * the best is chosen among the items shown with utilities +u, then the worst among the
 * remaining items with utilities −u. Maximum likelihood by Newton–Raphson (Train 2009,
 * Discrete Choice Methods, §8.2) with item `ref` fixed at 0 for identification; reported
 * zero-centred (utilities sum to 0) with the covariance C V Cᵀ, C = I − 11ᵀ/K.
 */
import { type ChoiceSets, choiceSetLogLikelihood, collapseChoiceSets } from "./choiceSets.ts";
import type { ChoiceData } from "./data.ts";
import { invertSpd, zeroCentredCovariance } from "./linalg.ts";
import { halvingStep, newtonDirection } from "./newton.ts";

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
 * differences are identified).
 */
export function bestWorstLogLikelihood(
  data: ChoiceData,
  u: ArrayLike<number>,
  want: { hessian?: boolean } = {},
): { logLikelihood: number; gradient: Float64Array; hessian: Float64Array | null } {
  const K = data.nItems,
    k = data.k;
  const g = new Float64Array(K);
  const h = want.hessian ? new Float64Array(K * K) : null;
  const p = new Float64Array(k);
  let ll = 0;
  for (let t = 0; t < data.nTasks; t++) {
    const off = t * k,
      b = data.best[t],
      w = data.worst[t];
    // best among all shown, utility +u
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, u[data.shown[off + j]]);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += p[j] = Math.exp(u[data.shown[off + j]] - max);
    ll += u[b] - max - Math.log(sum);
    g[b] += 1;
    for (let j = 0; j < k; j++) {
      p[j] /= sum;
      g[data.shown[off + j]] -= p[j];
    }
    if (h) accumulateHessian(h, K, data.shown, off, k, p);
    // worst among the rest, utility −u
    max = -Infinity;
    for (let j = 0; j < k; j++) if (data.shown[off + j] !== b) max = Math.max(max, -u[data.shown[off + j]]);
    sum = 0;
    for (let j = 0; j < k; j++) {
      const it = data.shown[off + j];
      sum += p[j] = it === b ? 0 : Math.exp(-u[it] - max);
    }
    ll += -u[w] - max - Math.log(sum);
    g[w] -= 1;
    for (let j = 0; j < k; j++) {
      p[j] /= sum;
      g[data.shown[off + j]] += p[j];
    }
    if (h) accumulateHessian(h, K, data.shown, off, k, p);
  }
  return { logLikelihood: ll, gradient: g, hessian: h };
}

/** H −= diag(p) − ppᵀ over the task's items (the MNL Hessian; same sign for ±u). */
function accumulateHessian(
  h: Float64Array,
  K: number,
  shown: Int32Array,
  off: number,
  k: number,
  p: Float64Array,
): void {
  for (let a = 0; a < k; a++) {
    const ia = shown[off + a];
    h[ia * K + ia] -= p[a];
    for (let b = 0; b < k; b++) h[ia * K + shown[off + b]] += p[a] * p[b];
  }
}

/** Fit the sequential best–worst logit (see file comment). `ref` defaults to the last item. */
export function sequentialBestWorstLogit(
  data: ChoiceData,
  opts: { ref?: number; maxIterations?: number; tolerance?: number } = {},
): LogitFit {
  const K = data.nItems,
    P = K - 1;
  const ref = opts.ref ?? K - 1;
  const maxIt = opts.maxIterations ?? 100;
  const tol = opts.tolerance ?? 1e-9;
  const free = (i: number) => (i < ref ? i : i + 1);
  let u = new Float64Array(K);
  let cur = bestWorstLogLikelihood(data, u, { hessian: true });
  let converged = false,
    iterations = 0;
  let info: Float64Array | null = null;
  for (; iterations < maxIt; iterations++) {
    info = reducedInformation(cur.hessian!, K, ref);
    const inv = invertSpd(info, P);
    if (!inv) break;
    const step = newtonDirection(inv, P, (j) => cur.gradient[free(j)]);
    const from = u;
    const moved = halvingStep(
      step,
      cur,
      (at) => at.logLikelihood,
      tol,
      (lambda) => {
        const trial = new Float64Array(K);
        for (let i = 0; i < P; i++) trial[free(i)] = from[free(i)] + lambda * step[i];
        return { trial, next: bestWorstLogLikelihood(data, trial, { hessian: true }) };
      },
    );
    u = moved.trial;
    cur = moved.next;
    if (moved.done) {
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
function reducedInformation(h: Float64Array, K: number, ref: number): Float64Array {
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
  coded: ChoiceSets,
  opts: { maxIterations?: number; tolerance?: number } = {},
): AnchoredLogitFit {
  // Pooled estimation: identical sets merged with frequency weights (same likelihood, far fewer sets).
  const sets = collapseChoiceSets(coded);
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
    const step = newtonDirection(inv, K, (j) => cur.g[j]);
    const from = u;
    const moved = halvingStep(
      step,
      cur,
      (at) => at.ll,
      tol,
      (lambda) => {
        const trial = new Float64Array(M);
        for (let i = 0; i < K; i++) trial[i] = from[i] + lambda * step[i];
        return { trial, next: evaluate(trial) };
      },
    );
    u = moved.trial;
    cur = moved.next;
    if (moved.done) {
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
