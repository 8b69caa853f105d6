/**
 * The study's price book: the simulator's value rule joined with each respondent's own Van Westendorp
 * answers. What a PMM reads from it: one package and price per segment, inside that segment's
 * acceptable range; a one-price-book alternative whose tiers rise in price and content; which wins.
 */
import { describe, expect, it } from "vitest";
import { analyseStudy } from "../../../research/study.ts";
import { syntheticExport } from "./syntheticExport.ts";

describe("study price book", () => {
  const result = analyseStudy(syntheticExport());
  const pb = result.priceBook!;

  it("prices every segment's package inside that segment's acceptable range", () => {
    expect(pb).not.toBeNull();
    for (const [segment, opt] of Object.entries(pb.segments)) {
      const band = result.vanWestendorp!.segments[segment];
      expect(opt.price).not.toBeNull();
      expect(opt.price!).toBeGreaterThanOrEqual(Math.min(band.pmc!, band.pme!) - 1e-9);
      expect(opt.price!).toBeLessThanOrEqual(Math.max(band.pmc!, band.pme!) + 1e-9);
      expect(opt.package.length).toBeGreaterThan(0);
      expect(opt.package.length).toBeLessThanOrEqual(result.simulator!.bundleSize);
    }
  });

  it("offers the features each segment values: the tech package holds SSO, the real-estate one Reports", () => {
    // syntheticExport's true utilities: tech's top features are SSO and API, real estate's Reports and Mobile app.
    expect(pb.segments.tech.package).toContain("SSO");
    expect(pb.segments.real_estate.package).toContain("Reports");
  });

  it("builds one price book whose tiers rise in price and nest in content, and says which proposal wins", () => {
    const tiers = pb.one!.tiers;
    expect(tiers.length).toBe(3);
    for (let k = 1; k < tiers.length; k++) {
      expect(tiers[k].price).toBeGreaterThan(tiers[k - 1].price);
      for (const item of tiers[k - 1].package) expect(tiers[k].package).toContain(item);
    }
    for (const t of tiers) {
      const band = result.vanWestendorp!.segments[t.segment];
      expect(t.price).toBeGreaterThanOrEqual(band.pmc! - 1e-9);
      expect(t.price).toBeLessThanOrEqual(band.pme! + 1e-9);
    }
    expect(["one", "multi", "tie"]).toContain(pb.winner);
    expect(pb.sentence.length).toBeGreaterThan(20);
  });

  it("is absent when no respondent answered the price questions", () => {
    const doc = syntheticExport();
    for (const r of doc.respondents) r.price = null;
    expect(analyseStudy(doc).priceBook).toBeNull();
  });
});
