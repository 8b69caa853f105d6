/**
 * MaxDiff (best–worst scaling) engine — the public API used by the app and the study analysis.
 * Design generation, answer validation, counts, aggregate sequential best–worst logit with
 * probability-rescaled shares, segment comparisons and Hierarchical Bayes (inline or in a
 * worker thread).
 */
export type {
  MaxDiffTask,
  MaxDiffOptions,
  MaxDiffResult,
  Block,
  ItemRow,
  Comparison,
  HbSummary,
  HbBlock,
  HbRespondent,
  HbOptions,
} from "./types.ts";
export { tasksFromLongRows, tasksFromCsv, validateTask, validateTasks } from "./tasks.ts";
export { generateDesign, type DesignOptions, type MaxDiffDesign, type BalanceStats } from "./design.ts";
export { countScores, type ItemCounts } from "./counts.ts";
export { sequentialBestWorstLogit, bestWorstLogLikelihood, type LogitFit } from "./logit.ts";
export { rescaledShares, simulatedShareIntervals, zeroCentredSampler } from "./shares.ts";
export { waldComparisons, drawComparisons } from "./compare.ts";
export { analyseMaxDiff, analyseBlock } from "./analyse.ts";
export { hierarchicalBayes, type HbRunInput } from "./hbSummary.ts";
export { runHbInWorker, analyseMaxDiffInWorker, type WorkerHooks } from "./hbWorker.ts";
export { buildChoiceData, type ChoiceData } from "./data.ts";
export { codeChoiceSets, choiceSetLogLikelihood, type ChoiceSets } from "./choiceSets.ts";
export { anchoredBestWorstLogit, type AnchoredLogitFit } from "./logit.ts";
export { ANCHOR_CODE } from "./data.ts";
export type { AnchorAnswer } from "./types.ts";
