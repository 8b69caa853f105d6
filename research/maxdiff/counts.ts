/**
 * Counting analysis (Louviere, Flynn & Marley 2015, §3.2 "best-minus-worst scores"; Finn &
 * Louviere 1992): per item the times shown, chosen best and chosen worst, and the
 * standardised score (best − worst) / shown in [−1, 1].
 */
import type { MaxDiffTask } from "./types.ts";

export interface ItemCounts {
  item: string;
  shown: number;
  best: number;
  worst: number;
  /** (best − worst) / shown; null when never shown. */
  score: number | null;
}

/** Counts per item, in the order of `items`. */
export function countScores(tasks: readonly MaxDiffTask[], items: readonly string[]): ItemCounts[] {
  const at = new Map(items.map((it, i) => [it, i]));
  const shown = new Array<number>(items.length).fill(0);
  const best = shown.slice(),
    worst = shown.slice();
  for (const t of tasks) {
    for (const it of t.shown) {
      const i = at.get(it);
      if (i !== undefined) shown[i]++;
    }
    const b = at.get(t.best),
      w = at.get(t.worst);
    if (b !== undefined) best[b]++;
    if (w !== undefined) worst[w]++;
  }
  return items.map((item, i) => ({
    item,
    shown: shown[i],
    best: best[i],
    worst: worst[i],
    score: shown[i] > 0 ? (best[i] - worst[i]) / shown[i] : null,
  }));
}
