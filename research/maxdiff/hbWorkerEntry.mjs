// Worker-thread entry for hbWorker.ts. Plain JavaScript so that Node can start it with or
// without a TypeScript loader: when the thread cannot import .ts files (plain `node` 20,
// or a vitest fork), it registers tsx's ESM loader for this thread only, then imports
// the TypeScript job module.
import { parentPort, workerData } from "node:worker_threads";

async function load() {
  try {
    return await import("./hbWorkerJob.ts");
  } catch (e) {
    if (
      e &&
      (e.code === "ERR_UNKNOWN_FILE_EXTENSION" ||
        e.code === "ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING" ||
        /\.ts/.test(String(e.message)))
    ) {
      const { register } = await import("tsx/esm/api");
      register();
      // a fresh specifier: the failed load of the bare one is cached
      return await import("./hbWorkerJob.ts?tsx");
    }
    throw e;
  }
}

try {
  const { runJob } = await load();
  const result = runJob(workerData, (fraction) => parentPort.postMessage({ type: "progress", fraction }));
  parentPort.postMessage({ type: "result", result });
} catch (e) {
  parentPort.postMessage({ type: "error", name: e?.name ?? "Error", message: e?.message ?? String(e), line: e?.line });
}
