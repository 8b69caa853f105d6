/** What the worker thread runs (see hbWorkerEntry.mjs and hbWorker.ts). */
import { analyseMaxDiff } from "./analyse.ts";
import { hierarchicalBayes, type HbRunInput } from "./hbSummary.ts";
import type { MaxDiffOptions, MaxDiffTask } from "./types.ts";

export type WorkerJob =
  | { kind: "hb"; input: HbRunInput }
  | { kind: "analyse"; tasks: MaxDiffTask[]; options: MaxDiffOptions };

export function runJob(job: WorkerJob, onProgress: (fraction: number) => void): unknown {
  if (job.kind === "hb") return hierarchicalBayes(job.input, onProgress);
  return analyseMaxDiff(job.tasks, job.options, { onProgress });
}
