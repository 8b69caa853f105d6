import type { HypothesisResult } from "../../research/hypotheses/evaluate.ts";
import { type WatchedHypothesis, watchHypotheses } from "../../research/sequential/watch.ts";
import type { StudyExport } from "../../research/studyExport.ts";
import { db } from "../db.server.ts";
import { ResponseStatus, StudyStatus } from "../domain/status.ts";
import { pseudonymSecret } from "../env.server.ts";
import { pseudonym } from "./exportDocument.server.ts";

/** What the page renders: hypotheses still being watched (final ones show the pre-registered verdict as usual). */
export interface InterimView {
  hypotheses: {
    id: string;
    verdict: WatchedHypothesis["verdict"];
    /** One sentence per criterion, in the rule's order (the results view has the rules). */
    sentences: string[];
  }[];
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
  const watched = watchHypotheses(doc, hypotheses, completedOn).filter((h) => !h.final);
  if (watched.length === 0) return null;
  return {
    hypotheses: watched.map((h) => ({
      id: h.id,
      verdict: h.verdict,
      sentences: h.criteria.map((c) => c.sentence),
    })),
  };
}

/**
 * The interim verdicts a results view shows (the results page and the printable report): the declared segments'
 * pre-registered rules are watched; a view by a saved segmentation is exploratory and has none.
 */
export function interimFor(
  studyId: string,
  doc: StudyExport,
  hypotheses: readonly HypothesisResult[],
  segmentation: { id: string } | null,
): Promise<InterimView | null> {
  return segmentation ? Promise.resolve(null) : interimVerdicts(studyId, doc, hypotheses);
}
