/**
 * Counting analysis (Louviere, Flynn & Marley 2015, §3.2 "best-minus-worst scores"; Finn &
 * Louviere 1992): per item the times shown, chosen best and chosen worst, and the
 * standardised score (best − worst) / shown in [−1, 1]. With dual-response anchor answers
 * (Orme 2009) also the times an item is known to sit above the anchor ("all": every shown item;
 * "some": the best) or below it ("none": every shown item; "some": the worst).
 */
import type { MaxDiffTask } from "./types.ts";

export interface ItemCounts {
  item: string;
  shown: number;
  best: number;
  worst: number;
  /** (best − worst) / shown; null when never shown. */
  score: number | null;
  /** Anchored data only: shown in a task with an anchor answer; judged above / below the anchor there. */
  anchorShown?: number;
  aboveAnchor?: number;
  belowAnchor?: number;
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
  const anchored = tasks.some((t) => t.anchor !== undefined && t.anchor !== null);
  const aShown = shown.map(() => 0),
    above = shown.map(() => 0),
    below = shown.map(() => 0);
  if (anchored) {
    for (const t of tasks) {
      if (!t.anchor) continue;
      for (const it of t.shown) {
        const i = at.get(it);
        if (i === undefined) continue;
        aShown[i]++;
        if (t.anchor === "all" || (t.anchor === "some" && it === t.best)) above[i]++;
        if (t.anchor === "none" || (t.anchor === "some" && it === t.worst)) below[i]++;
      }
    }
  }
  return items.map((item, i) => ({
    item,
    shown: shown[i],
    best: best[i],
    worst: worst[i],
    score: shown[i] > 0 ? (best[i] - worst[i]) / shown[i] : null,
    ...(anchored ? { anchorShown: aShown[i], aboveAnchor: above[i], belowAnchor: below[i] } : {}),
  }));
}
