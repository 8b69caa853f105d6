import { describe, expect, it } from "vitest";
import { analyseVanWestendorp, type VwAnswer } from "../../../research/vanWestendorp/analyse.ts";
import { argmaxPrice, calibratedProbability } from "../../../research/vanWestendorp/nms.ts";

const r = (
  tooCheap: number,
  cheap: number,
  expensive: number,
  tooExpensive: number,
  piCheap: number | null,
  piExpensive: number | null,
): VwAnswer => ({ tooCheap, cheap, expensive, tooExpensive, piCheap, piExpensive });

// Calibration 5→0.7, 4→0.5, 3→0.3. Grid: 10 15 20 30 40 45 50 60.
// R1 (10,20,40,50; pi 5,3): 0 at 10, 0.7 at 20, 0.3 at 40, 0 at 50 → 15: 0.35, 30: 0.5, 45: 0.15
// R2 (15,30,45,60; pi 4,4): 0 at 15, 0.5 at 30 and 45, 0 at 60 → 20: 0.5·5/15 = 1/6, 40: 0.5, 50: 0.5·10/15 = 1/3
// R3 (10,20,30,40; pi 5,3): 0, 0.7 at 20, 0.3 at 30, 0 at 40 → 15: 0.35
// Sum:   10: 0 | 15: 0.7 | 20: 0.7+1/6+0.7 | 30: 0.5+0.5+0.3 | 40: 0.3+0.5 | 45: 0.15+0.5 | 50: 1/3 | 60: 0
// Trial = sum/3; revenue = price · trial:
const PRICES = [10, 15, 20, 30, 40, 45, 50, 60];
const TRIAL = [0, 0.7 / 3, (1.4 + 1 / 6) / 3, 1.3 / 3, 0.8 / 3, 0.65 / 3, 1 / 9, 0];
const REVENUE = PRICES.map((p, k) => p * TRIAL[k]); // 0, 3.5, 10.44, 13, 10.67, 9.75, 5.56, 0
const DATA = [r(10, 20, 40, 50, 5, 3), r(15, 30, 45, 60, 4, 4), r(10, 20, 30, 40, 5, 3)];

describe("Newton–Miller–Smith extension", () => {
  it("computes trial and revenue curves and their optima by hand", () => {
    const nms = analyseVanWestendorp(DATA, { includeCurves: true }).overall.nms!;
    expect(nms.curve!.prices).toEqual(PRICES);
    nms.curve!.trial.forEach((v, k) => {
      expect(v).toBeCloseTo(TRIAL[k], 12);
    });
    nms.curve!.revenue.forEach((v, k) => {
      expect(v).toBeCloseTo(REVENUE[k], 10);
    });
    expect(nms.trialOptimal).toBe(20); // trial 0.522 at 20 beats 0.433 at 30
    expect(nms.revenueOptimal).toBe(30); // revenue 13 at 30 beats 10.67 at 40
  });

  it("leaves respondents without purchase intents out of NMS only", () => {
    // A fourth respondent without pi values moves the price points' grid but not the trial means.
    const extra = r(12, 25, 35, 48, null, null);
    const result = analyseVanWestendorp([...DATA, extra], { includeCurves: true }).overall;
    expect(result.nValid).toBe(4);
    const { prices, trial } = result.nms!.curve!;
    expect(prices).toEqual([10, 12, 15, 20, 25, 30, 35, 40, 45, 48, 50, 60]);
    expect(trial[prices.indexOf(20)]).toBeCloseTo(TRIAL[2], 12);
    // At 25 (not an anchor of R1–R3), probabilities are linear in price: R1 0.7 − 0.4·5/20 = 0.6,
    // R2 0.5·10/15 = 1/3, R3 0.7 − 0.4·5/10 = 0.5.
    expect(trial[prices.indexOf(25)]).toBeCloseTo((0.6 + 1 / 3 + 0.5) / 3, 12);
    // Trial at 25 is 1.433/3 = 0.478 < 0.522 at 20, so the optimum stays at 20.
    expect(result.nms!.trialOptimal).toBe(20);
  });

  it("is null without purchase-intent data", () => {
    expect(analyseVanWestendorp(DATA.map(({ piCheap, piExpensive, ...rest }) => rest)).overall.nms).toBeNull();
  });

  it("uses the configured calibration", () => {
    // Calibrating every intent to 1: R1 is 1 on [20, 40], R2 on [30, 45], R3 on [20, 30], falling to 0 at
    // too cheap / too expensive. Sums: 15: 0.5+0+0.5 = 1 | 20: 1+1/3+1 | 30: 3 | 40: 2 | 45: 0.5+1 | 50: 2/3.
    // Trial is 1 at 30 only ⇒ 30; revenue 30·1 = 30 beats 40·2/3 = 26.67 and 45·0.5 = 22.5 ⇒ 30.
    const nms = analyseVanWestendorp(DATA, { calibration: [1, 1, 1, 1, 1] }).overall.nms!;
    expect(nms.trialOptimal).toBe(30);
    expect(nms.revenueOptimal).toBe(30);
    expect(calibratedProbability(5)).toBe(0.7);
    expect(calibratedProbability(1)).toBe(0);
  });

  it("takes the lowest price on ties", () => {
    expect(argmaxPrice(new Float64Array([1, 2, 3]), new Float64Array([0.5, 0.7, 0.7]))).toBe(2);
  });
});
