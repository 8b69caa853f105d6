/**
 * The price book for an objective other than the analysis's default ("happy"): recomputed from the
 * cached analysis (its simulator utilities and Van Westendorp bands) with research's
 * `studyPriceBookOf`, and cached in AnalysisCache per objective and floor, keyed by the document
 * hash like the analysis itself. Bounded: the search is the one `npm run bench` times (3 segments ×
 * 15 items × 20 prices × 2,000 respondents under 2 s); the floor is a whole percent, so a study
 * holds at most 103 such rows.
 */
import type { PriceBookObjective } from "../../research/priceBook/recommend.ts";
import { studyPriceBookOf, type StudyResult } from "../../research/study.ts";
import type { StudyExport } from "../../research/studyExport.ts";
import { db, isUniqueViolation } from "../db.server.ts";
import { documentHash } from "./exportDocument.server.ts";

export async function priceBookFor(
  studyId: string,
  doc: StudyExport,
  result: StudyResult,
  objective: PriceBookObjective,
  minHappy: number | null,
): Promise<StudyResult["priceBook"]> {
  if (objective === "happy") return result.priceBook;
  const kind = `price-book:v1:${objective}:${minHappy ?? ""}`;
  const hash = documentHash(doc);
  const row = await db.analysisCache.findUnique({ where: { studyId_kind: { studyId, kind } } });
  if (row) {
    try {
      const cached = JSON.parse(row.result) as { hash: string; priceBook: StudyResult["priceBook"] };
      if (cached.hash === hash) return cached.priceBook;
    } catch {
      /* recompute */
    }
  }
  const priceBook = studyPriceBookOf(doc, result, {
    priceBookObjective: objective,
    minHappyShare: minHappy === null ? undefined : minHappy / 100,
  });
  const payload = JSON.stringify({ hash, priceBook });
  try {
    await db.analysisCache.upsert({
      where: { studyId_kind: { studyId, kind } },
      create: { studyId, kind, dataVersion: 0, result: payload },
      update: { result: payload, createdAt: new Date() },
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  return priceBook;
}
