/**
 * Shapes shared by the MaxDiff (best–worst scaling) engine. The JSON result is the CLI's
 * `--json` output (docs/research-cli.md, "maxdiff"); keys may be added, never renamed.
 */

import type { ValueMap } from "../valueMap/valueMap.ts";

/** One answered best–worst task: the items shown (display order), the best and the worst. */
export interface MaxDiffTask {
  respondent: string;
  segment?: string | null;
  task: number;
  shown: string[];
  best: string;
  worst: string;
  /**
   * Anchored (dual-response) MaxDiff: the respondent's answer to "are all / some / none of
   * these items must-haves?" after the task (Orme 2009). Absent or null = not anchored.
   */
  anchor?: AnchorAnswer | null;
  /** Other respondent columns (e.g. HB covariates), the same on every task of a respondent. */
  attributes?: Record<string, string>;
}

/** Dual-response anchor answer of one task: all, some or none of the shown items are above the anchor. */
export type AnchorAnswer = "all" | "some" | "none";

/** Options of analyseMaxDiff. */
export interface MaxDiffOptions {
  /** Hierarchical Bayes individual utilities; false/undefined = skip. */
  hb?: false | HbOptions;
  /** Seed for the simulated share intervals (and HB when hb.seed is not given). */
  seed?: number;
  /** Full item list in display order (items never shown get nulls); default: order of first appearance. */
  items?: string[];
}

export interface HbOptions {
  /** Total Gibbs iterations (default 20,000). */
  iterations?: number;
  /** Iterations discarded as burn-in (default half of iterations). */
  burnIn?: number;
  /** Keep every `thin`-th post-burn-in draw for intervals (default: so that about 1,000 draws are kept). */
  thin?: number;
  seed?: number;
  /** Respondent columns in the HB upper level ("segment" = the segment; others from MaxDiffTask.attributes). */
  covariates?: string[];
}

export interface ItemRow {
  item: string;
  shown: number;
  best: number;
  worst: number;
  /** (best − worst) / shown; null when never shown. */
  score: number | null;
  /** Zero-centred logit utility. */
  utility: number | null;
  se: number | null;
  /** Probability-rescaled share (sums to 100 over the block's items). */
  share: number | null;
  shareInterval: [number, number] | null;
  utilityInterval: [number, number] | null;
  /** Anchored only: times shown in a task with an anchor answer, and times the answer puts it above / below the anchor. */
  anchorShown?: number;
  aboveAnchor?: number;
  belowAnchor?: number;
}

export interface Block {
  respondents: number;
  tasks: number;
  items: ItemRow[];
  /** Zero-centred covariance of the utilities, rows/columns in the order of `items`; null entries for items not estimable. */
  covariance: (number | null)[][];
  logLikelihood: number | null;
  /** Whether Newton–Raphson converged (false e.g. when an item is never chosen best: utility → −∞). */
  converged: boolean;
  /** True when anchor answers were used: utilities relative to the anchor (0), covariance of those utilities. */
  anchored: boolean;
}

export interface Comparison {
  item: string;
  a: string;
  b: string;
  /** utility(a) − utility(b), zero-centred. */
  difference: number | null;
  z: number | null;
  pValue: number | null;
  /** Holm-adjusted within the family of one segment pair (all items). */
  pHolm: number | null;
  significant: boolean;
}

export interface HbItemRow {
  item: string;
  utility: number | null;
  utilityInterval: [number, number] | null;
  share: number | null;
  shareInterval: [number, number] | null;
  /** Anchored only: posterior mean share (0–1) of the block's respondents whose utility is above the anchor. */
  aboveAnchorShare?: number | null;
  /** 2.5th/97.5th percentiles of that share over the posterior draws. */
  aboveAnchorInterval?: [number, number] | null;
}

export interface HbBlock {
  respondents: number;
  meanRLH: number | null;
  items: HbItemRow[];
}

export interface HbTracePoint {
  iteration: number;
  meanLogLikelihood: number;
  acceptance: number;
  scale: number;
  /** Population mean μ, zero-centred, in item order. */
  mu: number[];
}

export interface HbRespondent {
  respondent: string;
  segment: string | null;
  rlh: number;
  utilities: Record<string, number>;
  /** Quality flags, e.g. "random_rlh" (RLH below the random-responder cutoff); empty when none. */
  flags: string[];
}

export interface HbCovariateEffect {
  covariate: string;
  /** Level of a categorical covariate; null for a numeric one (effect per unit). */
  level: string | null;
  item: string;
  /** Level's upper-level mean minus the population mean (numeric: per unit), reported scale; posterior mean. */
  effect: number;
  interval: [number, number];
}

export interface HbCovariates {
  columns: { name: string; kind: "categorical" | "numeric"; levels: string[] }[];
  effects: HbCovariateEffect[];
  prior: string;
}

export interface HbConvergence {
  /** Split-chain R̂ of the population mean per item (post-burn-in draws). */
  rhat: Record<string, number | null>;
  maxRhat: number | null;
  /** Set when max R̂ > 1.05: run more iterations. */
  warning: string | null;
}

export interface HbQuality {
  /** 95th percentile RLH of simulated random responders through the same design and estimation. */
  rlhCutoff: number;
  flagged: number;
  randomResponders: number;
  method: string;
}

export interface HbSummary {
  iterations: number;
  burnIn: number;
  thin: number;
  savedDraws: number;
  seed: number;
  meanRLH: number;
  acceptance: number;
  items: string[];
  respondents: HbRespondent[];
  /** Posterior mean of μ, zero-centred, by item. */
  populationMean: Record<string, number>;
  /** Posterior mean of Σ transformed to zero-centred utilities (C Σ̃ Cᵀ), rows/columns in `items` order. */
  populationCovariance: number[][];
  overall: HbBlock;
  segments: Record<string, HbBlock>;
  comparisons: Comparison[];
  trace: HbTracePoint[];
  prior: string;
  anchored: boolean;
  covariates: HbCovariates | null;
  convergence: HbConvergence;
  quality: HbQuality;
}

export interface MaxDiffResult {
  method: "maxdiff";
  itemsPerTask: number;
  items: string[];
  overall: Block;
  segments: Record<string, Block>;
  comparisons: Comparison[];
  hb: HbSummary | null;
  /** Feature × segment value map (labels stacking/everywhere/niche/low); null without segments. */
  valueMap?: ValueMap | null;
}
