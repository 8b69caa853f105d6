/**
 * The results page's Van Westendorp payload (app/components/charts/thinCurves.ts): thinned
 * and packed curves draw the same polyline and the same table as the full curves.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import {
  packCurves,
  PLOT_WIDTH,
  tableRows,
  unpackCurves,
  type VwCurves,
} from "../../app/components/charts/thinCurves.ts";
import { VanWestendorpChart } from "../../app/components/charts/VanWestendorpChart.tsx";
import { createRng } from "../../research/random.ts";

const SERIES = ["tooCheap", "notCheap", "notExpensive", "tooExpensive"] as const;

/** Cumulative curves of n unweighted respondents on the grid of their answers (as curveShares computes them). */
function curves(n: number, seed: number, spread = 100): VwCurves {
  const rng = createRng(seed);
  const answers = Array.from({ length: n }, () => {
    const a = Math.round(rng.next() * spread);
    return [
      a,
      a + 1 + Math.round(rng.next() * spread * 0.3),
      a + 2 + Math.round(rng.next() * spread * 0.6),
      a + 3 + Math.round(rng.next() * spread),
    ];
  });
  const prices = [...new Set(answers.flat())].sort((a, b) => a - b);
  const share = (k: number) => Math.min(1, Math.max(0, k / n));
  return {
    prices,
    tooCheap: prices.map((p) => share(answers.filter((x) => x[0] >= p).length)),
    notCheap: prices.map((p) => share(answers.filter((x) => x[1] <= p).length)),
    notExpensive: prices.map((p) => share(answers.filter((x) => x[2] >= p).length)),
    tooExpensive: prices.map((p) => share(answers.filter((x) => x[3] <= p).length)),
  };
}

/** The polyline through (xs, ys) evaluated at x. */
function at(xs: number[], ys: number[], x: number): number {
  let i = 0;
  while (i < xs.length - 2 && xs[i + 1] < x) i++;
  const t = (x - xs[i]) / (xs[i + 1] - xs[i]);
  return ys[i] + t * (ys[i + 1] - ys[i]);
}

const render = (c: VwCurves, table?: ReturnType<typeof tableRows>) =>
  renderToStaticMarkup(
    createElement(VanWestendorpChart, {
      id: "vw",
      title: "VW",
      curves: c,
      table,
      points: { pmc: 20, opp: 30, ipp: 40, pme: 60 },
      money: (x: number) => `$${x}`,
    }),
  );

describe("Van Westendorp curves payload", () => {
  it("keeps every drawn point on the thinned polyline and the table unchanged", () => {
    for (const [n, seed] of [
      [40, 1],
      [300, 2],
      [117, 3],
    ]) {
      const full = curves(n, seed);
      const packed = packCurves(full, n);
      expect(packed.total).toBe(n);
      for (const s of SERIES) for (const k of packed[s]) expect(Number.isInteger(k)).toBe(true);
      const { curves: thin, table } = unpackCurves(packed);
      expect(table).toEqual(tableRows(full));
      expect(thin.prices[0]).toBe(full.prices[0]);
      expect(thin.prices.at(-1)).toBe(full.prices.at(-1));
      for (const s of SERIES) {
        // kept points are bit-identical, dropped ones lie on the polyline
        thin.prices.forEach((p, k) => {
          expect(thin[s][k]).toBe(full[s][full.prices.indexOf(p)]);
        });
        full.prices.forEach((p, i) => {
          expect(Math.abs(at(thin.prices, thin[s], p) - full[s][i])).toBeLessThan(1e-12);
        });
      }
      // the same markup apart from the path data
      const strip = (h: string) => h.replace(/ d="[^"]*"/g, "");
      expect(strip(render(thin, table))).toBe(strip(render(full)));
    }
  });

  it("drops collinear points and caps a long grid at the plot's pixel columns", () => {
    const flat: VwCurves = {
      prices: [1, 2, 3, 4, 5],
      tooCheap: [1, 0.5, 0, 0, 0],
      notCheap: [0, 0, 0, 0.5, 1],
      notExpensive: [1, 1, 1, 1, 1],
      tooExpensive: [0, 0.25, 0.5, 0.75, 1],
    };
    const p = unpackCurves(packCurves(flat, 4)).curves;
    expect(p.prices).toEqual([1, 2, 3, 4, 5]); // every point bends some curve here
    // straight lines: only the table's rows are kept
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    const line: VwCurves = {
      prices: xs,
      tooCheap: xs.map((x) => (100 - x) / 100),
      notCheap: xs.map((x) => x / 100),
      notExpensive: xs.map(() => 1),
      tooExpensive: xs.map(() => 0),
    };
    expect(packCurves(line, 100).prices).toEqual(tableRows(line).map((r) => r.price));
    const long = curves(3000, 7, 5000);
    expect(long.prices.length).toBeGreaterThan(2 * PLOT_WIDTH);
    const packed = packCurves(long, 3000);
    expect(packed.prices.length).toBeLessThanOrEqual(2 * PLOT_WIDTH + 30);
    expect(unpackCurves(packed).table).toEqual(tableRows(long));
  });

  it("sends shares as they are when counts would not give them back exactly (weighted answers)", () => {
    const weighted: VwCurves = {
      prices: [1, 2, 3],
      tooCheap: [0.7133, 0.2, 0],
      notCheap: [0, 0.4, 1],
      notExpensive: [1, 0.6, 0.1],
      tooExpensive: [0, 0.3, 0.9],
    };
    const packed = packCurves(weighted, 10);
    expect(packed.total).toBeNull();
    expect(unpackCurves(packed).curves).toEqual(weighted);
  });
});
