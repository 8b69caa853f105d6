/**
 * Validated tasks → compact typed arrays used by the estimators (logit.ts, hb.ts): item
 * indices per task, the best and worst item per task, tasks grouped by respondent.
 */
import type { AnchorAnswer, MaxDiffTask } from "./types.ts";

/** Anchor answers coded per task: −1 = no anchor answer, 0 = none, 1 = some, 2 = all. */
export const ANCHOR_CODE: Record<AnchorAnswer, number> = { none: 0, some: 1, all: 2 };

export interface ChoiceData {
  /** Number of items K (indices 0..K−1 into `items`). */
  nItems: number;
  items: string[];
  /** Items per task. */
  k: number;
  nTasks: number;
  /** shown[t·k + j] = item index of the j-th item of task t. */
  shown: Int32Array;
  best: Int32Array;
  worst: Int32Array;
  /** Tasks of respondent r are respStart[r] .. respStart[r+1]−1. */
  respStart: Int32Array;
  respondents: string[];
  segments: (string | null)[];
  /** Per task the anchor answer (ANCHOR_CODE, −1 = none given); null when no task has an anchor answer. */
  anchor: Int8Array | null;
}

/** Index tasks over `items` (every shown item must be in `items`); tasks are grouped by respondent in order of first appearance. */
export function buildChoiceData(tasks: readonly MaxDiffTask[], items: readonly string[]): ChoiceData {
  const itemIndex = new Map(items.map((it, i) => [it, i]));
  const byResp = new Map<string, MaxDiffTask[]>();
  for (const t of tasks) {
    let list = byResp.get(t.respondent);
    if (!list) {
      list = [];
      byResp.set(t.respondent, list);
    }
    list.push(t);
  }
  const k = tasks.length > 0 ? tasks[0].shown.length : 0;
  const n = tasks.length;
  const shown = new Int32Array(n * k),
    best = new Int32Array(n),
    worst = new Int32Array(n);
  const respStart = new Int32Array(byResp.size + 1);
  const respondents: string[] = [],
    segments: (string | null)[] = [];
  let t = 0,
    r = 0;
  const at = (item: string) => {
    const i = itemIndex.get(item);
    if (i === undefined) throw new Error(`item "${item}" is not in the item list`);
    return i;
  };
  for (const [resp, list] of byResp) {
    respStart[r++] = t;
    respondents.push(resp);
    segments.push(list[0].segment ?? null);
    for (const task of list) {
      for (let j = 0; j < k; j++) shown[t * k + j] = at(task.shown[j]);
      best[t] = at(task.best);
      worst[t] = at(task.worst);
      t++;
    }
  }
  respStart[r] = t;
  let anchor: Int8Array | null = null;
  if (tasks.some((x) => x.anchor !== undefined && x.anchor !== null)) {
    anchor = new Int8Array(n);
    let a = 0;
    for (const list of byResp.values())
      for (const task of list) anchor[a++] = task.anchor ? ANCHOR_CODE[task.anchor] : -1;
  }
  return {
    nItems: items.length,
    items: [...items],
    k,
    nTasks: n,
    shown,
    best,
    worst,
    respStart,
    respondents,
    segments,
    anchor,
  };
}
