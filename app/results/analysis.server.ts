/**
 * The results page's analysis: the study export document → analyseStudy() (research/study.ts),
 * exactly what `npm run research -- study export.json` runs. Cached in AnalysisCache per
 * study, keyed by a hash of the document (so any change to answers or to the study design
 * recomputes), with the study's dataVersion stored alongside.
 *
 * Hierarchical Bayes: while no HB run is stored for this document (hb.server.ts queues a job,
 * which any app process runs in a worker thread), the analysis uses the research defaults, so the
 * simulator falls back to best-minus-worst counts — equal to `research study --json`. Once the
 * run is stored, the analysis is recomputed with it (`hbResult`) — equal to
 * `research study --hb --iterations 10000 --burn-in 5000 --seed 1 --json` (hbSettings.ts).
 */
import { applySegmentation } from "../../research/segments/apply.ts";
import { analyseStudy, type StudyResult } from "../../research/study.ts";
import type { StudyExport } from "../../research/studyExport.ts";
import { db, isUniqueViolation } from "../db.server.ts";
import { buildStudyExport, documentHash } from "./exportDocument.server.ts";
import { ensureHb } from "./hb.server.ts";
import { HB_SETTINGS, type HbState } from "./hbSettings.ts";

const KIND = "study-analysis:v3"; // v2: StudyResult.decisions; v3: StudyResult.quality

interface Cached {
  hash: string;
  /** true when computed with the stored HB run (HB_SETTINGS) */
  hb?: boolean;
  result: StudyResult;
}

type Analysis = { doc: StudyExport; result: StudyResult; cached: boolean; hb: HbState };

/**
 * `segmentation`: analyse by a saved segmentation (segmentation.server.ts) instead of the declared
 * segments: `doc` is the relabelled document (research/segments/apply.ts), equal to
 * `research study study.json --segmentation <name> --json`. Hierarchical Bayes is not used there
 * (its model pools respondents by the declared segments), so the simulator uses best-minus-worst counts.
 */
export async function studyAnalysis(
  studyId: string,
  segmentation: { id: string; name: string } | null = null,
): Promise<Analysis> {
  if (segmentation) return segmentedAnalysis(studyId, segmentation);
  const [doc, study] = await Promise.all([
    buildStudyExport(studyId),
    db.study.findUniqueOrThrow({ where: { id: studyId }, select: { dataVersion: true } }),
  ]);
  const hash = documentHash(doc);
  const row = await db.analysisCache.findUnique({ where: { studyId_kind: { studyId, kind: KIND } } });
  let fallback: StudyResult | null = null;
  if (row) {
    try {
      const cached = JSON.parse(row.result) as Cached;
      if (cached.hash === hash) {
        if (cached.hb) return { doc, result: cached.result, cached: true, hb: { state: "ready", ...HB_SETTINGS } };
        fallback = cached.result;
      }
    } catch {
      /* recompute */
    }
  }
  const { status, hb } = await ensureHb(studyId, hash, doc);
  if (fallback && !hb) return { doc, result: fallback, cached: true, hb: status };
  const result = hb ? analyseStudy(doc, { hbResult: hb, seed: HB_SETTINGS.seed }) : analyseStudy(doc);
  const payload = JSON.stringify({ hash, hb: !!hb, result } satisfies Cached);
  try {
    await db.analysisCache.upsert({
      where: { studyId_kind: { studyId, kind: KIND } },
      create: { studyId, kind: KIND, dataVersion: study.dataVersion, result: payload },
      update: { dataVersion: study.dataVersion, result: payload, createdAt: new Date() },
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e; // a concurrent request stored the same analysis
  }
  return { doc, result, cached: false, hb: status };
}

async function segmentedAnalysis(studyId: string, segmentation: { id: string; name: string }): Promise<Analysis> {
  const [declared, study] = await Promise.all([
    buildStudyExport(studyId),
    db.study.findUniqueOrThrow({ where: { id: studyId }, select: { dataVersion: true } }),
  ]);
  const doc = applySegmentation(declared, segmentation.name);
  const hash = documentHash(doc);
  const kind = `${KIND}:segmentation:${segmentation.id}`;
  const row = await db.analysisCache.findUnique({ where: { studyId_kind: { studyId, kind } } });
  if (row) {
    try {
      const cached = JSON.parse(row.result) as Cached;
      if (cached.hash === hash) return { doc, result: cached.result, cached: true, hb: { state: "none" } };
    } catch {
      /* recompute */
    }
  }
  const result = analyseStudy(doc);
  const payload = JSON.stringify({ hash, result } satisfies Cached);
  try {
    await db.analysisCache.upsert({
      where: { studyId_kind: { studyId, kind } },
      create: { studyId, kind, dataVersion: study.dataVersion, result: payload },
      update: { dataVersion: study.dataVersion, result: payload, createdAt: new Date() },
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  return { doc, result, cached: false, hb: { state: "none" } };
}
