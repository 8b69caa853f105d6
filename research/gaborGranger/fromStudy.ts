/**
 * Gabor–Granger from the study export document: the completed respondents' ladder answers in the
 * long format the `gabor-granger` CLI reads (respondent, price, response, segment), analysed with
 * the CLI's defaults (1,000 bootstrap resamples, seed 1). The app's "gabor-granger.csv" export
 * writes exactly these rows, so `research gabor-granger gabor-granger.csv --segment-column segment
 * --json` reproduces the results page's section.
 */
import type { StudyExport } from "../studyExport.ts";
import { analyseGaborGranger, type GgAnswer, type GgResult } from "./analyse.ts";

export interface GgRow {
  respondent: string;
  price: number;
  response: number;
  /** "" = no segment */
  segment: string;
}

/** One row per price asked of a completed respondent, in document order then ladder step. */
export function gaborGrangerRows(doc: StudyExport): GgRow[] {
  return doc.respondents
    .filter((r) => r.status === "completed")
    .flatMap((r) =>
      [...(r.gaborGranger ?? [])]
        .sort((a, b) => a.step - b.step)
        .map((a) => ({ respondent: r.id, price: a.price, response: a.response, segment: r.segment ?? "" })),
    );
}

/** The study's Gabor–Granger result; null when nobody answered the ladder. */
export function studyGaborGranger(doc: StudyExport, options: { bootstrap?: number; seed?: number } = {}) {
  const rows = gaborGrangerRows(doc);
  if (rows.length === 0) return null;
  const answers: GgAnswer[] = rows.map((r) => ({
    respondent: r.respondent,
    price: r.price,
    response: r.response,
    segment: r.segment || null,
  }));
  return analyseGaborGranger(answers, {
    bootstrap: options.bootstrap ?? 1000,
    seed: options.seed ?? 1,
  }) satisfies GgResult;
}
