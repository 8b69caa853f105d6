/**
 * The whole MaxDiff analysis (the CLI's JSON): counts, the aggregate sequential best–worst
 * logit with probability-rescaled shares, overall and per segment; Wald segment comparisons;
 * optionally Hierarchical Bayes individual utilities (inline, synchronous — use
 * analyseMaxDiffInWorker / runHbInWorker from hbWorker.ts to keep a server responsive).
 *
 * Per block, only items shown at least once in that block are estimated; utilities are
 * zero-centred over those items and the others are null. Utility intervals are Wald
 * (u ± 1.96·se); share intervals are 2.5/97.5 percentiles of 2,000 draws from N(u, Σ)
 * (shares.ts), seeded by `options.seed` (default 1). When the logit does not converge
 * (an item never chosen best or never chosen worst in the block, so its utility runs off
 * to ∓∞) utilities and shares are still reported, but se, intervals and covariance are null.
 *
 * Anchored (dual-response) data — any task with an anchor answer — is fitted by the anchored
 * logit over the coded choice sets (choiceSets.ts): `anchored: true`, utilities and covariance
 * relative to the anchor (0), not zero-centred; shares are still the probability-rescaled shares
 * of the zero-centred utilities (sum 100), their intervals simulated from the zero-centred
 * covariance C V Cᵀ.
 */
import { createRng, type Rng } from "../random.ts";
import { waldComparisons } from "./compare.ts";
import { countScores } from "./counts.ts";
import { buildChoiceData } from "./data.ts";
import { hierarchicalBayes } from "./hbSummary.ts";
import { codeChoiceSets } from "./choiceSets.ts";
import { anchoredBestWorstLogit, sequentialBestWorstLogit, zeroCentre } from "./logit.ts";
import { itemOrder, segmentOrder } from "./order.ts";
import { rescaledShares, simulatedShareIntervals } from "./shares.ts";
import { validateTasks } from "./tasks.ts";
import { buildValueMap } from "../valueMap/valueMap.ts";
import type { Block, MaxDiffOptions, MaxDiffResult, MaxDiffTask } from "./types.ts";

const Z975 = 1.959963984540054;
const finite = (x: number | null | undefined): number | null =>
  x !== null && x !== undefined && Number.isFinite(x) ? x : null;

/** Counts + aggregate logit + shares for one set of tasks (a block of the result). */
export function analyseBlock(tasks: readonly MaxDiffTask[], items: readonly string[], k: number, rng: Rng): Block {
  const counts = countScores(tasks, items);
  const anchored = tasks.some((t) => t.anchor !== undefined && t.anchor !== null);
  const respondents = new Set(tasks.map((t) => t.respondent)).size;
  const estimable = items.filter((_, i) => counts[i].shown > 0);
  const K = items.length;
  const nullCov = () => items.map(() => items.map(() => null as number | null));
  const empty = (): Block => ({
    respondents,
    tasks: tasks.length,
    items: counts.map((c) => ({
      ...c,
      utility: null,
      se: null,
      share: null,
      shareInterval: null,
      utilityInterval: null,
    })),
    covariance: nullCov(),
    logLikelihood: null,
    converged: false,
    anchored,
  });
  if (estimable.length < 2 || tasks.length === 0) return empty();
  const data = buildChoiceData(tasks, estimable);
  const E = estimable.length;
  const fit = anchored ? anchoredBestWorstLogit(codeChoiceSets(data)) : sequentialBestWorstLogit(data);
  const centred = anchored ? zeroCentre(fit.utilities) : fit.utilities;
  const shares = rescaledShares(centred, k);
  const ok = fit.converged && fit.covariance !== null;
  const centredCov = ok ? (anchored ? centreCovariance(fit.covariance!, E) : fit.covariance!) : null;
  const intervals = ok ? simulatedShareIntervals(centred, centredCov!, k, rng) : null;
  const pos = new Map(estimable.map((it, e) => [it, e]));
  const covariance = nullCov();
  if (ok) {
    for (let a = 0; a < K; a++) {
      const ea = pos.get(items[a]);
      if (ea === undefined) continue;
      for (let b = 0; b < K; b++) {
        const eb = pos.get(items[b]);
        if (eb !== undefined) covariance[a][b] = finite(fit.covariance![ea * E + eb]);
      }
    }
  }
  return {
    respondents,
    tasks: tasks.length,
    items: counts.map((c) => {
      const e = pos.get(c.item);
      if (e === undefined)
        return { ...c, utility: null, se: null, share: null, shareInterval: null, utilityInterval: null };
      const u = finite(fit.utilities[e]);
      const se = ok ? finite(fit.se![e]) : null;
      const iv = intervals?.[e];
      return {
        ...c,
        utility: u,
        se,
        share: finite(shares[e]),
        shareInterval: iv && Number.isFinite(iv[0]) && Number.isFinite(iv[1]) ? [iv[0], iv[1]] : null,
        utilityInterval: u !== null && se !== null ? [u - Z975 * se, u + Z975 * se] : null,
      };
    }),
    covariance,
    logLikelihood: finite(fit.logLikelihood),
    converged: fit.converged,
    anchored,
  };
}

/** C V Cᵀ, C = I − 11ᵀ/K: the covariance of zero-centred utilities from that of anchor-relative ones. */
function centreCovariance(v: Float64Array, K: number): Float64Array {
  const r = new Float64Array(K);
  let g = 0;
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) r[a] += v[a * K + b];
    g += r[a];
    r[a] /= K;
  }
  g /= K * K;
  return Float64Array.from({ length: K * K }, (_, x) => v[x] - r[Math.floor(x / K)] - r[x % K] + g);
}

/** Analyse validated MaxDiff tasks (throws InputError on invalid tasks). Synchronous; HB inline when requested. */
export function analyseMaxDiff(
  tasks: MaxDiffTask[],
  options: MaxDiffOptions = {},
  hooks: { onProgress?: (fraction: number) => void } = {},
): MaxDiffResult {
  const k = validateTasks(tasks, options.items);
  const items = itemOrder(tasks, options.items);
  const seed = options.seed ?? 1;
  const rng = createRng(seed);
  const overall = analyseBlock(tasks, items, k, rng);
  const segmentNames = segmentOrder(tasks);
  // fromEntries, not segments[name] = …: a segment named "__proto__" would set the prototype and vanish.
  const segments: Record<string, Block> = Object.fromEntries(
    segmentNames.map((name) => [
      name,
      analyseBlock(
        tasks.filter((t) => t.segment === name),
        items,
        k,
        rng,
      ),
    ]),
  );
  const comparisons = waldComparisons(
    items,
    segmentNames.map((name) => ({
      name,
      estimates: segments[name].items.map((r) => ({ utility: r.utility, se: r.se })),
    })),
  );
  const hbOpts = options.hb;
  const hb = hbOpts
    ? hierarchicalBayes(
        {
          tasks,
          items: options.items,
          iterations: hbOpts.iterations,
          burnIn: hbOpts.burnIn,
          thin: hbOpts.thin,
          seed: hbOpts.seed ?? seed,
          covariates: hbOpts.covariates,
        },
        hooks.onProgress,
      )
    : null;
  const valueMap =
    segmentNames.length > 0
      ? buildValueMap({ items, segments: segmentNames, maxdiff: segments, priceBands: {} })
      : null;
  return { method: "maxdiff", itemsPerTask: k, items, overall, segments, comparisons, hb, valueMap };
}
