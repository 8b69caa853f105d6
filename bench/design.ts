/**
 * MaxDiff design at the builder's bounds (app/studies/designLimits.ts): how long the heaviest
 * allowed design takes (it runs as a job in a worker thread, off the request path; the job's
 * time budget is 2 minutes). Target: well under that budget on one core.
 *
 *   npx tsx bench/design.ts
 */
import { DESIGN_LIMITS } from "../app/studies/designLimits.ts";
import { generateDesign } from "../research/maxdiff/design.ts";

export async function main() {
  const L = DESIGN_LIMITS;
  for (const items of [L.itemsPerTask + 1, 20, 40, L.items]) {
    const t0 = performance.now();
    const d = generateDesign({
      items,
      itemsPerTask: L.itemsPerTask,
      tasks: L.tasksPerRespondent,
      versions: L.versions,
      seed: 1,
    });
    const s = (performance.now() - t0) / 1000;
    const b = d.balance.overall;
    console.log(
      `design ${items} items × ${L.itemsPerTask} × ${L.tasksPerRespondent} tasks × ${L.versions} versions`.padEnd(48),
      `${s.toFixed(2).padStart(7)} s  two-way ${b.twoWay.min}–${b.twoWay.max}`,
    );
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) await main();
