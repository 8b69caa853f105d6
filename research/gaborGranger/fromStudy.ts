/**
 * Gabor–Granger from the study export document: the completed respondents' ladder answers in the
 * long format the `gabor-granger` CLI reads (respondent, price, response, segment, weight), analysed
 * with the CLI's defaults (1,000 bootstrap resamples, seed 1). The app's "gabor-granger.csv" export
 * writes exactly these rows with each respondent's market-mix weight (1 without a mix), so
 * `research gabor-granger gabor-granger.csv --segment-column segment --json` reproduces the results
 * page's section, including the all-respondents block weighted to the market mix.
 */
import type { StudyExport } from "../studyExport.ts";
import { analyseGaborGranger, type GgAnswer, type GgResult } from "./analyse.ts";

export interface GgRow {
  respondent: string;
  price: number;
  response: number;
  /** "" = no segment */
  segment: string;
  /** The respondent's market-mix weight (1 without weights). */
  weight: number;
}

/**
 * One row per price asked of a completed respondent, in document order then ladder step; `weightOf` gives a
 * respondent's weight (default 1).
 */
export function gaborGrangerRows(
  doc: StudyExport,
  weightOf: (respondent: StudyExport["respondents"][number]) => number = () => 1,
): GgRow[] {
  return doc.respondents
    .filter((r) => r.status === "completed")
    .flatMap((r) => {
      const weight = weightOf(r);
      return [...(r.gaborGranger ?? [])]
        .sort((a, b) => a.step - b.step)
        .map((a) => ({ respondent: r.id, price: a.price, response: a.response, segment: r.segment ?? "", weight }));
    });
}

/**
 * The study's Gabor–Granger result; null when nobody answered the ladder. With `weights` (respondent → weight, the
 * market-mix weights of research/weighting) the overall block is the weighted analysis (demand = weighted share,
 * Wilson intervals at Kish's effective n); the segment blocks stay unweighted.
 */
export function studyGaborGranger(
  doc: StudyExport,
  options: { bootstrap?: number; seed?: number; weights?: ReadonlyMap<string, number> | null } = {},
) {
  const rows = gaborGrangerRows(doc);
  if (rows.length === 0) return null;
  const answers: GgAnswer[] = rows.map((r) => ({
    respondent: r.respondent,
    price: r.price,
    response: r.response,
    segment: r.segment || null,
  }));
  const settings = { bootstrap: options.bootstrap ?? 1000, seed: options.seed ?? 1 };
  const result = analyseGaborGranger(answers, settings) satisfies GgResult;
  const weights = options.weights;
  if (!weights) return result;
  const weighted = analyseGaborGranger(
    answers.map((a) => ({ ...a, weight: weights.get(a.respondent) ?? 1 })),
    settings,
  );
  return { ...result, overall: weighted.overall } satisfies GgResult;
}
