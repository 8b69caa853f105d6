/**
 * Weighting a study to the market's segment mix: only the overall figures move, in the direction
 * the mix pulls them; per-segment figures stay exactly as they were.
 */
import { describe, expect, it } from "vitest";
import { analyseStudy, type StudyResult } from "../../../research/study.ts";
import type { StudyExport } from "../../../research/studyExport.ts";
import { marketWeights, weightedTopTwoShare } from "../../../research/weighting/marketMix.ts";
import { syntheticExport } from "../study/syntheticExport.ts";

const OPTS = { bootstrap: 50, seed: 3 };

/** The blocks that depend on segments only, for deep comparison. */
function perSegment(r: StudyResult) {
  return {
    vw: r.vanWestendorp?.segments,
    maxdiff: r.maxdiff?.segments,
    maxdiffOverall: r.maxdiff?.overall,
    cells: r.conceptTest.cells.filter((c) => c.segment !== null),
    segmentTests: r.conceptTest.segmentTests,
    hypotheses: r.hypotheses,
    valueMap: r.valueMap,
    priceBook: r.priceBook,
    responses: r.responses,
    summary: r.summary,
  };
}

function sampleMix(doc: StudyExport): Record<string, number> {
  const done = doc.respondents.filter((r) => r.status === "completed");
  return Object.fromEntries(
    doc.segments.map((s) => [s.key, done.filter((r) => r.segment === s.key).length / done.length]),
  );
}

const overallCell = (r: StudyResult, concept: string) =>
  r.conceptTest.cells.find((c) => c.segment === null && c.concept === concept && c.metric === "purchase_intent")!;

describe("weighting a study to the market mix", () => {
  const base = syntheticExport();
  const unweighted = analyseStudy(base, OPTS);

  it("without a market mix reports no weighting", () => {
    expect(unweighted.weighting).toBeNull();
    expect(overallCell(unweighted, "Tenant CRM").weightedTop2Share).toBeUndefined();
  });

  it("with the sample's own mix gives every respondent weight 1 and leaves the figures unchanged", () => {
    const doc = { ...base, market: { segments: sampleMix(base) } };
    const r = analyseStudy(doc, OPTS);
    const w = r.weighting!;
    expect(w.applied).toBe(true);
    expect(w.weights.min).toBeCloseTo(1, 12);
    expect(w.weights.max).toBeCloseTo(1, 12);
    expect(w.designEffect).toBeCloseTo(1, 12);
    expect(w.effectiveN).toBeCloseTo(r.responses.overall.completed, 9);
    const a = r.vanWestendorp!.overall;
    const b = unweighted.vanWestendorp!.overall;
    for (const k of ["pmc", "opp", "ipp", "pme"] as const) expect(a[k]).toBeCloseTo(b[k]!, 9);
    for (const concept of ["Tenant CRM", "Grant pipeline"])
      expect(overallCell(r, concept).weightedTop2Share).toBeCloseTo(overallCell(r, concept).top2Share!, 12);
    for (const row of w.maxdiffOverall!) {
      const u = unweighted.maxdiff!.overall.items.find((i) => i.item === row.item)!;
      expect(row.best).toBeCloseTo(u.best, 9);
      expect(row.worst).toBeCloseTo(u.worst, 9);
      expect(row.shown).toBeCloseTo(u.shown, 9);
    }
    expect(perSegment(r)).toEqual(perSegment(unweighted));
  });

  it("moves the overall figures toward the heavier segment and leaves every segment block identical", () => {
    // Synthetic truth: tech's prices centre on 60, real estate's on 45, nonprofits' on 25;
    // Tenant CRM's purchase-intent top-2 is 72% in real estate, 25% in tech.
    const techHeavy = analyseStudy(
      { ...base, market: { segments: { tech: 0.8, real_estate: 0.1, nonprofit: 0.1 } } },
      OPTS,
    );
    const reHeavy = analyseStudy(
      { ...base, market: { segments: { tech: 0.1, real_estate: 0.8, nonprofit: 0.1 } } },
      OPTS,
    );
    const u = unweighted.vanWestendorp!.overall;
    const t = techHeavy.vanWestendorp!.overall;
    expect(t.opp!).toBeGreaterThan(u.opp!);
    expect(t.ipp!).toBeGreaterThan(u.ipp!);
    expect(t.pme!).toBeGreaterThan(u.pme!);
    const crmUnweighted = overallCell(unweighted, "Tenant CRM").top2Share!;
    expect(overallCell(reHeavy, "Tenant CRM").weightedTop2Share!).toBeGreaterThan(crmUnweighted + 0.05);
    expect(overallCell(techHeavy, "Tenant CRM").weightedTop2Share!).toBeLessThan(crmUnweighted - 0.05);
    // The unweighted overall share stays beside the weighted one.
    expect(overallCell(reHeavy, "Tenant CRM").top2Share).toBe(crmUnweighted);
    // MaxDiff: SSO is tech's favourite, so its weighted best-minus-worst score rises with tech's share.
    const sso = (r: StudyResult) => r.weighting!.maxdiffOverall!.find((x) => x.item === "SSO")!.score!;
    expect(sso(techHeavy)).toBeGreaterThan(sso(reHeavy));
    expect(techHeavy.weighting!.designEffect!).toBeGreaterThan(1);
    expect(perSegment(techHeavy)).toEqual(perSegment(unweighted));
    expect(perSegment(reHeavy)).toEqual(perSegment(unweighted));
  });

  it("rejects a mix that does not sum to 1 or names an unknown segment", () => {
    expect(() =>
      analyseStudy({ ...base, market: { segments: { tech: 0.5, real_estate: 0.3, nonprofit: 0.1 } } }),
    ).toThrow("market.segments: shares sum to 0.9, not 1");
    expect(() =>
      analyseStudy({ ...base, market: { segments: { tech: 0.5, real_estate: 0.3, nonprofit: 0.1, x: 0.1 } } }),
    ).toThrow('unknown segment "x"');
  });
});

describe("market weights on a small export, by hand", () => {
  // 5 completed respondents: a, b in tech; c, d, e in other; f started (not weighted).
  // Market: tech 60%, other 40%. Sample: tech 2/5, other 3/5.
  // w(tech) = 0.6 / 0.4 = 1.5; w(other) = 0.4 / 0.6 = 2/3 (mean of the weights: (2·1.5 + 3·2/3)/5 = 1).
  // Kish design effect n·Σw²/(Σw)² = 5·(2·2.25 + 3·4/9)/25 = (4.5 + 4/3)/5 = 7/6 ≈ 1.1667; effective n 5/(7/6) = 30/7.
  const respondents = [
    { id: "a", segment: "tech" },
    { id: "b", segment: "tech" },
    { id: "c", segment: "other" },
    { id: "d", segment: "other" },
    { id: "e", segment: "other" },
  ];
  const mix = { tech: 0.6, other: 0.4 };

  it("gives target share / sample share to each segment", () => {
    const { summary, byRespondent } = marketWeights(respondents, mix, ["tech", "other"]);
    expect(byRespondent!.get("a")).toBeCloseTo(1.5, 12);
    expect(byRespondent!.get("e")).toBeCloseTo(2 / 3, 12);
    expect(summary.weights.min).toBeCloseTo(2 / 3, 12);
    expect(summary.weights.max).toBeCloseTo(1.5, 12);
    expect(summary.designEffect).toBeCloseTo(7 / 6, 12);
    expect(summary.effectiveN).toBeCloseTo(30 / 7, 12);
    expect(summary.converged).toBe(true);
    expect(summary.iterations).toBe(1);
  });

  it("weights the overall top-2 share of a study export the same way", () => {
    // Purchase intent: a 5, b 4 (tech, both top-2); c 5, d 2, e 1 (other, one top-2); f 5 (started, ignored).
    // Unweighted 3/5 = 0.6. Weighted (1.5 + 1.5 + 2/3) / 5 = (11/3)/5 = 11/15 ≈ 0.7333.
    const pi = { a: 5, b: 4, c: 5, d: 2, e: 1, f: 5 } as Record<string, number>;
    const doc: StudyExport = {
      format: "valuestack.study",
      version: 1,
      study: { id: "s", name: "Small", currency: "USD", productDescription: "", status: "closed" },
      segments: [
        { key: "tech", name: "Tech", description: "", targetN: 2 },
        { key: "other", name: "Other", description: "", targetN: 3 },
      ],
      items: [],
      concepts: [{ name: "C", hypothesisId: "h", body: "" }],
      hypotheses: [],
      pricing: null,
      maxdiff: null,
      market: { segments: mix },
      respondents: [...respondents, { id: "f", segment: "tech" }].map((r) => ({
        id: r.id,
        segment: r.segment,
        status: r.id === "f" ? ("started" as const) : ("completed" as const),
        concepts: [
          {
            concept: "C",
            position: 1,
            appeal: 3,
            relevance: 3,
            uniqueness: 3,
            believability: 3,
            purchase_intent: pi[r.id],
          },
        ],
        maxdiff: [],
        price: null,
      })),
    };
    const r = analyseStudy(doc);
    const cell = overallCell(r, "C");
    expect(cell.top2Share).toBeCloseTo(0.6, 12);
    expect(cell.weightedTop2Share).toBeCloseTo(11 / 15, 12);
    expect(r.weighting!.respondents).toBe(5);
    expect(r.weighting!.weights.bySegment).toEqual({ tech: expect.closeTo(1.5, 12), other: expect.closeTo(2 / 3, 12) });
    expect(
      weightedTopTwoShare([
        { rating: 4, weight: 3 },
        { rating: 2, weight: 1 },
      ]),
    ).toBe(0.75);
  });

  it("is not applied, with a reason, while a segment with a market share has no completed respondent", () => {
    const { summary, byRespondent } = marketWeights(respondents.slice(2), mix, ["tech", "other"]);
    expect(byRespondent).toBeNull();
    expect(summary.applied).toBe(false);
    expect(summary.reason).toBe("no completed respondent in tech yet");
  });
});

describe("research study CLI with a market mix", () => {
  it("prints the weighting key in JSON and a weighting line in the table", async () => {
    const { runCli } = await import("../../../research/cli.ts");
    const doc = { ...syntheticExport(), market: { segments: { tech: 0.5, real_estate: 0.3, nonprofit: 0.2 } } };
    const json = await runCli(["study", "input", "--bootstrap", "0", "--json"], () => JSON.stringify(doc));
    expect(json.stderr).toBe("");
    const out = JSON.parse(json.stdout) as StudyResult;
    const direct = analyseStudy(doc, { bootstrap: 0 }).weighting!;
    expect(out.weighting).toEqual(JSON.parse(JSON.stringify(direct)));
    expect(out.weighting!.targets).toEqual({ tech: 0.5, real_estate: 0.3, nonprofit: 0.2 });
    const table = await runCli(["study", "input", "--bootstrap", "0"], () => JSON.stringify(doc));
    expect(table.stdout).toContain(
      `Overall figures weighted to the market mix (tech 50%, real_estate 30%, nonprofit 20%); design effect ${direct.designEffect!.toFixed(2)}`,
    );
  });
});
