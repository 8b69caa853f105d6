import { describe, expect, it } from "vitest";
import { runCli } from "../../../research/cli.ts";
import { analyseConceptTest, type ConceptRating } from "../../../research/conceptTest/analyse.ts";
import { parseConceptCsv } from "../../../research/conceptTest/cli.ts";
import { holmAdjust, twoProportionChiSquare } from "../../../research/stats/index.ts";

const close = (a: number, b: number, tol = 1e-6) => expect(Math.abs(a - b)).toBeLessThan(tol);

/** n respondents of a segment rating a concept; the first `top2` give 5 on every metric, the rest 2 (or 3). */
function block(
  segment: string,
  concept: string,
  n: number,
  top2: number,
  start = 0,
  position?: (i: number) => number,
): ConceptRating[] {
  return Array.from({ length: n }, (_, i) => {
    const v = i < top2 ? (i % 2 === 0 ? 5 : 4) : i % 3 === 0 ? 3 : 2;
    return {
      respondent: `${segment}-${start + i}`,
      segment,
      concept,
      appeal: v,
      relevance: v,
      uniqueness: v,
      believability: v,
      purchase_intent: v,
      position: position?.(i),
    };
  });
}

const rows: ConceptRating[] = [
  ...block("real_estate", "Tenant CRM", 80, 53),
  ...block("tech", "Tenant CRM", 75, 31),
  ...block("nonprofit", "Tenant CRM", 40, 10),
  ...block("real_estate", "Grant pipeline", 80, 20),
  ...block("tech", "Grant pipeline", 75, 30),
  ...block("nonprofit", "Grant pipeline", 40, 30),
];

function toCsv(rs: ConceptRating[], withPosition = false): string {
  const head =
    "Respondent,Segment,Concept,appeal,relevance,uniqueness,believability,purchase_intent" +
    (withPosition ? ",position" : "");
  return `${[
    head,
    ...rs.map((r) =>
      [
        r.respondent,
        r.segment,
        r.concept,
        r.appeal,
        r.relevance,
        r.uniqueness,
        r.believability,
        r.purchase_intent,
        ...(withPosition ? [r.position] : []),
      ].join(","),
    ),
  ].join("\n")}\n`;
}

describe("analyseConceptTest", () => {
  const r = analyseConceptTest(rows);

  it("has one cell per concept × (overall + segment) × metric", () => {
    expect(r.cells).toHaveLength(2 * 4 * 5);
    expect(r.metrics).toEqual(["appeal", "relevance", "uniqueness", "believability", "purchase_intent"]);
  });

  it("computes top-2-box with the Wilson interval and the mean with a t interval", () => {
    const c = r.cells.find(
      (c) => c.concept === "Tenant CRM" && c.segment === "real_estate" && c.metric === "purchase_intent",
    )!;
    expect(c.n).toBe(80);
    expect(c.top2).toBe(53);
    close(c.top2Share!, 0.6625);
    close(c.top2Interval![0], 0.5535643);
    close(c.top2Interval![1], 0.7565437);
    expect(c.meanInterval![0]).toBeLessThan(c.mean!);
    const all = r.cells.find((c) => c.concept === "Tenant CRM" && c.segment === null && c.metric === "appeal")!;
    expect(all.n).toBe(195);
    expect(all.top2).toBe(94);
  });

  it("tests segment pairs with X² and Holm within the metric's family (concepts × pairs)", () => {
    const fam = r.segmentTests.filter((t) => t.metric === "purchase_intent");
    expect(fam).toHaveLength(2 * 3);
    const t = fam.find((t) => t.concept === "Tenant CRM" && t.a === "real_estate" && t.b === "tech")!;
    const ref = twoProportionChiSquare(53, 80, 31, 75);
    close(t.statistic!, ref.statistic!, 1e-12);
    const holm = holmAdjust(fam.map((f) => f.pValue));
    fam.forEach((f, i) => {
      expect(f.pHolm).toBe(holm[i]);
    });
    expect(t.pHolm!).toBeGreaterThanOrEqual(t.pValue!);
  });

  it("tests concept pairs within each segment, one family per metric", () => {
    const fam = r.conceptTests.filter((t) => t.metric === "appeal");
    expect(fam).toHaveLength(3);
    const t = fam.find((t) => t.segment === "real_estate")!;
    close(t.statistic!, twoProportionChiSquare(53, 80, 20, 80).statistic!, 1e-12);
  });

  it("order effects are null without positions and computed with them", () => {
    expect(r.orderEffects).toBeNull();
    // Concept shown first gets higher ratings: first half of each block position 1.
    const positioned = [
      ...block("a", "X", 60, 40, 0, (i) => (i < 40 ? 1 : 2)),
      ...block("a", "Y", 60, 10, 0, (i) => (i < 40 ? 2 : 1)),
    ];
    const o = analyseConceptTest(positioned).orderEffects!;
    expect(o).toHaveLength(10);
    const x = o.find((e) => e.concept === "X" && e.metric === "purchase_intent")!;
    expect(x.first.n).toBe(40);
    expect(x.later.n).toBe(20);
    expect(x.first.top2Share).toBe(1);
    expect(x.later.top2Share).toBe(0);
    expect(x.pValue!).toBeLessThan(0.001);
    expect(x.meanDifference!).toBeGreaterThan(0);
  });

  it("rejects out-of-range ratings and duplicate ratings", () => {
    expect(() => analyseConceptTest([{ ...rows[0], appeal: 6 }])).toThrow(/appeal must be a whole number from 1 to 5/);
    expect(() => analyseConceptTest([rows[0], rows[0]])).toThrow(/twice/);
  });
});

describe("concept-test CLI", () => {
  it("prints the contract JSON", async () => {
    const res = await runCli(["concept-test", "c.csv", "--json"], () => toCsv(rows));
    expect(res.code).toBe(0);
    const json = JSON.parse(res.stdout);
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(["method", "metrics", "cells", "segmentTests", "conceptTests", "orderEffects"]),
    );
    expect(json.method).toBe("concept-test");
    expect(Object.keys(json.cells[0])).toEqual([
      "concept",
      "segment",
      "metric",
      "n",
      "top2",
      "top2Share",
      "top2Interval",
      "mean",
      "meanInterval",
    ]);
    expect(Object.keys(json.segmentTests[0])).toEqual(
      expect.arrayContaining(["concept", "metric", "a", "b", "statistic", "pValue", "pHolm"]),
    );
    expect(json).toEqual(JSON.parse(JSON.stringify(analyseConceptTest(parseConceptCsv(toCsv(rows))))));
    expect(json.orderEffects).toBeNull();
  });

  it("prints a readable table without --json", async () => {
    const res = await runCli(["concept-test", "c.csv"], () => toCsv(rows, true).replace(/,undefined/g, ",1"));
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Tenant CRM/);
    expect(res.stdout).toMatch(/Order effects/);
  });

  it("reads columns in any order and case; empty segment = none; empty positions = no order effects", () => {
    const csv =
      "PURCHASE_INTENT,concept,Position,believability,uniqueness,relevance,appeal,segment,respondent,extra\n5,X,,4,4,4,4,,r1,z\n2,X,,1,1,1,1,a,r2,z\n";
    const rs = parseConceptCsv(csv);
    expect(rs[0]).toMatchObject({
      respondent: "r1",
      segment: null,
      concept: "X",
      purchase_intent: 5,
      appeal: 4,
      position: null,
      line: 2,
    });
    const r = analyseConceptTest(rs);
    expect(r.orderEffects).toBeNull();
    expect(r.segments).toEqual(["a"]);
    expect(r.cells.find((c) => c.segment === null && c.metric === "purchase_intent")).toMatchObject({
      n: 2,
      top2: 1,
      top2Share: 0.5,
    });
  });

  it("bad files exit 2 naming the line", async () => {
    const bad = toCsv(rows.slice(0, 5)).split("\n");
    bad[3] = bad[3].replace(/,(\d)$/, ",7");
    let res = await runCli(["concept-test", "c.csv", "--json"], () => bad.join("\n"));
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/c\.csv: line 4: purchase_intent must be from 1 to 5/);
    res = await runCli(["concept-test", "c.csv", "--json"], () => "respondent,segment,concept,appeal\nr1,a,X,4\n");
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/line 1: missing columns relevance, uniqueness, believability, purchase_intent/);
    res = await runCli(["concept-test", "c.csv", "--json"], () =>
      toCsv(rows.slice(0, 3)).replace("5,5,5,5,5", "5,x,5,5,5"),
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/line 2: relevance is not a number/);
    expect(res.stdout).toBe("");
  });
});
