/**
 * The results page's Gabor–Granger section with a market mix: an "All respondents, weighted to the market mix" block
 * with the weighted demand, and no "Figures are unweighted." note; without a mix the note stays and no overall block.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { GaborGranger } from "../../app/components/results/GaborGranger.tsx";
import { resultsView } from "../../app/results/view.server.ts";
import { analyseStudy } from "../../research/study.ts";
import { ladderStudy } from "../research/gaborGranger/ladderStudy.ts";

const text = (s: string) =>
  s
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
const render = (market: boolean, segment: string | null = null) => {
  const doc = ladderStudy(market);
  const view = resultsView(doc, analyseStudy(doc, { bootstrap: 0 }), { segment, bundle: [], findBest: false });
  return renderToStaticMarkup(createElement(GaborGranger, { view }));
};

describe("Gabor–Granger section and the market mix", () => {
  it("shows the weighted overall block first and drops the 'unweighted' note", () => {
    const html = render(true);
    const all = /<div data-gg-segment="__all">[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
    expect(text(all)).toContain("All respondents, weighted to the market mix");
    // weighted demand 60% at $10 and 20% at $20, revenue $600 and $400 per 100 (hand-computed in ladderStudy.ts)
    expect(text(all)).toContain("$10 5 60.0%");
    expect(text(all)).toContain("$600");
    expect(text(all)).toContain("$20 5 20.0%");
    expect(text(all)).toContain("Revenue-maximising price: $10");
    expect(html.indexOf('data-gg-segment="__all"')).toBeLessThan(html.indexOf('data-gg-segment="tech"'));
    expect(text(html)).not.toContain("Figures are unweighted.");
    expect(text(html)).toContain("All respondents together are weighted to the market mix");
  });
  it("without a market mix keeps the note and shows the segment blocks only", () => {
    const html = render(false);
    expect(text(html)).toContain("Figures are unweighted.");
    expect(html).not.toContain('data-gg-segment="__all"');
  });
  it("shows only the picked segment's block", () => {
    const html = render(true, "tech");
    expect(html).not.toContain('data-gg-segment="__all"');
    expect(html).toContain('data-gg-segment="tech"');
  });
});
