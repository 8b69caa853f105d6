/**
 * Balanced incomplete MaxDiff designs (Louviere, Flynn & Marley 2015, §2.4 and ch. 3 on
 * balanced incomplete block designs; Sawtooth Software, "MaxDiff/Web System Technical
 * Paper": one-way, two-way and positional balance across versions).
 *
 * Per version: greedy construction — each slot takes the least-used item in the version,
 * ties broken by its co-appearances with the items already in the task, then by use across
 * versions, then at random — followed by swap passes (exchange an item between two tasks
 * when that lowers Σ pair-count², which keeps one-way counts intact); then each task's
 * display order is the permutation that minimises the items' current position counts.
 * Deterministic for a given seed.
 */
import { InputError } from "../inputError.ts";
import { createRng, type Rng } from "../random.ts";

export interface DesignOptions {
  /** Number of items K. */
  items: number;
  /** Items per task k (2 ≤ k ≤ min(K, 8); 3–6 usual). */
  itemsPerTask: number;
  /** Tasks per respondent (per version). */
  tasks: number;
  /** Versions (default 10). */
  versions?: number;
  seed?: number;
}

export interface BalanceStats {
  /** Times each item appears: min and max over items. */
  oneWay: { min: number; max: number };
  /** Times each pair of items appears together: min and max over all K(K−1)/2 pairs. */
  twoWay: { min: number; max: number };
  /** Times each item appears in each position: min and max over items × positions. */
  positions: { min: number; max: number };
}

export interface MaxDiffDesign {
  items: number;
  itemsPerTask: number;
  tasks: number;
  seed: number;
  /** versions[v][t] = 0-based item indices of task t in display order. */
  versions: number[][][];
  balance: { versions: BalanceStats[]; overall: BalanceStats };
  /** Exposures per item per respondent, t·k/K. */
  exposuresPerItem: number;
  warnings: string[];
}

const whole = (x: unknown): x is number => typeof x === "number" && Number.isInteger(x);

/** Generate V versions of t tasks showing k of K items (see file comment). */
export function generateDesign(options: DesignOptions): MaxDiffDesign {
  const K = options.items,
    k = options.itemsPerTask,
    t = options.tasks;
  const V = options.versions ?? 10;
  const seed = options.seed ?? 1;
  if (!whole(K) || K < 2 || K > 1000) throw new InputError(`items must be a whole number from 2 to 1000, got ${K}`);
  if (!whole(k) || k < 2) throw new InputError(`items per task must be a whole number of at least 2, got ${k}`);
  if (k > K) throw new InputError(`items per task (${k}) cannot exceed the number of items (${K})`);
  if (k > 8) throw new InputError(`items per task must be at most 8, got ${k}`);
  if (!whole(t) || t < 1 || t > 1000) throw new InputError(`tasks must be a whole number from 1 to 1000, got ${t}`);
  if (!whole(V) || V < 1 || V > 1000) throw new InputError(`versions must be a whole number from 1 to 1000, got ${V}`);
  const rng = createRng(seed);
  const exposures = (t * k) / K;
  const warnings: string[] = [];
  if (exposures < 3) {
    warnings.push(
      `too few exposures per item for individual estimates: ${t} tasks × ${k} items / ${K} items = ${round2(exposures)} (3 or more recommended)`,
    );
  }
  const overallCount = new Float64Array(K);
  const overallPair = new Int32Array(K * K);
  const overallPos = new Int32Array(K * k);
  const perms = permutations(k);
  const versions: number[][][] = [];
  const stats: BalanceStats[] = [];
  for (let v = 0; v < V; v++) {
    const count = new Int32Array(K);
    const pair = new Int32Array(K * K);
    const tasks: number[][] = [];
    for (let ti = 0; ti < t; ti++) {
      const task: number[] = [];
      for (let slot = 0; slot < k; slot++) task.push(pickItem(K, task, count, pair, overallCount, rng));
      for (const a of task) {
        count[a]++;
        for (const b of task) if (a !== b) pair[a * K + b]++;
      }
      tasks.push(task);
    }
    improveBySwaps(tasks, pair, overallPair, K, rng);
    const pos = new Int32Array(K * k);
    const ordered = tasks.map((task) => orderTask(task, perms, pos, overallPos, k, rng));
    for (const task of ordered) {
      task.forEach((a, j) => {
        overallCount[a]++;
        overallPos[a * k + j]++;
        for (const b of task) if (a !== b) overallPair[a * K + b]++;
      });
    }
    versions.push(ordered);
    stats.push(balanceStats(count, pair, pos, K, k));
  }
  const overall = balanceStats(overallCount, overallPair, overallPos, K, k);
  return {
    items: K,
    itemsPerTask: k,
    tasks: t,
    seed,
    versions,
    balance: { versions: stats, overall },
    exposuresPerItem: exposures,
    warnings,
  };
}

/** Least-used item not yet in the task; ties by pair counts with the task, then overall use, then random. */
function pickItem(
  K: number,
  task: number[],
  count: Int32Array,
  pair: Int32Array,
  overall: Float64Array,
  rng: Rng,
): number {
  let bestKey0 = Infinity,
    bestKey1 = Infinity,
    bestKey2 = Infinity;
  let ties: number[] = [];
  for (let a = 0; a < K; a++) {
    if (task.includes(a)) continue;
    const k0 = count[a];
    let k1 = 0;
    for (const b of task) k1 += pair[a * K + b];
    const k2 = overall[a];
    if (k0 < bestKey0 || (k0 === bestKey0 && (k1 < bestKey1 || (k1 === bestKey1 && k2 < bestKey2)))) {
      bestKey0 = k0;
      bestKey1 = k1;
      bestKey2 = k2;
      ties = [a];
    } else if (k0 === bestKey0 && k1 === bestKey1 && k2 === bestKey2) ties.push(a);
  }
  return ties[rng.int(ties.length)];
}

/**
 * Swap passes: exchange a ∈ T1 with b ∈ T2 when that lowers 1000·Σ pair² (this version) +
 * Σ (pairs over all versions so far)², until no pass improves (max 20 passes).
 */
function improveBySwaps(tasks: number[][], pair: Int32Array, overallPair: Int32Array, K: number, rng: Rng): void {
  const bump = (a: number, b: number, d: number): number => {
    const n = pair[a * K + b];
    const o = overallPair[a * K + b] + n;
    pair[a * K + b] += d;
    pair[b * K + a] += d;
    return 1000 * (2 * n * d + d * d) + (2 * o * d + d * d);
  };
  const move = (task: number[], out: number, into: number): number => {
    let delta = 0;
    for (const x of task) if (x !== out) delta += bump(out, x, -1) + bump(into, x, +1);
    return delta;
  };
  for (let pass = 0; pass < 20; pass++) {
    let improved = false;
    const order = Array.from({ length: tasks.length }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let x = 0; x < order.length; x++) {
      for (let y = x + 1; y < order.length; y++) {
        const T1 = tasks[order[x]],
          T2 = tasks[order[y]];
        for (let i1 = 0; i1 < T1.length; i1++) {
          const a = T1[i1];
          if (T2.includes(a)) continue;
          for (let i2 = 0; i2 < T2.length; i2++) {
            const b = T2[i2];
            if (T1.includes(b)) continue;
            let delta = move(T1, a, b);
            T1[i1] = b;
            delta += move(T2, b, a);
            T2[i2] = a;
            if (delta < 0) {
              improved = true;
              break; // T1[i1] changed; move on to the next slot
            }
            // revert
            move(T2, a, b);
            T2[i2] = b;
            move(T1, b, a);
            T1[i1] = a;
          }
        }
      }
    }
    if (!improved) break;
  }
}

/** Display order minimising the sum of the items' current counts in the positions (ties: overall, then random). */
function orderTask(
  task: number[],
  perms: number[][],
  pos: Int32Array,
  overallPos: Int32Array,
  k: number,
  rng: Rng,
): number[] {
  let best0 = Infinity,
    best1 = Infinity;
  let ties: number[][] = [];
  for (const perm of perms) {
    let c0 = 0,
      c1 = 0;
    for (let j = 0; j < k; j++) {
      const a = task[perm[j]];
      const n = pos[a * k + j];
      c0 += n * n;
      c1 += overallPos[a * k + j];
    }
    if (c0 < best0 || (c0 === best0 && c1 < best1)) {
      best0 = c0;
      best1 = c1;
      ties = [perm];
    } else if (c0 === best0 && c1 === best1) ties.push(perm);
  }
  const perm = ties[rng.int(ties.length)];
  const ordered = perm.map((i) => task[i]);
  ordered.forEach((a, j) => {
    pos[a * k + j]++;
  });
  return ordered;
}

function permutations(k: number): number[][] {
  const out: number[][] = [];
  const rec = (prefix: number[], rest: number[]) => {
    if (rest.length === 0) out.push(prefix);
    rest.forEach((x, i) => {
      rec([...prefix, x], [...rest.slice(0, i), ...rest.slice(i + 1)]);
    });
  };
  rec(
    [],
    Array.from({ length: k }, (_, i) => i),
  );
  return out;
}

function balanceStats(
  count: ArrayLike<number>,
  pair: ArrayLike<number>,
  pos: ArrayLike<number>,
  K: number,
  k: number,
): BalanceStats {
  const mm = (xs: number[]) => ({ min: Math.min(...xs), max: Math.max(...xs) });
  const pairs: number[] = [];
  for (let a = 0; a < K; a++) for (let b = a + 1; b < K; b++) pairs.push(pair[a * K + b]);
  return {
    oneWay: mm(Array.from(count)),
    twoWay: pairs.length ? mm(pairs) : { min: 0, max: 0 },
    positions: mm(Array.from({ length: K * k }, (_, i) => pos[i])),
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
