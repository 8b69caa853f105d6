/**
 * Hierarchical Bayes on validated tasks → the `hb` block of the result (hb.ts does the
 * sampling). Respondent utilities are posterior means, zero-centred. Segment (and overall)
 * utilities and shares are posterior means over the saved draws of the segment's mean
 * utility and mean probability-rescaled share (shares computed per respondent per draw, as
 * Sawtooth averages individual shares); 95% intervals are the 2.5th/97.5th percentiles of
 * the same draws. Mean RLH is the mean of the respondents' RLH.
 *
 * Anchored data: utilities relative to the anchor; per block and item `aboveAnchorShare` is the
 * posterior mean over the saved draws of the share of the block's respondents whose utility is
 * above the anchor (> 0), `aboveAnchorInterval` the 2.5th/97.5th percentiles of the same draws.
 *
 * Covariates (hb.ts): effects of each level (categorical) or unit (numeric) on the upper-level
 * mean, posterior means with 2.5/97.5 percentile intervals. Convergence: split-chain R̂ of the
 * population mean per item (BDA3 §11.4), with a warning above 1.05.
 *
 * Quality (Sawtooth Software, Orme 2019 "Consistency cutoffs to identify 'bad' respondents in
 * CBC, ACBC, and MaxDiff"): random responders answer every real respondent's tasks (same design,
 * uniformly random best, worst and anchor answer), their utilities are estimated by the same
 * Metropolis step with the upper level held at the real posterior mean (so they do not distort
 * the population), and the 95th percentile of their RLH is the cutoff: a real respondent with a
 * lower RLH is flagged "random_rlh".
 */
import { drawComparisons } from "./compare.ts";
import { buildChoiceData } from "./data.ts";
import { covariateDesign, levelRow, type CovariateDesign } from "./covariates.ts";
import type { ChoiceData } from "./data.ts";
import { HB_PRIOR, HB_PRIOR_ANCHORED, HB_PRIOR_COVARIATES, runHb, type HbRaw } from "./hb.ts";
import { createRng } from "../random.ts";
import { splitRhat } from "../stats/rhat.ts";
import { percentileSorted } from "./shares.ts";
import { itemOrder, segmentOrder } from "./order.ts";
import { validateTasks } from "./tasks.ts";
import { InputError } from "../inputError.ts";
import type { HbBlock, HbCovariates, HbQuality, HbSummary, MaxDiffTask } from "./types.ts";

export interface HbRunInput {
  tasks: MaxDiffTask[];
  /** Full item list in display order (optional). */
  items?: string[];
  iterations?: number;
  burnIn?: number;
  thin?: number;
  seed?: number;
  /** Respondent columns in the upper level: "segment" or keys of MaxDiffTask.attributes. */
  covariates?: string[];
  /** Random responders simulated for the RLH cutoff (default max(200, respondents), at most 1,000). */
  randomResponders?: number;
}

/** Per-respondent values of the covariate columns (tasks grouped as in buildChoiceData). */
function covariateValues(tasks: readonly MaxDiffTask[], data: ChoiceData, names: readonly string[]): string[][] {
  const first = new Map<string, MaxDiffTask>();
  for (const t of tasks) if (!first.has(t.respondent)) first.set(t.respondent, t);
  return names.map((name) =>
    data.respondents.map((r) => {
      const t = first.get(r)!;
      if (name.toLowerCase() === "segment") return t.segment ?? "(none)";
      const v = t.attributes
        ? Object.entries(t.attributes).find(([k]) => k.toLowerCase() === name.toLowerCase())
        : undefined;
      if (v === undefined) throw new InputError(`covariate column ${name} has no value for respondent "${r}"`);
      return v[1];
    }),
  );
}

/** The same tasks answered at random (uniform best, worst among the rest, anchor answer). */
function randomResponders(data: ChoiceData, n: number, seed: number): ChoiceData {
  const rng = createRng(seed);
  const N = data.respondents.length,
    k = data.k;
  const counts = Array.from({ length: n }, (_, r) => data.respStart[(r % N) + 1] - data.respStart[r % N]);
  const nTasks = counts.reduce((a, b) => a + b, 0);
  const shown = new Int32Array(nTasks * k),
    best = new Int32Array(nTasks),
    worst = new Int32Array(nTasks);
  const anchor = data.anchor ? new Int8Array(nTasks) : null;
  const respStart = new Int32Array(n + 1);
  let t = 0;
  for (let r = 0; r < n; r++) {
    respStart[r] = t;
    const src = r % N;
    for (let s = data.respStart[src]; s < data.respStart[src + 1]; s++, t++) {
      for (let j = 0; j < k; j++) shown[t * k + j] = data.shown[s * k + j];
      const b = rng.int(k);
      let w = rng.int(k - 1);
      if (w >= b) w++;
      best[t] = shown[t * k + b];
      worst[t] = shown[t * k + w];
      if (anchor) anchor[t] = data.anchor![s] < 0 ? -1 : rng.int(3);
    }
  }
  respStart[n] = t;
  return {
    ...data,
    nTasks,
    shown,
    best,
    worst,
    respStart,
    anchor,
    respondents: Array.from({ length: n }, (_, r) => `random${r + 1}`),
    segments: new Array(n).fill(null),
  };
}

/** Run HB inline (synchronously) and summarise. */
export function hierarchicalBayes(input: HbRunInput, onProgress?: (fraction: number) => void): HbSummary {
  validateTasks(input.tasks, input.items);
  const allItems = itemOrder(input.tasks, input.items);
  const shown = new Set<string>();
  for (const t of input.tasks) for (const it of t.shown) shown.add(it);
  const items = allItems.filter((it) => shown.has(it));
  if (items.length < 2) throw new InputError("Hierarchical Bayes needs at least 2 items");
  const data = buildChoiceData(input.tasks, items);
  const segments = segmentOrder(input.tasks);
  const segIndex = new Map(segments.map((s, i) => [s, i]));
  const groups = Int32Array.from(data.segments, (s) => (s === null ? -1 : segIndex.get(s)!));
  const covNames = (input.covariates ?? []).map((c) => c.trim()).filter((c) => c !== "");
  const design = covNames.length ? covariateDesign(covNames, covariateValues(input.tasks, data, covNames)) : null;
  const raw = runHb(
    {
      data,
      iterations: input.iterations,
      burnIn: input.burnIn,
      thin: input.thin,
      seed: input.seed,
      groups,
      nGroups: segments.length,
      covariates: design?.z,
      nCovariates: design?.nCovariates,
    },
    (f) => onProgress?.(0.9 * f),
  );
  // Random responders through the same design, upper level fixed at the real posterior mean.
  const nRandom = Math.min(1000, Math.max(200, input.randomResponders ?? data.respondents.length));
  const randomIterations = Math.min(raw.iterations, 5000);
  const randomRaw = runHb(
    {
      data: randomResponders(data, nRandom, raw.seed + 7919),
      iterations: randomIterations,
      seed: raw.seed + 104729,
      fixedPopulation: { mu: raw.muFree, sigma: raw.sigmaFree },
      traceEvery: randomIterations,
    },
    (f) => onProgress?.(0.9 + 0.1 * f),
  );
  const sortedRandom = Float64Array.from(randomRaw.rlh).sort();
  const rlhCutoff = percentileSorted(sortedRandom, 0.95);
  const quality: HbQuality = {
    rlhCutoff,
    flagged: 0,
    randomResponders: nRandom,
    method: `95th percentile RLH of ${nRandom} random responders answering the same tasks, estimated with the upper level fixed at this run's posterior mean (${randomIterations} iterations)`,
  };
  return summariseHb(raw, items, data.respondents, data.segments, segments, groups, { design, quality });
}

export function summariseHb(
  raw: HbRaw,
  items: string[],
  respondents: string[],
  respSegments: (string | null)[],
  segments: string[],
  groups: Int32Array,
  extra: { design?: CovariateDesign | null; quality?: HbQuality } = {},
): HbSummary {
  const K = items.length,
    S = raw.savedDraws;
  const clean = (x: number) => (Number.isFinite(x) ? x : null);
  const block = (g: number, members: number[]): HbBlock => {
    const off = g * S * K;
    let rlhSum = 0;
    for (const i of members) rlhSum += raw.rlh[i];
    return {
      respondents: members.length,
      meanRLH: members.length ? clean(rlhSum / members.length) : null,
      items: items.map((item, a) => {
        if (S === 0 || members.length === 0)
          return { item, utility: null, utilityInterval: null, share: null, shareInterval: null };
        const u = new Float64Array(S),
          s = new Float64Array(S);
        let mu = 0,
          ms = 0;
        for (let d = 0; d < S; d++) {
          u[d] = raw.groupUtilities[off + d * K + a];
          s[d] = raw.groupShares[off + d * K + a];
          mu += u[d];
          ms += s[d];
        }
        u.sort();
        s.sort();
        const row: HbBlock["items"][number] = {
          item,
          utility: clean(mu / S),
          utilityInterval: [percentileSorted(u, 0.025), percentileSorted(u, 0.975)],
          share: clean(ms / S),
          shareInterval: [percentileSorted(s, 0.025), percentileSorted(s, 0.975)],
        };
        if (raw.groupAbove) {
          const x = new Float64Array(S);
          let mx = 0;
          for (let d = 0; d < S; d++) mx += x[d] = raw.groupAbove[off + d * K + a];
          x.sort();
          row.aboveAnchorShare = clean(mx / S);
          row.aboveAnchorInterval = [percentileSorted(x, 0.025), percentileSorted(x, 0.975)];
        }
        return row;
      }),
    };
  };
  const all = respondents.map((_, i) => i);
  const segBlocks: Record<string, HbBlock> = Object.fromEntries(
    segments.map((name, g) => [
      name,
      block(
        g + 1,
        all.filter((i) => groups[i] === g),
      ),
    ]),
  );
  const comparisons = drawComparisons(
    items,
    segments.map((name, g) => ({ name, draws: raw.groupUtilities.subarray((g + 1) * S * K, (g + 2) * S * K) })),
    S,
  );
  let rlhSum = 0;
  for (let i = 0; i < respondents.length; i++) rlhSum += raw.rlh[i];
  const quality = extra.quality ? { ...extra.quality } : null;
  const flagsOf = (i: number): string[] => (quality && raw.rlh[i] < quality.rlhCutoff ? ["random_rlh"] : []);
  if (quality) quality.flagged = respondents.filter((_, i) => flagsOf(i).length > 0).length;
  // Split-chain R̂ of the population mean per item (BDA3 §11.4).
  const post = raw.iterations - raw.burnIn;
  const rhat = items.map((_, a) => {
    const r = splitRhat(raw.muChain, K, a, post);
    return r === null || !Number.isFinite(r) ? null : r;
  });
  const finiteRhat = rhat.filter((r): r is number => r !== null);
  const maxRhat = finiteRhat.length ? Math.max(...finiteRhat) : null;
  return {
    iterations: raw.iterations,
    burnIn: raw.burnIn,
    thin: raw.thin,
    savedDraws: S,
    seed: raw.seed,
    meanRLH: rlhSum / respondents.length,
    acceptance: raw.acceptance,
    items,
    respondents: respondents.map((respondent, i) => ({
      respondent,
      segment: respSegments[i],
      rlh: raw.rlh[i],
      utilities: Object.fromEntries(items.map((it, a) => [it, raw.respondentMeans[i * K + a]])),
      flags: flagsOf(i),
    })),
    populationMean: Object.fromEntries(items.map((it, a) => [it, raw.muMean[a]])),
    populationCovariance: Array.from({ length: K }, (_, a) => Array.from(raw.sigmaMean.subarray(a * K, (a + 1) * K))),
    overall: block(0, all),
    segments: segBlocks,
    comparisons,
    trace: raw.trace,
    prior: extra.design ? HB_PRIOR_COVARIATES : raw.anchored ? HB_PRIOR_ANCHORED : HB_PRIOR,
    anchored: raw.anchored,
    covariates: extra.design ? covariateEffects(raw, items, extra.design) : null,
    convergence: {
      rhat: Object.fromEntries(items.map((it, a) => [it, rhat[a]])),
      maxRhat,
      warning:
        maxRhat !== null && maxRhat > 1.05
          ? `population mean not converged (split R-hat ${maxRhat.toFixed(3)} > 1.05): run more iterations`
          : null,
    },
    quality: quality ?? { rlhCutoff: 0, flagged: 0, randomResponders: 0, method: "not computed" },
  };
}

/** Posterior mean and 95% interval of each covariate level's (or unit's) effect on the upper-level mean. */
function covariateEffects(raw: HbRaw, items: string[], design: CovariateDesign): HbCovariates {
  const K = items.length,
    S = raw.savedDraws,
    m = raw.nCovariates;
  const effects: HbCovariates["effects"] = [];
  const draws = raw.deltaDraws!;
  const summarise = (covariate: string, level: string | null, row: number[]) => {
    items.forEach((item, a) => {
      const x = new Float64Array(S);
      let mean = 0;
      for (let d = 0; d < S; d++) {
        let v = 0;
        for (let c = 0; c < m; c++) if (row[c] !== 0) v += row[c] * draws[(d * m + c) * K + a];
        mean += x[d] = v;
      }
      x.sort();
      effects.push({
        covariate,
        level,
        item,
        effect: S ? mean / S : 0,
        interval: [percentileSorted(x, 0.025), percentileSorted(x, 0.975)],
      });
    });
  };
  for (const col of design.columns) {
    const full = (part: number[]) => {
      const row = new Array<number>(m).fill(0);
      for (let j = 0; j < part.length; j++) row[col.start + j] = part[j];
      return row;
    };
    if (col.kind === "numeric") summarise(col.name, null, full([1]));
    else for (const level of col.levels) summarise(col.name, level, full(levelRow(col, level)));
  }
  return {
    columns: design.columns.map((c) => ({ name: c.name, kind: c.kind, levels: c.levels })),
    effects,
    prior: HB_PRIOR_COVARIATES,
  };
}
