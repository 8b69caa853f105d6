import type { HypothesisResult } from "../../research/hypotheses/evaluate.ts";
import { WATCH_METHOD, type WatchedHypothesis, watchHypotheses } from "../../research/sequential/watch.ts";
import type { StudyExport } from "../../research/studyExport.ts";
import { db } from "../db.server.ts";
import { ResponseStatus, StudyStatus } from "../domain/status.ts";
import { pseudonymSecret } from "../env.server.ts";
import { pseudonym } from "./exportDocument.server.ts";

export interface InterimView {
  method: string;
  hypotheses: WatchedHypothesis[];
}

/**
 * Interim verdicts for a live or closed study (research/sequential/watch.ts): one look per day on which a
 * segment gained completes, from the completion days of the document's respondents. Null for drafts.
 */
export async function interimVerdicts(
  studyId: string,
  doc: StudyExport,
  hypotheses: readonly HypothesisResult[],
): Promise<InterimView | null> {
  if (doc.study.status === StudyStatus.draft || hypotheses.length === 0) return null;
  const rows = await db.response.findMany({
    where: { studyId, status: ResponseStatus.completed },
    select: { respondentId: true, completedAt: true, updatedAt: true },
  });
  const secret = pseudonymSecret();
  const completedOn = Object.fromEntries(
    rows.map((r) => [
      pseudonym(studyId, r.respondentId, secret),
      (r.completedAt ?? r.updatedAt).toISOString().slice(0, 10),
    ]),
  );
  return { method: WATCH_METHOD, hypotheses: watchHypotheses(doc, hypotheses, completedOn) };
}
