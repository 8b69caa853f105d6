/**
 * MaxDiff answers as a generic list of multinomial-logit choice sets per respondent, the coding
 * shared by the aggregate logit, Hierarchical Bayes and latent-class estimators.
 *
 * Every task contributes its sequential best–worst sets (Louviere, Flynn & Marley 2015, §5.3):
 * the best among all shown items (utilities +u), then the worst among the rest (utilities −u).
 * With dual-response anchoring (Orme 2009, "Anchored scaling in MaxDiff using dual response",
 * Sawtooth Software; Louviere et al. 2013) the anchor is a pseudo-item with index K (= nItems)
 * and utility fixed at 0, and each task with an anchor answer adds:
 *   - "none": {anchor + all shown}, the anchor chosen best (utilities +u);
 *   - "all":  {anchor + all shown}, the anchor chosen worst (utilities −u);
 *   - "some": {best item, anchor} with the best item chosen, and {anchor, worst item} with the
 *     anchor chosen (both utilities +u).
 * Utilities are then identified relative to the anchor (no other normalisation needed).
 */
import type { ChoiceData } from "./data.ts";

export interface ChoiceSets {
  /** Number of real items K; the anchor, when present, is alternative index K. */
  nItems: number;
  /** Whether the anchor pseudo-item (index nItems, utility 0) occurs in any set. */
  anchored: boolean;
  /** Total number of sets. */
  nSets: number;
  /** Alternatives of set s: alts[setStart[s] .. setStart[s+1]−1] (item indices, nItems = anchor). */
  setStart: Int32Array;
  alts: Int32Array;
  /** Index (into 0..nItems) of the chosen alternative of set s. */
  chosen: Int32Array;
  /** +1: chosen as best (utilities +u); −1: chosen as worst (utilities −u). */
  sign: Int8Array;
  /** Sets of respondent r are respSetStart[r] .. respSetStart[r+1]−1. */
  respSetStart: Int32Array;
}

/**
 * Code ChoiceData as choice sets (see file comment). Anchor answers are used when `data.anchor`
 * is present (tasks without an answer, code −1, contribute only their best–worst sets);
 * `useAnchor: false` ignores them.
 */
export function codeChoiceSets(data: ChoiceData, options: { useAnchor?: boolean } = {}): ChoiceSets {
  const K = data.nItems,
    k = data.k,
    A = K;
  const anchor = options.useAnchor === false ? null : data.anchor;
  const starts: number[] = [0];
  const alts: number[] = [];
  const chosen: number[] = [];
  const sign: number[] = [];
  const N = data.respondents.length;
  const respSetStart = new Int32Array(N + 1);
  const push = (list: number[], c: number, s: number) => {
    for (const x of list) alts.push(x);
    starts.push(alts.length);
    chosen.push(c);
    sign.push(s);
  };
  let anchored = false;
  for (let r = 0; r < N; r++) {
    respSetStart[r] = chosen.length;
    for (let t = data.respStart[r]; t < data.respStart[r + 1]; t++) {
      const shown = Array.from(data.shown.subarray(t * k, (t + 1) * k));
      const b = data.best[t],
        w = data.worst[t];
      push(shown, b, 1);
      push(
        shown.filter((x) => x !== b),
        w,
        -1,
      );
      const a = anchor ? anchor[t] : -1;
      if (a === 0) push([A, ...shown], A, 1);
      else if (a === 2) push([A, ...shown], A, -1);
      else if (a === 1) {
        push([b, A], b, 1);
        push([A, w], A, 1);
      }
      if (a >= 0) anchored = true;
    }
  }
  respSetStart[N] = chosen.length;
  return {
    nItems: K,
    anchored,
    nSets: chosen.length,
    setStart: Int32Array.from(starts),
    alts: Int32Array.from(alts),
    chosen: Int32Array.from(chosen),
    sign: Int8Array.from(sign),
    respSetStart,
  };
}

/**
 * Multinomial-logit log-likelihood of sets sFrom..sTo−1 at utilities `u` (length nItems + 1;
 * u[nItems] is the anchor's and should be 0), adding the gradient into `gradient` and, when
 * given, the Hessian into `hessian` ((nItems+1)² row-major). Σ_s [σ_s u_c − log Σ_j exp(σ_s u_j)].
 */
export function choiceSetLogLikelihood(
  sets: ChoiceSets,
  u: ArrayLike<number>,
  sFrom = 0,
  sTo = sets.nSets,
  gradient?: Float64Array,
  hessian?: Float64Array,
  weight = 1,
): number {
  const M = sets.nItems + 1;
  const { setStart, alts, chosen, sign } = sets;
  let ll = 0;
  const p: number[] = [];
  for (let s = sFrom; s < sTo; s++) {
    const a0 = setStart[s],
      a1 = setStart[s + 1],
      sg = sign[s];
    let max = -Infinity;
    for (let j = a0; j < a1; j++) max = Math.max(max, sg * u[alts[j]]);
    let sum = 0;
    for (let j = a0; j < a1; j++) sum += p[j - a0] = Math.exp(sg * u[alts[j]] - max);
    ll += sg * u[chosen[s]] - max - Math.log(sum);
    if (gradient) {
      gradient[chosen[s]] += weight * sg;
      for (let j = a0; j < a1; j++) {
        p[j - a0] /= sum;
        gradient[alts[j]] -= weight * sg * p[j - a0];
      }
      if (hessian) {
        for (let x = a0; x < a1; x++) {
          const ix = alts[x],
            px = p[x - a0];
          hessian[ix * M + ix] -= weight * px;
          for (let y = a0; y < a1; y++) hessian[ix * M + alts[y]] += weight * px * p[y - a0];
        }
      }
    }
  }
  return weight * ll;
}
