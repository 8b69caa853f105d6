/**
 * Individual utilities when no HB estimate is available: each respondent's best-minus-worst
 * count score (best − worst)/times shown per item (Louviere, Flynn & Marley 2015, ch. 5),
 * a documented proxy with many ties; ties are broken by a tiny multiple of the aggregate
 * (logit) utility so that top-N lists follow the population's order. Items a respondent never
 * saw get 0 (neutral).
 */
import type { RespondentUtilities } from "./simulator.ts";

export interface ProxyTask {
  respondent: string;
  segment?: string | null;
  shown: readonly string[];
  best: string;
  worst: string;
}

export function bestMinusWorstUtilities(
  tasks: readonly ProxyTask[],
  items: readonly string[],
  aggregate: Record<string, number | null> = {},
): RespondentUtilities[] {
  const by = new Map<string, { segment: string | null; shown: Map<string, number>; score: Map<string, number> }>();
  for (const t of tasks) {
    let r = by.get(t.respondent);
    if (!r) {
      r = { segment: t.segment ?? null, shown: new Map(), score: new Map() };
      by.set(t.respondent, r);
    }
    for (const it of t.shown) r.shown.set(it, (r.shown.get(it) ?? 0) + 1);
    r.score.set(t.best, (r.score.get(t.best) ?? 0) + 1);
    r.score.set(t.worst, (r.score.get(t.worst) ?? 0) - 1);
  }
  return [...by].map(([respondent, r]) => ({
    respondent,
    segment: r.segment,
    utilities: Object.fromEntries(
      items.map((it) => {
        const shown = r.shown.get(it) ?? 0;
        const base = shown > 0 ? (r.score.get(it) ?? 0) / shown : 0;
        return [it, base + 1e-6 * (aggregate[it] ?? 0)];
      }),
    ),
  }));
}
