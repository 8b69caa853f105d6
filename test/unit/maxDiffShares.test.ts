/**
 * The results page's MaxDiff section for an anchored study: the "Must-have share" column shows the
 * HB share of each segment valuing the item above the anchor with its interval, the HB convergence
 * warning appears when split R-hat exceeds 1.05, and segments below the Sawtooth/Displayr sample
 * guidance (n < 100 or item exposures < 500) are flagged.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { formatProportion } from "../../app/components/results/format.ts";
import { MaxDiffShares, sampleWarning } from "../../app/components/results/MaxDiffShares.tsx";
import { resultsView } from "../../app/results/view.server.ts";
import { analyseStudy } from "../../research/study.ts";
import { syntheticExport } from "../research/study/syntheticExport.ts";

const decode = (s: string) =>
  s
    .replace(/<[^>]+>/g, " ")
    .replace(/&gt;/g, ">")
    .replace(/\s+/g, " ");

describe("MaxDiff results section", () => {
  const doc = syntheticExport(7, undefined, { anchored: true });
  const result = analyseStudy(doc, { bootstrap: 0, hb: { iterations: 1000, seed: 2 } });
  const view = resultsView(doc, result, { segment: null, bundle: [], findBest: false });

  it("shows the must-have share with its interval per segment when the study is anchored", () => {
    const html = renderToStaticMarkup(createElement(MaxDiffShares, { view }));
    const hbTech = result.maxdiff!.hb!.segments.tech.items.find((x) => x.item === "SSO")!;
    const table = /<table aria-label="Must-have share, Tech">[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
    const row = /<tr><td>SSO<\/td>[\s\S]*?<\/tr>/.exec(table)?.[0] ?? "";
    const [lo, hi] = hbTech.aboveAnchorInterval!;
    expect(decode(row)).toContain(
      `SSO ${formatProportion(hbTech.aboveAnchorShare)} ${formatProportion(lo)}–${formatProportion(hi)}`,
    );
    expect(decode(html)).toContain("must-have share is the share of the segment valuing the feature above the anchor");
  });

  it("has no must-have column for a study that is not anchored", () => {
    const plainDoc = syntheticExport(7);
    const plain = resultsView(plainDoc, analyseStudy(plainDoc, { bootstrap: 0 }), {
      segment: null,
      bundle: [],
      findBest: false,
    });
    expect(renderToStaticMarkup(createElement(MaxDiffShares, { view: plain }))).not.toContain("Must-have share");
  });

  it("warns when HB has not converged", () => {
    const notConverged = { ...view, maxdiff: { ...view.maxdiff, convergence: { maxRhat: 1.1234, warning: "x" } } };
    const html = decode(renderToStaticMarkup(createElement(MaxDiffShares, { view: notConverged })));
    expect(html).toContain("HB has not converged (R-hat 1.12 > 1.05)");
    const converged = { ...view, maxdiff: { ...view.maxdiff, convergence: { maxRhat: 1.01, warning: null } } };
    expect(renderToStaticMarkup(createElement(MaxDiffShares, { view: converged }))).not.toContain("not converged");
  });

  it("flags segments below 100 respondents or 500 exposures per item", () => {
    // Synthetic tech segment: 50 invited, 46 completed × 6 tasks × 4 of 8 items ≈ 138 exposures per item.
    const tech = view.maxdiff.segments.tech!;
    expect(tech.respondents).toBeLessThan(100);
    const html = decode(renderToStaticMarkup(createElement(MaxDiffShares, { view })));
    expect(html).toContain(`Small sample: ${tech.respondents} respondents (fewer than 100)`);
    expect(sampleWarning({ respondents: 120, minExposures: 499 })).toMatch(/items shown only 499 times/);
    expect(sampleWarning({ respondents: 100, minExposures: 500 })).toBeNull();
  });
});
