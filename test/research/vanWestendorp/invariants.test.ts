import { describe, expect, it } from "vitest";
import { analyseVanWestendorp, type VwAnswer } from "../../../research/vanWestendorp/analyse.ts";
import { classifyRespondents, toColumns } from "../../../research/vanWestendorp/clean.ts";
import { buildPriceGrid } from "../../../research/vanWestendorp/grid.ts";
import { syntheticAnswers } from "../../../research/vanWestendorp/synthetic.ts";

describe("invariants on simulated data", () => {
  for (const seed of [1, 2, 3]) {
    for (const interpolate of [false, true]) {
      it(`curves are monotone and PMC ≤ OPP, IPP ≤ PME (seed ${seed}, interpolate ${interpolate})`, () => {
        const result = analyseVanWestendorp(syntheticAnswers(2000, seed, { purchaseIntent: false }), {
          includeCurves: true,
          interpolate,
        });
        for (const block of [result.overall, ...Object.values(result.segments)]) {
          const c = block.curves!;
          for (let k = 1; k < c.prices.length; k++) {
            expect(c.prices[k]).toBeGreaterThan(c.prices[k - 1]);
            expect(c.tooCheap[k]).toBeLessThanOrEqual(c.tooCheap[k - 1]);
            expect(c.cheap[k]).toBeLessThanOrEqual(c.cheap[k - 1]);
            expect(c.expensive[k]).toBeGreaterThanOrEqual(c.expensive[k - 1]);
            expect(c.tooExpensive[k]).toBeGreaterThanOrEqual(c.tooExpensive[k - 1]);
          }
          // Everyone's answers lie on the grid: the rising curves end at 1, the falling at 0.
          expect(c.tooExpensive.at(-1)).toBe(1);
          expect(c.cheap.at(-1)).toBe(0);
          const { pmc, opp, ipp, pme } = block;
          expect(pmc!).toBeLessThanOrEqual(opp!);
          expect(opp!).toBeLessThanOrEqual(pme!);
          expect(pmc!).toBeLessThanOrEqual(ipp!);
          expect(ipp!).toBeLessThanOrEqual(pme!);
          expect(block.n).toBe(block.nValid + block.invalid.missing + block.invalid.notOrdered);
        }
      });
    }
  }

  it("puts segments where their simulated centres are", () => {
    const result = analyseVanWestendorp(
      syntheticAnswers(6000, 4, { segments: { low: 20, high: 80 }, purchaseIntent: false }),
    );
    expect(result.segments.low.ipp!).toBeLessThan(result.segments.high.ipp!);
    expect(result.overall.n).toBe(result.segments.low.n + result.segments.high.n);
  });

  it("finds the same grid by counting keys and by sorting", () => {
    const check = (answers: VwAnswer[]) => {
      const cols = toColumns(answers);
      const status = classifyRespondents(cols);
      const qs = [cols.tooCheap, cols.cheap, cols.expensive, cols.tooExpensive];
      const keyed = buildPriceGrid(qs, status),
        sorted = buildPriceGrid(qs, status, { forceSort: true });
      expect(Array.from(keyed.prices)).toEqual(Array.from(sorted.prices));
      for (let q = 0; q < 4; q++) expect(Array.from(keyed.index[q])).toEqual(Array.from(sorted.index[q]));
      for (let k = 1; k < sorted.prices.length; k++) expect(sorted.prices[k]).toBeGreaterThan(sorted.prices[k - 1]);
    };
    const whole = syntheticAnswers(500, 8);
    check(whole);
    // Cents (0.1 + 0.2 style values must map back to the same doubles).
    check(
      whole.map((a) => ({
        ...a,
        tooCheap: a.tooCheap === null ? null : a.tooCheap + 0.1,
        cheap: a.cheap === null ? null : a.cheap + 0.29,
      })),
    );
    // Tenths of a cent and 1/10,000ths (keyed at a finer scale), and arbitrary decimals (sorted).
    check(
      whole.map((a) => ({
        ...a,
        cheap: a.cheap === null ? null : a.cheap + 0.001,
        expensive: a.expensive === null ? null : a.expensive + 0.0007,
      })),
    );
    check(whole.map((a) => ({ ...a, cheap: a.cheap === null ? null : a.cheap + Math.SQRT2 / 1000 })));
  });
});

describe("weights", () => {
  it("integer weights equal duplicated rows", () => {
    const base = syntheticAnswers(120, 21);
    const weights = base.map((_, i) => 1 + (i % 3));
    const weighted = base.map((a, i) => ({ ...a, weight: weights[i] }));
    const duplicated = base.flatMap((a, i) => Array.from({ length: weights[i] }, () => a));
    const opts = { includeCurves: true } as const;
    for (const interpolate of [false, true]) {
      const w = analyseVanWestendorp(weighted, { ...opts, interpolate });
      const d = analyseVanWestendorp(duplicated, { ...opts, interpolate });
      for (const name of ["overall", ...Object.keys(d.segments)]) {
        const bw = name === "overall" ? w.overall : w.segments[name];
        const bd = name === "overall" ? d.overall : d.segments[name];
        expect([bw.pmc, bw.opp, bw.ipp, bw.pme]).toEqual([bd.pmc, bd.opp, bd.ipp, bd.pme]);
        expect(bw.nms!.trialOptimal).toBe(bd.nms!.trialOptimal);
        expect(bw.nms!.revenueOptimal).toBe(bd.nms!.revenueOptimal);
        expect(bw.curves!.prices).toEqual(bd.curves!.prices);
        bw.curves!.cheap.forEach((v, k) => {
          expect(v).toBeCloseTo(bd.curves!.cheap[k], 12);
        });
        bw.nms!.curve!.trial.forEach((v, k) => {
          expect(v).toBeCloseTo(bd.nms!.curve!.trial[k], 12);
        });
      }
    }
  });

  it("weights shares: one respondent of weight 3 against one of weight 1", () => {
    // A (1,2,3,4) weight 3, B (5,6,7,8) weight 1. too cheap(1) = share of too-cheap answers > 1 = B's 1/4.
    const result = analyseVanWestendorp(
      [
        { tooCheap: 1, cheap: 2, expensive: 3, tooExpensive: 4, weight: 3 },
        { tooCheap: 5, cheap: 6, expensive: 7, tooExpensive: 8 },
      ],
      { includeCurves: true },
    );
    expect(result.overall.curves!.tooCheap[0]).toBeCloseTo(0.25, 12);
    // IPP: expensive vs cheap. At 3: expensive 3/4 (A), cheap 1/4 (B's 6 > 3) ⇒ 3 (at 2: expensive 0 < cheap 1/4).
    expect(result.overall.ipp).toBe(3);
  });
});
