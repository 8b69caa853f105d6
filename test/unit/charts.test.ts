import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SharesChart } from "../../app/components/charts/SharesChart.tsx";
import { ValueMapHeatmap } from "../../app/components/charts/ValueMapHeatmap.tsx";
import { VanWestendorpChart } from "../../app/components/charts/VanWestendorpChart.tsx";

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
    expect(html.match(/<path /g)?.length).toBe(4);
    for (const p of ["PMC", "OPP", "IPP", "PME"]) expect(html).toContain(`>${p}<`);
    expect(html).toContain("Acceptable range $15 to $35");
  });
  it("value map labels stacking features", () => {
    const html = renderToStaticMarkup(
      createElement(ValueMapHeatmap, {
        id: "vm",
        title: "Map",
        segments: ["a", "b"],
        segmentNames: { a: "A", b: XSS },
        features: [{ item: "SSO", shares: { a: 30, b: 2 }, label: "stacking", stacksIn: "a", concentration: 0.6 }],
      }),
    );
    expect(html).toContain("stacking (A)");
    expect(html).not.toContain(XSS);
  });
});
