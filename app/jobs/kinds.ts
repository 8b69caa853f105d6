/**
 * What each kind of job computes, run inside the job worker thread (worker.ts, built to
 * build/jobs-worker.js). Pure: research code only — no database, env or Remix imports, so
 * the worker bundle stays small and the same functions can be called inline in tests.
 */
import { generateDesign, type DesignOptions, type MaxDiffDesign } from "../../research/maxdiff/design.ts";
import { hierarchicalBayes, type HbRunInput } from "../../research/maxdiff/hbSummary.ts";
import type { HbSummary } from "../../research/maxdiff/types.ts";

/** Every kind of job; the suffix is bumped when a kind's input or result changes shape. */
export const JOB_KINDS = ["hb:v1", "maxdiff-design:v1"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export interface JobInputs {
  "hb:v1": HbRunInput;
  "maxdiff-design:v1": DesignOptions;
}
export interface JobResults {
  "hb:v1": HbSummary;
  "maxdiff-design:v1": MaxDiffDesign;
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
    default:
      throw new Error(`unknown job kind ${String(kind)}`);
  }
}
