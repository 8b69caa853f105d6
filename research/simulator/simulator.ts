/**
 * Happy-customer roadmap simulator. A respondent is "happy" with a bundle of features when
 * at least `minInBundle` of their individual top-`topN` features (by individual utility,
 * e.g. HB) are in it (default: 2 of their top 3). `bestBundle` searches the bundle of a
 * given size that maximises happy respondents in a segment or overall: exhaustively when
 * C(candidates, size) ≤ `exhaustiveLimit`, else greedily with a pairwise-swap polish — a
 * heuristic: this objective is not submodular (a respondent counts only once m of their
 * features are in), so greedy carries no (1 − 1/e) guarantee; an upper bound is reported.
 */
import { InputError } from "../inputError.ts";
import { binomialCoefficient } from "../stats/combinatorics.ts";

export interface RespondentUtilities {
  respondent: string;
  segment: string | null;
  utilities: Record<string, number>;
}

export interface HappyOptions {
  /** How many of each respondent's best features count (default 3). */
  topN?: number;
  /** How many of those must be in the bundle (default 2). */
  minInBundle?: number;
  /** Item order used to break utility ties (default: order of the first respondent's keys). */
  items?: readonly string[];
}

export interface HappyCount {
  happy: number;
  total: number;
  /** happy / total; null when total is 0. */
  share: number | null;
}

export interface HappyResult {
  bundle: string[];
  topN: number;
  minInBundle: number;
  overall: HappyCount;
  segments: Record<string, HappyCount>;
}

export const DEFAULT_EXHAUSTIVE_LIMIT = 200_000;

function settings(respondents: readonly RespondentUtilities[], options: HappyOptions) {
  const topN = options.topN ?? 3;
  const minInBundle = options.minInBundle ?? 2;
  if (!Number.isInteger(topN) || topN < 1) throw new InputError(`topN must be a whole number ≥ 1 (got ${topN})`);
  if (!Number.isInteger(minInBundle) || minInBundle < 1 || minInBundle > topN)
    throw new InputError(`minInBundle must be a whole number from 1 to topN = ${topN} (got ${minInBundle})`);
  const items = options.items ? [...options.items] : [...new Set(respondents.flatMap((r) => Object.keys(r.utilities)))];
  return { topN, minInBundle, items };
}

/** A respondent's top-n features by utility (ties broken by `items` order); items without a utility are skipped. */
export function topFeatures(utilities: Record<string, number>, n: number, items: readonly string[]): string[] {
  return items
    .filter((it) => Number.isFinite(utilities[it]))
    .map((it, i) => ({ it, u: utilities[it], i }))
    .sort((a, b) => b.u - a.u || a.i - b.i)
    .slice(0, n)
    .map((x) => x.it);
}

function isHappy(top: readonly string[], bundle: ReadonlySet<string>, minInBundle: number): boolean {
  let k = 0;
  for (const it of top) if (bundle.has(it)) k++;
  return k >= minInBundle;
}

const count = (happy: number, total: number): HappyCount => ({ happy, total, share: total > 0 ? happy / total : null });

/** Happy respondents per segment and overall for one bundle. */
export function happyCustomers(
  bundle: readonly string[],
  respondents: readonly RespondentUtilities[],
  options: HappyOptions = {},
): HappyResult {
  const { topN, minInBundle, items } = settings(respondents, options);
  const set = new Set(bundle);
  const seg = new Map<string, [number, number]>();
  let happy = 0;
  for (const r of respondents) {
    const h = isHappy(topFeatures(r.utilities, topN, items), set, minInBundle) ? 1 : 0;
    happy += h;
    if (r.segment !== null) {
      const c = seg.get(r.segment) ?? [0, 0];
      c[0] += h;
      c[1] += 1;
      seg.set(r.segment, c);
    }
  }
  return {
    bundle: [...bundle],
    topN,
    minInBundle,
    overall: count(happy, respondents.length),
    segments: Object.fromEntries([...seg].map(([s, [h, t]]) => [s, count(h, t)])),
  };
}

export interface BestBundleOptions extends HappyOptions {
  /** Number of features in the bundle. */
  size: number;
  /** Segment to maximise; null/absent = all respondents. */
  segment?: string | null;
  /** Largest number of bundles to enumerate before switching to greedy (default 200,000). */
  exhaustiveLimit?: number;
}

export interface BestBundleResult {
  segment: string | null;
  bundle: string[];
  happy: number;
  total: number;
  share: number | null;
  search: "exhaustive" | "greedy";
  /** True when exhaustive, or when greedy reached the upper bound. */
  optimal: boolean;
  /** Bundles that exhaustive search would enumerate, C(candidates, size). */
  combinations: number;
  /** Upper bound on happy respondents: min(total, ⌊sum of the `size` largest top-N counts / minInBundle⌋). */
  upperBound: number;
  note: string;
}

/** Finds the bundle of `size` features with the most happy respondents in the target group. */
export function bestBundle(respondents: readonly RespondentUtilities[], options: BestBundleOptions): BestBundleResult {
  const { topN, minInBundle, items } = settings(respondents, options);
  const size = options.size;
  if (!Number.isInteger(size) || size < 1 || size > items.length)
    throw new InputError(`bundle size must be a whole number from 1 to ${items.length} (got ${size})`);
  const segment = options.segment ?? null;
  const target = segment === null ? respondents : respondents.filter((r) => r.segment === segment);
  const limit = options.exhaustiveLimit ?? DEFAULT_EXHAUSTIVE_LIMIT;

  // Each target respondent's top-N as item indices; frequency of each item in someone's top-N.
  const index = new Map(items.map((it, i) => [it, i]));
  const tops = target.map((r) => topFeatures(r.utilities, topN, items).map((it) => index.get(it) as number));
  const freq = new Array<number>(items.length).fill(0);
  for (const t of tops) for (const i of t) freq[i]++;
  // Only features in someone's top-N can make anyone happy; pad with the rest if too few.
  const order = items.map((_, i) => i).sort((a, b) => freq[b] - freq[a] || a - b);
  const useful = order.filter((i) => freq[i] > 0);
  const candidates = useful.length >= size ? useful : order.slice(0, size);
  const upperBound = Math.min(
    target.length,
    Math.floor(order.slice(0, size).reduce((s, i) => s + freq[i], 0) / minInBundle),
  );

  // Incremental state: per respondent how many of their top-N are in the bundle (inverted index item → respondents).
  const holders: number[][] = items.map(() => []);
  tops.forEach((t, r) => {
    for (const i of t) holders[i].push(r);
  });
  const inBundle = new Uint8Array(items.length);
  const have = new Int32Array(tops.length);
  let happyNow = 0;
  let progressNow = 0; // Σ min(have, minInBundle): tie-break towards bundles closest to pleasing more people
  const add = (i: number) => {
    inBundle[i] = 1;
    for (const r of holders[i]) {
      const c = ++have[r];
      if (c <= minInBundle) progressNow++;
      if (c === minInBundle) happyNow++;
    }
  };
  const remove = (i: number) => {
    inBundle[i] = 0;
    for (const r of holders[i]) {
      const c = have[r]--;
      if (c <= minInBundle) progressNow--;
      if (c === minInBundle) happyNow--;
    }
  };
  const better = (h: number, p: number, than: [number, number]) => h > than[0] || (h === than[0] && p > than[1]);

  const combinations = binomialCoefficient(candidates.length, size);
  let best: number[] = [];
  let bestScore: [number, number] = [-1, -1];
  let search: "exhaustive" | "greedy";
  if (combinations <= limit) {
    // Depth-first over k-subsets in lexicographic order, updating the counts incrementally.
    search = "exhaustive";
    const chosen: number[] = [];
    const visit = (from: number, depth: number) => {
      if (depth === size) {
        if (better(happyNow, progressNow, bestScore)) {
          bestScore = [happyNow, progressNow];
          best = [...chosen];
        }
        return;
      }
      for (let j = from; j <= candidates.length - (size - depth); j++) {
        const i = candidates[j];
        add(i);
        chosen.push(i);
        visit(j + 1, depth + 1);
        chosen.pop();
        remove(i);
      }
    };
    visit(0, 0);
  } else {
    search = "greedy";
    const chosen: number[] = [];
    for (let step = 0; step < size; step++) {
      let pick = -1;
      let pickScore: [number, number] = [-1, -1];
      for (const i of candidates) {
        if (inBundle[i]) continue;
        add(i);
        if (better(happyNow, progressNow, pickScore)) {
          pickScore = [happyNow, progressNow];
          pick = i;
        }
        remove(i);
      }
      add(pick);
      chosen.push(pick);
      bestScore = pickScore;
    }
    // Pairwise-swap polish (first improvement) until no swap improves.
    let improved = true;
    while (improved) {
      improved = false;
      outer: for (let a = 0; a < chosen.length; a++) {
        for (const j of candidates) {
          if (inBundle[j]) continue;
          const i = chosen[a];
          remove(i);
          add(j);
          if (better(happyNow, progressNow, bestScore)) {
            chosen[a] = j;
            bestScore = [happyNow, progressNow];
            improved = true;
            break outer;
          }
          remove(j);
          add(i);
        }
      }
    }
    best = chosen;
  }
  const bundle = best.sort((a, b) => a - b).map((i) => items[i]);
  const happy = bestScore[0];
  const optimal = search === "exhaustive" || happy >= upperBound;
  const who = segment === null ? "all respondents" : `segment ${segment}`;
  const note =
    search === "exhaustive"
      ? `Exhaustive search over all ${combinations} bundles of ${size} from the ${candidates.length} features in someone's top ${topN} (${who}): optimal.`
      : `Greedy search with pairwise-swap polish (${combinations} bundles exceed the exhaustive limit of ${limit}): not guaranteed optimal; ${happy} happy vs an upper bound of ${upperBound}${optimal ? " (bound reached, so optimal)" : ""}.`;
  return {
    segment,
    bundle,
    happy,
    total: target.length,
    share: target.length > 0 ? happy / target.length : null,
    search,
    optimal,
    combinations,
    upperBound,
    note,
  };
}
