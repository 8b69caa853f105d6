/**
 * The fielding dashboard's "Flagged respondents": the respondent-quality gate run exactly as the results page's
 * analysis runs it — applyQualityGate (research/quality/gate.ts) on the parsed study export document, with the
 * MaxDiff fit flag from the Hierarchical Bayes run stored for that same document (fitFromHb), else without it
 * (the fit check is then pending, as the results page says).
 *
 * Cheap on the request path: no analysis and no HB. This module never queues an HB run (the results page does,
 * off the request path); it only reads whether one is stored for the current answers. The dashboard
 * (fielding.server.ts) calls `fieldingGate` when a respondent completes and, while the fit check is pending, asks
 * `latestHbRun` (one indexed row) on each poll.
 */
import { applyQualityGate, fitFromHb, type QualityReport } from "../../research/quality/gate.ts";
import { hbTasksOf, parseStudyExport } from "../../research/study.ts";
import { db } from "../db.server.ts";
import { JobStatus } from "../domain/status.ts";
import { findJob, jobResult } from "../jobs/queue.server.ts";
import { buildStudyExport, documentHash } from "../results/exportDocument.server.ts";
import { HB_KIND, hbKey } from "../results/hb.server.ts";

export interface FieldingGate {
  /** The gate's report (as in results.json's `quality`), or null when the document could not be read. */
  report: QualityReport | null;
  /** Segment names for the flagged respondents' rows. */
  segments: { key: string; name: string }[];
  /**
   * "ready": the fit flag is computed from the stored HB run; "pending": MaxDiff answers to fit but no HB run
   * stored for these answers yet; "none": no MaxDiff answers to fit.
   */
  fit: "ready" | "pending" | "none";
  /** The study's last finished HB run when this was computed (latestHbRun); a different one later means gate again. */
  latestHb: string | null;
  /** Why the gate could not run (the export document failed validation); null otherwise. */
  error: string | null;
}

export async function fieldingGate(studyId: string): Promise<FieldingGate> {
  const doc = await buildStudyExport(studyId);
  const segments = doc.segments.map((s) => ({ key: s.key, name: s.name }));
  let parsed: ReturnType<typeof parseStudyExport>;
  try {
    parsed = parseStudyExport(doc);
  } catch (e) {
    return { report: null, segments, fit: "none", latestHb: null, error: (e as Error).message };
  }
  const latestHb = await latestHbRun(studyId);
  const key = hbKey(studyId, documentHash(doc), !!doc.maxdiff?.hbCovariates);
  const hb = jobResult(await findJob(HB_KIND, key), HB_KIND);
  const report = applyQualityGate(parsed, fitFromHb(hb)).report;
  const fit = hb ? "ready" : hbTasksOf(parsed).tasks.length > 0 ? "pending" : "none";
  return { report, segments, fit, latestHb, error: null };
}

/** The key of the study's most recently finished HB run (null: none). One row by the (studyId, kind) index. */
export async function latestHbRun(studyId: string): Promise<string | null> {
  const job = await db.job.findFirst({
    where: { studyId, kind: HB_KIND, status: JobStatus.done },
    orderBy: { updatedAt: "desc" },
    select: { key: true },
  });
  return job?.key ?? null;
}
