import { describe, expect, it } from "vitest";
import { analyseVanWestendorp, type VwAnswer } from "../../../research/vanWestendorp/analyse.ts";
import { answerStatus, MISSING, NOT_ORDERED, VALID } from "../../../research/vanWestendorp/clean.ts";
import { shareNotTooExpensive } from "../../../research/vanWestendorp/curves.ts";

const answer = (
  tooCheap: number | null,
  cheap: number | null,
  expensive: number | null,
  tooExpensive: number | null,
): VwAnswer => ({ tooCheap, cheap, expensive, tooExpensive });

// Five valid respondents (A–E) and three invalid ones (F–H).
const DATA: VwAnswer[] = [
  answer(10, 20, 40, 55), // A
  answer(20, 30, 55, 70), // B
  answer(15, 25, 35, 60), // C
  answer(20, 40, 55, 80), // D
  answer(12, 22, 45, 65), // E
  answer(10, 10, 20, 30), // F: equal neighbours → not ordered
  answer(30, 20, 40, 50), // G: too cheap > cheap → not ordered (its 50 must not enter the grid)
  answer(10, null, 20, 30), // H: missing
];

// Valid answers:  too cheap 10,12,15,20,20 · cheap 20,22,25,30,40 · expensive 35,40,45,55,55 · too expensive 55,60,65,70,80
// Grid = distinct prices: 10 12 15 20 22 25 30 35 40 45 55 60 65 70 80
// Answers ≤ p (count of 5):
//   p        10 12 15 20 22 25 30 35 40 45 55 60 65 70 80
//   tooCheap  1  2  3  5  5  5  5  5  5  5  5  5  5  5  5
//   cheap     0  0  0  1  2  3  4  4  5  5  5  5  5  5  5
//   expensive 0  0  0  0  0  0  0  1  2  3  5  5  5  5  5
//   tooExp    0  0  0  0  0  0  0  0  0  0  1  2  3  4  5
// too cheap(p) = share > p = (5 − count)/5, cheap likewise; expensive, too expensive = count/5.
const PRICES = [10, 12, 15, 20, 22, 25, 30, 35, 40, 45, 55, 60, 65, 70, 80];
const TOO_CHEAP = [0.8, 0.6, 0.4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const CHEAP = [1, 1, 1, 0.8, 0.6, 0.4, 0.2, 0.2, 0, 0, 0, 0, 0, 0, 0];
const EXPENSIVE = [0, 0, 0, 0, 0, 0, 0, 0.2, 0.4, 0.6, 1, 1, 1, 1, 1];
const TOO_EXPENSIVE = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.2, 0.4, 0.6, 0.8, 1];

describe("Van Westendorp on a hand-checked data set", () => {
  const result = analyseVanWestendorp(DATA, { includeCurves: true });
  const block = result.overall;

  it("counts respondents and reasons for exclusion", () => {
    expect(block.n).toBe(8);
    expect(block.nValid).toBe(5);
    expect(block.invalid).toEqual({ notOrdered: 2, missing: 1 });
  });

  it("builds the curves on the grid of valid answers", () => {
    const c = block.curves!;
    expect(c.prices).toEqual(PRICES);
    const close = (actual: number[], expected: number[]) =>
      actual.forEach((v, k) => {
        expect(v).toBeCloseTo(expected[k], 12);
      });
    close(c.tooCheap, TOO_CHEAP);
    close(c.cheap, CHEAP);
    close(c.expensive, EXPENSIVE);
    close(c.tooExpensive, TOO_EXPENSIVE);
    close(
      c.notCheap,
      CHEAP.map((v) => 1 - v),
    );
    close(
      c.notExpensive,
      EXPENSIVE.map((v) => 1 - v),
    );
  });

  it("finds the lowest grid price where the rising curve reaches the falling one", () => {
    // PMC: not cheap vs too cheap: 15 → 0 < 0.4; 20 → 0.2 ≥ 0 ⇒ 20
    expect(block.pmc).toBe(20);
    // OPP: too expensive vs too cheap: 15 → 0 < 0.4; 20 → 0 ≥ 0 (both zero counts, R's convention) ⇒ 20
    expect(block.opp).toBe(20);
    // IPP: expensive vs cheap: 30 → 0 < 0.2; 35 → 0.2 ≥ 0.2 (tie counts) ⇒ 35
    expect(block.ipp).toBe(35);
    // PME: too expensive vs not expensive: 45 → 0 < 0.4; 55 → 0.2 ≥ 0 ⇒ 55
    expect(block.pme).toBe(55);
    expect(block.nms).toBeNull();
    expect(block.intervals).toBeNull();
    expect(result.segments).toEqual({});
    expect(result.comparisons).toEqual([]);
  });

  it("finds crossings on the 0.01 grid of linearly interpolated curves", () => {
    const interp = analyseVanWestendorp(DATA, { interpolate: true }).overall;
    // PMC between 15 and 20: not cheap 0 → 0.2, too cheap 0.4 → 0; with t = (x − 15)/5,
    // 0.2t ≥ 0.4 − 0.4t ⇔ t ≥ 2/3 ⇔ x ≥ 18.333…; fine grid 10 + 0.01k ⇒ 18.34 (18.33 gives t = 0.666 < 2/3).
    expect(interp.pmc).toBe(18.34);
    // PME between 45 and 55: too expensive 0 → 0.2, not expensive 0.4 → 0: 0.2t ≥ 0.4 − 0.4t ⇔ t ≥ 2/3 ⇔ x ≥ 51.666… ⇒ 51.67
    expect(interp.pme).toBe(51.67);
    // OPP between 15 and 20: too expensive 0, too cheap 0.4 → 0: meets only at t = 1 ⇒ 20
    expect(interp.opp).toBe(20);
    // IPP between 30 and 35: expensive 0 → 0.2, cheap 0.2 (flat): 0.2t ≥ 0.2 ⇔ t = 1 ⇒ 35
    expect(interp.ipp).toBe(35);
  });

  it("interpolates between lattice points when the grid is not on the 0.01 lattice", () => {
    // too cheap 0.5, 0.6, 1, 1.005; cheap 1.005, 1.005, 1.2, 1.3. Grid 0.5 0.6 1 1.005 1.2 1.3 2 3;
    // fine grid 0.5 + 0.01k (…, 1.00, 1.01, …) — 1.005 is not on it.
    // At 1: too cheap = 1/4 (1.005 > 1), not cheap = 0 ⇒ no. At 1.005: too cheap 0, not cheap 2/4 ⇒ plain PMC = 1.005.
    // Interpolated on [1, 1.005]: (2/4)t ≥ 1/4 − (1/4)t ⇔ t ≥ 1/3 ⇔ x ≥ 1.00167; the only fine point in the
    // segment, 1.00, fails, so the crossing is the next fine point, 1.01.
    const data = [answer(0.5, 1.005, 2, 3), answer(0.6, 1.005, 2, 3), answer(1.005, 1.2, 2, 3), answer(1, 1.3, 2, 3)];
    expect(analyseVanWestendorp(data).overall.pmc).toBe(1.005);
    expect(analyseVanWestendorp(data, { interpolate: true }).overall.pmc).toBe(1.01);
  });

  it("classifies single respondents", () => {
    expect(answerStatus(1, 2, 3, 4)).toBe(VALID);
    expect(answerStatus(1, 2, 2, 4)).toBe(NOT_ORDERED);
    expect(answerStatus(1, 1, 3, 4)).toBe(NOT_ORDERED);
    expect(answerStatus(1, 2, 3, 3)).toBe(NOT_ORDERED);
    expect(answerStatus(4, 3, 2, 1)).toBe(NOT_ORDERED);
    expect(answerStatus(NaN, 3, 2, 1)).toBe(MISSING); // missing wins over disorder
    expect(answerStatus(0, 1, 2, NaN)).toBe(MISSING);
    expect(answerStatus(0, 1, 2, 3)).toBe(VALID); // a price of 0 is allowed
  });

  it("shares not finding a price too expensive", () => {
    // valid too-expensive answers 55,60,65,70,80: > 60 are 65,70,80 ⇒ 3/5
    expect(shareNotTooExpensive(DATA, 60)).toBeCloseTo(0.6, 12);
    expect(shareNotTooExpensive(DATA, 55)).toBeCloseTo(0.8, 12);
    expect(shareNotTooExpensive(DATA, 80)).toBe(0);
    expect(shareNotTooExpensive([answer(1, 1, 2, 3)], 2)).toBeNull();
  });

  it("gives null blocks, not NaN, when nobody is valid", () => {
    const r = analyseVanWestendorp([answer(1, 1, 2, 3), answer(null, 1, 2, 3)]).overall;
    expect(r).toMatchObject({
      n: 2,
      nValid: 0,
      invalid: { notOrdered: 1, missing: 1 },
      pmc: null,
      opp: null,
      ipp: null,
      pme: null,
      nms: null,
      intervals: null,
    });
    expect(analyseVanWestendorp([]).overall.pmc).toBeNull();
  });

  it("rejects prices that are not finite and at least 0", () => {
    expect(() => analyseVanWestendorp([answer(-1, 2, 3, 4)])).toThrow(/respondent 1: tooCheap/);
    expect(() => analyseVanWestendorp([answer(1, 2, 3, 4), answer(1, 2, 3, Infinity)])).toThrow(
      /respondent 2: tooExpensive/,
    );
    expect(() => analyseVanWestendorp([{ ...answer(1, 2, 3, 4), piCheap: 6, piExpensive: 1 }])).toThrow(/piCheap/);
    expect(() => analyseVanWestendorp([{ ...answer(1, 2, 3, 4), weight: 0 }])).toThrow(/weight/);
  });
});
