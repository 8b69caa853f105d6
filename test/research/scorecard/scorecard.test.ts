import { describe, expect, it } from "vitest";
import { createRng } from "../../../research/random.ts";
import {
  analyseScorecard,
  evaluateLeadCriterion,
  gapLabel,
  pairedSampleSizeToSettle,
  parseRatingsCsv,
  parseWeightsJson,
  pricePosition,
  weightedValueScore,
  type PerformanceRating,
} from "../../../research/scorecard/index.ts";
import { leastSquaresLine, pairedTTest } from "../../../research/stats/paired.ts";
import { FIXTURE } from "./fixture.ts";

const close = (a: number | null | undefined, b: number, tol = 1e-6) => {
  expect(a).not.toBeNull();
  expect(Math.abs((a as number) - b)).toBeLessThan(tol);
};

const WEIGHTS = { segments: { tech: { A: 50, B: 30, C: 20 } }, overall: null, respondents: null };

describe("value scorecard on a hand-computed fixture", () => {
  const rows = parseRatingsCsv(FIXTURE).rows;
  const r = analyseScorecard(rows, WEIGHTS, {
    ours: "Us",
    ourPrice: 130,
    tolerance: 0.05,
    priceBands: { tech: { pmc: 100, pme: 150 } },
  });
  const tech = r.segments.tech;
  const product = (p: string) => tech.products.find((x) => x.product === p)!;

  it("driver means with t intervals, don't-knows counted apart", () => {
    // Us on A: 8, 9, 7, 6 → mean 7.5, sd √(5/3) = 1.290994; t(.975, 3) = 3.182446 → ±2.054260
    const a = product("Us").drivers.find((d) => d.driver === "A")!;
    expect(a.n).toBe(4);
    close(a.mean, 7.5);
    close(a.interval![0], 7.5 - 2.05426, 1e-5);
    close(a.interval![1], 7.5 + 2.05426, 1e-5);
    const c = product("Us").drivers.find((d) => d.driver === "C")!;
    expect(c).toMatchObject({ n: 3, dontKnow: 1 });
    expect(product("Us").drivers.find((d) => d.driver === "B")!.dontKnow).toBe(1);
  });

  it("weighted value scores Σ w·perf / Σ w over the drivers each respondent rated", () => {
    // Us: r1 .5·8+.3·6+.2·4 = 6.6; r2 (.5·9+.3·5)/.8 = 7.5; r3 3.5+2.1+1.0 = 6.6; r4 (.5·6+.2·6)/.7 = 6.0 → 6.675
    close(product("Us").valueScore, 6.675);
    // X: r1 3+2.1+.8 = 5.9; r2 2.5+1.8+1.2 = 5.5 → 5.7. Y: r3 3.5+2.7+1.6 = 7.8; r4 2.5+2.4+1.4 = 6.3 → 7.05
    close(product("X").valueScore, 5.7);
    close(product("Y").valueScore, 7.05);
    close(weightedValueScore({ A: 9, B: 5, C: null }, { A: 0.5, B: 0.3, C: 0.2 }), 7.5);
    expect(tech.weights).toEqual({ A: 0.5, B: 0.3, C: 0.2 });
    expect(product("X").price).toBe(110);
    expect(product("Y").price).toBe(160);
    expect(product("Us").price).toBe(130);
  });

  it("paired differences vs a competitor among respondents who rated both, Holm across drivers", () => {
    const vsX = tech.comparisons.find((c) => c.competitor === "X")!;
    expect(vsX.respondents).toBe(2);
    const a = vsX.drivers.find((d) => d.driver === "A")!;
    // diffs 2, 4: mean 3, sd √2, t = 3/(√2/√2) = 3, df 1, p = 1 − 2·atan(3)/π = 0.204833
    close(a.meanDifference, 3);
    close(a.statistic, 3);
    close(a.pValue, 1 - (2 * Math.atan(3)) / Math.PI, 1e-9);
    // B: diffs −1, −1 (no spread: no test); C: one pair → not a test; Holm over the one test leaves p unchanged
    expect(vsX.drivers.find((d) => d.driver === "B")!.pValue).toBeNull();
    expect(vsX.drivers.find((d) => d.driver === "C")!.n).toBe(1);
    close(a.pHolm, a.pValue!);
    expect(a.leader).toBeNull();
    // Relative value: r1 over A,B,C 6.6 − 5.9 = .7; r2 over A,B (C unknown for us) 7.5 − (2.5+1.8)/.8 = 2.125 → 1.4125
    close(vsX.valueScoreDifference, 1.4125);
  });

  it("fair-value line through the three products and each one's position", () => {
    // points (value, price): (6.675, 130), (5.7, 110), (7.05, 160); x̄ = 6.475, ȳ = 133.333
    // Sxy = .2·(−3.333) + (−.775)(−23.333) + .575·26.667 = 32.75; Sxx = .04 + .600625 + .330625 = .97125
    // slope = 33.719434, intercept = 133.333 − 33.719434·6.475 = −85.0
    const pv = tech.priceValue;
    expect(pv.reference).toBe("line");
    close(pv.line!.slope, 32.75 / 0.97125, 1e-9);
    close(pv.line!.intercept, -85, 1e-9);
    // Us: fair = −85 + 33.719434·6.675 = 140.0772; premium −7.2% → value advantage at ±5%
    const us = pv.products.find((p) => p.product === "Us")!;
    close(us.fairPrice, 140.07722, 1e-4);
    expect(us.position).toBe("valueAdvantage");
    // X: fair 107.20 (+2.6%) and Y: fair 152.72 (+4.8%) are fair
    expect(pv.products.find((p) => p.product === "X")!.position).toBe("fair");
    expect(pv.products.find((p) => p.product === "Y")!.position).toBe("fair");
    // Room within the band 100–150: [max(100, .95·140.077), min(150, 1.05·140.077)] = [133.07, 147.08]
    close(pv.ours.fairRangeInBand![0], 0.95 * 140.07722, 1e-3);
    close(pv.ours.fairRangeInBand![1], 1.05 * 140.07722, 1e-3);
    close(pv.ours.up, 1.05 * 140.07722 - 130, 1e-3);
    expect(pv.ours.sentence).toMatch(/our price 130 in tech could move between 133\.07 and 147\.08/);
  });

  it("prints the price sentence's amounts in the study currency (formatMoney)", () => {
    const eur = analyseScorecard(rows, WEIGHTS, {
      ours: "Us",
      ourPrice: 130,
      tolerance: 0.05,
      currency: "EUR",
      priceBands: { tech: { pmc: 100, pme: 150 } },
    }).segments.tech.priceValue.ours.sentence;
    expect(eur).toContain("our price €130 in tech could move between €133.07 and €147.08 (fair price €140.08");
    expect(eur).toContain("within the acceptable range €100–€150");
  });

  it("driver gaps vs the strongest competitor", () => {
    const g = Object.fromEntries(tech.driverGaps.map((x) => [x.driver, x]));
    // A: Y (mean 6) beats X (5.5); paired Us − Y: 0, 1 → gap .5; important (.5 ≥ 1/3), no significant lead → maintain
    expect(g.A).toMatchObject({ strongestCompetitor: "Y", important: true, label: "maintain" });
    close(g.A.gap, 0.5);
    close(g.A.priority, 0.25);
    // C: Y (7.5); paired 5−8, 6−7 → −2
    expect(g.C.strongestCompetitor).toBe("Y");
    close(g.C.gap, -2);
    expect(g.C.important).toBe(false);
    // B: vs X the two differences are both −1: nothing to test
    expect(g.B.reason).toBe(
      "B: 30% of importance, below an equal share; vs X (strongest) we are -1 points, too few or identical differences to test.",
    );
  });

  it("the band midpoint is the reference when fewer than 3 products are priced", () => {
    const r2 = analyseScorecard(
      rows.map((x) => ({ ...x, pricePaid: x.product === "Y" ? null : x.pricePaid })),
      WEIGHTS,
      { ours: "Us", ourPrice: 130, priceBands: { tech: { pmc: 100, pme: 150 } } },
    );
    const pv = r2.segments.tech.priceValue;
    expect(pv.reference).toBe("bandMidpoint");
    // v̄ = (6.675 + 5.7 + 7.05)/3 = 6.475; fair(Us) = 125·6.675/6.475 = 128.861 → 130 is fair at ±10%
    close(pv.products.find((p) => p.product === "Us")!.fairPrice, (125 * 6.675) / 6.475, 1e-9);
    expect(pv.products.find((p) => p.product === "Us")!.position).toBe("fair");
  });
});

describe("building blocks", () => {
  it("paired t test matches t.test(a, b, paired = TRUE)", () => {
    // t.test(c(5,7,6,9,8), c(4,5,6,6,5), paired=TRUE): d = 1,2,0,3,3, mean 1.8, var 6.8/4 = 1.7, se = √(1.7/5) = .583095,
    // t = 3.086975, df 4. The t(4) CDF in closed form, F(t) = ½ + ⅜·t/√(1+t²/4)·(1 − (t²/(1+t²/4))/12) = .981659,
    // gives p = 2(1 − F) = 0.036682
    const t = pairedTTest([1, 2, 0, 3, 3]);
    close(t.statistic, 3.0869745, 1e-6);
    close(t.pValue, 0.036682, 1e-6);
    close(t.pGreater, 0.036682 / 2, 1e-6);
    close(t.interval![0], 1.8 - 2.776445 * 0.583095, 1e-5);
  });

  it("least squares through three points and the labels", () => {
    // (1,2), (2,3), (3,7): slope = 5/2 = 2.5, intercept = 4 − 2.5·2 = −1
    expect(
      leastSquaresLine([
        { x: 1, y: 2 },
        { x: 2, y: 3 },
        { x: 3, y: 7 },
      ]),
    ).toEqual({ intercept: -1, slope: 2.5 });
    expect(pricePosition(89, 100, 0.1)).toBe("valueAdvantage");
    expect(pricePosition(110, 100, 0.1)).toBe("fair");
    expect(pricePosition(111, 100, 0.1)).toBe("valueDisadvantage");
    expect(gapLabel(true, "competitor")).toBe("invest");
    expect(gapLabel(true, "ours")).toBe("promote");
    expect(gapLabel(false, "ours")).toBe("overServed");
    expect(gapLabel(false, "competitor")).toBe("maintain");
    expect(gapLabel(true, null)).toBe("maintain");
  });

  it("per-respondent weights from HB utilities (probability-rescaled shares)", () => {
    const w = parseWeightsJson(
      JSON.stringify({
        method: "maxdiff",
        itemsPerTask: 3,
        overall: {
          items: [
            { item: "A", share: 50 },
            { item: "B", share: 50 },
          ],
        },
        segments: {},
        hb: { respondents: [{ respondent: "r1", segment: null, rlh: 0.5, utilities: { A: Math.log(2), B: 0 } }] },
      }),
    );
    // exp(u)/(exp(u) + k − 1): A 2/4 = .5, B 1/3 → shares 60, 40
    close(w.respondents!.r1.A, 60, 1e-9);
    close(w.respondents!.r1.B, 40, 1e-9);
  });
});

describe("lead criterion (in segment S we lead competitor X on driver Y)", () => {
  const rows = (diffs: number[], segment = "tech"): PerformanceRating[] =>
    diffs.flatMap((d, i) => [
      { respondent: `p${i}`, segment, product: "Us", driver: "Speed", rating: 5 + d, pricePaid: null },
      { respondent: `p${i}`, segment, product: "X", driver: "Speed", rating: 5, pricePaid: null },
    ]);

  it("validated, invalidated and inconclusive with the numbers", () => {
    // diffs 1,2 ×5: mean 1.5, sd √(10·.25/9) = .527046, t = 1.5/(.527046/√10) = 9.0 → lower bound > 0
    const v = evaluateLeadCriterion(
      { segment: "tech", competitor: "X", driver: "Speed" },
      rows([1, 2, 1, 2, 1, 2, 1, 2, 1, 2]),
      "Us",
      0.95,
    );
    expect(v.verdict).toBe("validated");
    close(v.evidence.statistic as number, 9, 1e-9);
    expect(v.rule).toBe("In tech we lead X on Speed");
    expect(v.explanation).toMatch(/^10 tech respondents rated both: we are \+1\.5 points vs X on Speed .* we lead\.$/);
    const inv = evaluateLeadCriterion(
      { segment: "tech", competitor: "X", driver: "Speed" },
      rows([-1, -2, -1, -2, -1, -2]),
      "Us",
      0.95,
    );
    expect(inv.verdict).toBe("invalidated");
    const mid = evaluateLeadCriterion(
      { segment: "tech", competitor: "X", driver: "Speed" },
      rows([1, -1, 2, 0, -1, 1]),
      "Us",
      0.95,
    );
    expect(mid.verdict).toBe("inconclusive");
    expect(mid.moreRespondentsNeeded!).toBeGreaterThan(0);
    // With the same mean and SD, n + more respondents would settle it, one fewer would not
    const t = pairedTTest([1, -1, 2, 0, -1, 1]);
    const target = pairedSampleSizeToSettle(t.meanDifference!, t.sd!, t.n, 0, 0.95)!;
    expect(target).toBe(6 + mid.moreRespondentsNeeded!);
    expect(
      evaluateLeadCriterion({ segment: "other", competitor: "X", driver: "Speed" }, rows([1, 2]), "Us", 0.95).verdict,
    ).toBe("inconclusive");
  });

  it("a margin raises the bar", () => {
    const r = rows([1, 2, 1, 2, 1, 2, 1, 2, 1, 2]);
    expect(
      evaluateLeadCriterion({ segment: "tech", competitor: "X", driver: "Speed", margin: 2 }, r, "Us", 0.95).verdict,
    ).toBe("invalidated");
  });
});

describe("simulation: the known leader on each driver is recovered", () => {
  it("recovers who leads, the invest / promote / over-served labels and the value ranking", () => {
    const drivers = ["D1", "D2", "D3", "D4", "D5"];
    const truth: Record<string, number[]> = {
      Us: [8, 5, 7, 6, 9],
      X: [6, 7, 7, 4, 6],
      Y: [7, 6, 5, 8, 6.5],
    };
    const weights = { D1: 35, D2: 25, D3: 20, D4: 12, D5: 8 };
    const rng = createRng(99);
    const rows: PerformanceRating[] = [];
    for (let i = 0; i < 400; i++) {
      const alt = i % 2 === 0 ? "X" : "Y";
      const halo = rng.normal(); // a respondent's general generosity, shared by both products
      for (const product of ["Us", alt]) {
        drivers.forEach((driver, d) => {
          const dk = rng.next() < 0.05;
          const v = Math.min(10, Math.max(0, Math.round(truth[product][d] + halo + 1.5 * rng.normal())));
          rows.push({ respondent: `s${i}`, segment: "smb", product, driver, rating: dk ? null : v, pricePaid: null });
        });
      }
    }
    const r = analyseScorecard(rows, { segments: { smb: weights }, overall: null, respondents: null }, { ours: "Us" });
    const smb = r.segments.smb;
    const leaders = (c: string) =>
      smb.comparisons.find((x) => x.competitor === c)!.drivers.map((d) => d.leader ?? "none");
    // Truth Us − X: +2, −2, 0, +2, +3; Us − Y: +1, −1, +2, −2, +2.5
    expect(leaders("X")).toEqual(["ours", "competitor", "none", "ours", "ours"]);
    expect(leaders("Y")).toEqual(["ours", "competitor", "ours", "competitor", "ours"]);
    const g = Object.fromEntries(smb.driverGaps.map((x) => [x.driver, x]));
    // Strongest competitor by mean: D1 Y (7), D2 X (7), D3 X (7), D4 Y (8), D5 Y (6.5)
    expect(drivers.map((d) => g[d].strongestCompetitor)).toEqual(["Y", "X", "X", "Y", "Y"]);
    // Importance .35, .25, .20 (= 1/5: important), .12, .08
    expect(drivers.map((d) => g[d].label)).toEqual(["promote", "invest", "maintain", "maintain", "overServed"]);
    // True value scores: Us .35·8+.25·5+.2·7+.12·6+.08·9 = 6.89; X 6.1; Y 6.41
    const v = Object.fromEntries(smb.products.map((p) => [p.product, p.valueScore!]));
    expect(v.Us).toBeGreaterThan(v.Y);
    expect(v.Y).toBeGreaterThan(v.X);
    close(v.Us, 6.89, 0.25);
  });
});

describe("per-respondent importance", () => {
  it("weights each respondent's score by their own shares when asked to", () => {
    const rows: PerformanceRating[] = [
      { respondent: "a", segment: "s", product: "Us", driver: "A", rating: 10, pricePaid: null },
      { respondent: "a", segment: "s", product: "Us", driver: "B", rating: 0, pricePaid: null },
      { respondent: "b", segment: "s", product: "Us", driver: "A", rating: 10, pricePaid: null },
      { respondent: "b", segment: "s", product: "Us", driver: "B", rating: 0, pricePaid: null },
    ];
    const weights = {
      segments: { s: { A: 1, B: 1 } },
      overall: null,
      respondents: { a: { A: 3, B: 1 }, b: { A: 1, B: 3 } },
    };
    // Segment weights: both score 5 (a zero-width interval). Own weights: a = 10·.75 = 7.5, b = 10·.25 = 2.5 → mean 5
    const seg = analyseScorecard(rows, weights, { ours: "Us" }).segments.s;
    close(seg.products[0].valueScore, 5);
    expect(seg.products[0].valueScoreInterval).toEqual([5, 5]);
    const own = analyseScorecard(rows, weights, { ours: "Us", weightsFrom: "respondent" }).segments.s;
    close(own.products[0].valueScore, 5);
    expect(own.weightsSource).toBe("respondent");
    expect(own.weightsFallback).toBe(0);
    // Block weights are the respondents' mean shares: A (.75 + .25)/2 = .5
    close(own.weights.A, 0.5);
    // sd of (7.5, 2.5) = 3.535534; t(.975, 1) = 12.706205 → half-width 12.706205·3.535534/√2 = 31.7655
    close(own.products[0].valueScoreInterval![1] - 5, 31.7655, 1e-3);
  });
});
