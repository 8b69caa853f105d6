import { describe, expect, it } from "vitest";
import { generateDesign } from "../../../research/maxdiff/design.ts";
import { hierarchicalBayes } from "../../../research/maxdiff/hbSummary.ts";
import { analyseMaxDiffInWorker, runHbInWorker } from "../../../research/maxdiff/hbWorker.ts";
import { analyseMaxDiff } from "../../../research/maxdiff/analyse.ts";
import { simulateAnswers, simulateRespondents } from "../../../research/maxdiff/simulate.ts";
import { InputError } from "../../../research/inputError.ts";

const items = ["A", "B", "C", "D", "E", "F", "G", "H"];
const design = generateDesign({ items: 8, itemsPerTask: 4, tasks: 6, seed: 1 });
const tasks = simulateAnswers(
  design,
  simulateRespondents(40, { x: [1, 0.5, 0, -0.5, -1, 0.2, 0.8, -0.3], y: [0, 0, 1, 1, -1, -1, 0.5, -0.5] }, 0.5, 3),
  items,
  4,
);

describe("runHbInWorker", () => {
  it("gives the same result as the inline call for the same seed and reports progress", async () => {
    const fractions: number[] = [];
    const off = await runHbInWorker({ tasks, iterations: 600, seed: 7 }, { onProgress: (f) => fractions.push(f) });
    const inline = hierarchicalBayes({ tasks, iterations: 600, seed: 7 });
    expect(off).toEqual(inline);
    expect(fractions.length).toBeGreaterThanOrEqual(10);
    expect(fractions.at(-1)).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThan(fractions[i - 1]);
  });

  it("runs the whole analysis off-thread and passes InputErrors back", async () => {
    const off = await analyseMaxDiffInWorker(tasks, { hb: { iterations: 200, seed: 1 } });
    expect(off).toEqual(analyseMaxDiff(tasks, { hb: { iterations: 200, seed: 1 } }));
    const bad = [{ ...tasks[0], best: tasks[0].worst }];
    await expect(runHbInWorker({ tasks: bad, iterations: 10 })).rejects.toBeInstanceOf(InputError);
  });

  it("can be aborted", async () => {
    const ac = new AbortController();
    const p = runHbInWorker({ tasks, iterations: 1_000_000, seed: 1 }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(p).rejects.toThrow(/aborted/);
  });
});
