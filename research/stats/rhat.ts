/** MCMC convergence diagnostics. */

/**
 * Split-chain potential scale reduction factor R̂ (Gelman et al., Bayesian Data Analysis 3rd ed.,
 * §11.4): one chain of n draws is split into two halves of ⌊n/2⌋ (the middle draw dropped when n
 * is odd); W = mean within-half variance, B/n' = variance of the half means, var⁺ = (n'−1)/n'·W + B/n',
 * R̂ = √(var⁺/W). Null with fewer than 4 draws or W = 0.
 */
export function splitRhat(draws: ArrayLike<number>, stride = 1, offset = 0, length = draws.length): number | null {
  const half = Math.floor(length / 2);
  if (half < 2) return null;
  const at = (i: number) => draws[offset + i * stride];
  const stats = (from: number) => {
    let m = 0;
    for (let i = 0; i < half; i++) m += at(from + i);
    m /= half;
    let v = 0;
    for (let i = 0; i < half; i++) v += (at(from + i) - m) ** 2;
    return { m, v: v / (half - 1) };
  };
  const a = stats(0),
    b = stats(length - half);
  const W = (a.v + b.v) / 2;
  if (!(W > 0)) return null;
  const grand = (a.m + b.m) / 2;
  const Bn = (a.m - grand) ** 2 + (b.m - grand) ** 2; // B/n' = Σ(m_j − m̄)²/(2 − 1)
  const varPlus = ((half - 1) / half) * W + Bn;
  return Math.sqrt(varPlus / W);
}
