/**
 * "Segments in the data" on the results page: a latent-class run (app/jobs/kinds.ts
 * latentClassJob) on the study's MaxDiff CSV export (the respondents HB uses: the quality gate's
 * exclusions except by the fit flag), queued like HB (hb.server.ts) and keyed by study, document
 * hash and LC_SETTINGS; the done job is the cache. The page view carries
 * classes, sizes, counts and the verdict only — never respondent ids or posteriors.
 */
import type { StudyExport } from "../../research/studyExport.ts";
import type { LatentClassJobResult } from "../jobs/kinds.ts";
import { activeJobs, ensureJob, findJob, jobResult, pruneJobs } from "../jobs/queue.server.ts";
import { beforeFitGate } from "../../research/study.ts";
import { maxDiffCsv } from "./csv.server.ts";
import { classesFor, LC_MIN_RESPONDENTS, LC_SETTINGS } from "./latentClassSettings.ts";
import { JobStatus, ResponseStatus } from "../domain/status.ts";

export const LC_KIND = "latent-class:v1";

export function latentClassKey(studyId: string, hash: string): string {
  const s = LC_SETTINGS;
  // "gated": runs stored before the input left out the gate's exclusions are not reused
  return `${studyId}:${hash}:${s.minClasses}-${s.maxClasses}/${s.starts}/${s.seed}:gated`;
}

/** Respondents the run would use: completed, kept by the gate's flags that need no HB, with a MaxDiff task. */
export function maxDiffRespondents(doc: StudyExport): number {
  return beforeFitGate(doc).respondents.filter((r) => r.status === ResponseStatus.completed && r.maxdiff.length > 0)
    .length;
}

/** What the page shows of a finished run (no respondent ids, no posteriors). */
export function needsSegmentsView(r: LatentClassJobResult, segmentNames: Record<string, string>) {
  const name = (key: string) => segmentNames[key] ?? key;
  const chosen = r.solutions.find((s) => s.classCount === r.chosen) ?? null;
  return {
    chosen: r.chosen,
    minClasses: r.minClasses,
    maxClasses: r.maxClasses,
    solutions: r.solutions.map((s) => ({
      classCount: s.classCount,
      bic: s.bic,
      converged: s.converged,
      // for "Save as a segmentation": default group names (top items) and whether it can be saved
      classNames: s.classes.map((c) => c.name),
      sizes: s.sizes,
      saveable: !!s.assignments || s.classCount === r.chosen,
    })),
    classes: r.profiles.map((p) => ({
      class: p.class,
      name: p.name,
      size: p.size,
      respondents: p.respondents,
      topDrivers: p.topDrivers,
      overRepresented: p.overRepresented
        .filter((o) => o.attribute === "segment" && o.significant)
        .map((o) => ({ segment: name(o.level), classShare: o.classShare, overallShare: o.overallShare })),
    })),
    crosstab: r.crosstab
      ? {
          segments: r.crosstab.segments.map(name),
          counts: r.crosstab.counts,
          rowPercent: r.crosstab.rowPercent,
          cramersV: r.crosstab.cramersV,
          pValue: r.crosstab.pValue,
        }
      : null,
    verdict: r.verdict,
    converged: chosen?.converged ?? true,
  };
}

export type NeedsSegmentsView = ReturnType<typeof needsSegmentsView>;

export type NeedsSegmentsState =
  | { state: "ready"; result: NeedsSegmentsView }
  | { state: "running"; progress: number }
  | { state: "failed"; message: string }
  | { state: "few"; respondents: number; needed: number }
  | { state: "none" };

/** The stored run for this document hash, or null (the full result, respondents included: server only). */
export async function cachedLatentClass(studyId: string, hash: string): Promise<LatentClassJobResult | null> {
  return jobResult(await findJob(LC_KIND, latentClassKey(studyId, hash)), LC_KIND);
}

/**
 * Where the run stands for this document; queues it when none is stored or going (one per
 * study at a time, as HB), never waits for it.
 */
export async function ensureLatentClass(studyId: string, hash: string, doc: StudyExport): Promise<NeedsSegmentsState> {
  const n = maxDiffRespondents(doc);
  if (n === 0) return { state: "none" };
  if (n < LC_MIN_RESPONDENTS) return { state: "few", respondents: n, needed: LC_MIN_RESPONDENTS };
  const segmentNames = Object.fromEntries(doc.segments.map((s) => [s.key, s.name || s.key]));
  const key = latentClassKey(studyId, hash);
  const job = await findJob(LC_KIND, key);
  const done = jobResult(job, LC_KIND);
  if (done) return { state: "ready", result: needsSegmentsView(done, segmentNames) };
  if (job?.status === JobStatus.failed)
    return { state: "failed", message: job.error ?? "The latent-class run failed." };
  if (job && job.status !== JobStatus.cancelled) return { state: "running", progress: job.progress };
  const going = await activeJobs(LC_KIND, studyId);
  if (going.length) return { state: "running", progress: going[0].progress };
  const queued = await ensureJob({
    kind: LC_KIND,
    key,
    studyId,
    input: { csv: maxDiffCsv(beforeFitGate(doc)), ...LC_SETTINGS, maxClasses: classesFor(n) },
  });
  await pruneJobs(LC_KIND, studyId, key);
  const ready = jobResult(queued, LC_KIND);
  if (ready) return { state: "ready", result: needsSegmentsView(ready, segmentNames) };
  return { state: "running", progress: queued.progress };
}
