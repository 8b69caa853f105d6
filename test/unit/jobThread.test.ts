/**
 * Job computations in a worker thread (app/jobs/thread.server.ts) from the built worker
 * bundle: same results as the inline research calls for the same seed, progress, bad input
 * passed back as InputError, abort.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { JobAborted, runInThread } from "../../app/jobs/thread.server.ts";
import { InputError } from "../../research/inputError.ts";
import { generateDesign } from "../../research/maxdiff/design.ts";
import { hierarchicalBayes } from "../../research/maxdiff/hbSummary.ts";
import { simulateAnswers, simulateRespondents } from "../../research/maxdiff/simulate.ts";
import { useBuiltJobsWorker } from "../helpers/jobsWorker.ts";

const items = ["A", "B", "C", "D", "E", "F", "G", "H"];
const design = generateDesign({ items: 8, itemsPerTask: 4, tasks: 6, seed: 1 });
const tasks = simulateAnswers(
  design,
  simulateRespondents(40, { x: [1, 0.5, 0, -0.5, -1, 0.2, 0.8, -0.3], y: [0, 0, 1, 1, -1, -1, 0.5, -0.5] }, 0.5, 3),
  items,
  4,
);

beforeAll(async () => {
  await useBuiltJobsWorker();
}, 60_000);

describe("runInThread", () => {
  it("runs HB off-thread with the inline result for the same seed and reports rising progress", async () => {
    const fractions: number[] = [];
    const off = await runInThread(
      "hb:v1",
      { tasks, iterations: 600, seed: 7 },
      { onProgress: (f) => fractions.push(f) },
    );
    expect(off).toEqual(hierarchicalBayes({ tasks, iterations: 600, seed: 7 }));
    expect(fractions.length).toBeGreaterThanOrEqual(10);
    expect(fractions.at(-1)).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThan(fractions[i - 1]);
  });

  it("generates the same MaxDiff design as the inline call", async () => {
    const options = { items: 12, itemsPerTask: 4, tasks: 9, versions: 5, seed: 3 };
    expect(await runInThread("maxdiff-design:v1", options)).toEqual(generateDesign(options));
  });

  it("passes bad input back as an InputError with its message", async () => {
    const bad = [{ ...tasks[0], best: tasks[0].worst }];
    const hb = runInThread("hb:v1", { tasks: bad, iterations: 10 });
    await expect(hb).rejects.toBeInstanceOf(InputError);
    const d = runInThread("maxdiff-design:v1", { items: 5, itemsPerTask: 9, tasks: 3 });
    await expect(d).rejects.toThrow("items per task (9) cannot exceed the number of items (5)");
  });

  it("stops the thread when aborted", async () => {
    const ac = new AbortController();
    let started!: () => void;
    const progressed = new Promise<void>((r) => (started = r));
    const p = runInThread(
      "hb:v1",
      { tasks, iterations: 1_000_000, seed: 1 },
      { signal: ac.signal, onProgress: () => started() },
    );
    await progressed; // the thread is computing
    ac.abort("cancelled by the test");
    await expect(p).rejects.toBeInstanceOf(JobAborted);
    await expect(p).rejects.toThrow("cancelled by the test");
  });
});
