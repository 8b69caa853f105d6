import { describe, expect, it } from "vitest";
import { analyseStudy } from "../../../research/study.ts";
import { syntheticExport } from "./syntheticExport.ts";

/**
 * Anchored (dual-response) MaxDiff through the study analysis: the synthetic export's anchor answers
 * compare each shown item's noisy utility with an anchor of true utility 0, so anchor-relative
 * utilities recover the sign of the true utilities (tech: SSO +2.0, API +1.6 above; Billing −1.0,
 * Templates −0.8 below) and the must-have share follows it.
 */
describe("analyseStudy with anchored MaxDiff", () => {
  const util = (block: { items: { item: string; utility: number | null }[] }, item: string) =>
    block.items.find((r) => r.item === item)?.utility ?? Number.NaN;

  it("is anchor-relative when the export carries anchors, zero-centred when it does not", () => {
    const plain = analyseStudy(syntheticExport(7), { bootstrap: 0 });
    expect(plain.maxdiff!.overall.anchored).toBe(false);
    const plainSum = plain.maxdiff!.overall.items.reduce((s, r) => s + (r.utility ?? 0), 0);
    expect(Math.abs(plainSum)).toBeLessThan(1e-9);

    const r = analyseStudy(syntheticExport(7, undefined, { anchored: true }), { bootstrap: 0 });
    const md = r.maxdiff!;
    expect(md.overall.anchored).toBe(true);
    const tech = md.segments.tech;
    expect(tech.anchored).toBe(true);
    expect(util(tech, "SSO")).toBeGreaterThan(0);
    expect(util(tech, "API")).toBeGreaterThan(0);
    expect(util(tech, "Billing")).toBeLessThan(0);
    expect(util(tech, "Templates")).toBeLessThan(0);
    // Anchor-relative utilities are not zero-centred.
    const sum = md.overall.items.reduce((s, x) => s + (x.utility ?? 0), 0);
    expect(Math.abs(sum)).toBeGreaterThan(0.1);
  });

  it("gives HB must-have shares with intervals that follow the true utilities", () => {
    const r = analyseStudy(syntheticExport(7, undefined, { anchored: true }), {
      bootstrap: 0,
      hb: { iterations: 2000, seed: 3 },
    });
    const hb = r.maxdiff!.hb!;
    expect(hb.anchored).toBe(true);
    const row = (item: string) => hb.segments.tech.items.find((x) => x.item === item)!;
    for (const item of ["SSO", "Billing"]) {
      const x = row(item);
      expect(x.aboveAnchorShare).not.toBeNull();
      const [lo, hi] = x.aboveAnchorInterval!;
      expect(lo).toBeLessThanOrEqual(x.aboveAnchorShare!);
      expect(hi).toBeGreaterThanOrEqual(x.aboveAnchorShare!);
    }
    expect(row("SSO").aboveAnchorShare!).toBeGreaterThan(0.7);
    expect(row("Billing").aboveAnchorShare!).toBeLessThan(0.3);
  });
});
