/**
 * Latent-class MaxDiff for the CLI and the app: EM solutions for C = A…B classes
 * (latentClass.ts), information criteria (AIC: Akaike 1974; BIC: Schwarz 1978; CAIC:
 * Bozdogan 1987; n = respondents, as in Wedel & Kamakura 2000 §5.3), the number of classes
 * chosen by BIC, classes ordered by size and named by their top items, zero-centred class
 * utilities with standard errors from the posterior-weighted Hessian (class memberships
 * taken as known), probability-rescaled shares, each respondent's posteriors, and the
 * declared-segment validity check (segments/validity.ts) and class profiles (segments/profiles.ts).
 */
import { InputError } from "../inputError.ts";
import { type ClassProfile, classProfiles } from "../segments/profiles.ts";
import {
  type ClassSegmentCrosstab,
  classSegmentCrosstab,
  compareSegmentations,
  type ModelComparisonRow,
  segmentValidityVerdict,
} from "../segments/validity.ts";
import { type ChoiceSets, codeChoiceSets } from "./choiceSets.ts";
import type { ChoiceData } from "./data.ts";
import {
  freeParameters,
  type LatentClassRun,
  latentClassMultiStart,
  respondentScores,
  weightedInformation,
  weightedLogit,
} from "./latentClass.ts";
import { invertSpd, zeroCentredCovariance } from "./linalg.ts";
import { zeroCentre } from "./logit.ts";
import { rescaledShares } from "./shares.ts";

export type LatentClassCriterion = "bic" | "aic" | "caic";

export interface LatentClassOptions {
  /** Smallest and largest number of classes (default 1–6). */
  minClasses?: number;
  maxClasses?: number;
  /** Random starts per number of classes (default 10). */
  starts?: number;
  seed?: number;
  /** Criterion that picks the number of classes (default BIC). */
  criterion?: LatentClassCriterion;
  maxIterations?: number;
  /** Called after each number of classes is estimated (fraction done, 0–1). */
  onProgress?: (fraction: number) => void;
  /** Also give each solution's most likely class per respondent (`assignments`), e.g. to save any solution. */
  assignments?: boolean;
}

export interface LatentClassItem {
  item: string;
  utility: number | null;
  se: number | null;
  share: number | null;
}

export interface LatentClassClass {
  class: number;
  name: string;
  size: number;
  items: LatentClassItem[];
}

/** One solution as the CLI prints it. `classes` is the class list (the count is `classCount`). */
export interface LatentClassSolutionJson {
  classCount: number;
  logLikelihood: number;
  parameters: number;
  aic: number;
  bic: number;
  caic: number;
  /** Class shares, largest first (= classes[].size). */
  sizes: number[];
  classes: LatentClassClass[];
  converged: boolean;
  iterations: number;
  /** Log-likelihood reached from each random start, best first: how often the best optimum was found. */
  startLogLikelihoods: number[];
  /** With options.assignments: each respondent's most likely class (1-based), in `respondents` order. */
  assignments?: number[];
}

/** Smallest number of respondents per class the estimation accepts. */
export const MIN_RESPONDENTS_PER_CLASS = 5;
/** At most this many classes (the search is bounded). */
export const MAX_CLASSES = 12;
/** At most this many random starts per number of classes. */
export const MAX_STARTS = 200;

/** Items named in a class name. */
const NAME_ITEMS = 3;

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Utilities (zero-centred; relative to the anchor when anchored), SEs and shares of one class
 * at the EM estimate; SEs from the posterior-weighted information.
 */
function describeClass(
  data: ChoiceData,
  sets: ChoiceSets,
  beta: Float64Array,
  posterior: Float64Array,
  size: number,
  classNumber: number,
): LatentClassClass {
  const K = data.nItems;
  const free = freeParameters(sets),
    P = free.length;
  const inv = invertSpd(weightedInformation(sets, beta, posterior, free), P);
  // Without anchoring the free parameters are items 0…K−2 (item K−1 = 0): zero-centre; anchored: as estimated.
  const cov = inv ? (sets.anchored ? inv : zeroCentredCovariance(inv, K, K - 1)) : null;
  const itemUtilities = beta.subarray(0, K);
  const u = sets.anchored ? Float64Array.from(itemUtilities) : zeroCentre(itemUtilities);
  const shares = rescaledShares(sets.anchored ? zeroCentre(itemUtilities) : u, data.k);
  const items = data.items.map((item, i) => ({
    item,
    utility: finite(u[i]),
    se: cov ? finite(Math.sqrt(Math.max(0, cov[i * K + i]))) : null,
    share: finite(shares[i]),
  }));
  const name = [...items]
    .sort((a, b) => (b.utility ?? -Infinity) - (a.utility ?? -Infinity))
    .slice(0, NAME_ITEMS)
    .map((i) => i.item)
    .join(", ");
  return { class: classNumber, name, size, items };
}

export interface SortedSolution {
  classes: number;
  logLikelihood: number;
  parameters: number;
  aic: number;
  bic: number;
  caic: number;
  sizes: number[];
  converged: boolean;
  iterations: number;
  startLogLikelihoods: number[];
  classList: LatentClassClass[];
  /** Posteriors per respondent in the sorted class order. */
  posteriors: number[][];
  /** Respondents' log-likelihood under the mixture, for the segment comparison. */
  respondentLogLikelihood: Float64Array;
}

/** Parameters of a C-class model with P utilities per class (K − 1 items, or K when anchored) + (C − 1) shares. */
export function latentClassParameters(C: number, P: number): number {
  return C * P + (C - 1);
}

/** Order classes by decreasing size, describe each and compute the information criteria. */
export function summariseRun(
  data: ChoiceData,
  sets: ChoiceSets,
  run: LatentClassRun,
  startLogLikelihoods: number[],
): SortedSolution {
  const n = data.respondents.length,
    C = run.classes;
  const order = Array.from({ length: C }, (_, c) => c).sort((a, b) => run.shares[b] - run.shares[a] || a - b);
  const parameters = latentClassParameters(C, freeParameters(sets).length);
  const ll = run.logLikelihood;
  const classList = order.map((c, j) => {
    const post = Float64Array.from({ length: n }, (_, r) => run.posteriors[r * C + c]);
    return describeClass(data, sets, run.utilities[c], post, run.shares[c], j + 1);
  });
  const posteriors = Array.from({ length: n }, (_, r) => order.map((c) => run.posteriors[r * C + c]));
  // Mixture log-likelihood per respondent: log Σ_c π_c L_r(β_c).
  const perClass = run.utilities.map((beta) => {
    const ll = new Float64Array(n);
    respondentScores(sets, beta, ll, new Float64Array(n * (data.nItems + 1)));
    return ll;
  });
  const respondentLogLikelihood = Float64Array.from({ length: n }, (_, r) => {
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, Math.log(run.shares[c]) + perClass[c][r]);
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(Math.log(run.shares[c]) + perClass[c][r] - max);
    return max + Math.log(s);
  });
  return {
    classes: C,
    logLikelihood: ll,
    parameters,
    aic: -2 * ll + 2 * parameters,
    bic: -2 * ll + parameters * Math.log(n),
    caic: -2 * ll + parameters * (Math.log(n) + 1),
    sizes: order.map((c) => run.shares[c]),
    converged: run.converged,
    iterations: run.iterations,
    startLogLikelihoods: [...startLogLikelihoods].sort((a, b) => b - a),
    classList,
    posteriors,
    respondentLogLikelihood,
  };
}

/** Check a requested range of classes against the data; InputError with the reason when it cannot be estimated. */
export function checkClassRange(
  data: ChoiceData,
  sets: ChoiceSets,
  minClasses: number,
  maxClasses: number,
  starts: number,
): void {
  const n = data.respondents.length,
    K = data.nItems;
  if (!Number.isInteger(minClasses) || !Number.isInteger(maxClasses) || minClasses < 1 || maxClasses < minClasses)
    throw new InputError(`the range of classes must be A-B with 1 ≤ A ≤ B, got ${minClasses}-${maxClasses}`);
  if (maxClasses > MAX_CLASSES) throw new InputError(`at most ${MAX_CLASSES} latent classes, got ${maxClasses}`);
  if (!Number.isInteger(starts) || starts < 1 || starts > MAX_STARTS)
    throw new InputError(`the number of starts must be a whole number from 1 to ${MAX_STARTS}, got ${starts}`);
  if (K < 2) throw new InputError("latent classes need at least 2 items");
  const need = maxClasses * MIN_RESPONDENTS_PER_CLASS;
  if (n < need)
    throw new InputError(
      `${maxClasses} latent classes need at least ${need} respondents (${MIN_RESPONDENTS_PER_CLASS} per class); the data have ${n}`,
    );
  const choices = sets.nSets;
  const parameters = latentClassParameters(maxClasses, freeParameters(sets).length);
  if (parameters >= choices)
    throw new InputError(
      `${maxClasses} latent classes have ${parameters} parameters but the data hold only ${choices} choices`,
    );
}

export interface LatentClassResult {
  /** True when anchor answers were used: class utilities are relative to the anchor (0), not zero-centred. */
  anchored: boolean;
  chosen: number | null;
  criterion: LatentClassCriterion;
  solutions: LatentClassSolutionJson[];
  respondents: { respondent: string; class: number; posterior: number[] }[];
  crosstab: ClassSegmentCrosstab | null;
  comparison: ModelComparisonRow[] | null;
  verdict: string | null;
  profiles: ClassProfile[];
  messages: string[];
}

/**
 * Estimate every number of classes in the range, pick one by the criterion (BIC unless told
 * otherwise), and summarise the chosen solution for respondents, segments and profiles.
 */
export function latentClassSolutions(
  data: ChoiceData,
  options: LatentClassOptions = {},
  sets: ChoiceSets = codeChoiceSets(data),
): { solutions: SortedSolution[]; chosen: SortedSolution | null; messages: string[] } {
  const minC = options.minClasses ?? 1,
    maxC = options.maxClasses ?? 6,
    starts = options.starts ?? 10;
  checkClassRange(data, sets, minC, maxC, starts);
  const criterion = options.criterion ?? "bic";
  const solutions: SortedSolution[] = [];
  const messages: string[] = [];
  for (let C = minC; C <= maxC; C++) {
    const r = latentClassMultiStart(sets, C, { starts, seed: options.seed, maxIterations: options.maxIterations });
    messages.push(...r.messages);
    if (r.best) solutions.push(summariseRun(data, sets, r.best, r.startLogLikelihoods));
    options.onProgress?.((C - minC + 1) / (maxC - minC + 1));
  }
  let chosen: SortedSolution | null = null;
  for (const s of solutions) if (!chosen || s[criterion] < chosen[criterion]) chosen = s;
  return { solutions, chosen, messages };
}

/** Log-likelihood of one logit per group of respondents (group index per respondent, −1 = left out). */
function groupLogitFit(sets: ChoiceSets, group: Int32Array, groups: number): number {
  let logLikelihood = 0;
  for (let gi = 0; gi < groups; gi++)
    logLikelihood += weightedLogit(
      sets,
      Float64Array.from(group, (x) => (x === gi ? 1 : 0)),
    ).logLikelihood;
  return logLikelihood;
}

/** The whole latent-class analysis of the CLI's `latentClass` key. */
export function latentClassAnalysis(data: ChoiceData, options: LatentClassOptions = {}): LatentClassResult {
  const criterion = options.criterion ?? "bic";
  const sets = codeChoiceSets(data);
  const { solutions, chosen, messages } = latentClassSolutions(data, options, sets);
  const result: LatentClassResult = {
    anchored: sets.anchored,
    chosen: chosen?.classes ?? null,
    criterion,
    solutions: solutions.map((s) => ({
      classCount: s.classes,
      logLikelihood: s.logLikelihood,
      parameters: s.parameters,
      aic: s.aic,
      bic: s.bic,
      caic: s.caic,
      sizes: s.sizes,
      classes: s.classList,
      converged: s.converged,
      iterations: s.iterations,
      startLogLikelihoods: s.startLogLikelihoods,
      ...(options.assignments ? { assignments: s.posteriors.map((p) => 1 + p.indexOf(Math.max(...p))) } : {}),
    })),
    respondents: [],
    crosstab: null,
    comparison: null,
    verdict: null,
    profiles: [],
    messages,
  };
  if (!chosen) return result;
  const mostLikely = chosen.posteriors.map((p) => 1 + p.indexOf(Math.max(...p)));
  result.respondents = data.respondents.map((respondent, r) => ({
    respondent,
    class: mostLikely[r],
    posterior: chosen.posteriors[r],
  }));
  const n = data.respondents.length;
  const segmentNames = [...new Set(data.segments.filter((s): s is string => s !== null))];
  const assignments = data.respondents.map((_, r) => ({ class: mostLikely[r], segment: data.segments[r] }));
  if (segmentNames.length > 0) {
    result.crosstab = classSegmentCrosstab(assignments, chosen.classes, segmentNames);
    // Compare on the respondents with a declared segment: one logit per segment vs the classes vs one for all.
    const segIndex = new Int32Array(n);
    const inSample = new Int32Array(n);
    let covered = 0,
      classLL = 0;
    data.segments.forEach((s, r) => {
      segIndex[r] = s === null ? -1 : segmentNames.indexOf(s);
      inSample[r] = s === null ? -1 : 0;
      if (s !== null) {
        covered++;
        classLL += chosen.respondentLogLikelihood[r];
      }
    });
    const P = freeParameters(sets).length;
    result.comparison = compareSegmentations({
      aggregate: { logLikelihood: groupLogitFit(sets, inSample, 1), parameters: P, respondents: covered },
      segments: {
        logLikelihood: groupLogitFit(sets, segIndex, segmentNames.length),
        parameters: segmentNames.length * P,
        respondents: covered,
        groups: segmentNames.length,
      },
      classes: {
        logLikelihood: classLL,
        parameters: chosen.parameters,
        respondents: covered,
        groups: chosen.classes,
      },
    });
    result.verdict = segmentValidityVerdict({ cramersV: result.crosstab.cramersV, comparison: result.comparison });
  }
  result.profiles = classProfiles({
    classes: chosen.classList,
    assignments: Object.fromEntries(data.respondents.map((r, i) => [r, mostLikely[i]])),
    attributes: Object.fromEntries(data.respondents.map((r, i) => [r, { segment: data.segments[i] }])),
  });
  return result;
}
