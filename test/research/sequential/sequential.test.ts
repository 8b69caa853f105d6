import { describe, expect, it } from "vitest";
import { InputError } from "../../../research/inputError.ts";
import { createRng } from "../../../research/random.ts";
import {
  interimShareVerdict,
  interimVerdict,
  proportionScoreStatistic,
  sequentialDecision,
  tToZ,
} from "../../../research/sequential/interim.ts";
import { groupSequentialBoundaries, obrienFlemingSpending } from "../../../research/stats/groupSequential.ts";
import { normalQuantile, wilsonInterval } from "../../../research/stats/intervals.ts";

const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b)).toBeLessThan(tol);

describe("Lan–DeMets O'Brien–Fleming boundaries", () => {
  it("5 equally spaced looks at one-sided α = .025 match the published boundaries", () => {
    // gsDesign(k = 5, test.type = 1, alpha = .025, sfu = sfLDOF) / ldbounds: 4.877, 3.357, 2.680, 2.290, 2.031;
    // cumulative alpha at t = .2: 2 − 2Φ(2.241403/√.2) = 2 − 2Φ(5.0124) = 5.4·10⁻⁷ ≈ 0.0000
    const b = groupSequentialBoundaries([0.2, 0.4, 0.6, 0.8, 1], 0.025);
    const published = [4.877, 3.357, 2.68, 2.29, 2.031];
    b.forEach((x, i) => {
      close(x.z, published[i], 0.0015);
    });
    close(b[0].alphaSpent, 5.39e-7, 1e-8);
    expect(b[0].alphaSpent).toBeLessThan(0.00005);
    close(b[4].alphaSpent, 0.025, 1e-6);
    // Each look's spend equals the spending function's increment
    close(b[2].alphaSpent, obrienFlemingSpending(0.6, 0.025), 1e-6);
  });

  it("a single look at the target is the fixed-sample test: z = z_{1−α}", () => {
    close(groupSequentialBoundaries([1], 0.025)[0].z, normalQuantile(0.975), 1e-12);
  });

  it("boundaries fall with information and the final one exceeds the fixed-sample value", () => {
    const f = Array.from({ length: 30 }, (_, i) => (i + 1) / 30);
    const b = groupSequentialBoundaries(f, 0.025);
    for (let i = 1; i < b.length; i++) expect(b[i].z).toBeLessThanOrEqual(b[i - 1].z);
    expect(b[29].z).toBeGreaterThan(1.96);
    expect(b[29].z).toBeLessThan(2.2);
  });
});

describe("interim verdicts", () => {
  it("at the planned n with no earlier look the verdict is exactly the pre-registered Wilson rule", () => {
    const n = 120;
    for (let x = 0; x <= n; x++) {
      const r = interimShareVerdict([{ n, x }], 0.5, n, { confidence: 0.95 });
      const iv = wilsonInterval(x, n, 0.95)!;
      const pre = iv[0] >= 0.5 ? "validated" : iv[1] < 0.5 ? "invalidated" : "inconclusive";
      expect(r.verdict).toBe(pre);
    }
  });

  it("an early strong result validates; a middling one says keep going; the method is one sentence", () => {
    const strong = interimShareVerdict(
      [
        { n: 50, x: 30 },
        { n: 100, x: 80 },
      ],
      0.5,
      300,
    );
    // z at 100 = (80 − 50)/5 = 6 > boundary at t = 1/3
    expect(strong.verdict).toBe("validated");
    expect(strong.look).toBe(1);
    expect(strong.statistic).toBe(6);
    const mid = interimShareVerdict([{ n: 100, x: 60 }], 0.5, 300);
    // z = 2 would pass the fixed test (1.96) but not the boundary at t = 1/3 (3.71)
    expect(mid.statistic).toBe(2);
    expect(mid.verdict).toBe("keepGoing");
    expect(mid.boundary.validate).toBeGreaterThan(3.5);
    expect(mid.method).toMatch(
      /^Each look compares .* at most 2\.5%; at 300 respondents the same statistic meets the final boundary\.$/,
    );
    const low = interimShareVerdict([{ n: 150, x: 30 }], 0.5, 300);
    expect(low.verdict).toBe("invalidated");
  });

  it("after interim looks the final boundary is stricter, unless the pre-registered test is asked for", () => {
    // z = 1.965 at the target after a look at 150: the 2-look OBF boundaries (gsDesign k = 2, sfLDOF, α = .025)
    // are 2.963 and 1.969, the final one above the fixed 1.960
    const looks = [
      { n: 150, statistic: 0.5 },
      { n: 300, statistic: 1.965 },
    ];
    const seq = interimVerdict(looks, 300);
    close(seq.boundaries[0].z, 2.963, 0.001);
    close(seq.boundary.validate, 1.969, 0.001);
    expect(seq.verdict).toBe("inconclusive");
    const pre = interimVerdict(looks, 300, { finalLook: "preRegistered" });
    close(pre.boundary.validate, 1.959964, 1e-6);
    expect(pre.verdict).toBe("validated");
    expect(pre.method).toMatch(/at 300 respondents the pre-registered test decides\.$/);
    // A single look at the target says so
    expect(interimVerdict([{ n: 300, statistic: 1 }], 300).method).toMatch(
      /with no earlier look is the pre-registered test\.$/,
    );
  });

  it("optional futility stops a hopeless criterion but never validates more", () => {
    const looks = [{ n: 150, statistic: -0.5 }];
    expect(interimVerdict(looks, 300).verdict).toBe("keepGoing");
    const f = interimVerdict(looks, 300, { futilityConditionalPower: 0.1 });
    expect(f.verdict).toBe("futile");
    expect(f.conditionalPower!).toBeLessThan(0.1);
    expect(f.method).toMatch(/futility/);
  });

  it("t statistics are watched on the z scale with the same one-sided p-value", () => {
    // t = 2 on 10 df: one-sided p = 0.036694 → z = Φ⁻¹(1 − 0.036694) = 1.7904
    close(tToZ(2, 10), 1.7904, 1e-4);
    close(tToZ(1.959964, 1e6), 1.959964, 1e-4);
    close(tToZ(-2, 10), -1.7904, 1e-4);
  });

  it("bad histories are refused with a clear reason", () => {
    expect(() => interimVerdict([], 100)).toThrow(InputError);
    expect(() =>
      interimVerdict(
        [
          { n: 50, statistic: 1 },
          { n: 40, statistic: 1 },
        ],
        100,
      ),
    ).toThrow(/look 2: n must grow/);
  });
});

describe("simulation under the null: watching every 10 respondents", () => {
  it("keeps false validations at α₁ with the boundary, and inflates them without it", () => {
    const studies = 2000;
    const target = 300;
    const ns = Array.from({ length: 30 }, (_, i) => 10 * (i + 1));
    const boundaries = groupSequentialBoundaries(
      ns.map((n) => n / target),
      0.025,
    );
    const rng = createRng(2024);
    const naiveZ = normalQuantile(0.975);
    const preRegisteredFinal = boundaries.map((b) => (b.t < 1 ? b : { ...b, z: naiveZ }));
    let finalFixed = 0;
    let corrected = 0;
    let naive = 0;
    for (let s = 0; s < studies; s++) {
      let x = 0;
      let i = 0;
      const zs: number[] = [];
      for (const n of ns) {
        for (; i < n; i++) if (rng.next() < 0.5) x++;
        zs.push(proportionScoreStatistic(x, n, 0.5));
      }
      if (sequentialDecision(zs, boundaries).verdict === "validated") corrected++;
      if (zs.some((z) => z >= naiveZ)) naive++;
      if (sequentialDecision(zs, preRegisteredFinal).verdict === "validated") finalFixed++;
    }
    const se = Math.sqrt((0.025 * 0.975) / studies); // 0.0035
    const correctedRate = corrected / studies;
    const naiveRate = naive / studies;
    expect(correctedRate).toBeLessThanOrEqual(0.025 + 2 * se);
    // Repeated fixed tests at 30 looks: well above α₁ (theory for continuous data ≈ 0.09)
    expect(naiveRate).toBeGreaterThan(0.025 + 6 * se);
    // Deciding the final look with the fixed test instead sits in between (≈ 0.031 for continuous data)
    expect(finalFixed).toBeGreaterThanOrEqual(corrected);
    expect(finalFixed).toBeLessThan(naive);
  });
});
