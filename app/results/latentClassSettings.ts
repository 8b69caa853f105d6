/**
 * The latent-class run behind the results page's "Segments in the data": C = 1…5 classes
 * (fewer when respondents are few: MIN_RESPONDENTS_PER_CLASS each), 10 random starts, seed 1,
 * the number of classes chosen by BIC. With 25 or more respondents the page is reproduced by
 *
 *   npm run --silent research -- maxdiff maxdiff.csv --segment-column segment --latent-class 1-5 --starts 10 --seed 1 --json
 *
 * on the study's MaxDiff CSV export (app/results/csv.server.ts maxDiffCsv). Changing a value
 * here changes the job key (latentClass.server.ts). Shared by the server, the worker and tests.
 */
import { MIN_RESPONDENTS_PER_CLASS } from "../../research/maxdiff/latentClassSummary.ts";

export const LC_SETTINGS = { minClasses: 1, maxClasses: 5, starts: 10, seed: 1 } as const;

/** Fewest respondents for which the page looks for more than one class. */
export const LC_MIN_RESPONDENTS = 2 * MIN_RESPONDENTS_PER_CLASS;

/** Largest number of classes to try for n respondents (at least MIN_RESPONDENTS_PER_CLASS per class, at most 5). */
export function classesFor(respondents: number): number {
  return Math.max(1, Math.min(LC_SETTINGS.maxClasses, Math.floor(respondents / MIN_RESPONDENTS_PER_CLASS)));
}

/** The research CLI's flags for the same run (maxClasses: the range actually used). */
export function latentClassCliFlags(maxClasses: number = LC_SETTINGS.maxClasses): string[] {
  return [
    "--segment-column",
    "segment",
    "--latent-class",
    `${LC_SETTINGS.minClasses}-${maxClasses}`,
    "--starts",
    String(LC_SETTINGS.starts),
    "--seed",
    String(LC_SETTINGS.seed),
  ];
}
