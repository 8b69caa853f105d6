/**
 * Hierarchical Bayes on validated tasks → the `hb` block of the result (hb.ts does the
 * sampling). Respondent utilities are posterior means, zero-centred. Segment (and overall)
 * utilities and shares are posterior means over the saved draws of the segment's mean
 * utility and mean probability-rescaled share (shares computed per respondent per draw, as
 * Sawtooth averages individual shares); 95% intervals are the 2.5th/97.5th percentiles of
 * the same draws. Mean RLH is the mean of the respondents' RLH.
 */
import { drawComparisons } from "./compare.ts";
import { buildChoiceData } from "./data.ts";
import { HB_PRIOR, runHb, type HbRaw } from "./hb.ts";
import { percentileSorted } from "./shares.ts";
import { itemOrder, segmentOrder } from "./order.ts";
import { validateTasks } from "./tasks.ts";
import { InputError } from "../inputError.ts";
import type { HbBlock, HbSummary, MaxDiffTask } from "./types.ts";

export interface HbRunInput {
  tasks: MaxDiffTask[];
  /** Full item list in display order (optional). */
  items?: string[];
  iterations?: number;
  burnIn?: number;
  thin?: number;
  seed?: number;
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
  const raw = runHb(
    {
      data,
      iterations: input.iterations,
      burnIn: input.burnIn,
      thin: input.thin,
      seed: input.seed,
      groups,
      nGroups: segments.length,
    },
    onProgress,
  );
  return summariseHb(raw, items, data.respondents, data.segments, segments, groups);
}

export function summariseHb(
  raw: HbRaw,
  items: string[],
  respondents: string[],
  respSegments: (string | null)[],
  segments: string[],
  groups: Int32Array,
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
        return {
          item,
          utility: clean(mu / S),
          utilityInterval: [percentileSorted(u, 0.025), percentileSorted(u, 0.975)],
          share: clean(ms / S),
          shareInterval: [percentileSorted(s, 0.025), percentileSorted(s, 0.975)],
        };
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
    })),
    populationMean: Object.fromEntries(items.map((it, a) => [it, raw.muMean[a]])),
    populationCovariance: Array.from({ length: K }, (_, a) => Array.from(raw.sigmaMean.subarray(a * K, (a + 1) * K))),
    overall: block(0, all),
    segments: segBlocks,
    comparisons,
    trace: raw.trace,
    prior: HB_PRIOR,
  };
}
