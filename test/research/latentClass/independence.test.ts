import { describe, expect, it } from "vitest";
import { chiSquareIndependence, cramersV, fisherExactGreater } from "../../../research/stats/index.ts";

describe("chiSquareIndependence (Pearson, no continuity correction)", () => {
  it("matches R's chisq.test example (party identification by gender, Agresti 2007 Table 2.5)", () => {
    // R: M <- as.table(rbind(c(762, 327, 468), c(484, 239, 477))); chisq.test(M)
    //    X-squared = 30.07, df = 2, p-value = 2.954e-07
    // By hand: n = 2757, row totals 1557 / 1200, column totals 1246 / 566 / 945;
    // E = 703.67 319.65 533.68 / 542.33 246.35 411.32;
    // X² = Σ (O − E)²/E = 4.835 + 0.169 + 8.084 + 6.273 + 0.220 + 10.489 = 30.0701;
    // df = 2 → p = exp(−X²/2) = 2.9536e-7.
    const t = chiSquareIndependence([
      [762, 327, 468],
      [484, 239, 477],
    ]);
    expect(t.statistic).toBeCloseTo(30.070149, 5);
    expect(t.df).toBe(2);
    expect(t.pValue).toBeCloseTo(2.953589e-7, 11);
    expect(t.n).toBe(2757);
  });

  it("3 × 3 by hand: X² = 18.098, df = 4, p = e^(−X²/2)(1 + X²/2) = 0.0011808", () => {
    // rows 20 / 20 / 20, columns 17 / 18 / 25, n = 60; E_ij = row × column / 60.
    const table = [
      [10, 5, 5],
      [5, 10, 5],
      [2, 3, 15],
    ];
    const t = chiSquareIndependence(table);
    expect(t.statistic).toBeCloseTo(18.0980392, 6);
    expect(t.df).toBe(4);
    expect(t.pValue).toBeCloseTo(0.00118082193, 9);
    // Cramér's V = √(18.098 / (60 · 2)) = 0.38835
    expect(cramersV(table)).toBeCloseTo(0.3883516, 6);
  });

  it("Cramér's V of the party table is √(30.070 / 2757) = 0.10444; 0 for independence, 1 for a perfect match", () => {
    expect(
      cramersV([
        [762, 327, 468],
        [484, 239, 477],
      ]),
    ).toBeCloseTo(0.1044358, 6);
    expect(
      cramersV([
        [10, 20],
        [5, 10],
      ]),
    ).toBeCloseTo(0, 12);
    expect(
      cramersV([
        [7, 0, 0],
        [0, 4, 0],
        [0, 0, 9],
      ]),
    ).toBeCloseTo(1, 12);
  });

  it("drops empty rows and columns, and gives nulls when fewer than two remain", () => {
    const withEmpty = chiSquareIndependence([
      [10, 0, 5],
      [0, 0, 0],
      [5, 0, 10],
    ]);
    const without = chiSquareIndependence([
      [10, 5],
      [5, 10],
    ]);
    expect(withEmpty.statistic).toBeCloseTo(without.statistic ?? Number.NaN, 12);
    expect(withEmpty.df).toBe(1);
    const one = chiSquareIndependence([[3, 4, 5]]);
    expect(one).toMatchObject({ statistic: null, df: null, pValue: null });
    expect(cramersV([[3, 4, 5]])).toBeNull();
  });
});

describe("fisherExactGreater", () => {
  it("matches R's tea-tasting example: fisher.test(matrix(c(3,1,1,3),2), alternative='greater') p = 0.2429", () => {
    // P(X ≥ 3) = [C(4,3)C(4,1) + C(4,4)C(4,0)] / C(8,4) = 17/70
    expect(fisherExactGreater(3, 4, 4, 8)).toBeCloseTo(17 / 70, 12);
  });

  it("sums the hypergeometric upper tail: 8 of a class of 10 from 12 marked in 30 → p = 0.0026547", () => {
    // Σ_{x=8..10} C(12,x) C(18,10−x) / C(30,10) = (495·153 + 220·18 + 66·1) / 30045015 = 0.00265472
    expect(fisherExactGreater(8, 10, 12, 30)).toBeCloseTo(0.0026547166, 9);
    expect(fisherExactGreater(0, 10, 12, 30)).toBe(1);
    expect(fisherExactGreater(11, 10, 12, 30)).toBe(0);
  });
});
