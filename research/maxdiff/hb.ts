/**
 * Hierarchical Bayes individual utilities for the sequential best–worst logit (Train 2009,
 * Discrete Choice Methods, §12.6 "Hierarchical Bayes for mixed logit"; Allenby & Rossi 1998;
 * Rossi, Allenby & McCulloch 2005 ch. 5, bayesm `rhierMnlRwMixture` with one component;
 * Sawtooth Software CBC/HB Technical Paper 2009).
 *
 * Model: respondent i's utilities β_i ~ N(μ, Σ), choices by the sequential best–worst logit
 * (logit.ts). Parametrisation: reference coding with p = K − 1 free utilities, the LAST item
 * fixed at 0 for every respondent; results are reported zero-centred (per draw, u − mean(u)).
 *
 * Priors (documented choice): μ flat (diffuse, Train §12.6.1: μ | β, Σ ~ N(β̄, Σ/N));
 * Σ ~ inverse-Wishart(ν₀ = p + 5, S₀ = ν₀·I) — "prior variance 1 with 5 extra degrees of
 * freedom" in Sawtooth's terms, bayesm-style scale — so Σ | β, μ ~ IW(ν₀ + N, S₀ + Σᵢ(β_i−μ)(β_i−μ)ᵀ).
 *
 * Gibbs sampler, per iteration: (1) each β_i by one random-walk Metropolis step with
 * proposal β_i + ρ·L·z, L = chol(Σ) (Train §12.6.2, Sawtooth), (2) μ, (3) Σ (Bartlett
 * decomposition of the Wishart, Odell & Feiveson 1966). ρ is adapted during burn-in every 10
 * iterations toward 30% acceptance (×1.1 above, ×0.9 below) and then frozen. Respondent
 * estimates are posterior means over all post-burn-in iterations; every `thin`-th
 * post-burn-in draw is saved for group (segment) intervals.
 *
 * Anchored (dual-response) data (choiceSets.ts; Orme 2009): all K utilities are free and the
 * anchor pseudo-item is fixed at 0 for every respondent; the likelihood is the one of the coded
 * choice sets; results are reported relative to the anchor (not zero-centred).
 *
 * Respondent covariates (Rossi, Allenby & McCulloch 2005 §5.5; bayesm `rhierMnlRwMixture` with
 * Z): β_i ~ N(Δᵀ z̃_i, Σ) with z̃_i = (1, z_i), z_i centred covariates, so the intercept row of Δ
 * is the population mean. Prior Δ | Σ ~ MN(0, A⁻¹, Σ), A = diag(0, a, …, a) (flat intercept,
 * a = 0.01 as bayesm's Ad), so the Gibbs steps (2)–(3) become the conjugate multivariate
 * regression draw Δ | β, Σ ~ MN((Z̃ᵀZ̃ + A)⁻¹Z̃ᵀB, (Z̃ᵀZ̃ + A)⁻¹, Σ) and
 * Σ | β, Δ ~ IW(ν₀ + N + m, S₀ + Σᵢ(β_i − Δᵀz̃_i)(…)ᵀ + ΔᵀAΔ), m = number of covariates.
 * Without covariates Z̃ = 1 and these are exactly steps (2) and (3) above.
 *
 * Hot loop: Float64Arrays, tasks as index arrays, no allocation per respondent; the prior
 * quadratic form of the proposal reuses w = L⁻¹(β_i − μ) (w' = w + ρz), so one triangular
 * product per respondent; the current log-likelihood is cached, the proposal's is computed once.
 * Step (1) also collects what steps (2)–(3) need (Σ r_i r_iᵀ and Σ z̃_i r_iᵀ at the current Δ), so
 * the upper level costs O(q p²) per iteration, not O(N p²). The respondents are split in up to 16
 * chunks, each with its own random stream; with two cores a worker thread at a lower priority
 * claims chunks alongside the calling thread (docs/decisions/hb-two-threads.md). The draws are the
 * same whichever thread sweeps a chunk.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { createRng, createRngState, type Rng, type RngState, rngNormal, rngSpare, rngUniform } from "../random.ts";
import { codeChoiceSets } from "./choiceSets.ts";
import type { ChoiceData } from "./data.ts";
import { cholesky, invertLower } from "./linalg.ts";
import type { HbTracePoint } from "./types.ts";

export interface HbInput {
  data: ChoiceData;
  iterations?: number;
  /** Default: half of the iterations. */
  burnIn?: number;
  /** Save every `thin`-th post-burn-in draw for group intervals (default: about 1,000 saved). */
  thin?: number;
  seed?: number;
  /** Group (segment) index per respondent (−1 = none), for per-segment posterior summaries. */
  groups?: Int32Array;
  nGroups?: number;
  /** Trace every this many iterations (default: iterations / 100). */
  traceEvery?: number;
  /** Use the anchor answers in data.anchor (default: whenever there are any). */
  anchored?: boolean;
  /** Respondent covariates, centred, N × nCovariates row-major (no intercept column). */
  covariates?: Float64Array;
  nCovariates?: number;
  /** Prior precision a of the covariate effects (default 0.01, bayesm's Ad). */
  covariatePrecision?: number;
  /**
   * Upper level held fixed (no Gibbs steps 2–3): population mean and covariance of the free
   * utilities (p and p × p). Used to estimate random respondents against a real population.
   */
  fixedPopulation?: { mu: Float64Array; sigma: Float64Array };
  /**
   * Threads for the respondent step: 2 shares the respondents' chunks with a worker thread (default:
   * when there are two cores and enough work), 1 sweeps every chunk here. The draws are the same
   * either way: each chunk always has its own random stream.
   */
  threads?: 1 | 2;
}

export interface HbRaw {
  iterations: number;
  burnIn: number;
  thin: number;
  savedDraws: number;
  seed: number;
  K: number;
  k: number;
  /** Whether utilities are relative to the anchor (else zero-centred). */
  anchored: boolean;
  /** Posterior-mean utilities (zero-centred, or anchor-relative), N × K row-major. */
  respondentMeans: Float64Array;
  /** Root likelihood per respondent at the posterior-mean utilities (geometric mean choice probability). */
  rlh: Float64Array;
  muMean: Float64Array;
  /** Posterior mean of Σ in the reported scale (zero-centred: C Σ̃ Cᵀ; anchored: Σ itself), K × K. */
  sigmaMean: Float64Array;
  /** Posterior means of the free-parameter μ and Σ (p, p × p), e.g. for fixedPopulation. */
  muFree: Float64Array;
  sigmaFree: Float64Array;
  /** Post-burn-in acceptance rate. */
  acceptance: number;
  scale: number;
  trace: HbTracePoint[];
  /** Per saved draw, per group (0 = all respondents, g+1 = group g): mean utilities (reported scale), (G+1) × saved × K. */
  groupUtilities: Float64Array;
  /** Same layout: mean of the respondents' probability-rescaled shares. */
  groupShares: Float64Array;
  /** Same layout (anchored only, else null): share of the group's respondents with utility > 0 (above the anchor). */
  groupAbove: Float64Array | null;
  groupSizes: Int32Array;
  /** Population mean μ (intercept) in the reported scale at every post-burn-in iteration, (iterations − burnIn) × K. */
  muChain: Float64Array;
  /** Covariate effects per saved draw (reported scale, rows of Δ after the intercept): saved × nCovariates × K; null without covariates. */
  deltaDraws: Float64Array | null;
  nCovariates: number;
  /** Threads the respondent step ran on (1 or 2). */
  threads: number;
}

export const HB_PRIOR =
  "beta_i ~ N(mu, Sigma); mu flat; Sigma ~ IW(p + 5, (p + 5) I), p = K - 1 free utilities (last item fixed at 0, reported zero-centred)";
export const HB_PRIOR_ANCHORED =
  "beta_i ~ N(mu, Sigma); mu flat; Sigma ~ IW(p + 5, (p + 5) I), p = K free utilities (anchor fixed at 0, reported relative to the anchor)";
export const HB_PRIOR_COVARIATES =
  "beta_i ~ N(Delta' (1, z_i), Sigma), z_i centred covariates; intercept flat; Delta covariate rows | Sigma ~ N(0, Sigma / 0.01); Sigma ~ IW(p + 5 + m, ...)";

/** Gamma(shape a ≥ 1/3…, scale 1) by Marsaglia & Tsang (2000); shape < 1 by boosting. */
function gamma(rng: Rng, a: number): number {
  if (a < 1) return gamma(rng, a + 1) * (rng.next() || 1e-300) ** (1 / a);
  const d = a - 1 / 3,
    c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const u = rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * What the respondent step (Gibbs step 1) reads and writes: typed arrays only, so the same two
 * functions below run in a worker thread on shared memory. dims = [N, p, k, K, anchored 0/1, q].
 */
interface SweepData {
  dims: Int32Array;
  shown: Int32Array;
  bestPos: Int32Array;
  respStart: Int32Array;
  dvec: Float64Array;
  anchorSetStart: Int32Array;
  anchorSets: Int32Array;
  setStart: Int32Array;
  alts: Int32Array;
  chosen: Int32Array;
  sign: Int32Array;
  /** Z̃ = (1, z_i) row-major, N × q (q = dims[5]). */
  Zt: Float64Array;
  /**
   * Shared with the worker: current β (N × p), log-likelihoods, Δ (q × p; the prior mean of β_i is
   * Δᵀz̃_i), chol(Σ) and its inverse, ρ, whether to add β to sumBeta (post-burn-in, flags[0]),
   * sumBeta, and per chunk (offset c·p·p, c·q·p) the sums the upper level needs, taken at the
   * Δ the step used: RR = Σ r_i r_iᵀ (lower triangle) and ZR = Σ z̃_i r_iᵀ, r_i = β_i − Δᵀz̃_i.
   */
  beta: Float64Array;
  ll: Float64Array;
  delta: Float64Array;
  L: Float64Array;
  Linv: Float64Array;
  rho: Float64Array;
  flags: Int32Array;
  sumBeta: Float64Array;
  RR: Float64Array;
  ZR: Float64Array;
  /** Chunk c holds respondents chunkStart[c] … chunkStart[c + 1] − 1. */
  chunkStart: Int32Array;
}

/** Per-thread work space of the respondent step. */
interface SweepScratch {
  e: Float64Array;
  ie: Float64Array;
  prop: Float64Array;
  z: Float64Array;
  mean: Float64Array;
  r: Float64Array;
  RR: Float64Array;
  ZR: Float64Array;
  /** This thread's copy of a chunk's random-stream state while it sweeps the chunk, and its spare-normal view. */
  st: Int32Array;
  spare: Float64Array;
}

/**
 * Log-likelihood of respondent i at free utilities x (offset xo). Uses only its arguments and Math:
 * its source is sent to the worker thread as text.
 */
function hbLogLik(d: SweepData, sc: SweepScratch, i: number, x: Float64Array, xo: number): number {
  const p = d.dims[1],
    k = d.dims[2],
    K = d.dims[3];
  const e = sc.e,
    ie = sc.ie,
    shown = d.shown,
    bestPos = d.bestPos,
    dvec = d.dvec;
  let lin = 0;
  for (let j = 0; j < p; j++) {
    const v = x[xo + j];
    const ev = Math.exp(v);
    e[j] = ev;
    ie[j] = 1 / ev;
    lin += dvec[i * p + j] * v;
  }
  e[p] = 1;
  ie[p] = 1;
  // Σ_t log(sb·sw) as the log of a running product (each factor is ≥ 1: sb ≥ e_j, sw ≥ 1/e_j for
  // any shown non-best j), folded into the sum before it could overflow: one log, not one per task.
  let s = 0,
    prod = 1;
  for (let t = d.respStart[i], end = d.respStart[i + 1]; t < end; t++) {
    const off = t * k,
      bp = bestPos[t];
    let sb = 0,
      sw = 0;
    for (let j = 0; j < k; j++) {
      const a = shown[off + j];
      sb += e[a];
      if (j !== bp) sw += ie[a];
    }
    prod *= sb * sw;
    if (prod > 1e250) {
      s += Math.log(prod);
      prod = 1;
    }
  }
  s += Math.log(prod);
  if (d.dims[4] === 1) {
    // Anchor sets (after each task's two best–worst sets): σ·u_chosen − log Σ exp(σ·u_j), anchor e = 1.
    const setStart = d.setStart,
      alts = d.alts,
      chosen = d.chosen,
      sign = d.sign;
    for (let ai = d.anchorSetStart[i], end = d.anchorSetStart[i + 1]; ai < end; ai++) {
      const c = d.anchorSets[ai];
      const a0 = setStart[c],
        a1 = setStart[c + 1];
      let sum = 0;
      if (sign[c] > 0) {
        for (let j = a0; j < a1; j++) sum += e[alts[j]];
        lin += chosen[c] === K ? 0 : x[xo + chosen[c]];
      } else {
        for (let j = a0; j < a1; j++) sum += ie[alts[j]];
        lin -= chosen[c] === K ? 0 : x[xo + chosen[c]];
      }
      s += Math.log(sum);
    }
  }
  return lin - s;
}

/**
 * Gibbs step 1 for the respondents of chunk `chunk`: one random-walk Metropolis step each,
 * proposal β_i + ρ·L·z, prior mean Δᵀz̃_i (Train 2009 §12.6.2); then the chunk's sums RR and ZR
 * (and sumBeta after burn-in). Returns how many proposals were accepted. Self-contained like
 * hbLogLik: the random stream and the likelihood come in as arguments.
 */
function hbSweep(
  d: SweepData,
  sc: SweepScratch,
  chunk: number,
  st: RngState,
  spare: Float64Array,
  uniform: (st: RngState) => number,
  normal: (st: RngState, spare: Float64Array, uniform: (st: RngState) => number) => number,
  logLik: (d: SweepData, sc: SweepScratch, i: number, x: Float64Array, xo: number) => number,
): number {
  const p = d.dims[1],
    q = d.dims[5];
  const beta = d.beta,
    delta = d.delta,
    Zt = d.Zt,
    L = d.L,
    Linv = d.Linv,
    ll = d.ll,
    rho = d.rho[0],
    post = d.flags[0] === 1,
    sumBeta = d.sumBeta;
  const z = sc.z,
    prop = sc.prop,
    mean = sc.mean,
    r = sc.r;
  // The sums go to this thread's own arrays and are copied to the shared ones once per chunk: two
  // threads' running sums side by side in shared memory share cache lines, and writing them for
  // every respondent from both threads made two threads barely faster than one (40 s → 23 s for
  // 2,000 respondents × 20,000 iterations once they were apart).
  const RR = sc.RR,
    ZR = sc.ZR;
  RR.fill(0);
  ZR.fill(0);
  let acc = 0;
  for (let i = d.chunkStart[chunk], hi = d.chunkStart[chunk + 1]; i < hi; i++) {
    const bo = i * p,
      zo = i * q;
    // mean = Δᵀz̃_i and r = β_i − mean (kept as the residual unless the proposal is accepted)
    for (let a = 0; a < p; a++) {
      let m = 0;
      for (let c = 0; c < q; c++) m += Zt[zo + c] * delta[c * p + a];
      mean[a] = m;
      r[a] = beta[bo + a] - m;
    }
    let qCur = 0,
      qNew = 0;
    for (let a = 0; a < p; a++) z[a] = normal(st, spare, uniform);
    // prior quadratic form through w = L⁻¹(β_i − mean): w' = w + ρz, so one triangular product
    for (let a = 0; a < p; a++) {
      let s = 0,
        lz = 0;
      const ro = a * p;
      for (let b = 0; b <= a; b++) {
        s += Linv[ro + b] * r[b];
        lz += L[ro + b] * z[b];
      }
      qCur += s * s;
      const wn = s + rho * z[a];
      qNew += wn * wn;
      prop[a] = beta[bo + a] + rho * lz;
    }
    const llNew = logLik(d, sc, i, prop, 0);
    const logAlpha = llNew - ll[i] - 0.5 * (qNew - qCur);
    if (Math.log(uniform(st)) < logAlpha) {
      for (let a = 0; a < p; a++) {
        beta[bo + a] = prop[a];
        r[a] = prop[a] - mean[a];
      }
      ll[i] = llNew;
      acc++;
    }
    for (let a = 0; a < p; a++) {
      const ra = r[a];
      const ro = a * p;
      for (let b = 0; b <= a; b++) RR[ro + b] += ra * r[b];
      for (let c = 0; c < q; c++) ZR[c * p + a] += Zt[zo + c] * ra;
      if (post) sumBeta[bo + a] += beta[bo + a];
    }
  }
  d.RR.set(RR, chunk * p * p);
  d.ZR.set(ZR, chunk * q * p);
  return acc;
}

/**
 * Control words shared with the worker: [0] generation to run (−1 = stop), [1] chunks finished in
 * this generation, [2] failed, [3] ready, [4] the claim word: generation tag · 64 + next chunk.
 */
const GEN = 0,
  FINISHED = 1,
  FAILED = 2,
  READY = 3,
  CLAIM = 4;
/** At most this many chunks (the claim word keeps the chunk in its low 6 bits). */
const MAX_CHUNKS = 16;

/**
 * Sweep chunks of generation `tag` until none is left: claim the next one (compare-and-swap on the
 * claim word, so a thread still on an earlier generation claims nothing), sweep it with its own
 * random stream, count it finished. Either thread runs it; the draws do not depend on which one
 * sweeps a chunk. Self-contained like hbSweep (ctrl slots as in the constants above).
 */
function hbClaimSweep(
  d: SweepData,
  sc: SweepScratch,
  ctrl: Int32Array,
  accs: Int32Array,
  tag: number,
  states: RngState[],
  uniform: (st: RngState) => number,
  normal: (st: RngState, spare: Float64Array, uniform: (st: RngState) => number) => number,
  logLik: (d: SweepData, sc: SweepScratch, i: number, x: Float64Array, xo: number) => number,
  sweep: typeof hbSweep,
): void {
  const n = d.chunkStart.length - 1;
  for (;;) {
    const v = Atomics.load(ctrl, 4);
    if (v >>> 6 !== tag || (v & 63) >= n) return;
    if (Atomics.compareExchange(ctrl, 4, v, v + 1) !== v) continue;
    const c = v & 63;
    try {
      // The chunk's stream is advanced in this thread's own copy: the chunks' states sit side by side
      // in shared memory, and two threads drawing from neighbouring ones would share a cache line.
      sc.st.set(states[c]);
      accs[c] = sweep(d, sc, c, sc.st, sc.spare, uniform, normal, logLik);
      states[c].set(sc.st);
    } catch (e) {
      Atomics.store(ctrl, 2, 1);
      throw e;
    } finally {
      Atomics.add(ctrl, 1, 1);
      Atomics.notify(ctrl, 1);
    }
  }
}

/**
 * The worker thread's program: the functions above as text, then a loop that claims and sweeps
 * chunks on each new generation. The thread lowers its own priority (Linux keeps nice values per
 * thread): it is meant to use an idle core, not to take one from a web request. Work is claimed
 * chunk by chunk, so when the machine is busy the calling thread simply sweeps more chunks.
 */
function sweepWorkerSource(): string {
  return `"use strict";
const { workerData } = require("node:worker_threads");
// Spare CPU only: below other work on the machine (a web server's requests included), at least nice 10.
try { const os = require("node:os"); os.setPriority(Math.max(os.getPriority(), 10)); } catch {}
const uniform = (${rngUniform.toString()});
const normal = (${rngNormal.toString()});
const logLik = (${hbLogLik.toString()});
const sweep = (${hbSweep.toString()});
const claimSweep = (${hbClaimSweep.toString()});
const spareOf = (${rngSpare.toString()});
const { d, ctrl, accs, stateWords } = workerData;
const n = d.chunkStart.length - 1;
const states = [];
for (let c = 0; c < n; c++) states.push(new Int32Array(stateWords.buffer, stateWords.byteOffset + 32 * c, 8));
const p = d.dims[1], q = d.dims[5], K = d.dims[3];
const sc = {
  e: new Float64Array(K + 1), ie: new Float64Array(K + 1), prop: new Float64Array(p), z: new Float64Array(p),
  mean: new Float64Array(p), r: new Float64Array(p), RR: new Float64Array(p * p), ZR: new Float64Array(q * p),
  st: new Int32Array(8),
};
sc.spare = spareOf(sc.st);
Atomics.store(ctrl, ${READY}, 1);
Atomics.notify(ctrl, ${READY});
let gen = 0;
for (;;) {
  Atomics.wait(ctrl, ${GEN}, gen);
  const g = Atomics.load(ctrl, ${GEN});
  if (g < 0) break;
  gen = g;
  try {
    claimSweep(d, sc, ctrl, accs, g & 0x1ffffff, states, uniform, normal, logLik, sweep);
  } catch {}
}
`;
}

interface SweepWorker {
  ctrl: Int32Array;
  worker: Worker;
}

/** Start the worker, or null when no thread can be started (the caller then sweeps every chunk itself). */
function startSweepWorker(d: SweepData, accs: Int32Array, stateWords: Int32Array): SweepWorker | null {
  let worker: Worker | null = null;
  try {
    const ctrl = new Int32Array(new SharedArrayBuffer(32));
    worker = new Worker(sweepWorkerSource(), { eval: true, workerData: { d, ctrl, accs, stateWords } });
    worker.unref();
    worker.on("error", () => {}); // a failure is reported through ctrl; never crash the host on it
    const started = Date.now();
    while (Atomics.load(ctrl, READY) === 0 && Date.now() - started < 10_000) Atomics.wait(ctrl, READY, 0, 50);
    if (Atomics.load(ctrl, READY) === 0) throw new Error("not ready");
    return { ctrl, worker };
  } catch {
    void worker?.terminate();
    return null;
  }
}

/** Open generation `gen`'s chunks to claiming and wake the worker (the caller then claims too). */
function releaseChunks(w: SweepWorker, gen: number): number {
  const tag = gen & 0x1ffffff;
  Atomics.store(w.ctrl, FINISHED, 0);
  Atomics.store(w.ctrl, CLAIM, tag * 64);
  Atomics.store(w.ctrl, GEN, gen);
  Atomics.notify(w.ctrl, GEN);
  return tag;
}

/** Wait until all n chunks of the generation are swept (the worker may still be on its last one). */
function joinChunks(w: SweepWorker, n: number): void {
  const started = Date.now();
  for (let f = Atomics.load(w.ctrl, FINISHED); f < n; f = Atomics.load(w.ctrl, FINISHED)) {
    Atomics.wait(w.ctrl, FINISHED, f, 1000);
    if (Atomics.load(w.ctrl, FINISHED) < n && Date.now() - started > 120_000)
      throw new Error("HB: the sampler's worker thread stopped answering");
  }
  if (Atomics.load(w.ctrl, FAILED) === 1) throw new Error("HB: the sampler's worker thread failed");
}

function stopSweepWorker(w: SweepWorker): void {
  Atomics.store(w.ctrl, GEN, -1);
  Atomics.notify(w.ctrl, GEN);
  void w.worker.terminate();
}

/** A Float64Array in shared memory (the worker thread reads or writes it). */
function sharedFloat64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(8 * Math.max(1, n)));
}

/** Run the sampler. `onProgress(fraction)` is called about every 1% of the iterations. */
export function runHb(input: HbInput, onProgress?: (fraction: number) => void): HbRaw {
  const data = input.data;
  const anchored = (input.anchored ?? true) && data.anchor !== null && data.anchor.some((a) => a >= 0);
  const K = data.nItems,
    p = anchored ? K : K - 1,
    k = data.k;
  const N = data.respondents.length;
  const iterations = Math.max(2, Math.floor(input.iterations ?? 20000));
  const burnIn = Math.min(iterations - 1, Math.max(0, Math.floor(input.burnIn ?? iterations / 2)));
  const post = iterations - burnIn;
  const thin = Math.max(1, Math.floor(input.thin ?? Math.max(1, Math.round(post / 1000))));
  const seed = input.seed ?? 1;
  const traceEvery = Math.max(1, Math.floor(input.traceEvery ?? Math.max(1, Math.round(iterations / 100))));
  const rng = createRng(seed);
  const G = (input.nGroups ?? 0) + 1;
  const groups = input.groups ?? new Int32Array(N).fill(-1);
  const fixed = input.fixedPopulation ?? null;

  const { shown, best, respStart } = data;
  const nTasks = data.nTasks;
  // Per task: position of the best item among the shown (so the worst sum skips it).
  const bestPos = new Int32Array(nTasks);
  for (let t = 0; t < nTasks; t++) for (let j = 0; j < k; j++) if (shown[t * k + j] === best[t]) bestPos[t] = j;
  // d_i = (times best − times worst) per free item: the linear part of the log-likelihood.
  const dvec = new Float64Array(N * p);
  for (let i = 0; i < N; i++) {
    for (let t = respStart[i]; t < respStart[i + 1]; t++) {
      if (best[t] < p) dvec[i * p + best[t]] += 1;
      if (data.worst[t] < p) dvec[i * p + data.worst[t]] -= 1;
    }
  }
  // Anchored: the coded choice sets beyond the best–worst pairs (the anchor sets), per respondent.
  const sets = anchored ? codeChoiceSets(data) : null;
  // Indices of the sets that contain the anchor, grouped by respondent (the best–worst sets are handled above).
  const anchorSetStart = new Int32Array(N + 1);
  const anchorSets: number[] = [];
  if (sets) {
    for (let i = 0; i < N; i++) {
      anchorSetStart[i] = anchorSets.length;
      for (let c = sets.respSetStart[i]; c < sets.respSetStart[i + 1]; c++) {
        let hasAnchor = false;
        for (let j = sets.setStart[c]; j < sets.setStart[c + 1]; j++) if (sets.alts[j] === K) hasAnchor = true;
        if (hasAnchor) anchorSets.push(c);
      }
    }
    anchorSetStart[N] = anchorSets.length;
  }
  const nChoices = new Int32Array(N);
  for (let i = 0; i < N; i++)
    nChoices[i] = sets ? sets.respSetStart[i + 1] - sets.respSetStart[i] : 2 * (respStart[i + 1] - respStart[i]);

  // Covariates: Z̃ = (1, z_i), q = m + 1 columns.
  const m = input.covariates && (input.nCovariates ?? 0) > 0 ? input.nCovariates! : 0;
  const q = m + 1;
  const Zt = new Float64Array(N * q);
  for (let i = 0; i < N; i++) {
    Zt[i * q] = 1;
    for (let c = 0; c < m; c++) Zt[i * q + 1 + c] = input.covariates![i * m + c];
  }
  const aPrec = input.covariatePrecision ?? 0.01;
  const ZtZraw = new Float64Array(q * q);
  for (let i = 0; i < N; i++)
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) ZtZraw[a * q + b] += Zt[i * q + a] * Zt[i * q + b];
  const ZtZ = ZtZraw.slice();
  for (let c = 1; c < q; c++) ZtZ[c * q + c] += aPrec;
  const Vz = invertSpdSmall(ZtZ, q);
  if (!Vz) throw new Error("HB: covariates are collinear (Z'Z + A is singular)");
  const Lv = new Float64Array(q * q);
  cholesky(Vz, q, Lv);

  const beta = sharedFloat64(N * p);
  const ll = sharedFloat64(N);
  const sumBeta = sharedFloat64(N * p);
  const mu = new Float64Array(p);
  const sigma = new Float64Array(p * p);
  const delta = sharedFloat64(q * p); // row 0 = intercept (μ), rows 1..m = covariate effects
  if (fixed) {
    mu.set(fixed.mu);
    sigma.set(fixed.sigma);
    delta.set(fixed.mu);
  } else for (let j = 0; j < p; j++) sigma[j * p + j] = 1;
  const L = sharedFloat64(p * p),
    Linv = sharedFloat64(p * p);
  // Chunks of respondents for step 1: how many depends only on N, so the draws do not depend on the threads.
  const nChunks = Math.max(1, Math.min(MAX_CHUNKS, Math.floor(N / 32)));
  const chunkStart = Int32Array.from({ length: nChunks + 1 }, (_, c) => Math.round((c * N) / nChunks));
  const RR = sharedFloat64(nChunks * p * p),
    ZR = sharedFloat64(nChunks * q * p);
  const D = new Float64Array(q * p),
    Gz = new Float64Array(q * p);
  const nu0 = p + 5;
  const S0diag = nu0;
  // workspaces for the Σ draw
  const S = new Float64Array(p * p),
    Sl = new Float64Array(p * p);
  const A = new Float64Array(p * p),
    T = new Float64Array(p * p),
    Ti = new Float64Array(p * p);
  const ZtB = new Float64Array(q * p),
    Bt = new Float64Array(q * p),
    E = new Float64Array(q * p),
    LE = new Float64Array(q * p);
  const sumMu = new Float64Array(p),
    sumSigma = new Float64Array(p * p);
  const savedDraws = Math.floor(post / thin);
  const groupUtilities = new Float64Array(G * savedDraws * K);
  const groupShares = new Float64Array(G * savedDraws * K);
  const groupAbove = anchored ? new Float64Array(G * savedDraws * K) : null;
  const deltaDraws = m > 0 ? new Float64Array(savedDraws * m * K) : null;
  const muChain = new Float64Array(post * K);
  const groupSizes = new Int32Array(G);
  groupSizes[0] = N;
  for (let i = 0; i < N; i++) if (groups[i] >= 0) groupSizes[groups[i] + 1]++;
  const full = new Float64Array(K),
    sh = new Float64Array(K);
  const trace: HbTracePoint[] = [];
  const toReported = (free: ArrayLike<number>, out: Float64Array | number[], o = 0) => {
    if (anchored) for (let a = 0; a < K; a++) out[o + a] = free[a];
    else {
      let s = 0;
      for (let a = 0; a < p; a++) s += free[a];
      s /= K;
      for (let a = 0; a < p; a++) out[o + a] = free[a] - s;
      out[o + p] = -s;
    }
  };

  const d: SweepData = {
    dims: Int32Array.of(N, p, k, K, sets ? 1 : 0, q),
    shown,
    bestPos,
    respStart,
    dvec,
    anchorSetStart,
    anchorSets: Int32Array.from(anchorSets),
    setStart: sets?.setStart ?? new Int32Array(0),
    alts: sets?.alts ?? new Int32Array(0),
    chosen: sets?.chosen ?? new Int32Array(0),
    sign: sets ? Int32Array.from(sets.sign) : new Int32Array(0),
    Zt,
    beta,
    ll,
    delta,
    L,
    Linv,
    rho: sharedFloat64(1),
    flags: new Int32Array(new SharedArrayBuffer(4)),
    sumBeta,
    RR,
    ZR,
    chunkStart,
  };
  const scratchState = new Int32Array(8);
  const sc: SweepScratch = {
    e: new Float64Array(K + 1), // exp(u) of the items; reference item (or anchor) = 1
    ie: new Float64Array(K + 1), // exp(−u): the worst sets sum these
    prop: new Float64Array(p),
    z: new Float64Array(p),
    mean: new Float64Array(p),
    r: new Float64Array(p),
    RR: new Float64Array(p * p),
    ZR: new Float64Array(q * p),
    st: scratchState,
    spare: rngSpare(scratchState),
  };
  /** Log-likelihood of respondent i at free utilities x (offset xo). */
  const logLik = (i: number, x: Float64Array, xo: number): number => hbLogLik(d, sc, i, x, xo);

  for (let i = 0; i < N; i++) {
    if (fixed) for (let a = 0; a < p; a++) beta[i * p + a] = mu[a];
    ll[i] = logLik(i, beta, i * p);
  }
  d.rho[0] = 0.1;
  // The respondent step in chunks, each with its own random stream (so the draws do not depend on
  // which thread sweeps a chunk); the upper level keeps `rng`.
  const stateWords = new Int32Array(new SharedArrayBuffer(32 * nChunks));
  const states = Array.from({ length: nChunks }, (_, c) =>
    createRngState((seed + 0x9e3779b9 * (c + 1)) >>> 0, stateWords.buffer, 32 * c),
  );
  const spares = states.map(rngSpare);
  const accs = new Int32Array(new SharedArrayBuffer(4 * nChunks));
  const wantThreads = input.threads ?? (availableParallelism() >= 2 && N >= 100 && N * iterations >= 2e6 ? 2 : 1);
  let accWindow = 0,
    accTrace = 0,
    accPost = 0;
  let traceProposals = 0;
  const progressEvery = Math.max(1, Math.floor(iterations / 100));
  if (fixed) {
    if (!cholesky(sigma, p, L)) throw new Error("HB: fixed Σ is not positive definite");
    invertLower(L, p, Linv);
  }

  const worker = wantThreads === 2 ? startSweepWorker(d, accs, stateWords) : null;
  try {
    for (let it = 0; it < iterations; it++) {
      if (!fixed) {
        if (!cholesky(sigma, p, L)) throw new Error("HB: Σ lost positive definiteness");
        invertLower(L, p, Linv);
      }
      // (1) β_i | Δ, Σ, data: one random-walk Metropolis step each, prior mean Δᵀ z̃_i (hbSweep)
      d.flags[0] = it >= burnIn ? 1 : 0;
      if (worker) {
        const tag = releaseChunks(worker, it + 1);
        hbClaimSweep(d, sc, worker.ctrl, accs, tag, states, rngUniform, rngNormal, hbLogLik, hbSweep);
        joinChunks(worker, nChunks);
      } else
        for (let c = 0; c < nChunks; c++)
          accs[c] = hbSweep(d, sc, c, states[c], spares[c], rngUniform, rngNormal, hbLogLik);
      let acc = 0;
      for (let c = 0; c < nChunks; c++) acc += accs[c];
      accWindow += acc;
      accTrace += acc;
      traceProposals += N;
      if (it < burnIn) {
        if ((it + 1) % 10 === 0) {
          d.rho[0] *= accWindow / (10 * N) > 0.3 ? 1.1 : 0.9;
          accWindow = 0;
        }
      } else accPost += acc;

      if (!fixed) {
        // The chunks' sums, taken at the Δ step 1 used (Δold): Gz = Σ z̃_i r_iᵀ, RR = Σ r_i r_iᵀ.
        for (let x = 0; x < q * p; x++) {
          let v = 0;
          for (let c = 0; c < nChunks; c++) v += ZR[c * q * p + x];
          Gz[x] = v;
        }
        // (2) Δ | β, Σ ~ MN(Vz Z̃ᵀB, Vz, Σ): Δ = B̃ + Lv E Lᵀ (without covariates: μ ~ N(β̄, Σ/N)),
        // with Z̃ᵀB = Gz + Z̃ᵀZ̃ Δold
        for (let c = 0; c < q; c++)
          for (let a = 0; a < p; a++) {
            let s = Gz[c * p + a];
            for (let e = 0; e < q; e++) s += ZtZraw[c * q + e] * delta[e * p + a];
            ZtB[c * p + a] = s;
          }
        for (let c = 0; c < q; c++)
          for (let a = 0; a < p; a++) {
            let s = 0;
            for (let e = 0; e < q; e++) s += Vz[c * q + e] * ZtB[e * p + a];
            Bt[c * p + a] = s;
          }
        for (let x = 0; x < q * p; x++) E[x] = rng.normal();
        // LE = E Lᵀ (row c: (L E_cᵀ)ᵀ)
        for (let c = 0; c < q; c++)
          for (let a = 0; a < p; a++) {
            let s = 0;
            for (let b = 0; b <= a; b++) s += L[a * p + b] * E[c * p + b];
            LE[c * p + a] = s;
          }
        for (let c = 0; c < q; c++)
          for (let a = 0; a < p; a++) {
            let s = 0;
            for (let e = 0; e <= c; e++) s += Lv[c * q + e] * LE[e * p + a];
            const next = Bt[c * p + a] + s;
            D[c * p + a] = next - delta[c * p + a];
            delta[c * p + a] = next;
          }
        for (let a = 0; a < p; a++) mu[a] = delta[a];

        // (3) Σ | β, Δ ~ IW(ν₀ + N + m, S₀ + Σ (β_i − Δᵀz̃_i)(β_i − Δᵀz̃_i)ᵀ + a Σ_c δ_c δ_cᵀ). With
        // D = Δ − Δold the residuals are r_i − Dᵀz̃_i, so the sum is RR − GzᵀD − DᵀGz + Dᵀ Z̃ᵀZ̃ D.
        for (let a = 0; a < p; a++)
          for (let b = 0; b <= a; b++) {
            let v = 0;
            for (let c = 0; c < nChunks; c++) v += RR[c * p * p + a * p + b];
            for (let c = 0; c < q; c++) {
              v -= Gz[c * p + a] * D[c * p + b] + D[c * p + a] * Gz[c * p + b];
              let zd = 0;
              for (let e = 0; e < q; e++) zd += ZtZraw[c * q + e] * D[e * p + b];
              v += D[c * p + a] * zd;
            }
            S[a * p + b] = v;
          }
        for (let c = 1; c < q; c++)
          for (let a = 0; a < p; a++)
            for (let b = 0; b <= a; b++) S[a * p + b] += aPrec * delta[c * p + a] * delta[c * p + b];
        for (let a = 0; a < p; a++) {
          S[a * p + a] += S0diag;
          for (let b = 0; b < a; b++) S[b * p + a] = S[a * p + b];
        }
        drawInverseWishart(rng, nu0 + N + m, S, p, Sl, A, T, Ti, sigma);
      }

      if (it >= burnIn) {
        for (let a = 0; a < p; a++) sumMu[a] += mu[a];
        for (let x = 0; x < p * p; x++) sumSigma[x] += sigma[x];
        toReported(mu, muChain, (it - burnIn) * K);
        const postIt = it - burnIn + 1;
        if (postIt % thin === 0) {
          const d = postIt / thin - 1;
          if (d < savedDraws) saveGroups(d);
        }
      }
      if ((it + 1) % traceEvery === 0 || it === iterations - 1) {
        let sll = 0;
        for (let i = 0; i < N; i++) sll += ll[i];
        const muRep = new Array<number>(K);
        toReported(mu, muRep);
        trace.push({
          iteration: it + 1,
          meanLogLikelihood: sll / N,
          acceptance: accTrace / traceProposals,
          scale: d.rho[0],
          mu: muRep,
        });
        accTrace = 0;
        traceProposals = 0;
      }
      if (onProgress && ((it + 1) % progressEvery === 0 || it === iterations - 1)) onProgress((it + 1) / iterations);
    }
  } finally {
    if (worker) stopSweepWorker(worker);
  }

  function saveGroups(d: number): void {
    for (let i = 0; i < N; i++) {
      toReported(beta.subarray(i * p, (i + 1) * p), full);
      // shares from zero-centred utilities (probability-rescaled, shares.ts)
      let mc = 0;
      for (let a = 0; a < K; a++) mc += full[a];
      mc /= K;
      let ssum = 0;
      for (let a = 0; a < K; a++) {
        const ex = Math.exp(full[a] - mc);
        ssum += sh[a] = ex / (ex + k - 1);
      }
      const g1 = groups[i] + 1;
      const o0 = d * K,
        o1 = (g1 * savedDraws + d) * K;
      for (let a = 0; a < K; a++) {
        const s = (100 * sh[a]) / ssum;
        groupUtilities[o0 + a] += full[a] / groupSizes[0];
        groupShares[o0 + a] += s / groupSizes[0];
        if (groupAbove && full[a] > 0) groupAbove[o0 + a] += 1 / groupSizes[0];
        if (g1 > 0) {
          groupUtilities[o1 + a] += full[a] / groupSizes[g1];
          groupShares[o1 + a] += s / groupSizes[g1];
          if (groupAbove && full[a] > 0) groupAbove[o1 + a] += 1 / groupSizes[g1];
        }
      }
    }
    if (deltaDraws) {
      for (let c = 0; c < m; c++) {
        const row = delta.subarray((c + 1) * p, (c + 2) * p);
        const o = (d * m + c) * K;
        if (anchored) for (let a = 0; a < K; a++) deltaDraws[o + a] = row[a];
        else toReported(row, deltaDraws, o);
      }
    }
  }

  // Posterior means in the reported scale; RLH at the means.
  const respondentMeans = new Float64Array(N * K);
  const rlh = new Float64Array(N);
  const meanFree = new Float64Array(p);
  for (let i = 0; i < N; i++) {
    for (let a = 0; a < p; a++) meanFree[a] = sumBeta[i * p + a] / post;
    toReported(meanFree, respondentMeans, i * K);
    rlh[i] = nChoices[i] > 0 ? Math.exp(logLik(i, meanFree, 0) / nChoices[i]) : NaN;
  }
  const muFree = Float64Array.from(sumMu, (v) => v / post);
  const muMean = new Float64Array(K);
  toReported(muFree, muMean);
  const sigmaFree = Float64Array.from(sumSigma, (v) => v / post);
  const sigmaMean = anchored ? sigmaFree.slice() : centredCovariance(sigmaFree, p);
  return {
    iterations,
    burnIn,
    thin,
    savedDraws,
    seed,
    K,
    k,
    anchored,
    respondentMeans,
    rlh,
    muMean,
    sigmaMean,
    muFree,
    sigmaFree,
    acceptance: accPost / (post * N),
    scale: d.rho[0],
    trace,
    groupUtilities,
    groupShares,
    groupAbove,
    groupSizes,
    muChain,
    deltaDraws,
    nCovariates: m,
    threads: worker ? 2 : 1,
  };
}

/** Inverse of a small symmetric positive-definite matrix (Cholesky), or null. */
function invertSpdSmall(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  if (!cholesky(a, n, l)) return null;
  const li = new Float64Array(n * n);
  invertLower(l, n, li);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let r = Math.max(i, j); r < n; r++) s += li[r * n + i] * li[r * n + j];
      out[i * n + j] = s;
    }
  return out;
}

/** Covariance of free utilities (last fixed at 0) → zero-centred covariance (C Σ̃ Cᵀ). */
function centredCovariance(free: Float64Array, p: number): Float64Array {
  const K = p + 1;
  const fullM = new Float64Array(K * K);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) fullM[a * K + b] = free[a * p + b];
  const r = new Float64Array(K);
  let g = 0;
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) r[a] += fullM[a * K + b];
    g += r[a];
    r[a] /= K;
  }
  g /= K * K;
  const out = new Float64Array(K * K);
  for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) out[a * K + b] = fullM[a * K + b] - r[a] - r[b] + g;
  return out;
}

/**
 * Σ ~ IW(ν, S) into `out` (Σ⁻¹ ~ Wishart(ν, S⁻¹)). Bartlett (1933) / Odell & Feiveson (1966):
 * X = A Aᵀ ~ Wishart(ν, I) with A lower-triangular, A_jj² ~ χ²(ν − j) (j = 0..p−1), A_ab ~ N(0,1)
 * below the diagonal. With S = Lₛ Lₛᵀ, R = Lₛ⁻ᵀ satisfies R Rᵀ = S⁻¹, so W = R X Rᵀ ~ Wishart(ν, S⁻¹)
 * and Σ = W⁻¹ = Lₛ A⁻ᵀ A⁻¹ Lₛᵀ = T Tᵀ with T = Lₛ A⁻ᵀ.
 */
function drawInverseWishart(
  rng: Rng,
  nu: number,
  S: Float64Array,
  p: number,
  Sl: Float64Array,
  A: Float64Array,
  T: Float64Array,
  Ti: Float64Array,
  out: Float64Array,
): void {
  if (!cholesky(S, p, Sl)) throw new Error("HB: scale matrix not positive definite");
  // Bartlett: A lower triangular, A_jj = sqrt(χ²(ν − j)), j = 0..p−1
  A.fill(0);
  for (let a = 0; a < p; a++) {
    A[a * p + a] = Math.sqrt(2 * gamma(rng, (nu - a) / 2));
    for (let b = 0; b < a; b++) A[a * p + b] = rng.normal();
  }
  invertLower(A, p, Ti); // Ti = A⁻¹ (lower), A⁻ᵀ is upper with (A⁻ᵀ)_{bc} = Ti[c][b]
  // T = Lₛ A⁻ᵀ: T_ac = Σ_b Lₛ[a][b] · Ti[c][b], b ≤ a and b ≤ c (Ti lower: b ≤ c)
  for (let a = 0; a < p; a++) {
    for (let c = 0; c < p; c++) {
      let s = 0;
      const m = Math.min(a, c);
      for (let b = 0; b <= m; b++) s += Sl[a * p + b] * Ti[c * p + b];
      T[a * p + c] = s;
    }
  }
  for (let a = 0; a < p; a++) {
    for (let c = 0; c <= a; c++) {
      let s = 0;
      for (let b = 0; b < p; b++) s += T[a * p + b] * T[c * p + b];
      out[a * p + c] = s;
      out[c * p + a] = s;
    }
  }
}
