import jStat from "jstat";
import { describe, expect, it } from "vitest";
import {
  binomialCoefficient,
  choleskySemidefinite,
  forEachCombination,
  holmAdjust,
  mean,
  normalizedHerfindahl,
  sampleVariance,
  tInterval,
  twoProportionChiSquare,
  welchTTest,
  wilsonInterval,
} from "../../../research/stats/index.ts";

const close = (a: number, b: number, tol = 1e-6) => expect(Math.abs(a - b)).toBeLessThan(tol);

describe("wilsonInterval", () => {
  it("x=53, n=80 at 95% matches prop.test(53, 80, correct=FALSE)", () => {
    // By hand: p̂ = .6625, z = 1.959964, z²/n = .0480182
    // centre = (.6625 + .0240091)/1.0480182 = .655054; half = 1.959964/1.0480182 · √(.0027949 + .00015006) = .101490
    // → [0.553564, 0.756544]
    const [lo, hi] = wilsonInterval(53, 80)!;
    close(lo, 0.5535643, 1e-6);
    close(hi, 0.7565437, 1e-6);
  });

  it("endpoints solve the score equation (p̂ − π)² = z² π(1 − π)/n (independent check)", () => {
    for (const [x, n, conf] of [
      [53, 80, 0.95],
      [3, 10, 0.9],
      [0, 25, 0.95],
      [40, 40, 0.99],
      [7, 1000, 0.8],
    ]) {
      const z = jStat.normal.inv(1 - (1 - conf) / 2, 0, 1);
      const p = x / n;
      for (const pi of wilsonInterval(x, n, conf)!) {
        close((p - pi) ** 2, (z * z * pi * (1 - pi)) / n, 1e-12);
      }
    }
  });

  it("is null for n = 0 and stays in [0, 1]", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    const [lo, hi] = wilsonInterval(0, 5)!;
    expect(lo).toBe(0);
    expect(hi).toBeLessThan(1);
  });
});

describe("twoProportionChiSquare", () => {
  it("prop.test(c(15,25), c(50,50), correct=FALSE): X² = 25/6 = 4.1667, p = 0.04123", () => {
    const r = twoProportionChiSquare(15, 50, 25, 50);
    close(r.statistic!, 25 / 6, 1e-9);
    close(r.pValue!, 0.0412268, 1e-6);
  });

  it("equals the squared pooled two-proportion z and its two-sided normal p-value", () => {
    const [x1, n1, x2, n2] = [53, 80, 31, 75];
    const p = (x1 + x2) / (n1 + n2);
    const z = (x1 / n1 - x2 / n2) / Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
    const r = twoProportionChiSquare(x1, n1, x2, n2);
    close(r.statistic!, z * z, 1e-9);
    close(r.pValue!, 2 * (1 - jStat.normal.cdf(Math.abs(z), 0, 1)), 1e-9);
  });

  it("is null when undefined (empty group or pooled share 0 or 1)", () => {
    expect(twoProportionChiSquare(0, 10, 0, 12).statistic).toBeNull();
    expect(twoProportionChiSquare(3, 0, 2, 5).pValue).toBeNull();
  });
});

describe("tInterval", () => {
  it("t.test(c(2,4,4,4,5,5,7,9)) gives [3.212512, 6.787488]", () => {
    // mean 5, s = √(32/7) = 2.138090, se = .755929, t(.975, 7) = 2.364624 → 5 ± 2.364624·.755929 = 5 ± 1.787488
    const [lo, hi] = tInterval([2, 4, 4, 4, 5, 5, 7, 9])!;
    close(lo, 3.212512, 1e-6);
    close(hi, 6.787488, 1e-6);
  });
  it("is null for n < 2", () => {
    expect(tInterval([3])).toBeNull();
  });
});

describe("descriptive", () => {
  it("mean and sample variance", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    close(sampleVariance([2, 4, 4, 4, 5, 5, 7, 9])!, 32 / 7, 1e-12);
    expect(mean([])).toBeNull();
  });
});

describe("welchTTest", () => {
  it("matches the Welch formula and jstat", () => {
    // a: mean 5, var 4, n 10; b: mean 3, var 9, n 20 → se² = .4 + .45 = .85, t = 2/√.85 = 2.169305
    // df = .85² / (.4²/9 + .45²/19) = .7225 / (.0177778 + .0106579) = 25.40862
    const r = welchTTest({ mean: 5, variance: 4, n: 10 }, { mean: 3, variance: 9, n: 20 });
    close(r.statistic!, 2 / Math.sqrt(0.85), 1e-9);
    close(r.df!, 0.7225 / (0.16 / 9 + 0.2025 / 19), 1e-9);
    close(r.pValue!, 2 * (1 - jStat.studentt.cdf(2 / Math.sqrt(0.85), r.df)), 1e-12);
    expect(r.pValue!).toBeGreaterThan(0.03);
    expect(r.pValue!).toBeLessThan(0.05);
  });
});

describe("holmAdjust", () => {
  it("p = .01, .04, .03, .005 → p.adjust(p, 'holm') = .03, .06, .06, .02", () => {
    // sorted: .005·4 = .02; .01·3 = .03; .03·2 = .06; .04·1 = .04 → running max .06
    const adj = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((v, i) => {
      close(adj[i]!, v, 1e-12);
    });
  });
  it("caps at 1 and skips nulls", () => {
    expect(holmAdjust([0.5, null, 0.6])).toEqual([1, null, 1]);
  });
});

describe("normalizedHerfindahl", () => {
  it("is 0 for equal shares and 1 for all in one group", () => {
    close(normalizedHerfindahl([10, 10, 10, 10])!, 0, 1e-12);
    close(normalizedHerfindahl([0, 25, 0])!, 1, 1e-12);
    // two groups .75/.25: H = .625 → (.625 − .5)/.5 = .25
    close(normalizedHerfindahl([3, 1])!, 0.25, 1e-12);
    expect(normalizedHerfindahl([5])).toBeNull();
  });
});

describe("choleskySemidefinite", () => {
  it("factors a rank-deficient zero-centred covariance", () => {
    // Σ = [[2,-1,-1],[-1,2,-1],[-1,-1,2]] (rows sum to 0, rank 2)
    const S = [
      [2, -1, -1],
      [-1, 2, -1],
      [-1, -1, 2],
    ];
    const L = choleskySemidefinite(S);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let p = 0; p < 3; p++) s += L[i][p] * L[j][p];
        close(s, S[i][j], 1e-9);
      }
  });
});

describe("combinatorics", () => {
  it("C(n,k) and enumeration agree", () => {
    expect(binomialCoefficient(10, 3)).toBe(120);
    expect(binomialCoefficient(30, 5)).toBe(142506);
    let count = 0;
    forEachCombination(10, 3, () => count++);
    expect(count).toBe(120);
  });
});
