/**
 * Van Westendorp price-sensitivity analysis (Van Westendorp 1976) with the Newton–Miller–Smith
 * extension (Newton, Miller & Smith 1993), bootstrap intervals (Efron & Tibshirani 1993) and
 * per-segment results, following the conventions of R's pricesensitivitymeter `psm_analysis`.
 *
 * Cost: one pass to clean, one to build the price grid (see grid.ts), four counting passes
 * shared by all blocks, then O(grid) per block — O(n) for survey prices in whole units or
 * cents, O(n log n) otherwise. A bootstrap resample costs O(n_block + grid).
 */
import { InputError } from "../inputError.ts";
import { createRng } from "../random.ts";
import { bootstrapIntervals } from "./bootstrap.ts";
import { classifyRespondents, MISSING, toColumns, VALID } from "./clean.ts";
import { compareSegments } from "./compare.ts";
import { countCurves, curveShares } from "./curves.ts";
import { buildPriceGrid } from "./grid.ts";
import {
  calibratedProbability,
  DEFAULT_CALIBRATION,
  revenueOptimalPrice,
  trialCurve,
  TrialAccumulator,
  trialOptimalPrice,
} from "./nms.ts";
import {
  indifferencePricePoint,
  optimalPricePoint,
  pointOfMarginalCheapness,
  pointOfMarginalExpensiveness,
  type CrossingOptions,
} from "./pricePoints.ts";
import type { VwAnswer, VwBlock, VwColumns, VwOptions, VwResult } from "./types.ts";

export type * from "./types.ts";

/** Analyse answer objects (the app's and the study analysis' entry point). */
export function analyseVanWestendorp(answers: readonly VwAnswer[], options: VwOptions = {}): VwResult {
  return analyseVanWestendorpColumns(toColumns(answers), options);
}

interface Settings {
  crossing: CrossingOptions;
  bootstrap: number;
  seed: number;
  calibration: readonly number[];
  includeCurves: boolean;
}

function settings(options: VwOptions): Settings {
  const bootstrap = options.bootstrap ?? 0;
  if (!Number.isInteger(bootstrap) || bootstrap < 0)
    throw new InputError(`bootstrap must be a whole number of resamples ≥ 0 (got ${bootstrap})`);
  const step = options.interpolationStep ?? 0.01;
  if (!(step > 0) || !Number.isFinite(step))
    throw new InputError(`interpolation step must be a positive number (got ${step})`);
  const calibration = options.calibration ?? DEFAULT_CALIBRATION;
  if (calibration.length !== 5 || !calibration.every((p) => Number.isFinite(p))) {
    throw new InputError("calibration must list 5 finite probabilities, for purchase intent 5, 4, 3, 2, 1");
  }
  return {
    crossing: { interpolate: options.interpolate ?? false, step },
    bootstrap,
    seed: options.seed ?? 1,
    calibration,
    includeCurves: options.includeCurves ?? false,
  };
}

/** Analyse column-oriented answers (NaN = missing); see VwColumns. Columns are not modified. */
export function analyseVanWestendorpColumns(cols: VwColumns, options: VwOptions = {}): VwResult {
  const set = settings(options);
  checkColumns(cols);
  const n = cols.tooCheap.length;
  const questions = [cols.tooCheap, cols.cheap, cols.expensive, cols.tooExpensive];
  const status = classifyRespondents(cols);
  const grid = buildPriceGrid(questions, status);
  const G = grid.prices.length;
  const names = cols.segment ? (cols.segmentNames ?? []) : [];
  const seg = cols.segment ?? null;
  const weight = relativeWeights(cols.weight ?? null);
  const B = 1 + names.length; // block 0 = overall, block 1 + s = segment s

  const tally = {
    n: new Int32Array(B),
    valid: new Int32Array(B),
    missing: new Int32Array(B),
    notOrdered: new Int32Array(B),
  };
  for (let i = 0; i < n; i++) {
    const s = seg ? seg[i] : -1;
    const st = status[i];
    const which = st === VALID ? tally.valid : st === MISSING ? tally.missing : tally.notOrdered;
    tally.n[0]++;
    which[0]++;
    if (s >= 0) {
      tally.n[1 + s]++;
      which[1 + s]++;
    }
  }

  // Weight of answers at each grid price, per question and block: counts[q][b·G + g].
  const counts = questions.map(() => new Float64Array(B * G));
  for (let q = 0; q < 4; q++) {
    const ix = grid.index[q],
      c = counts[q];
    for (let i = 0; i < n; i++) {
      const g = ix[i];
      if (g < 0) continue;
      const w = weight ? weight[i] : 1;
      c[g] += w;
      const s = seg ? seg[i] : -1;
      if (s >= 0) c[(1 + s) * G + g] += w;
    }
  }

  const trial =
    cols.piCheap && cols.piExpensive ? accumulateTrial(cols, weight, status, grid.index, G, B, set.calibration) : null;

  const members = set.bootstrap > 0 ? blockMembers(status, seg, B) : null;
  const blockOf = (b: number, name: string): VwBlock => {
    const blockCounts = counts.map((c) => c.subarray(b * G, (b + 1) * G));
    const block: VwBlock = {
      n: tally.n[b],
      nValid: tally.valid[b],
      invalid: { notOrdered: tally.notOrdered[b], missing: tally.missing[b] },
      pmc: null,
      opp: null,
      ipp: null,
      pme: null,
      nms: null,
      intervals: null,
    };
    const curves = countCurves(grid.prices, blockCounts);
    if (set.includeCurves) block.curves = curveShares(curves);
    if (tally.valid[b] === 0) return block;
    block.pmc = pointOfMarginalCheapness(curves, set.crossing);
    block.opp = optimalPricePoint(curves, set.crossing);
    block.ipp = indifferencePricePoint(curves, set.crossing);
    block.pme = pointOfMarginalExpensiveness(curves, set.crossing);
    const acc = trial?.[b];
    if (acc && acc.count > 0) {
      const keep = new Uint8Array(G);
      for (let g = 0; g < G; g++)
        keep[g] =
          blockCounts[0][g] > 0 || blockCounts[1][g] > 0 || blockCounts[2][g] > 0 || blockCounts[3][g] > 0 ? 1 : 0;
      const curve = trialCurve(grid.prices, acc, keep);
      block.nms = { trialOptimal: trialOptimalPrice(curve), revenueOptimal: revenueOptimalPrice(curve) };
      if (set.includeCurves)
        block.nms.curve = {
          prices: Array.from(curve.prices),
          trial: Array.from(curve.trial),
          revenue: Array.from(curve.revenue),
        };
    }
    if (members) {
      const rng = createRng(b === 0 ? set.seed : (set.seed + hashName(name)) >>> 0);
      block.intervals = bootstrapIntervals(grid, members[b], weight, set.bootstrap, rng, set.crossing);
    }
    return block;
  };

  const overall = blockOf(0, "");
  const order = names.map((name, s) => ({ name, s })).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  // fromEntries, not segments[name] = …: a segment named "__proto__" would set the prototype and vanish.
  const segments: Record<string, VwBlock> = Object.fromEntries(
    order.map(({ name, s }) => [name, blockOf(1 + s, name)]),
  );
  return { method: "van-westendorp", overall, segments, comparisons: compareSegments(segments, options.currency) };
}

function checkColumns(cols: VwColumns): void {
  const n = cols.tooCheap.length;
  const same = [
    cols.cheap,
    cols.expensive,
    cols.tooExpensive,
    cols.piCheap,
    cols.piExpensive,
    cols.weight,
    cols.segment,
  ];
  if (same.some((c) => c && c.length !== n)) throw new InputError("all columns must have one value per respondent");
  for (const col of [cols.tooCheap, cols.cheap, cols.expensive, cols.tooExpensive]) {
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (v < 0 || v === Infinity)
        throw new InputError(`respondent ${i + 1}: prices must be finite and at least 0 (got ${v})`);
    }
  }
  for (const col of [cols.piCheap, cols.piExpensive]) {
    if (!col) continue;
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (!Number.isNaN(v) && !(Number.isInteger(v) && v >= 1 && v <= 5))
        throw new InputError(`respondent ${i + 1}: purchase intent must be a whole number from 1 to 5 (got ${v})`);
    }
  }
  if (cols.weight) {
    for (let i = 0; i < n; i++)
      if (!(cols.weight[i] > 0) || cols.weight[i] === Infinity)
        throw new InputError(`respondent ${i + 1}: weight must be a positive number (got ${cols.weight[i]})`);
  }
}

/**
 * Weights divided by the largest one. Results depend only on relative weights, but sums of
 * huge weights (1e300) overflow to Infinity and tiny ones (1e-320) lose all precision and
 * make the crossing tolerance 0, which moved the price points; (0, 1] avoids both.
 */
function relativeWeights(weight: Float64Array | null): Float64Array | null {
  if (!weight) return null;
  let max = 0;
  for (let i = 0; i < weight.length; i++) if (weight[i] > max) max = weight[i];
  if (max === 1 || max === 0) return weight;
  const out = new Float64Array(weight.length);
  for (let i = 0; i < weight.length; i++) out[i] = weight[i] / max;
  return out;
}

/** Trial accumulators per block, over valid respondents that gave both purchase intents. */
function accumulateTrial(
  cols: VwColumns,
  weight: Float64Array | null,
  status: Uint8Array,
  index: readonly Int32Array[],
  G: number,
  B: number,
  calibration: readonly number[],
): TrialAccumulator[] {
  const acc = Array.from({ length: B }, () => new TrialAccumulator(G));
  const piC = cols.piCheap!,
    piE = cols.piExpensive!;
  const seg = cols.segment ?? null;
  const [iTc, iC, iE, iTe] = index;
  for (let i = 0; i < status.length; i++) {
    if (status[i] !== VALID || Number.isNaN(piC[i]) || Number.isNaN(piE[i])) continue;
    const pc = calibratedProbability(piC[i], calibration),
      pe = calibratedProbability(piE[i], calibration);
    const w = weight ? weight[i] : 1;
    const tc = cols.tooCheap[i],
      c = cols.cheap[i],
      e = cols.expensive[i],
      te = cols.tooExpensive[i];
    acc[0].add(tc, c, e, te, iTc[i], iC[i], iE[i], iTe[i], pc, pe, w);
    const s = seg ? seg[i] : -1;
    if (s >= 0) acc[1 + s].add(tc, c, e, te, iTc[i], iC[i], iE[i], iTe[i], pc, pe, w);
  }
  return acc;
}

/** Indices of the valid respondents of each block (block 0 = everyone). */
function blockMembers(status: Uint8Array, seg: Int32Array | null, B: number): Int32Array[] {
  const sizes = new Int32Array(B);
  for (let i = 0; i < status.length; i++) {
    if (status[i] !== VALID) continue;
    sizes[0]++;
    if (seg && seg[i] >= 0) sizes[1 + seg[i]]++;
  }
  const out = Array.from(sizes, (m) => new Int32Array(m));
  const fill = new Int32Array(B);
  for (let i = 0; i < status.length; i++) {
    if (status[i] !== VALID) continue;
    out[0][fill[0]++] = i;
    if (seg && seg[i] >= 0) out[1 + seg[i]][fill[1 + seg[i]]++] = i;
  }
  return out;
}

/** FNV-1a hash: a segment's bootstrap stream depends on its name, not on which other segments exist. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < name.length; k++) h = Math.imul(h ^ name.charCodeAt(k), 0x01000193) >>> 0;
  return h;
}
