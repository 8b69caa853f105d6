/**
 * Latent-class sequential best–worst logit by EM (Wedel & Kamakura 2000, Market
 * Segmentation, ch. 6; Swait 1994, J. Retailing & Consumer Services 1:77; Dempster, Laird &
 * Rubin 1977): respondents belong to one of C classes with shares π_c; within class c every
 * choice set (choiceSets.ts: the best and worst sets of each task, plus the anchor sets of
 * anchored data) follows a multinomial logit with utilities β_c.
 *
 * E-step: posterior τ_rc ∝ π_c · L_r(β_c), by log-sum-exp over the per-respondent
 * log-likelihoods. M-step: π_c = mean τ_rc; β_c gets one Newton–Raphson step (with step
 * halving) on the τ-weighted log-likelihood of class c — a generalised EM step, so the
 * log-likelihood never decreases (Dempster et al. 1977 §3; Wedel & Kamakura 2000 §6.3).
 * Identification: the anchor pseudo-item is 0; without anchor answers the last item is 0 as well.
 */
import { type Rng, createRng } from "../random.ts";
import { type ChoiceSets, choiceSetLogLikelihood, itemExponentials } from "./choiceSets.ts";
import { invertSpd } from "./linalg.ts";

export interface LatentClassRun {
  classes: number;
  logLikelihood: number;
  /** Class shares π (sum 1), in estimation order (not yet sorted by size). */
  shares: Float64Array;
  /** Utilities per class (nItems + 1 each: the items, then the anchor = 0; without anchoring the last item is 0 too). */
  utilities: Float64Array[];
  /** Posterior class probabilities, respondent-major (n × C). */
  posteriors: Float64Array;
  iterations: number;
  converged: boolean;
  /** Log-likelihood after each E-step (non-decreasing up to rounding). */
  trace: number[];
}

export interface EmOptions {
  /** EM iterations at most (default 1,000). */
  maxIterations?: number;
  /** Stop when one iteration gains less than this much log-likelihood (default 1e-6 · |LL|, at least 1e-4). */
  tolerance?: number;
  /** Smallest class, in respondents (expected count n·π_c), before the class counts as emptied (default 1). */
  minClassSize?: number;
}

/** Why a start was abandoned. */
export type EmFailure = { failed: "emptied"; class: number; size: number } | { failed: "diverged"; class: number };

/** Number of respondents in the coded choice sets. */
export function respondentCount(sets: ChoiceSets): number {
  return sets.respSetStart.length - 1;
}

/**
 * Estimated utilities (indices into the nItems + 1 utility vector): every item when the data
 * are anchored (the anchor is the 0), else every item but the last (fixed at 0).
 */
export function freeParameters(sets: ChoiceSets): Int32Array {
  const K = sets.nItems;
  return Int32Array.from({ length: sets.anchored ? K : K - 1 }, (_, i) => i);
}

/** Random-partition start (Wedel & Kamakura 2000 §6.3.3): respondents shuffled and dealt to the C classes in turn. */
export function randomPartition(n: number, C: number, rng: Rng): Float64Array {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const post = new Float64Array(n * C);
  order.forEach((r, i) => {
    post[r * C + (i % C)] = 1;
  });
  return post;
}

/** Utility magnitude beyond which a class is taken to have run off to ±∞ (a perfectly separated class). */
const DIVERGED = 30;

/**
 * Per-respondent log-likelihood (llOut[r]) and score (gradOut[r·(K+1) …]) of one class's
 * utilities `beta`, from choiceSetLogLikelihood over each respondent's choice sets.
 */
export function respondentScores(
  sets: ChoiceSets,
  beta: ArrayLike<number>,
  llOut: Float64Array,
  gradOut: Float64Array,
): void {
  const n = respondentCount(sets),
    M = sets.nItems + 1;
  gradOut.fill(0);
  const exps = itemExponentials(beta);
  for (let r = 0; r < n; r++)
    llOut[r] = choiceSetLogLikelihood(
      sets,
      beta,
      sets.respSetStart[r],
      sets.respSetStart[r + 1],
      gradOut.subarray(r * M, r * M + M),
      undefined,
      1,
      exps,
    );
}

/**
 * Posterior-weighted information −Σ_r τ_r ∇²ℓ_r(β) over the free parameters (P × P), the
 * Hessian of the M-step objective (choiceSetLogLikelihood with weight τ_r per respondent).
 */
export function weightedInformation(
  sets: ChoiceSets,
  beta: ArrayLike<number>,
  tau: ArrayLike<number>,
  free: Int32Array,
): Float64Array {
  const n = respondentCount(sets),
    M = sets.nItems + 1,
    P = free.length;
  const g = new Float64Array(M),
    h = new Float64Array(M * M);
  const exps = itemExponentials(beta);
  for (let r = 0; r < n; r++)
    if (tau[r] > 0)
      choiceSetLogLikelihood(sets, beta, sets.respSetStart[r], sets.respSetStart[r + 1], g, h, tau[r], exps);
  const info = new Float64Array(P * P);
  for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) info[i * P + j] = -h[free[i] * M + free[j]];
  return info;
}

/** The state of one class during EM: utilities with each respondent's log-likelihood and score at them. */
interface ClassState {
  beta: Float64Array;
  ll: Float64Array;
  grad: Float64Array;
  /** Inverse weighted information (P × P) of the last fresh Hessian; reused while steps succeed (quasi-Newton). */
  inverse: Float64Array | null;
}

/** Inverse of the information, Levenberg-damped when it is not positive definite (Moré 1978). */
function dampedInverse(info: Float64Array, P: number): Float64Array | null {
  let inv = invertSpd(info, P);
  let scale = 1;
  for (let i = 0; i < P; i++) scale = Math.max(scale, info[i * P + i]);
  for (let damp = 1e-8; !inv && damp < 1e8; damp *= 100) {
    const d = info.slice();
    for (let i = 0; i < P; i++) d[i * P + i] += damp * scale;
    inv = invertSpd(d, P);
  }
  return inv;
}

/**
 * One Newton–Raphson step with step halving on class c's posterior-weighted log-likelihood
 * Q(β) = Σ_r τ_r ℓ_r(β) (Train 2009 §8.2). The Hessian is recomputed when `fresh` (or when
 * the stale one fails to improve Q); otherwise the previous inverse is reused with the
 * current score, which still ascends Q. Updates `state` (and its per-respondent ℓ and score)
 * only when Q does not decrease, so the EM log-likelihood never decreases.
 */
function classNewtonStep(
  sets: ChoiceSets,
  free: Int32Array,
  state: ClassState,
  tau: Float64Array,
  trial: ClassState,
  fresh: boolean,
): void {
  const n = respondentCount(sets),
    M = sets.nItems + 1,
    P = free.length;
  let q0 = 0;
  const g = new Float64Array(P);
  for (let r = 0; r < n; r++) {
    const w = tau[r];
    if (w === 0) continue;
    q0 += w * state.ll[r];
    for (let i = 0; i < P; i++) g[i] += w * state.grad[r * M + free[i]];
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    if (fresh || !state.inverse) {
      state.inverse = dampedInverse(weightedInformation(sets, state.beta, tau, free), P);
      fresh = true;
      if (!state.inverse) return;
    }
    const inv = state.inverse;
    const step = new Float64Array(P);
    for (let i = 0; i < P; i++) {
      let s = 0;
      for (let j = 0; j < P; j++) s += inv[i * P + j] * g[j];
      step[i] = s;
    }
    let lambda = 1;
    for (let half = 0; half < (fresh ? 30 : 1); half++, lambda /= 2) {
      trial.beta.set(state.beta);
      for (let i = 0; i < P; i++) trial.beta[free[i]] = state.beta[free[i]] + lambda * step[i];
      respondentScores(sets, trial.beta, trial.ll, trial.grad);
      let q1 = 0;
      for (let r = 0; r < n; r++) q1 += tau[r] * trial.ll[r];
      if (q1 >= q0) {
        state.beta.set(trial.beta);
        state.ll.set(trial.ll);
        state.grad.set(trial.grad);
        return;
      }
    }
    if (fresh) return;
    fresh = true;
  }
}

/**
 * Fit one logit to the respondents weighted by `tau` (0/1 for a subset) by repeated Newton
 * steps from β = 0 — the aggregate or per-segment model in the same coding as the classes.
 */
export function weightedLogit(
  sets: ChoiceSets,
  tau: Float64Array,
  maxSteps = 50,
): { utilities: Float64Array; logLikelihood: number } {
  const n = respondentCount(sets),
    M = sets.nItems + 1;
  const free = freeParameters(sets);
  const newState = (): ClassState => ({
    beta: new Float64Array(M),
    ll: new Float64Array(n),
    grad: new Float64Array(n * M),
    inverse: null,
  });
  const state = newState(),
    trial = newState();
  respondentScores(sets, state.beta, state.ll, state.grad);
  const q = () => state.ll.reduce((a, l, r) => a + tau[r] * l, 0);
  let prev = q();
  for (let i = 0; i < maxSteps; i++) {
    classNewtonStep(sets, free, state, tau, trial, true);
    const next = q();
    if (next - prev < 1e-10 * Math.max(1, Math.abs(next))) break;
    prev = next;
  }
  return { utilities: state.beta, logLikelihood: q() };
}

/** Where an EM run starts: a partition of respondents (posteriors), or parameters (a warm start). */
export type EmStart = { posteriors: Float64Array } | { utilities: Float64Array[]; shares: Float64Array };

/**
 * EM from `start` (posteriors n × C with rows summing to 1 — then an initial M-step of 2
 * Newton steps from β = 0 — or parameters of an earlier run, to continue it), iterating until
 * one iteration gains less than the tolerance. Returns the fit, or why it failed (a class
 * emptied, or a class's utilities ran off to ±∞).
 */
export function latentClassEm(
  sets: ChoiceSets,
  C: number,
  start: EmStart,
  options: EmOptions = {},
): LatentClassRun | EmFailure {
  const n = respondentCount(sets),
    M = sets.nItems + 1;
  const free = freeParameters(sets);
  const maxIt = options.maxIterations ?? 1000;
  const minSize = options.minClassSize ?? 1;
  const newState = (): ClassState => ({
    beta: new Float64Array(M),
    ll: new Float64Array(n),
    grad: new Float64Array(n * M),
    inverse: null,
  });
  const states = Array.from({ length: C }, newState);
  const trial = newState();
  const post = new Float64Array(n * C);
  const shares = new Float64Array(C);
  const tau = new Float64Array(n);
  const trace: number[] = [];

  const mStep = (newtonSteps: number, fresh: boolean): EmFailure | null => {
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += post[r * C + c];
      if (!(s >= minSize)) return { failed: "emptied", class: c, size: s };
      shares[c] = s / n;
    }
    for (let c = 0; c < C; c++) {
      for (let r = 0; r < n; r++) tau[r] = post[r * C + c];
      for (let i = 0; i < newtonSteps; i++) classNewtonStep(sets, free, states[c], tau, trial, fresh);
      for (let j = 0; j < M; j++)
        if (!(Math.abs(states[c].beta[j]) < DIVERGED)) return { failed: "diverged", class: c };
    }
    return null;
  };
  /** Posteriors from the current parameters (log-sum-exp per respondent); returns the log-likelihood. */
  const eStep = (): number => {
    const logPi = Array.from(shares, Math.log);
    let total = 0;
    for (let r = 0; r < n; r++) {
      let max = -Infinity;
      for (let c = 0; c < C; c++) {
        const a = logPi[c] + states[c].ll[r];
        post[r * C + c] = a;
        if (a > max) max = a;
      }
      let sum = 0;
      for (let c = 0; c < C; c++) sum += post[r * C + c] = Math.exp(post[r * C + c] - max);
      for (let c = 0; c < C; c++) post[r * C + c] /= sum;
      total += max + Math.log(sum);
    }
    return total;
  };

  if ("posteriors" in start) {
    post.set(start.posteriors);
    for (const st of states) respondentScores(sets, st.beta, st.ll, st.grad);
    const failure = mStep(2, true);
    if (failure) return failure;
  } else {
    shares.set(start.shares);
    states.forEach((st, c) => {
      st.beta.set(start.utilities[c]);
      respondentScores(sets, st.beta, st.ll, st.grad);
    });
  }
  let ll = eStep();
  trace.push(ll);
  let converged = false,
    iterations = 0;
  while (iterations < maxIt) {
    iterations++;
    // Fresh Hessians early on and every 8th iteration; in between the last one is reused.
    const failure = mStep(1, iterations <= 3 || iterations % 8 === 0);
    if (failure) return failure;
    const next = eStep();
    trace.push(next);
    const gain = next - ll;
    ll = next;
    const tol = options.tolerance ?? Math.max(1e-4, 1e-6 * Math.abs(ll));
    if (gain < tol) {
      converged = true;
      break;
    }
  }
  return {
    classes: C,
    logLikelihood: ll,
    shares,
    utilities: states.map((st) => st.beta),
    posteriors: post,
    iterations,
    converged,
    trace,
  };
}

export interface MultiStartOptions extends EmOptions {
  /** Random starts (default 10). */
  starts?: number;
  seed?: number;
  /** EM iterations every start gets before only the best few are run on to convergence (default 15). */
  screenIterations?: number;
  /** How many of the screened starts are run on to convergence (default 3). */
  keep?: number;
}

export interface MultiStartResult {
  best: LatentClassRun | null;
  /** Log-likelihood each successful start reached (after screening, or at convergence for those run on). */
  startLogLikelihoods: number[];
  /** Starts abandoned because a class emptied or diverged (each replaced by a fresh start, up to 3 × starts attempts). */
  failedStarts: number;
  messages: string[];
}

/**
 * Best of several seeded random-partition starts (Wedel & Kamakura 2000 §6.3.3: EM finds
 * local optima, so restart and keep the highest log-likelihood), with the short-runs
 * strategy of Biernacki, Celeux & Govaert 2003 (Comput. Stat. Data Anal. 41:561): every start
 * gets `screenIterations` EM iterations (default 15), the `keep` best are continued (warm-started) to
 * convergence. A start whose class empties or diverges is replaced by another seeded start;
 * after 3 × starts attempts the failures are reported in `messages`.
 */
export function latentClassMultiStart(sets: ChoiceSets, C: number, options: MultiStartOptions = {}): MultiStartResult {
  const starts = C === 1 ? 1 : (options.starts ?? 10);
  const rng = createRng(((options.seed ?? 1) * 1000003 + C * 7919) >>> 0);
  const n = respondentCount(sets);
  const screened: LatentClassRun[] = [];
  let emptied = 0,
    diverged = 0;
  const note = (f: EmFailure) => (f.failed === "emptied" ? emptied++ : diverged++);
  const screen = { ...options, maxIterations: Math.min(options.maxIterations ?? 1000, options.screenIterations ?? 15) };
  for (let attempt = 0; screened.length < starts && attempt < 3 * starts; attempt++) {
    const run = latentClassEm(sets, C, { posteriors: randomPartition(n, C, rng) }, screen);
    if ("failed" in run) note(run);
    else screened.push(run);
  }
  const order = screened.map((_, i) => i).sort((a, b) => screened[b].logLikelihood - screened[a].logLikelihood);
  const runs = screened.slice();
  const maxIt = options.maxIterations ?? 1000;
  for (const i of order.slice(0, options.keep ?? 3)) {
    const s = screened[i];
    if (s.converged || s.iterations >= maxIt) continue;
    const more = latentClassEm(
      sets,
      C,
      { utilities: s.utilities, shares: s.shares },
      { ...options, maxIterations: maxIt - s.iterations },
    );
    if ("failed" in more) {
      note(more);
      continue;
    }
    runs[i] = { ...more, iterations: s.iterations + more.iterations, trace: [...s.trace, ...more.trace.slice(1)] };
  }
  let best: LatentClassRun | null = null;
  for (const r of runs) if (r.converged && (!best || r.logLikelihood > best.logLikelihood)) best = r;
  if (!best) for (const r of runs) if (!best || r.logLikelihood > best.logLikelihood) best = r;
  const failed = emptied + diverged;
  const messages: string[] = [];
  if (failed > 0) {
    const why = [
      emptied ? `${emptied} where a class emptied` : "",
      diverged ? `${diverged} where a class's utilities ran off to infinity (too few respondents in it)` : "",
    ].filter(Boolean);
    messages.push(
      best
        ? `${C} classes: ${failed} ${failed === 1 ? "start was" : "starts were"} abandoned and replaced (${why.join(", ")})`
        : `${C} classes: no start gave ${C} usable classes in ${failed} attempts (${why.join(", ")}); the data do not support ${C} classes`,
    );
  }
  if (best && !best.converged)
    messages.push(`${C} classes: EM stopped after ${best.iterations} iterations without converging`);
  return { best, startLogLikelihoods: runs.map((r) => r.logLikelihood), failedStarts: failed, messages };
}
