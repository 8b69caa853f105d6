/**
 * Interim verdicts that are safe to watch while a study is fielding. Each look at a criterion
 * compares its statistic with a group-sequential boundary from the Lan–DeMets
 * O'Brien–Fleming-type spending function (Lan & DeMets 1983; O'Brien & Fleming 1979), so that
 * looking every day does not inflate false validations: over all looks together, P(validated |
 * the criterion is false) ≤ α₁ = (1 − confidence)/2, the one-sided level at which the
 * pre-registered rule (a two-sided interval at `confidence`) validates; invalidation uses the
 * mirror-image boundary. Information fraction t = n / n_target (capped at 1); the first look at
 * or past the target is the final analysis and spends what is left of α₁. With a single look at
 * the target the boundary is z_{1−α₁} and the verdict is exactly the pre-registered test; after
 * interim looks the final boundary is a little higher unless `finalLook: "preRegistered"`.
 *
 * Futility (optional, non-binding, off by default): at an interim look, stop for futility when
 * the conditional power under the current trend, CP = 1 − Φ((b_K − Z_k/√t_k)/√(1 − t_k))
 * (Lan, Simon & Halperin 1982), falls below the chosen level. Non-binding: it never changes
 * the validation boundaries, so ignoring it keeps the error guarantee.
 */
import { InputError } from "../inputError.ts";
import { groupSequentialBoundaries, type SequentialBoundary } from "../stats/groupSequential.ts";
import jStat from "jstat";

const pnorm = (x: number) => jStat.normal.cdf(x, 0, 1) as number;
const qnorm = (p: number) => jStat.normal.inv(p, 0, 1) as number;

export type InterimVerdict = "validated" | "invalidated" | "keepGoing" | "inconclusive" | "futile";

export interface Look {
  /** Respondents (observations) in the criterion at this look. */
  n: number;
  /** Standardised statistic, positive = towards validation (e.g. the score z of a share vs its threshold). */
  statistic: number;
}

export interface InterimOptions {
  /** The rule's confidence (default 0.95): one-sided α₁ = (1 − confidence)/2 per direction. */
  confidence?: number;
  /** Non-binding futility: stop when conditional power under the current trend < this (e.g. 0.1). Off when absent. */
  futilityConditionalPower?: number;
  /**
   * The test at the target n. "boundary" (default): the spending function's final boundary (e.g. z = 2.14 after 30
   * equal looks at 2.5%), which keeps the guarantee. "preRegistered": the fixed z_{1−α₁} of the pre-registered rule,
   * so the final verdict always equals the results page's — at the price of some inflation when there were interim
   * looks (measured: 3.1% instead of 2.5% after 30 looks).
   */
  finalLook?: "boundary" | "preRegistered";
}

export interface InterimResult {
  verdict: InterimVerdict;
  /** Look (0-based) at which the verdict was reached; for keepGoing the current (last) look. */
  look: number;
  n: number;
  /** Information fraction of that look. */
  t: number;
  statistic: number;
  /** Cross ≥ validate to validate, ≤ invalidate to invalidate (z scale), at that look. */
  boundary: { validate: number; invalidate: number };
  alphaSpent: number;
  /** Conditional power under the current trend (only with futility on, interim looks). */
  conditionalPower: number | null;
  boundaries: SequentialBoundary[];
  /** One plain sentence of the method. */
  method: string;
}

/** Score statistic of a share vs its threshold: (x − nπ₀)/√(nπ₀(1 − π₀)) (the test the Wilson interval inverts). */
export function proportionScoreStatistic(x: number, n: number, threshold: number): number {
  return (x - n * threshold) / Math.sqrt(n * threshold * (1 - threshold));
}

/**
 * A Student t statistic on df degrees of freedom as the normal deviate with the same one-sided
 * p-value, z = Φ⁻¹(F_t(t; df)), so t-tested criteria (e.g. a paired lead) can be watched on the z scale.
 */
export function tToZ(t: number, df: number): number {
  const p = jStat.studentt.cdf(t, df) as number;
  return Math.max(-40, Math.min(40, qnorm(Math.min(1 - 1e-16, Math.max(1e-16, p)))));
}

/** Information fractions of the looks up to and including the first at or past the target. */
export function lookFractions(looks: readonly Look[], target: number): number[] {
  if (!(target > 0)) throw new InputError("the target n must be positive");
  const out: number[] = [];
  for (let i = 0; i < looks.length; i++) {
    const { n, statistic } = looks[i];
    if (!(Number.isInteger(n) && n > 0)) throw new InputError(`look ${i + 1}: n must be a positive whole number`);
    if (!Number.isFinite(statistic)) throw new InputError(`look ${i + 1}: the statistic must be a finite number`);
    if (i > 0 && n <= looks[i - 1].n) throw new InputError(`look ${i + 1}: n must grow from look to look`);
    out.push(Math.min(1, n / target));
    if (n >= target) break;
  }
  return out;
}

/**
 * Walks the looks with their boundaries and returns the first crossing (validated /
 * invalidated), futility if enabled, inconclusive at the final look, else keepGoing.
 */
export function sequentialDecision(
  statistics: readonly number[],
  boundaries: readonly SequentialBoundary[],
  futilityConditionalPower?: number,
): { verdict: InterimVerdict; look: number; conditionalPower: number | null } {
  const K = boundaries.length;
  const looks = Math.min(K, statistics.length);
  let cp: number | null = null;
  for (let k = 0; k < looks; k++) {
    const z = statistics[k];
    const b = boundaries[k].z;
    if (z >= b) return { verdict: "validated", look: k, conditionalPower: null };
    if (z <= -b) return { verdict: "invalidated", look: k, conditionalPower: null };
    const t = boundaries[k].t;
    if (t >= 1) return { verdict: "inconclusive", look: k, conditionalPower: null };
    if (futilityConditionalPower !== undefined) {
      // The last boundary given is the final one (a planning value while the final look is ahead).
      const bK = boundaries[K - 1].z;
      cp = 1 - pnorm((bK - z / Math.sqrt(t)) / Math.sqrt(1 - t));
      if (cp < futilityConditionalPower) return { verdict: "futile", look: k, conditionalPower: cp };
    }
  }
  return { verdict: "keepGoing", look: looks - 1, conditionalPower: cp };
}

/**
 * Interim verdict of one criterion from its history of looks and its target n
 * (Lan–DeMets O'Brien–Fleming-type spending; Jennison & Turnbull 2000 ch. 7, 19).
 */
export function interimVerdict(looks: readonly Look[], target: number, options: InterimOptions = {}): InterimResult {
  if (looks.length === 0) throw new InputError("no looks yet");
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0.5 && confidence < 1)) throw new InputError("confidence must be between 0.5 and 1");
  const alpha1 = (1 - confidence) / 2;
  const fractions = lookFractions(looks, target);
  const boundaries = groupSequentialBoundaries(fractions, alpha1);
  const fixedZ = qnorm(1 - alpha1);
  const last = boundaries[boundaries.length - 1];
  if (options.finalLook === "preRegistered" && last.t >= 1) last.z = fixedZ;
  // For futility, the final boundary is not known before the last look: plan with z_{1−α₁}.
  const planned =
    fractions[fractions.length - 1] < 1 && options.futilityConditionalPower !== undefined
      ? [...boundaries, { t: 1, z: fixedZ, alphaSpent: alpha1 }]
      : boundaries;
  const d = sequentialDecision(
    looks.slice(0, fractions.length).map((l) => l.statistic),
    planned,
    options.futilityConditionalPower,
  );
  const look = Math.min(d.look, boundaries.length - 1);
  const b = boundaries[look];
  const pctA = `${Math.round(1000 * alpha1) / 10}%`;
  const method =
    `Each look compares the statistic with an O'Brien–Fleming-type boundary (Lan–DeMets alpha spending over ` +
    `${fractions.length} look${fractions.length === 1 ? "" : "s"} so far, information = n/${target}), so that however often ` +
    (options.finalLook === "preRegistered"
      ? `results are watched interim looks add little to the ${pctA} chance of a false validation; at ${target} respondents the pre-registered test decides`
      : `results are watched the chance of a false validation stays at most ${pctA}; at ${target} respondents the same statistic meets the final boundary` +
        (fractions.length === 1 && fractions[0] >= 1
          ? `, which with no earlier look is the pre-registered test`
          : "")) +
    `${options.futilityConditionalPower !== undefined ? `; stops for futility when the chance of validating falls below ${Math.round(100 * options.futilityConditionalPower)}% (non-binding)` : ""}.`;
  return {
    verdict: d.verdict,
    look,
    n: looks[look].n,
    t: b.t,
    statistic: looks[look].statistic,
    boundary: { validate: b.z, invalidate: -b.z },
    alphaSpent: b.alphaSpent,
    conditionalPower: d.conditionalPower,
    boundaries,
    method,
  };
}

/** Interim verdict of a share criterion ("share ≥ threshold") from cumulative counts at each look. */
export function interimShareVerdict(
  looks: readonly { n: number; x: number }[],
  threshold: number,
  target: number,
  options: InterimOptions = {},
): InterimResult {
  if (!(threshold > 0 && threshold < 1)) throw new InputError("the threshold must be between 0 and 1");
  return interimVerdict(
    looks.map((l) => ({ n: l.n, statistic: proportionScoreStatistic(l.x, l.n, threshold) })),
    target,
    options,
  );
}
