/**
 * The scorecard inside analyseStudy (issue 20): competitor ratings in the study export are
 * weighted by the segment's MaxDiff shares; the "lead" criterion of a pre-registered hypothesis
 * is decided by the paired test on the same ratings; bad references exit with the field named.
 */
import { describe, expect, it } from "vitest";
import { createRng } from "../../../research/random.ts";
import { analyseScorecard } from "../../../research/scorecard/analyse.ts";
import { scorecardRows, studyWeights } from "../../../research/scorecard/fromStudy.ts";
import { analyseStudy } from "../../../research/study.ts";
import type { StudyExport } from "../../../research/studyExport.ts";
import { validateRule } from "../../../research/hypotheses/validateRule.ts";
import { syntheticExport } from "../study/syntheticExport.ts";

const DRIVERS = ["SSO", "API", "Reports"];
/** True means: ours leads Rival on SSO in tech by 2 points, trails on Reports by 2, ties on API. */
const TRUTH: Record<string, Record<string, number>> = {
  ours: { SSO: 8, API: 6, Reports: 4 },
  Rival: { SSO: 6, API: 6, Reports: 6 },
};

function withCompetitors(criteria: unknown[] = []): StudyExport {
  const doc = syntheticExport();
  const rng = createRng(3);
  doc.competitors = {
    ours: "ours",
    ourPrice: 50,
    drivers: DRIVERS,
    alternatives: [{ name: "Rival", listPrice: 40, segments: [] }],
  };
  doc.respondents = doc.respondents.map((r) => ({
    ...r,
    competitor: {
      alternative: "Rival",
      pricePaid: null,
      ratings: ["ours", "Rival"].flatMap((product) =>
        DRIVERS.map((driver) => ({
          product,
          driver,
          rating: Math.min(10, Math.max(0, Math.round(TRUTH[product][driver] + rng.normal()))),
        })),
      ),
    },
  }));
  doc.hypotheses[0].rule = { confidence: 0.95, criteria: criteria as never[] };
  return doc;
}

describe("the value scorecard in the study analysis", () => {
  it("weights the export's ratings with the segment's MaxDiff shares, equal to the research function", () => {
    const doc = withCompetitors();
    const r = analyseStudy(doc, { bootstrap: 0 });
    const sc = r.scorecard!;
    expect(sc.weightsFrom).toBe("aggregate");
    const direct = analyseScorecard(scorecardRows(doc), studyWeights(r.maxdiff, DRIVERS, null)!, {
      ours: "ours",
      ourPrice: 50,
      currency: doc.study.currency,
      listPrices: { Rival: 40 },
      priceBands: Object.fromEntries(
        Object.entries(r.vanWestendorp!.segments).map(([k, b]) => [k, { pmc: b.pmc, pme: b.pme }]),
      ),
    });
    expect(sc.segments).toEqual(direct.segments);
    // the known leader on each driver is recovered in every segment
    for (const block of Object.values(sc.segments)) {
      const vs = block.comparisons.find((c) => c.competitor === "Rival")!;
      const lead = Object.fromEntries(vs.drivers.map((d) => [d.driver, d.leader]));
      expect(lead).toEqual({ SSO: "ours", API: null, Reports: "competitor" });
      // the rival's list price is its price (nobody said what they pay)
      expect(block.products.find((p) => p.product === "Rival")!.price).toBe(40);
    }
    // usage counts completed respondents per segment
    expect(sc.usage.tech.Rival).toBe(
      doc.respondents.filter((x) => x.segment === "tech" && x.status === "completed").length,
    );
  });

  it("decides the lead criterion: validated where we lead, invalidated where we trail", () => {
    const lead = analyseStudy(
      withCompetitors([{ kind: "lead", segment: "tech", competitor: "Rival", driver: "SSO" }]),
      { bootstrap: 0 },
    ).hypotheses[0];
    expect(lead.verdict).toBe("validated");
    expect(lead.criteria[0].kind).toBe("lead");
    expect(lead.criteria[0].rule).toBe("In Tech we lead Rival on SSO");
    const trail = analyseStudy(
      withCompetitors([{ kind: "lead", segment: "tech", competitor: "Rival", driver: "Reports" }]),
      { bootstrap: 0 },
    ).hypotheses[0];
    expect(trail.verdict).toBe("invalidated");
    const margin = analyseStudy(
      withCompetitors([{ kind: "lead", segment: "tech", competitor: "Rival", driver: "SSO", margin: 5 }]),
      { bootstrap: 0 },
    ).hypotheses[0];
    expect(margin.verdict).toBe("invalidated"); // a 2-point lead is not a 5-point lead
  });

  it("names the bad field of a lead criterion or a rating", () => {
    const v = validateRule(
      { criteria: [{ kind: "lead", segment: "tech", competitor: "Nobody", driver: "Billing" }] },
      { segments: ["tech"], items: DRIVERS, concepts: [], competitors: ["Rival"], drivers: DRIVERS },
    );
    expect(v.ok).toBe(false);
    expect(v.issues.map((i) => i.path)).toEqual(["criteria[0].competitor", "criteria[0].driver"]);
    const doc = withCompetitors();
    doc.respondents[0].competitor!.ratings[0].product = "Ghost";
    expect(() => analyseStudy(doc, { bootstrap: 0 })).toThrow(
      'respondents[0].competitor.ratings[0].product: unknown product "Ghost"',
    );
    const noItem = withCompetitors();
    noItem.competitors!.drivers = ["SSO", "Speed"];
    expect(() => analyseStudy(noItem, { bootstrap: 0 })).toThrow(
      'competitors.drivers[1]: "Speed" is not a MaxDiff item',
    );
  });
});
