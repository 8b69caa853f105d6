import { describe, expect, it } from "vitest";
import { runCli } from "../../../research/cli.ts";
import { analyseStudy } from "../../../research/study.ts";
import { syntheticExport } from "./syntheticExport.ts";

const doc = syntheticExport();
const result = analyseStudy(doc, { bootstrap: 200 });
const sum = (xs: (number | null)[]) => xs.reduce<number>((s, x) => s + (x ?? 0), 0);

describe("analyseStudy", () => {
  it("has every key of the contract", () => {
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining([
        "method",
        "study",
        "responses",
        "conceptTest",
        "maxdiff",
        "vanWestendorp",
        "hypotheses",
        "valueMap",
        "simulator",
        "summary",
      ]),
    );
    expect(result.method).toBe("study");
    expect(result.study).toMatchObject({ name: "Valuestack demo", currency: "USD" });
    expect(result.responses.segments.tech).toMatchObject({ completed: expect.any(Number), target: 50 });
    expect(result.conceptTest.method).toBe("concept-test");
    expect(result.maxdiff!.method).toBe("maxdiff");
    expect(result.vanWestendorp!.method).toBe("van-westendorp");
    for (const h of result.hypotheses) {
      expect(Object.keys(h)).toEqual(expect.arrayContaining(["id", "statement", "segments", "verdict", "criteria"]));
      for (const c of h.criteria)
        expect(Object.keys(c)).toEqual(
          expect.arrayContaining(["kind", "rule", "verdict", "evidence", "moreRespondentsNeeded"]),
        );
    }
    const f = result.valueMap.features[0];
    expect(Object.keys(f)).toEqual(expect.arrayContaining(["item", "shares", "intervals", "concentration", "label"]));
    expect(Object.keys(result.valueMap.segments.tech)).toEqual(expect.arrayContaining(["topDrivers", "priceBand"]));
    expect(Object.keys(result.valueMap.segments.tech.priceBand!)).toEqual(["pmc", "opp", "ipp", "pme"]);
    expect(result.simulator!.bundleSize).toBe(3);
    expect(result.simulator!.best.overall).toMatchObject({ bundle: expect.any(Array), happy: expect.any(Number) });
    expect(Object.keys(result.simulator!.best.segments).sort()).toEqual(["nonprofit", "real_estate", "tech"]);
  });

  it("uses completed respondents only", () => {
    const completed = doc.respondents.filter((r) => r.status === "completed");
    expect(result.responses.overall.completed).toBe(completed.length);
    expect(result.responses.overall.total).toBe(150);
    expect(result.vanWestendorp!.overall.n).toBe(completed.length);
    expect(result.maxdiff!.overall.respondents).toBe(completed.length);
  });

  it("shares sum to 100 in every MaxDiff block and value-map column", () => {
    expect(sum(result.maxdiff!.overall.items.map((i) => i.share))).toBeCloseTo(100, 6);
    for (const seg of ["tech", "real_estate", "nonprofit"]) {
      expect(sum(result.maxdiff!.segments[seg].items.map((i) => i.share))).toBeCloseTo(100, 6);
      expect(sum(result.valueMap.features.map((f) => f.shares[seg]))).toBeCloseTo(100, 6);
    }
  });

  it("recovers the constructed structure", () => {
    // SSO is a tech-only driver: it stacks in tech
    const sso = result.valueMap.features.find((f) => f.item === "SSO")!;
    expect(sso.label).toBe("stacking");
    expect(sso.stacksIn).toBe("tech");
    expect(result.valueMap.segments.tech.topDrivers[0]).toBe("SSO");
    // price bands are ordered as built (tech > real estate > nonprofit)
    const band = (s: string) => result.valueMap.segments[s].priceBand!;
    expect(band("tech").opp!).toBeGreaterThan(band("nonprofit").opp!);
    // h1 holds in the constructed data; h2's $60 is too expensive for nonprofits; h3 has no criteria
    const [h1, h2, h3] = result.hypotheses;
    expect(h1.criteria[0].verdict).toBe("validated");
    expect(h1.criteria[1].kind).toBe("valueDriver");
    expect(h2.criteria[1].verdict).toBe("invalidated");
    expect(h2.verdict).toBe("invalidated");
    expect(h3.verdict).toBe("inconclusive");
    expect(h3.reason).toMatch(/No decision criteria/);
    expect(result.summary.segments.real_estate).toMatch(
      /^Real estate: acceptable price \$[\d.]+–\$[\d.]+; top value drivers [^;]+; \d of 1 hypotheses validated/,
    );
    expect(result.simulator!.utilitySource).toBe("best-minus-worst");
    expect(result.simulator!.note).toMatch(/No HB estimate/);
    expect(result.conceptTest.orderEffects).not.toBeNull();
  });

  it("is deterministic", () => {
    expect(JSON.stringify(analyseStudy(doc, { bootstrap: 200 }))).toBe(JSON.stringify(result));
  });

  it("accepts precomputed HB utilities for the simulator", () => {
    const hbRespondents = result.simulator!.respondents.map((r) => ({ ...r, utilities: { ...r.utilities } }));
    const r = analyseStudy(doc, { bootstrap: 0, hbResult: { respondents: hbRespondents } });
    expect(r.simulator!.utilitySource).toBe("hb");
    expect(r.simulator!.best.overall.happy).toBe(result.simulator!.best.overall.happy);
    // no bootstrap → the price criterion decides on point estimates and says so
    expect(r.hypotheses[0].criteria[2].evidence.basis).toBe("pointEstimates");
  });

  it("rejects bad documents naming the field", () => {
    const bad = structuredClone(doc);
    bad.respondents[3].price!.cheap = -1;
    expect(() => analyseStudy(bad)).toThrow("respondents[3].price.cheap: must be ≥ 0");
    const rule = structuredClone(doc);
    (rule.hypotheses[1].rule.criteria[0] as { segment: string }).segment = "retail";
    expect(() => analyseStudy(rule, { bootstrap: 0 })).toThrow(
      'hypotheses[1].rule.criteria[0].segment: unknown segment "retail" (known: tech, real_estate, nonprofit)',
    );
    const seg = structuredClone(doc);
    seg.respondents[5].segment = "retail";
    expect(() => analyseStudy(seg)).toThrow('respondents[5].segment: unknown segment "retail"');
    const md = structuredClone(doc);
    md.respondents[2].maxdiff[1].best = "Teleport";
    expect(() => analyseStudy(md)).toThrow(
      /respondents\[2\]\.maxdiff\[1\]: .*best item must be one of the items shown/,
    );
  });
});

describe("analyseStudy edge cases", () => {
  it("works before any respondent completed: every verdict inconclusive, engines null", () => {
    const r = analyseStudy({ ...doc, respondents: [] });
    expect(r.maxdiff).toBeNull();
    expect(r.vanWestendorp).toBeNull();
    expect(r.simulator).toBeNull();
    expect(r.hypotheses.map((h) => h.verdict)).toEqual(["inconclusive", "inconclusive", "inconclusive"]);
    expect(r.valueMap.features[0]).toMatchObject({
      concentration: null,
      label: "low",
      segment: null,
      rule: "SSO has no estimated share in any segment.",
    });
    expect(r.summary.segments.tech).toMatch(/acceptable price not yet determined; no value drivers yet/);
  });

  it("counts respondents without a segment only overall", () => {
    const d = structuredClone(doc);
    d.respondents.forEach((r, i) => {
      if (i % 5 === 0) r.segment = null;
    });
    const r = analyseStudy(d, { bootstrap: 0 });
    const completed = d.respondents.filter((x) => x.status === "completed");
    expect(r.responses.overall.completed).toBe(completed.length);
    expect(Object.values(r.responses.segments).reduce((s, x) => s + x.completed, 0)).toBe(
      completed.filter((x) => x.segment !== null).length,
    );
    expect(r.simulator!.best.overall.total).toBe(completed.length);
  });
});

describe("study CLI", () => {
  it("--hb runs Hierarchical Bayes and the simulator uses its utilities", async () => {
    const res = await runCli(
      ["study", "export.json", "--hb", "--iterations", "400", "--bootstrap", "0", "--json"],
      () => JSON.stringify(doc),
    );
    expect(res.code).toBe(0);
    const json = JSON.parse(res.stdout);
    expect(json.maxdiff.hb.iterations).toBe(400);
    expect(json.simulator.utilitySource).toBe("hb");
    expect(json.simulator.respondents).toHaveLength(json.responses.overall.completed);
  });

  it("prints the same numbers as analyseStudy", async () => {
    const res = await runCli(["study", "export.json", "--bootstrap", "200", "--json"], () => JSON.stringify(doc));
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual(JSON.parse(JSON.stringify(result)));
  });

  it("prints readable tables without --json", async () => {
    const res = await runCli(["study", "export.json", "--bootstrap", "50"], () => JSON.stringify(doc));
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Hypotheses/);
    expect(res.stdout).toMatch(/Value map/);
    expect(res.stdout).toMatch(/Happy-customer simulator/);
  });

  it("bad input exits 2 with the path", async () => {
    let res = await runCli(["study", "export.json", "--json"], () => "{not json");
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^research: export\.json: not valid JSON/);
    const bad = structuredClone(doc);
    (bad.respondents[3].price as { cheap: unknown }).cheap = -5;
    res = await runCli(["study", "export.json", "--json"], () => JSON.stringify(bad));
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/respondents\[3\]\.price\.cheap: must be ≥ 0/);
    const thr = structuredClone(doc);
    (thr.hypotheses[0].rule.criteria[0] as { threshold: number }).threshold = 1.5;
    res = await runCli(["study", "export.json", "--json"], () => JSON.stringify(thr));
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/hypotheses\[0\]\.rule\.criteria\[0\]\.threshold: must be between 0 and 1/);
    res = await runCli(["study", "export.json", "--iterations", "100"], () => JSON.stringify(doc));
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/need --hb/);
  });
});

// Regressions found by the fuzz suite (test/fuzz/study.test.ts).
describe("study regressions", () => {
  const small = () => syntheticExport(3, { tech: 5, real_estate: 5, nonprofit: 5 });
  const runDoc = (text: string) => runCli(["study", "export.json", "--json", "--bootstrap", "0"], () => text);

  it("numbers JSON parses to Infinity (1e400) are rejected naming the field, not analysed as $∞", async () => {
    const cases: [(d: ReturnType<typeof small>) => void, string][] = [
      [
        (d) => (d.hypotheses[0].targetPrice = "INF" as unknown as number),
        "hypotheses[0].targetPrice: must be a finite number",
      ],
      [
        (d) => ((d.hypotheses[1].rule.criteria[1] as { price?: number }).price = "INF" as unknown as number),
        "hypotheses[1].rule.criteria[1].price: must be a finite number",
      ],
      [
        (d) => (d.respondents[1].price!.tooExpensive = "INF" as unknown as number),
        "respondents[1].price.tooExpensive: must be a finite number",
      ],
      [(d) => (d.pricing!.maxPrice = "INF" as unknown as number), "pricing.maxPrice: must be a finite number"],
    ];
    for (const [edit, message] of cases) {
      const d = small();
      edit(d);
      const r = await runDoc(JSON.stringify(d).replace('"INF"', "1e400"));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });

  it('segments keyed "__proto__" or "constructor" appear in every per-segment block', async () => {
    for (const key of ["__proto__", "constructor"]) {
      const d = small();
      for (const s of d.segments) if (s.key === "tech") s.key = key;
      for (const r of d.respondents) if (r.segment === "tech") r.segment = key;
      for (const h of d.hypotheses) h.segments = h.segments.map((s) => (s === "tech" ? key : s));
      const r = await runDoc(JSON.stringify(d));
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      for (const block of [
        j.responses.segments,
        j.maxdiff.segments,
        j.vanWestendorp.segments,
        j.valueMap.segments,
        j.summary.segments,
        j.simulator.best.segments,
      ]) {
        expect(Object.keys(block)).toContain(key);
      }
      expect(Object.keys(j.valueMap.features[0].shares)).toContain(key);
    }
  });
});
