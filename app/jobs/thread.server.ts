/**
 * Runs one job computation (kinds.ts) in a worker thread, off the event loop. The entry is
 * the built bundle jobs-worker.js beside the server build (`new URL("./jobs-worker.js",
 * import.meta.url)` from build/index.js); tests and scripts running from source pass the
 * bundle they built (setJobWorkerEntry, see test/helpers/jobsWorker.ts).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { InputError } from "../../research/inputError.ts";
import type { JobInputs, JobKind, JobResults } from "./kinds.ts";

let entryOverride: URL | null = null;

/** Where the built worker is (tests and tools that run from the TypeScript sources). */
export function setJobWorkerEntry(entry: URL | null) {
  entryOverride = entry;
}

export function jobWorkerEntry(): URL {
  if (entryOverride) return entryOverride;
  const beside = new URL("./jobs-worker.js", import.meta.url);
  if (!existsSync(fileURLToPath(beside)))
    throw new Error(`${fileURLToPath(beside)} is missing: run \`npm run build\` (it builds the job worker)`);
  return beside;
}

export class JobAborted extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "JobAborted";
  }
}

export interface ThreadHooks {
  onProgress?: (fraction: number) => void;
  /** Terminates the thread; the promise rejects with JobAborted(signal.reason). */
  signal?: AbortSignal;
}

type Message = { type: "progress"; fraction: number } | { type: "result"; result: unknown } | ErrorMessage;
type ErrorMessage = { type: "error"; name: string; message: string; line?: number };

/**
 * The job's result, computed in a fresh worker thread. Rejects with InputError for bad input
 * (as the research functions throw it), JobAborted when aborted, Error otherwise.
 */
export function runInThread<K extends JobKind>(kind: K, input: JobInputs[K], hooks: ThreadHooks = {}) {
  return new Promise<JobResults[K]>((resolve, reject) => {
    if (hooks.signal?.aborted) return reject(new JobAborted(String(hooks.signal.reason ?? "aborted")));
    let worker: Worker;
    try {
      worker = new Worker(jobWorkerEntry(), { workerData: { kind, input } });
    } catch (e) {
      return reject(e);
    }
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener("abort", onAbort);
      f();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(new JobAborted(String(hooks.signal?.reason ?? "aborted"))));
    hooks.signal?.addEventListener("abort", onAbort);
    worker.on("message", (m: Message) => {
      if (m.type === "progress") hooks.onProgress?.(m.fraction);
      else if (m.type === "result") finish(() => resolve(m.result as JobResults[K]));
      else if (m.type === "error") finish(() => reject(threadError(m)));
    });
    worker.on("error", (e) => finish(() => reject(e)));
    worker.on("exit", (code) => finish(() => reject(new Error(`the job worker exited with code ${code}`))));
  });
}

function threadError(m: ErrorMessage): Error {
  if (m.name !== "InputError") return new Error(m.message);
  // the message already carries "line N: " when a line is known
  return new InputError(m.line === undefined ? m.message : m.message.replace(/^line \d+: /, ""), m.line);
}
