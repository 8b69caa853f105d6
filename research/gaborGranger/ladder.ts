/**
 * Adaptive Gabor–Granger ladder (Gabor & Granger 1966; the usual survey implementation): start at
 * a rung, go up one rung after "would buy", down one after "would not", stop when the acceptance
 * price is bracketed (a "yes" rung directly below a "no" rung), or at the top after a "yes", or
 * at the bottom after a "no". Pure: the survey calls it after each answer.
 */
import { InputError } from "../inputError.ts";

export interface LadderAnswer {
  price: number;
  wouldBuy: boolean;
}

export type LadderStep =
  | { done: false; next: number }
  | {
      done: true;
      /** Highest price answered "would buy", null when none. */
      acceptancePrice: number | null;
    };

/** Next price to ask given the ladder (any order), the answers so far and the start rung index (in the ascending ladder). */
export function nextLadderPrice(
  ladder: readonly number[],
  answers: readonly LadderAnswer[],
  start: number,
): LadderStep {
  const rungs = [...new Set(ladder)].sort((a, b) => a - b);
  if (rungs.length === 0 || rungs.length !== ladder.length)
    throw new InputError("the ladder needs at least one price and no price twice");
  if (!Number.isInteger(start) || start < 0 || start >= rungs.length)
    throw new InputError(`start must be a rung index from 0 to ${rungs.length - 1} (got ${start})`);
  if (answers.length === 0) return { done: false, next: rungs[start] };
  const answered = new Map<number, boolean>();
  for (const a of answers) {
    if (!rungs.includes(a.price)) throw new InputError(`price ${a.price} is not on the ladder`);
    answered.set(a.price, a.wouldBuy);
  }
  const yesRungs = rungs.map((p, i) => (answered.get(p) === true ? i : -1)).filter((i) => i >= 0);
  const highestYes = yesRungs.length ? Math.max(...yesRungs) : -1;
  const accept = highestYes >= 0 ? rungs[highestYes] : null;
  // Bracketed: "no" at the rung just above the highest "yes"; or ends of the ladder reached.
  if (highestYes === rungs.length - 1) return { done: true, acceptancePrice: accept };
  if (highestYes >= 0 && answered.get(rungs[highestYes + 1]) === false) return { done: true, acceptancePrice: accept };
  if (highestYes < 0 && answered.get(rungs[0]) === false) return { done: true, acceptancePrice: null };
  const last = answers[answers.length - 1];
  const at = rungs.indexOf(last.price);
  let next = last.wouldBuy ? at + 1 : at - 1;
  // Skip rungs already asked (possible after an inconsistent answer) in the direction of travel.
  while (next >= 0 && next < rungs.length && answered.has(rungs[next])) next += last.wouldBuy ? 1 : -1;
  if (next < 0 || next >= rungs.length) return { done: true, acceptancePrice: accept };
  return { done: false, next: rungs[next] };
}
