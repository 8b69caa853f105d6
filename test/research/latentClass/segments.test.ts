import { describe, expect, it } from "vitest";
import { buildChoiceData } from "../../../research/maxdiff/data.ts";
import { latentClassAnalysis } from "../../../research/maxdiff/latentClassSummary.ts";
import { classProfiles } from "../../../research/segments/profiles.ts";
import {
  associationStrength,
  classSegmentCrosstab,
  compareSegmentations,
  segmentValidityVerdict,
} from "../../../research/segments/validity.ts";
import { chiSquareIndependence, fisherExactGreater } from "../../../research/stats/index.ts";
import { ITEMS, SIZES, simulateThreeClasses, must } from "./threeClasses.ts";

describe("classSegmentCrosstab", () => {
  it("counts respondents per declared segment (rows) × most likely class (columns), with row % and the tests", () => {
    const a = [
      ...Array.from({ length: 6 }, () => ({ class: 1, segment: "tech" })),
      ...Array.from({ length: 2 }, () => ({ class: 2, segment: "tech" })),
      ...Array.from({ length: 1 }, () => ({ class: 1, segment: "nonprofit" })),
      ...Array.from({ length: 5 }, () => ({ class: 2, segment: "nonprofit" })),
      { class: 2, segment: null },
    ];
    const x = classSegmentCrosstab(a, 2, ["tech", "nonprofit"]);
    expect(x.segments).toEqual(["tech", "nonprofit"]);
    expect(x.classes).toEqual([1, 2]);
    expect(x.counts).toEqual([
      [6, 2],
      [1, 5],
    ]);
    expect(x.respondents).toBe(14);
    expect(x.rowPercent[0][0]).toBeCloseTo(75, 10);
    expect(x.rowPercent[1][1]).toBeCloseTo((100 * 5) / 6, 10);
    // 2 × 2 by hand: E = 8·7/14 = 4 and 6·7/14 = 3 per column → X² = 4/4 + 4/4 + 4/3 + 4/3 = 4.6667; V = √(4.6667/14)
    expect(x.chiSquare).toBeCloseTo(14 / 3, 10);
    expect(x.df).toBe(1);
    expect(x.pValue).toBeCloseTo(chiSquareIndependence(x.counts).pValue ?? Number.NaN, 12);
    expect(x.cramersV).toBeCloseTo(Math.sqrt(14 / 3 / 14), 10);
  });
});

describe("segmentValidityVerdict", () => {
  const rows = (segBic: number, classBic: number, groups = 3) =>
    compareSegmentations({
      aggregate: { logLikelihood: -1000, parameters: 11, respondents: 100 },
      segments: { logLikelihood: -(segBic - 33 * Math.log(100)) / 2, parameters: 33, respondents: 100, groups: 3 },
      classes: {
        logLikelihood: -(classBic - (groups * 11 + groups - 1) * Math.log(100)) / 2,
        parameters: groups * 11 + groups - 1,
        respondents: 100,
        groups,
      },
    });

  it("computes BIC = −2 LL + p ln n and McFadden's ρ² against one aggregate model", () => {
    const r = rows(1900, 1800);
    expect(r.map((x) => x.model)).toEqual(["aggregate", "segments", "classes"]);
    expect(r[0].bic).toBeCloseTo(2000 + 11 * Math.log(100), 10);
    expect(r[1].bic).toBeCloseTo(1900, 10);
    expect(r[2].bic).toBeCloseTo(1800, 10);
    expect(r[0].improvement).toBeNull();
    expect(r[2].improvement).toBeCloseTo(1 - r[2].logLikelihood / -1000, 12);
  });

  it("tells a PMM which segmentation explains choices, in words", () => {
    expect(segmentValidityVerdict({ cramersV: 0.21, comparison: rows(1900, 1800) })).toBe(
      "Your declared segments explain value differences weakly (V = 0.21); 3 needs-based groups explain them far better.",
    );
    expect(segmentValidityVerdict({ cramersV: 0.62, comparison: rows(1805, 1800) })).toBe(
      "Your declared segments explain value differences strongly (V = 0.62); 3 needs-based groups explain them better.",
    );
    expect(segmentValidityVerdict({ cramersV: 0.4, comparison: rows(1801, 1800) })).toContain("about as well");
    expect(segmentValidityVerdict({ cramersV: 0.4, comparison: rows(1700, 1800) })).toContain(
      "your segments explain choices better than 3 needs-based groups do",
    );
    expect(segmentValidityVerdict({ cramersV: null, comparison: rows(1700, 1800, 1) })).toContain(
      "one set of values shared by everyone",
    );
    expect([0.05, 0.2, 0.35, 0.7].map(associationStrength)).toEqual(["barely", "weakly", "moderately", "strongly"]);
  });
});

describe("classProfiles", () => {
  // 40 respondents: class 1 (20) is 16 tech + 4 nonprofit, class 2 (20) is 4 tech + 16 nonprofit;
  // the size attribute alternates and is unrelated to class.
  const assignments: Record<string, number> = {};
  const attributes: Record<string, Record<string, string | null>> = {};
  for (let i = 0; i < 40; i++) {
    const id = `r${i}`;
    const cls = i < 20 ? 1 : 2;
    assignments[id] = cls;
    const tech = cls === 1 ? i % 5 !== 0 : i % 5 === 0;
    attributes[id] = { segment: tech ? "tech" : "nonprofit", size: i % 2 === 0 ? "small" : "large" };
  }
  attributes.r3.size = null;
  const classes = [
    {
      class: 1,
      name: "SSO, API",
      size: 0.5,
      items: [
        { item: "SSO", utility: 1 },
        { item: "API", utility: 0.5 },
        { item: "CRM", utility: -1.5 },
      ],
    },
    {
      class: 2,
      name: "CRM, API",
      size: 0.5,
      items: [
        { item: "SSO", utility: -1 },
        { item: "API", utility: 0.2 },
        { item: "CRM", utility: 0.8 },
      ],
    },
  ];
  const profiles = classProfiles({ classes, assignments, attributes, topDrivers: 2 });

  it("lists size, respondents and top value drivers per class", () => {
    expect(profiles.map((p) => [p.class, p.respondents, p.topDrivers])).toEqual([
      [1, 20, ["SSO", "API"]],
      [2, 20, ["CRM", "API"]],
    ]);
  });

  it("flags the over-represented segment with a one-sided Fisher test, Holm-adjusted over all tests", () => {
    const tech = must(profiles[0].overRepresented.find((o) => o.attribute === "segment" && o.level === "tech"));
    expect(tech).toMatchObject({ inClass: 16, classTotal: 20, classShare: 0.8, overallShare: 0.5 });
    expect(tech.lift).toBeCloseTo(1.6, 12);
    expect(tech.pValue).toBeCloseTo(fisherExactGreater(16, 20, 20, 40), 14);
    expect(tech.significant).toBe(true);
    expect(profiles[1].overRepresented[0]).toMatchObject({
      attribute: "segment",
      level: "nonprofit",
      significant: true,
    });
    // No under-represented level is listed (lift ≤ 1), and unrelated attributes are not significant.
    expect(profiles[0].overRepresented.find((o) => o.level === "nonprofit")).toBeUndefined();
    for (const p of profiles)
      for (const o of p.overRepresented.filter((x) => x.attribute === "size")) expect(o.significant).toBe(false);
  });

  it("leaves unanswered attributes out of that attribute's test, and Holm p ≥ raw p", () => {
    const small = profiles.flatMap((p) => p.overRepresented).filter((o) => o.attribute === "size");
    const totals = small.map((o) => o.classTotal);
    expect(totals).toContain(19); // r3 did not answer size
    const all = profiles.flatMap((p) => p.overRepresented);
    for (const o of all) expect(o.pHolm).toBeGreaterThanOrEqual(o.pValue);
    // 2 classes × (2 segment levels + 2 size levels) = 8 tests in the family (listed or not); the two
    // smallest (equal) p-values, tech in class 1 and nonprofit in class 2, get Holm p = 8p.
    const tech = profiles[0].overRepresented[0];
    expect(tech.level).toBe("tech");
    expect(tech.pHolm).toBeCloseTo(Math.min(1, 8 * tech.pValue), 14);
    expect(profiles[1].overRepresented[0].pHolm).toBeCloseTo(Math.min(1, 8 * tech.pValue), 14);
  });
});

describe("latent-class analysis with declared segments (three simulated classes, segments partly aligned)", () => {
  const sim = simulateThreeClasses(450, 31);
  const data = buildChoiceData(sim.tasks, ITEMS);
  const r = latentClassAnalysis(data, { minClasses: 1, maxClasses: 4, starts: 4, seed: 2 });
  // Population Cramér's V of class × segment from the simulation's mix: φ² = Σ (p_ij − p_i p_j)² / (p_i p_j).
  const mix = [
    [0.6, 0.25, 0.15],
    [0.3, 0.5, 0.2],
    [0.25, 0.25, 0.5],
  ];
  const joint = mix.map((row, c) => row.map((p) => p * SIZES[c]));
  const rowP = joint.map((row) => row.reduce((a, b) => a + b, 0));
  const colP = [0, 1, 2].map((j) => joint.reduce((a, row) => a + row[j], 0));
  let phi2 = 0;
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) phi2 += (joint[i][j] - rowP[i] * colP[j]) ** 2 / (rowP[i] * colP[j]);
  const populationV = Math.sqrt(phi2 / 2);

  it("cross-tabs the chosen classes with the declared segments; V near the population value", () => {
    expect(r.chosen).toBe(3);
    const x = must(r.crosstab);
    expect([...x.segments].sort()).toEqual(["nonprofit", "real_estate", "tech"]);
    expect(x.counts.flat().reduce((a, b) => a + b, 0)).toBe(450);
    expect(x.pValue).toBeLessThan(0.001);
    expect(Math.abs((x.cramersV ?? Number.NaN) - populationV)).toBeLessThan(0.08);
  });

  it("finds that 3 needs-based classes explain choices far better than the declared segments", () => {
    const [agg, seg, cls] = must(r.comparison);
    expect(seg.logLikelihood).toBeGreaterThan(agg.logLikelihood);
    expect(cls.logLikelihood).toBeGreaterThan(seg.logLikelihood);
    expect(seg.bic - cls.bic).toBeGreaterThan(10);
    expect(r.verdict).toMatch(
      /^Your declared segments explain value differences (weakly|moderately) \(V = 0\.\d\d\); 3 needs-based groups explain them far better\.$/,
    );
  });

  it("profiles each class with its drivers and over-represented segment", () => {
    expect(r.profiles).toHaveLength(3);
    const grants = must(
      r.profiles.find((p) => p.topDrivers[0] === "Grant pipeline" || p.topDrivers[0] === "Donor reports"),
    );
    expect(grants.overRepresented[0]).toMatchObject({ attribute: "segment", level: "nonprofit", significant: true });
  });
});
