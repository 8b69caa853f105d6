/**
 * Job worker-thread entry. `npm run build` bundles it with esbuild into build/jobs-worker.js
 * (scripts/build-jobs-worker.js), beside the server build, so production runs plain
 * JavaScript: no TypeScript loader at run time. thread.server.ts starts it with
 * workerData = { kind, input } and reads progress, result or error messages.
 */
import { parentPort, workerData } from "node:worker_threads";
import { computeJob, isJobKind } from "./kinds.ts";

const { kind, input } = workerData as { kind: unknown; input: never };
const port = parentPort;
if (!port) throw new Error("app/jobs/worker.ts runs as a worker thread");
try {
  if (!isJobKind(kind)) throw new Error(`unknown job kind ${String(kind)}`);
  let last = -1;
  const result = computeJob(kind, input, (fraction) => {
    // at most about 200 messages per run
    if (fraction - last >= 0.005 || fraction === 1) {
      last = fraction;
      port.postMessage({ type: "progress", fraction });
    }
  });
  port.postMessage({ type: "result", result });
} catch (e) {
  const err = e as { name?: string; message?: string; line?: number } | undefined;
  port.postMessage({ type: "error", name: err?.name ?? "Error", message: err?.message ?? String(e), line: err?.line });
}
