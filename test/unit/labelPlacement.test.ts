/**
 * Label placement of the price/value map (app/components/charts/labelPlacement.ts): on a crowded map at phone
 * width no two labels overlap, none crosses the fair-value line or leaves the plot, and a lone label stays
 * beside its dot.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PriceValueChart } from "../../app/components/charts/PriceValueChart.tsx";
import { type Box, overlapArea, placeLabels, segmentHitsBox } from "../../app/components/charts/labelPlacement.ts";

// the price/value map's plot area at a 390 px phone (chart ≈ 342 px wide, 300 px high)
const PLOT: Box = { x: 64, y: 12, width: 262, height: 248 };
const FAIR = { x1: 64, y1: 250, x2: 326, y2: 20 };
const label = (cx: number, cy: number, width = 110) => ({ cx, cy, r: 5.5, width, height: 30 });

describe("price/value map label placement", () => {
  // six products within 30 px of each other, right on the fair-value line
  const crowded = [
    label(190, 140, 120),
    label(196, 132),
    label(202, 128),
    label(184, 150),
    label(208, 118),
    label(178, 156),
  ];

  it("the fixture is crowded: labels beside their dots would overlap and cross the line", () => {
    const naive = crowded.map((l) => ({ x: l.cx + 10, y: l.cy - l.height / 2, width: l.width, height: l.height }));
    expect(overlapArea(naive[0], naive[1])).toBeGreaterThan(0);
    expect(naive.some((b) => segmentHitsBox(FAIR, b))).toBe(true);
  });

  it("places every label without two label boxes overlapping, inside the plot, off the fair-value line", () => {
    const fixed: Box[] = [{ x: 230, y: 20, width: 90, height: 16 }]; // the "fair-value line" caption
    const placed = placeLabels(crowded, PLOT, { fixed, lines: [FAIR] });
    expect(placed).toHaveLength(crowded.length);
    for (let i = 0; i < placed.length; i++) {
      const b = placed[i].box;
      expect(b.x).toBeGreaterThanOrEqual(PLOT.x);
      expect(b.y).toBeGreaterThanOrEqual(PLOT.y);
      expect(b.x + b.width).toBeLessThanOrEqual(PLOT.x + PLOT.width);
      expect(b.y + b.height).toBeLessThanOrEqual(PLOT.y + PLOT.height);
      expect(segmentHitsBox(FAIR, b)).toBe(false);
      expect(overlapArea(b, fixed[0])).toBe(0);
      for (let j = 0; j < i; j++) expect(overlapArea(b, placed[j].box)).toBe(0);
    }
    // labels far from their dots get a leader line
    expect(placed.some((p) => p.moved)).toBe(true);
  });

  it("keeps a lone label beside its dot, text anchored at the box edge", () => {
    const [p] = placeLabels([label(250, 220, 60)], PLOT, { lines: [FAIR] });
    expect(p.anchor).toBe("start");
    expect(p.box.x).toBeCloseTo(250 + 5.5 + 4);
    expect(p.x).toBe(p.box.x);
    expect(p.moved).toBe(false);
  });

  it("detects a segment crossing a box and one passing by", () => {
    const b = { x: 0, y: 0, width: 10, height: 10 };
    expect(segmentHitsBox({ x1: -5, y1: 5, x2: 15, y2: 5 }, b)).toBe(true);
    expect(segmentHitsBox({ x1: -5, y1: 20, x2: 15, y2: 12 }, b)).toBe(false);
  });
});

describe("the price/value map at phone width", () => {
  it("draws every product's label at 12 px, with leader lines for labels moved off a crowded cluster", () => {
    const prod = (product: string, valueScore: number, price: number) => ({
      product,
      valueScore,
      price,
      fairPrice: price,
      position: "fair" as const,
    });
    const map = {
      reference: "line" as const,
      line: { intercept: -20, slope: 10 },
      band: { pmc: 25, pme: 60 },
      products: [
        prod("Planwise", 6.5, 45),
        prod("Boardly", 6.3, 42),
        prod("Spreadsheet", 6.6, 44),
        prod("Build it ourselves", 6.4, 46),
      ],
      ours: { sentence: "" },
    };
    const svg = renderToStaticMarkup(
      createElement(PriceValueChart, { id: "pv", title: "Map", map, ours: "Planwise", currency: "USD", width: 342 }),
    );
    for (const p of map.products) expect(svg).toContain(`data-product="${p.product}"`);
    const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
    expect(svg).toContain('stroke="#8a94a3"'); // a leader line
    expect(svg).toContain("$40"); // axis in the study currency
  });
});
