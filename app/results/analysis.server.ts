/**
 * The results page's analysis: the study export document → analyseStudy() (research/study.ts),
 * exactly what `npm run research -- study export.json` runs with its defaults. Cached in
 * AnalysisCache per study, keyed by a hash of the document (so any change to answers or to
 * the study design recomputes), with the study's dataVersion stored alongside.
 */
import { analyseStudy, type StudyResult } from "../../research/study.ts";
import type { StudyExport } from "../../research/studyExport.ts";
import { db, isUniqueViolation } from "../db.server.ts";
import { buildStudyExport, documentHash } from "./exportDocument.server.ts";

const KIND = "study-analysis:v1";

export async function studyAnalysis(studyId: string): Promise<{ doc: StudyExport; result: StudyResult; cached: boolean }> {
  const [doc, study] = await Promise.all([buildStudyExport(studyId), db.study.findUniqueOrThrow({ where: { id: studyId }, select: { dataVersion: true } })]);
  const hash = documentHash(doc);
  const row = await db.analysisCache.findUnique({ where: { studyId_kind: { studyId, kind: KIND } } });
  if (row) {
    try {
      const cached = JSON.parse(row.result) as { hash: string; result: StudyResult };
      if (cached.hash === hash) return { doc, result: cached.result, cached: true };
    } catch {
      /* recompute */
    }
  }
  const result = analyseStudy(doc);
  const payload = JSON.stringify({ hash, result });
  try {
    await db.analysisCache.upsert({
      where: { studyId_kind: { studyId, kind: KIND } },
      create: { studyId, kind: KIND, dataVersion: study.dataVersion, result: payload },
      update: { dataVersion: study.dataVersion, result: payload, createdAt: new Date() },
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e; // a concurrent request stored the same analysis
  }
  return { doc, result, cached: false };
}
