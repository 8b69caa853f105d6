/**
 * What each kind of job computes, run inside the job worker thread (worker.ts, built to
 * build/jobs-worker.js). Pure: research code only — no database, env or Remix imports, so
 * the worker bundle stays small and the same functions can be called inline in tests.
 */
import { generateDesign, type DesignOptions, type MaxDiffDesign } from "../../research/maxdiff/design.ts";
import { hierarchicalBayes, type HbRunInput } from "../../research/maxdiff/hbSummary.ts";
import type { HbSummary } from "../../research/maxdiff/types.ts";
import { buildChoiceData } from "../../research/maxdiff/data.ts";
import { codeChoiceSets } from "../../research/maxdiff/choiceSets.ts";
import {
  checkClassRange,
  type LatentClassResult,
  latentClassAnalysis,
} from "../../research/maxdiff/latentClassSummary.ts";
import { itemOrder } from "../../research/maxdiff/order.ts";
import { tasksFromCsv, validateTasks } from "../../research/maxdiff/tasks.ts";

/** Every kind of job; the suffix is bumped when a kind's input or result changes shape. */
export const JOB_KINDS = ["hb:v1", "maxdiff-design:v1", "latent-class:v1"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export interface JobInputs {
  "hb:v1": HbRunInput;
  "maxdiff-design:v1": DesignOptions;
  "latent-class:v1": LatentClassJobInput;
}
export interface JobResults {
  "hb:v1": HbSummary;
  "maxdiff-design:v1": MaxDiffDesign;
  "latent-class:v1": LatentClassJobResult;
}

/** A latent-class run on a MaxDiff CSV export (long format, app/results/csv.server.ts maxDiffCsv). */
export interface LatentClassJobInput {
  csv: string;
  minClasses: number;
  maxClasses: number;
  starts: number;
  seed: number;
}

/** The research result plus the range of classes actually estimated. */
export interface LatentClassJobResult extends LatentClassResult {
  minClasses: number;
  maxClasses: number;
}

/**
 * Latent classes exactly as `research maxdiff <csv> --segment-column segment --latent-class A-B
 * --starts N --seed S` computes them (research/maxdiff/cli.ts): the same CSV reader, validation,
 * item order and analysis. The largest number of classes is lowered while the data cannot
 * estimate it (too few respondents or choices), never below minClasses.
 */
export function latentClassJob(
  input: LatentClassJobInput,
  onProgress: (fraction: number) => void,
): LatentClassJobResult {
  const tasks = tasksFromCsv(input.csv, { segmentColumn: "segment" });
  validateTasks(tasks);
  const data = buildChoiceData(tasks, itemOrder(tasks));
  const sets = codeChoiceSets(data);
  let maxClasses = input.maxClasses;
  for (; maxClasses > input.minClasses; maxClasses--) {
    try {
      checkClassRange(data, sets, input.minClasses, maxClasses, input.starts);
      break;
    } catch {
      /* try one class fewer */
    }
  }
  const result = latentClassAnalysis(data, {
    minClasses: input.minClasses,
    maxClasses,
    starts: input.starts,
    seed: input.seed,
    onProgress,
    assignments: true, // so any solution can be saved as a segmentation (app/results/segmentation.server.ts)
  });
  return { ...result, minClasses: input.minClasses, maxClasses };
}

export const isJobKind = (k: unknown): k is JobKind => (JOB_KINDS as readonly unknown[]).includes(k);

/** Runs one job of the given kind (synchronously; the caller is a worker thread). */
export function computeJob<K extends JobKind>(
  kind: K,
  input: JobInputs[K],
  onProgress: (fraction: number) => void,
): JobResults[K] {
  switch (kind) {
    case "hb:v1":
      // Hierarchical Bayes (research/maxdiff/hbSummary.ts → runHb in hb.ts)
      return hierarchicalBayes(input as HbRunInput, onProgress) as JobResults[K];
    case "maxdiff-design:v1":
      return generateDesign(input as DesignOptions) as JobResults[K];
    case "latent-class:v1":
      return latentClassJob(input as LatentClassJobInput, onProgress) as JobResults[K];
    default:
      throw new Error(`unknown job kind ${String(kind)}`);
  }
}
