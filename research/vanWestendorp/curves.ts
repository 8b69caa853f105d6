/**
 * Van Westendorp's cumulative curves (Van Westendorp 1976), with the conventions of the R
 * package pricesensitivitymeter (`psm_analysis`): at grid price p,
 *   too cheap(p)     = share of answers "too cheap" greater than p  (1 − ECDF, falling)
 *   cheap(p)         = share of answers "cheap" greater than p      (falling)
 *   expensive(p)     = share of answers "expensive" at most p       (ECDF, rising)
 *   too expensive(p) = share of answers "too expensive" at most p   (rising)
 *   not cheap = 1 − cheap, not expensive = 1 − expensive.
 * Shares are weighted. Curves are kept as weights (share × total weight) so that crossings
 * compare exact sums, not rounded quotients (with integer weights the comparison is exact).
 */
import { classifyRespondents, toColumns, VALID } from "./clean.ts";
import type { VwAnswer, VwCurves } from "./types.ts";

export interface CountCurves {
  /** The block's grid: prices at which any of its valid answers lies. */
  prices: Float64Array;
  /** Total weight of the block's valid respondents. */
  total: number;
  tooCheap: Float64Array;
  cheap: Float64Array;
  expensive: Float64Array;
  tooExpensive: Float64Array;
  notCheap: Float64Array;
  notExpensive: Float64Array;
}

/**
 * Curves of one block from the weight of answers at each global grid price, per question
 * (`counts[q][g]`, q = too cheap, cheap, expensive, too expensive). Grid prices where the block
 * has no answer are dropped: a block's grid is its own distinct prices, as when it is analysed
 * alone (this matters for interpolation, not for plain crossings, which are the same either way).
 */
export function countCurves(gridPrices: Float64Array, counts: readonly Float64Array[]): CountCurves {
  const [cTc, cC, cE, cTe] = counts;
  const G = gridPrices.length;
  let active = 0;
  for (let g = 0; g < G; g++) if (cTc[g] > 0 || cC[g] > 0 || cE[g] > 0 || cTe[g] > 0) active++;
  const prices = new Float64Array(active);
  const tooCheap = new Float64Array(active),
    cheap = new Float64Array(active);
  const expensive = new Float64Array(active),
    tooExpensive = new Float64Array(active);
  const notCheap = new Float64Array(active),
    notExpensive = new Float64Array(active);
  // Falling curves are "question total − weight so far", each with its own question's total:
  // summed in the same order, they reach exactly 0 once the answers are exhausted, even with
  // non-integer weights (the four totals agree up to rounding).
  let totTc = 0,
    totC = 0,
    totE = 0;
  for (let g = 0; g < G; g++) {
    totTc += cTc[g];
    totC += cC[g];
    totE += cE[g];
  }
  let sTc = 0,
    sC = 0,
    sE = 0,
    sTe = 0,
    k = 0;
  for (let g = 0; g < G; g++) {
    if (!(cTc[g] > 0 || cC[g] > 0 || cE[g] > 0 || cTe[g] > 0)) continue;
    sTc += cTc[g];
    sC += cC[g];
    sE += cE[g];
    sTe += cTe[g];
    prices[k] = gridPrices[g];
    tooCheap[k] = totTc - sTc;
    cheap[k] = totC - sC;
    notCheap[k] = sC;
    expensive[k] = sE;
    notExpensive[k] = totE - sE;
    tooExpensive[k] = sTe;
    k++;
  }
  const total = totTc;
  return { prices, total, tooCheap, cheap, expensive, tooExpensive, notCheap, notExpensive };
}

/** The curves as shares (0–1) for charts. */
export function curveShares(c: CountCurves): VwCurves {
  const share = (a: Float64Array) => Array.from(a, (v) => Math.min(1, Math.max(0, v / c.total)));
  return {
    prices: Array.from(c.prices),
    tooCheap: share(c.tooCheap),
    cheap: share(c.cheap),
    expensive: share(c.expensive),
    tooExpensive: share(c.tooExpensive),
    notCheap: share(c.notCheap),
    notExpensive: share(c.notExpensive),
  };
}

/**
 * Weighted share of valid respondents whose "too expensive" answer is greater than `price`,
 * i.e. 1 − too expensive(price): the share who do not find `price` too expensive. Pass one
 * segment's answers for a segment. null when there is no valid respondent.
 */
export function shareNotTooExpensive(answers: readonly VwAnswer[], price: number): number | null {
  const cols = toColumns(answers);
  const status = classifyRespondents(cols);
  let total = 0,
    above = 0;
  for (let i = 0; i < status.length; i++) {
    if (status[i] !== VALID) continue;
    const w = cols.weight ? cols.weight[i] : 1;
    total += w;
    if (cols.tooExpensive[i] > price) above += w;
  }
  return total > 0 ? above / total : null;
}
