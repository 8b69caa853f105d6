import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SharesChart } from "../../app/components/charts/SharesChart.tsx";
import { ValueMapHeatmap } from "../../app/components/charts/ValueMapHeatmap.tsx";
import { placeMarkerLabels, VanWestendorpChart } from "../../app/components/charts/VanWestendorpChart.tsx";

const XSS = "<img src=x onerror=alert(1)>";

describe("server-rendered SVG charts", () => {
  it("shares chart: title, desc, whiskers and an escaped table alternative", () => {
    const html = renderToStaticMarkup(
      createElement(SharesChart, {
        id: "s",
        title: "Shares",
        rows: [
          { label: XSS, share: 40, interval: [35, 45] },
          { label: "B", share: 60, interval: null },
        ],
      }),
    );
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="s-t s-d"/);
    expect(html).toContain('<title id="s-t">Shares</title>');
    expect(html).toContain("<details>");
    expect(html).toContain("35.0–45.0%");
    expect(html).not.toContain(XSS);
    expect(html).not.toMatch(/<style/);
  });
  it("Van Westendorp chart draws four curves and the price points", () => {
    const curves = {
      prices: [10, 20, 30, 40],
      tooCheap: [1, 0.5, 0.1, 0],
      notCheap: [0, 0.4, 0.8, 1],
      notExpensive: [1, 0.9, 0.5, 0.1],
      tooExpensive: [0, 0.1, 0.4, 0.9],
    };
    const html = renderToStaticMarkup(
      createElement(VanWestendorpChart, {
        id: "vw",
        title: "VW",
        curves,
        points: { pmc: 15, opp: 20, ipp: 25, pme: 35 },
        money: (x: number) => `$${x}`,
      }),
    );
    // server render (no JavaScript): a 720 px copy and a phone copy (shown by CSS on narrow screens)
    const svgs = html.match(/<svg[^>]*role="img"[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(2);
    expect(svgs[0]).toMatch(/class="chart-svg chart-wide"[^>]*>/);
    expect(svgs[1]).toMatch(/<svg[^>]*width="280"[^>]*viewBox="0 0 280 [^>]*class="chart-svg chart-phone"/);
    expect(svgs[1]).toContain('id="vw-phone-t"');
    for (const svg of svgs) expect(svg.match(/<path /g)?.length).toBe(4);
    for (const [p, v] of [
      ["PMC", 15],
      ["OPP", 20],
      ["IPP", 25],
      ["PME", 35],
    ])
      expect(html).toContain(`>${p} $${v}<`);
    // every text is 12 px: the SVG is drawn at its own width (width attribute = viewBox width), not scaled
    expect(html.match(/font-size="(\d+)"/g)?.every((m) => m === 'font-size="12"')).toBe(true);
    expect(html).toMatch(/<svg[^>]*width="720"[^>]*viewBox="0 0 720 /);
    expect(html).toContain("Acceptable range $15 to $35");
  });
  it("puts close OPP and IPP labels on separate rows so they never overprint", () => {
    // OPP $38 and IPP $38 at the same x: the second goes to row 1; PMC and PME far apart stay on row 0.
    const placed = placeMarkerLabels(
      [
        { key: "pmc", x: 60, text: "PMC $24" },
        { key: "opp", x: 200, text: "OPP $38" },
        { key: "ipp", x: 201, text: "IPP $38" },
        { key: "pme", x: 380, text: "PME $60" },
      ],
      [52, 390],
    );
    const row = Object.fromEntries(placed.map((p) => [p.key, p.row]));
    expect(row).toEqual({ pmc: 0, opp: 0, ipp: 1, pme: 0 });
    // labels stay inside the plot: PMC's anchor moved right of x = 60 so its text starts at ≥ 52
    const pmc = placed.find((p) => p.key === "pmc")!;
    expect(pmc.anchorX - (7 * 12 * 0.62 + 6) / 2).toBeGreaterThanOrEqual(52 - 1e-9);
  });
  it("value map labels stacking features", () => {
    const html = renderToStaticMarkup(
      createElement(ValueMapHeatmap, {
        id: "vm",
        title: "Map",
        segments: ["a", "b"],
        segmentNames: { a: "A", b: XSS },
        features: [{ item: "SSO", shares: { a: 30, b: 2 }, label: "stacking", segment: "a" }],
      }),
    );
    expect(html).toContain("Stacks in A");
    expect(html).not.toContain(XSS);
  });
});
