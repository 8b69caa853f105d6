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
  /** Optional frequency weight per set (collapseChoiceSets); absent = 1 each. */
  weights?: Float64Array;
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
  const push = (list: ArrayLike<number>, c: number, s: number) => {
    for (let j = 0; j < list.length; j++) alts.push(list[j]);
    starts.push(alts.length);
    chosen.push(c);
    sign.push(s);
  };
  const shown: number[] = new Array(k),
    rest: number[] = new Array(Math.max(0, k - 1)),
    withAnchor: number[] = new Array(k + 1);
  let anchored = false;
  for (let r = 0; r < N; r++) {
    respSetStart[r] = chosen.length;
    for (let t = data.respStart[r]; t < data.respStart[r + 1]; t++) {
      const b = data.best[t],
        w = data.worst[t];
      withAnchor[0] = A;
      for (let j = 0, r = 0; j < k; j++) {
        const x = data.shown[t * k + j];
        shown[j] = x;
        withAnchor[j + 1] = x;
        if (x !== b) rest[r++] = x;
      }
      push(shown, b, 1);
      push(rest, w, -1);
      const a = anchor ? anchor[t] : -1;
      if (a === 0) push(withAnchor, A, 1);
      else if (a === 2) push(withAnchor, A, -1);
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
 * Identical sets (same alternatives in the same order, chosen alternative and sign) merged into
 * one with a frequency weight — sufficient statistics for pooled (aggregate) estimation; the
 * per-respondent grouping is lost (respSetStart covers all sets as one group).
 */
export function collapseChoiceSets(sets: ChoiceSets): ChoiceSets {
  // Buckets by a 32-bit hash, verified element by element (no string keys: this runs on every set).
  const buckets = new Map<number, number[]>();
  const starts: number[] = [0];
  const alts: number[] = [];
  const chosen: number[] = [];
  const sign: number[] = [];
  const weights: number[] = [];
  const { setStart, alts: sa } = sets;
  for (let s = 0; s < sets.nSets; s++) {
    const a0 = setStart[s],
      a1 = setStart[s + 1];
    let h = Math.imul(sets.sign[s] + 3, 0x9e3779b1) ^ Math.imul(sets.chosen[s] + 1, 0x85ebca6b);
    for (let j = a0; j < a1; j++) h = Math.imul(h ^ (sa[j] + 1), 0xc2b2ae35) + 0x27d4eb2f;
    const w0 = sets.weights ? sets.weights[s] : 1;
    let bucket = buckets.get(h);
    let found = -1;
    if (!bucket) {
      bucket = [];
      buckets.set(h, bucket);
    } else {
      for (const c of bucket) {
        const c0 = starts[c],
          c1 = starts[c + 1];
        if (c1 - c0 !== a1 - a0 || chosen[c] !== sets.chosen[s] || sign[c] !== sets.sign[s]) continue;
        let same = true;
        for (let j = 0; j < a1 - a0 && same; j++) same = alts[c0 + j] === sa[a0 + j];
        if (same) {
          found = c;
          break;
        }
      }
    }
    if (found >= 0) {
      weights[found] += w0;
      continue;
    }
    bucket.push(chosen.length);
    for (let j = a0; j < a1; j++) alts.push(sa[j]);
    starts.push(alts.length);
    chosen.push(sets.chosen[s]);
    sign.push(sets.sign[s]);
    weights.push(w0);
  }
  return {
    nItems: sets.nItems,
    anchored: sets.anchored,
    nSets: chosen.length,
    setStart: Int32Array.from(starts),
    alts: Int32Array.from(alts),
    chosen: Int32Array.from(chosen),
    sign: Int8Array.from(sign),
    respSetStart: Int32Array.from([0, chosen.length]),
    weights: Float64Array.from(weights),
  };
}

/**
 * Multinomial-logit log-likelihood of sets sFrom..sTo−1 at utilities `u` (length nItems + 1;
 * u[nItems] is the anchor's and should be 0), adding the gradient into `gradient` and, when
 * given, the Hessian into `hessian` ((nItems+1)² row-major). Σ_s w_s [σ_s u_c − log Σ_j exp(σ_s u_j)],
 * w_s = sets.weights (default 1) × `weight`.
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
  const sw = sets.weights;
  let ll = 0;
  let maxSize = 0;
  for (let s = sFrom; s < sTo; s++) maxSize = Math.max(maxSize, setStart[s + 1] - setStart[s]);
  const p = new Float64Array(maxSize);
  for (let s = sFrom; s < sTo; s++) {
    const a0 = setStart[s],
      a1 = setStart[s + 1],
      sg = sign[s];
    const wt = sw ? weight * sw[s] : weight;
    let max = -Infinity;
    for (let j = a0; j < a1; j++) max = Math.max(max, sg * u[alts[j]]);
    let sum = 0;
    for (let j = a0; j < a1; j++) sum += p[j - a0] = Math.exp(sg * u[alts[j]] - max);
    ll += (sw ? sw[s] : 1) * (sg * u[chosen[s]] - max - Math.log(sum));
    if (gradient) {
      gradient[chosen[s]] += wt * sg;
      for (let j = a0; j < a1; j++) {
        p[j - a0] /= sum;
        gradient[alts[j]] -= wt * sg * p[j - a0];
      }
      if (hessian) {
        for (let x = a0; x < a1; x++) {
          const ix = alts[x],
            px = p[x - a0];
          hessian[ix * M + ix] -= wt * px;
          for (let y = a0; y < a1; y++) hessian[ix * M + alts[y]] += wt * px * p[y - a0];
        }
      }
    }
  }
  return weight * ll;
}
