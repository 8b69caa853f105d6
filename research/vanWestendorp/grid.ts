/**
 * The price grid of Van Westendorp's curves: the sorted distinct prices named by valid
 * respondents in any of the four questions (as `data_ecdf$price` in pricesensitivitymeter's
 * `psm_analysis`). Every valid answer is replaced by its grid index once, so that curves,
 * segments and bootstrap resamples are all O(n) counting passes over those indices.
 */
import { VALID } from "./clean.ts";

export interface PriceGrid {
  /** Sorted distinct prices. */
  prices: Float64Array;
  /** Per question (too cheap, cheap, expensive, too expensive): grid index of each respondent's answer (−1 if not valid). */
  index: [Int32Array, Int32Array, Int32Array, Int32Array];
}

/**
 * Builds the grid. Survey prices are almost always whole currency units or cents, so when
 * every valid price has at most four decimals and their span is modest the distinct prices
 * are found by marking an array of keys (O(n + span)), which is several times faster than
 * sorting 4n doubles; otherwise (or with `forceSort`) it sorts the values (O(n log n)).
 */
export function buildPriceGrid(
  questions: readonly Float64Array[],
  status: Uint8Array,
  opts: { forceSort?: boolean } = {},
): PriceGrid {
  const n = status.length;
  let nValid = 0;
  let min = Infinity,
    max = -Infinity;
  let integers = true;
  // Valid answers are ordered, so the range comes from too cheap (min) and too expensive (max).
  const [tc, c, e, te] = questions;
  for (let i = 0; i < n; i++) {
    if (status[i] !== VALID) continue;
    nValid++;
    if (tc[i] < min) min = tc[i];
    if (te[i] > max) max = te[i];
    if (integers && (tc[i] % 1 !== 0 || c[i] % 1 !== 0 || e[i] % 1 !== 0 || te[i] % 1 !== 0)) integers = false;
  }
  const index: PriceGrid["index"] = [new Int32Array(n), new Int32Array(n), new Int32Array(n), new Int32Array(n)];
  if (nValid === 0) {
    for (const ix of index) ix.fill(-1);
    return { prices: new Float64Array(0), index };
  }
  const scale = opts.forceSort ? 0 : integers ? 1 : decimalScale(questions, status);
  const span = scale === 0 ? Infinity : Math.round(max * scale) - Math.round(min * scale) + 1;
  if (span <= 4 * nValid + 65536) return keyedGrid(questions, status, index, scale, Math.round(min * scale), span);
  return sortedGrid(questions, status, index, nValid);
}

/**
 * The smallest power of ten (10 … 10,000) such that every valid price is an exact decimal
 * multiple of its inverse (k / scale reproduces the double bit for bit), or 0 when prices
 * have more than four decimals: cents, tenths of a cent, etc. keep the O(n) keyed grid.
 */
function decimalScale(questions: readonly Float64Array[], status: Uint8Array): number {
  for (const scale of [10, 100, 1000, 10000]) if (allMultiples(questions, status, scale)) return scale;
  return 0;
}

function allMultiples(questions: readonly Float64Array[], status: Uint8Array, scale: number): boolean {
  for (let i = 0; i < status.length; i++) {
    if (status[i] !== VALID) continue;
    for (let q = 0; q < 4; q++) {
      const v = questions[q][i];
      if (Math.round(v * scale) / scale !== v) return false;
    }
  }
  return true;
}

function keyedGrid(
  questions: readonly Float64Array[],
  status: Uint8Array,
  index: PriceGrid["index"],
  scale: number,
  minKey: number,
  span: number,
): PriceGrid {
  const n = status.length;
  const rank = new Int32Array(span);
  for (let q = 0; q < 4; q++) {
    const col = questions[q],
      ix = index[q];
    for (let i = 0; i < n; i++) {
      if (status[i] !== VALID) {
        ix[i] = -1;
        continue;
      }
      // `| 0`: an integer-typed index keeps the typed-array stores on V8's fast path.
      const key = ((scale === 1 ? col[i] : Math.round(col[i] * scale)) - minKey) | 0;
      ix[i] = key;
      rank[key] = 1;
    }
  }
  let g = 0;
  for (let k = 0; k < span; k++) if (rank[k] === 1) rank[k] = ++g;
  const prices = new Float64Array(g);
  for (let k = 0; k < span; k++) if (rank[k] > 0) prices[rank[k] - 1] = (minKey + k) / scale;
  for (let q = 0; q < 4; q++) {
    const ix = index[q];
    for (let i = 0; i < n; i++) if (ix[i] >= 0) ix[i] = rank[ix[i]] - 1;
  }
  return { prices, index };
}

function sortedGrid(
  questions: readonly Float64Array[],
  status: Uint8Array,
  index: PriceGrid["index"],
  nValid: number,
): PriceGrid {
  const n = status.length;
  const all = new Float64Array(4 * nValid);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (status[i] !== VALID) continue;
    for (let q = 0; q < 4; q++) all[m++] = questions[q][i];
  }
  all.sort();
  let g = 0;
  for (let k = 0; k < all.length; k++) if (k === 0 || all[k] !== all[g - 1]) all[g++] = all[k];
  const prices = all.slice(0, g);
  for (let q = 0; q < 4; q++) {
    const col = questions[q],
      ix = index[q];
    for (let i = 0; i < n; i++) ix[i] = status[i] === VALID ? lowerBound(prices, col[i]) : -1;
  }
  return { prices, index };
}

/** First index k with prices[k] >= x (binary search). */
export function lowerBound(prices: Float64Array, x: number): number {
  let lo = 0,
    hi = prices.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (prices[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
