/**
 * Tests that run app code from the TypeScript sources (not the server build) start job
 * threads from a worker bundle built here, exactly as `npm run build` builds it.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { setJobWorkerEntry } from "../../app/jobs/thread.server.ts";
import { buildJobsWorker } from "../../scripts/build-jobs-worker.js";

export async function useBuiltJobsWorker(): Promise<URL> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "valuestack-jobs-worker-"));
  const file: string = await buildJobsWorker(dir);
  const url = pathToFileURL(file);
  setJobWorkerEntry(url);
  return url;
}
