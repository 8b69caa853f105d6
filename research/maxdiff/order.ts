/** Item and segment order of a data set: a given item list first, then order of first appearance. */
import type { MaxDiffTask } from "./types.ts";

/** `items` if given (plus any unlisted item, which validateTasks rejects anyway), else items in order of first appearance. */
export function itemOrder(tasks: readonly MaxDiffTask[], items?: readonly string[]): string[] {
  const out = new Set<string>(items ?? []);
  for (const t of tasks) for (const it of t.shown) out.add(it);
  return [...out];
}

/** Distinct non-null segments in order of first appearance. */
export function segmentOrder(tasks: readonly MaxDiffTask[]): string[] {
  const out = new Set<string>();
  for (const t of tasks) if (t.segment !== null && t.segment !== undefined) out.add(t.segment);
  return [...out];
}
