/** The damped Newton iteration shared by the MaxDiff logit fits (logit.ts). */

type Vector = Float64Array<ArrayBuffer>;

/** Newton direction step = inv · gradient, with `inv` the P×P (row-major) inverse of the information matrix. */
export function newtonDirection(inv: Float64Array, P: number, gradient: (j: number) => number): Vector {
  const step = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    let s = 0;
    for (let j = 0; j < P; j++) s += inv[i * P + j] * gradient(j);
    step[i] = s;
  }
  return step;
}

/**
 * Step halving (backtracking line search with factor ½; Nocedal & Wright 2006, §3.1): tries λ = 1, ½, ¼, … (at most
 * 30) until the log-likelihood does not fall. `done` when the largest coordinate move is below `tolerance`, or the
 * gain is negligible (< 1e-12) with a move below 1e-6.
 */
export function halvingStep<T>(
  step: Vector,
  current: T,
  logLikelihood: (at: T) => number,
  tolerance: number,
  tryStep: (lambda: number) => { trial: Vector; next: T },
): { trial: Vector; next: T; done: boolean } {
  let lambda = 1;
  let attempt: { trial: Vector; next: T } = { trial: new Float64Array(0), next: current };
  for (let half = 0; half < 30; half++) {
    attempt = tryStep(lambda);
    if (logLikelihood(attempt.next) >= logLikelihood(current) - 1e-12) break;
    lambda /= 2;
  }
  let maxStep = 0;
  for (let i = 0; i < step.length; i++) maxStep = Math.max(maxStep, Math.abs(lambda * step[i]));
  const gain = logLikelihood(attempt.next) - logLikelihood(current);
  return { ...attempt, done: maxStep < tolerance || (gain >= 0 && gain < 1e-12 && maxStep < 1e-6) };
}
