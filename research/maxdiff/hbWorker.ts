/**
 * Hierarchical Bayes off the request thread (node:worker_threads). The worker entry is a
 * plain .mjs file (hbWorkerEntry.mjs) which imports the TypeScript job module, registering
 * tsx's ESM loader inside the worker when the thread cannot load .ts on its own (plain
 * Node 20, vitest forks); under `tsx` the inherited loader is used. Results are identical
 * to the inline calls for the same seed (same code, same seeded generator).
 * Progress: onProgress(fraction in (0, 1]) about every 1% of the iterations.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { InputError } from "../inputError.ts";
import type { HbRunInput } from "./hbSummary.ts";
import type { WorkerJob } from "./hbWorkerJob.ts";
import type { HbSummary, MaxDiffOptions, MaxDiffResult, MaxDiffTask } from "./types.ts";

export interface WorkerHooks {
  onProgress?: (fraction: number) => void;
  /** Abort the run (terminates the worker; the promise rejects). */
  signal?: AbortSignal;
  /** Where hbWorkerEntry.mjs is, when this module runs from a bundle (e.g. the Remix server build). */
  entry?: URL;
}

/**
 * The worker entry beside this module; when this code has been bundled elsewhere (the app's
 * server build), the copy in the source tree under VALUESTACK_ROOT (or the working directory).
 */
function workerEntry(hooks: WorkerHooks): URL {
  if (hooks.entry) return hooks.entry;
  const beside = new URL("./hbWorkerEntry.mjs", import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  return pathToFileURL(
    path.join(process.env.VALUESTACK_ROOT ?? process.cwd(), "research", "maxdiff", "hbWorkerEntry.mjs"),
  );
}

function runInWorker<T>(job: WorkerJob, hooks: WorkerHooks): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(workerEntry(hooks), { workerData: job });
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener("abort", onAbort);
      f();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(new Error("MaxDiff HB run aborted")));
    if (hooks.signal?.aborted) return onAbort();
    hooks.signal?.addEventListener("abort", onAbort);
    worker.on(
      "message",
      (m: { type: string; fraction?: number; result?: T; name?: string; message?: string; line?: number }) => {
        if (m.type === "progress") hooks.onProgress?.(m.fraction!);
        else if (m.type === "result") finish(() => resolve(m.result as T));
        else if (m.type === "error") {
          finish(() => reject(m.name === "InputError" ? inputError(m.message!, m.line) : new Error(m.message)));
        }
      },
    );
    worker.on("error", (e) => finish(() => reject(e)));
    worker.on("exit", (code) => finish(() => reject(new Error(`MaxDiff worker exited with code ${code}`))));
  });
}

/** Rebuild an InputError whose message already carries "line N: ". */
function inputError(message: string, line?: number): InputError {
  const e = new InputError(line === undefined ? message : message.replace(/^line \d+: /, ""), line);
  return e;
}

/** Hierarchical Bayes (hierarchicalBayes in hbSummary.ts) in a worker thread. */
export function runHbInWorker(input: HbRunInput, hooks: WorkerHooks = {}): Promise<HbSummary> {
  return runInWorker<HbSummary>({ kind: "hb", input }, hooks);
}

/** The whole analysis (analyseMaxDiff) in a worker thread; progress reports the HB run. */
export function analyseMaxDiffInWorker(
  tasks: MaxDiffTask[],
  options: MaxDiffOptions = {},
  hooks: WorkerHooks = {},
): Promise<MaxDiffResult> {
  return runInWorker<MaxDiffResult>({ kind: "analyse", tasks, options }, hooks);
}
