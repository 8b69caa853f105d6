/**
 * Hierarchical Bayes individual utilities for the results page, run as a job (app/jobs): any
 * app process may take it, in a worker thread, with progress; the done job is the cache.
 *
 * - Keyed by the study, the export document's hash (the analysis cache's key) and HB_SETTINGS:
 *   any new answer or design change makes the stored run stale, and the page falls back to
 *   best-minus-worst counts until a new run finishes.
 * - One run per study at a time: concurrent requests (from any process) share the queued or
 *   running job; a request for newer data while an older run is still going waits for it to
 *   finish (the next request then queues the new one), so a busy live study cannot restart
 *   HB forever.
 * - Progress is the job row's (written with its heartbeat), so every process shows it.
 * - Deterministic: the same tasks, items and settings as `research study --hb` (hbSettings.ts),
 *   and the worker runs the same code with the same seeded generator as the CLI's inline run.
 */
import type { HbRunInput } from "../../research/maxdiff/hbSummary.ts";
import type { HbSummary } from "../../research/maxdiff/types.ts";
import { hbTasksOf, parseStudyExport } from "../../research/study.ts";
import type { StudyExport } from "../../research/studyExport.ts";
import { activeJobs, ensureJob, findJob, jobResult, pruneJobs } from "../jobs/queue.server.ts";
import { HB_SETTINGS, type HbState } from "./hbSettings.ts";
import { JobStatus } from "../domain/status.ts";

export const HB_KIND = "hb:v1";

/** The job key: study, data (document hash, which holds the covariates switch and quality gate) and settings. */
export function hbKey(studyId: string, hash: string, covariates = false): string {
  return `${studyId}:${hash}:${HB_SETTINGS.iterations}/${HB_SETTINGS.burnIn}/${HB_SETTINGS.seed}${covariates ? ":cov" : ""}`;
}

/**
 * The HB input analyseStudy(doc, { hb }) would build (research/study.ts, hbTasksOf): completed
 * respondents' tasks in document order after the quality gate's non-fit exclusions, the segments
 * as covariates when the study asks for them, the study's items in display order. The document
 * goes through JSON as the CLI reads it, so both see the same values.
 */
export function hbInput(doc: StudyExport): HbRunInput {
  const parsed = parseStudyExport(JSON.parse(JSON.stringify(doc)));
  const { tasks, covariates } = hbTasksOf(parsed);
  return {
    tasks,
    ...(covariates ? { covariates } : {}),
    items: parsed.items.map((i) => i.label),
    iterations: HB_SETTINGS.iterations,
    burnIn: HB_SETTINGS.burnIn,
    seed: HB_SETTINGS.seed,
  };
}

/**
 * Where HB stands for this document: ready (with the utilities), running (progress), failed,
 * or none (no MaxDiff answers). Queues a job when none is stored or going; never waits for it.
 */
export async function ensureHb(
  studyId: string,
  hash: string,
  doc: StudyExport,
): Promise<{ status: HbState; hb: HbSummary | null }> {
  const key = hbKey(studyId, hash, !!doc.maxdiff?.hbCovariates);
  const job = await findJob(HB_KIND, key);
  const hb = jobResult(job, HB_KIND);
  if (hb) return { status: { state: "ready", ...HB_SETTINGS }, hb };
  if (job?.status === JobStatus.failed)
    return { status: { state: "failed", message: job.error ?? "Hierarchical Bayes failed." }, hb: null };
  if (job && job.status !== JobStatus.cancelled)
    return { status: { state: "running", progress: job.progress }, hb: null };
  // a run for older data is still going: let it finish first
  const going = await activeJobs(HB_KIND, studyId);
  if (going.length) return { status: { state: "running", progress: going[0].progress }, hb: null };
  let input: HbRunInput;
  try {
    input = hbInput(doc);
  } catch (e) {
    return { status: { state: "failed", message: (e as Error).message }, hb: null };
  }
  if (input.tasks.length === 0) return { status: { state: "none" }, hb: null };
  const queued = await ensureJob({ kind: HB_KIND, key, studyId, input });
  await pruneJobs(HB_KIND, studyId, key); // runs for older data are no longer shown
  const ready = jobResult(queued, HB_KIND);
  if (ready) return { status: { state: "ready", ...HB_SETTINGS }, hb: ready };
  return { status: { state: "running", progress: queued.progress }, hb: null };
}
