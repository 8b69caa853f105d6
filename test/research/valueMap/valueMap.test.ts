import { describe, expect, it } from "vitest";
import { analyseMaxDiff } from "../../../research/maxdiff/analyse.ts";
import { generateDesign } from "../../../research/maxdiff/design.ts";
import { simulateAnswers, simulateRespondents } from "../../../research/maxdiff/simulate.ts";
import {
  buildValueMap,
  featureConcentration,
  featureLabel,
  STACKING_THRESHOLD,
} from "../../../research/valueMap/valueMap.ts";

const block = (shares: Record<string, number>) => ({
  items: Object.entries(shares).map(([item, share]) => ({
    item,
    share,
    shareInterval: [share - 2, share + 2] as [number, number],
  })),
});

describe("featureConcentration", () => {
  it("is 0 for equal shares and 1 for all in one segment", () => {
    expect(featureConcentration([20, 20, 20])).toEqual({ concentration: 0, label: "spread" });
    expect(featureConcentration([0, 30, 0])).toEqual({ concentration: 1, label: "stacking" });
    // 75/25 over two segments is exactly the documented threshold
    expect(featureConcentration([30, 10]).concentration).toBeCloseTo(STACKING_THRESHOLD, 12);
    expect(featureConcentration([30, 10]).label).toBe("stacking");
    expect(featureConcentration([22, 18]).label).toBe("spread");
  });
});

describe("buildValueMap", () => {
  const items = ["SSO", "API", "Reports", "Mobile", "Audit", "Billing"];
  const map = buildValueMap({
    items,
    segments: ["tech", "real_estate", "nonprofit"],
    maxdiff: {
      tech: block({ SSO: 40, API: 25, Reports: 15, Mobile: 10, Audit: 6, Billing: 4 }),
      real_estate: block({ SSO: 2, API: 25, Reports: 30, Mobile: 23, Audit: 10, Billing: 10 }),
      nonprofit: block({ SSO: 2, API: 25, Reports: 28, Mobile: 20, Audit: 15, Billing: 10 }),
    },
    priceBands: { tech: { pmc: 40, opp: 50, ipp: 55, pme: 70 }, real_estate: undefined },
  });

  it("builds the feature × segment matrix with intervals and labels", () => {
    const sso = map.features.find((f) => f.item === "SSO")!;
    expect(sso.shares).toEqual({ tech: 40, real_estate: 2, nonprofit: 2 });
    expect(sso.intervals.tech).toEqual([38, 42]);
    expect(sso.label).toBe("stacking");
    expect(sso.segment).toBe("tech");
    expect(sso.stacksIn).toBe("tech");
    // API: 25% everywhere, far above the equal share 100/6 = 16.7%.
    const api = map.features.find((f) => f.item === "API")!;
    expect(api.concentration).toBeCloseTo(0, 12);
    expect(api.label).toBe("everywhere");
    expect(api.segment).toBeNull();
    expect(api.stacksIn).toBeNull();
    // Reports 15/30/28: real estate is high but not 1.5× nonprofit → niche. Billing 4/10/10 → low.
    expect(map.features.find((f) => f.item === "Reports")!.label).toBe("niche");
    expect(map.features.find((f) => f.item === "Billing")!.label).toBe("low");
    // Audit 6/10/15: nonprofit is exactly 1.5× real estate with separate intervals (13–17 vs 8–12) → stacking.
    expect(map.features.map((f) => [f.item, f.label, f.segment])).toEqual([
      ["SSO", "stacking", "tech"],
      ["Audit", "stacking", "nonprofit"],
      ["API", "everywhere", null],
      ["Reports", "niche", null],
      ["Mobile", "niche", null],
      ["Billing", "low", null],
    ]);
  });

  it("lists top drivers per segment (default 5, clamped to 4–8) and the price band", () => {
    expect(map.segments.tech.topDrivers).toEqual(["SSO", "API", "Reports", "Mobile", "Audit"]);
    expect(map.segments.real_estate.topDrivers.slice(0, 2)).toEqual(["Reports", "API"]);
    expect(map.segments.tech.priceBand).toEqual({ pmc: 40, opp: 50, ipp: 55, pme: 70 });
    expect(map.segments.real_estate.priceBand).toBeNull();
    const four = buildValueMap(
      {
        items,
        segments: ["tech"],
        maxdiff: { tech: block({ SSO: 40, API: 25, Reports: 15, Mobile: 10, Audit: 6, Billing: 4 }) },
        priceBands: {},
      },
      { topDrivers: 2 },
    );
    expect(four.segments.tech.topDrivers).toHaveLength(4);
    expect(four.features[0].concentration).toBeNull();
  });
});

const seg = (key: string, name: string, share: number | null, interval: [number, number] | null) => ({
  key,
  name,
  share,
  interval,
});

describe("featureLabel", () => {
  it("labels CRM module 4.6 / 16.6 / 6.2 % stacking in Real estate and says why in one sentence", () => {
    const r = featureLabel({
      item: "CRM module",
      equalShare: 100 / 12,
      segments: [
        seg("tech", "Tech", 4.6, [3.9, 5.4]),
        seg("real_estate", "Real estate", 16.6, [15.0, 18.3]),
        seg("nonprofit", "Nonprofit", 6.2, [5.3, 7.2]),
      ],
    });
    expect(r).toEqual({
      label: "stacking",
      segment: "real_estate",
      rule: "Real estate values CRM module at 16.6%, ≥1.5× every other segment (Tech 4.6%, Nonprofit 6.2%), and its interval lies above theirs.",
    });
  });

  it("does not stack when the ratio holds but the intervals overlap (a small segment)", () => {
    const r = featureLabel({
      item: "SSO",
      equalShare: 10,
      segments: [seg("tech", "Tech", 15, [9.5, 21]), seg("nonprofit", "Nonprofit", 9, [6, 12])],
    });
    expect(r.label).toBe("niche");
    expect(r.segment).toBeNull();
    expect(r.rule).toBe(
      "SSO is at or above the equal share of 10.0% in Tech 15.0% but does not stack: Tech's interval overlaps that of Nonprofit.",
    );
  });

  it("does not stack when the intervals separate but the ratio is below 1.5×", () => {
    const r = featureLabel({
      item: "API",
      equalShare: 10,
      segments: [seg("tech", "Tech", 14, [13.5, 14.5]), seg("nonprofit", "Nonprofit", 10, [9.5, 10.5])],
    });
    expect(r.label).toBe("everywhere");
    expect(r.rule).toBe("API is at or above the equal share of 10.0% in every segment (Tech 14.0%, Nonprofit 10.0%).");
    const low = featureLabel({
      item: "Fax",
      equalShare: 10,
      segments: [seg("tech", "Tech", 3, [2, 4]), seg("nonprofit", "Nonprofit", 1, [0.5, 1.5])],
    });
    // Below the equal share everywhere, but 3× with separate intervals: stacking is checked first.
    expect(low.label).toBe("stacking");
    const flat = featureLabel({
      item: "Fax",
      equalShare: 10,
      segments: [seg("tech", "Tech", 3, [2, 4]), seg("nonprofit", "Nonprofit", 2.5, [1.5, 3.5])],
    });
    expect(flat.label).toBe("low");
    expect(flat.rule).toBe("Fax is below the equal share of 10.0% in every segment (Tech 3.0%, Nonprofit 2.5%).");
  });

  it("cannot stack without intervals or with a single segment", () => {
    expect(
      featureLabel({
        item: "X",
        equalShare: 10,
        segments: [seg("a", "A", 30, null), seg("b", "B", 5, [4, 6])],
      }).label,
    ).toBe("niche");
    expect(featureLabel({ item: "X", equalShare: 10, segments: [seg("a", "A", 30, [25, 35])] }).label).toBe(
      "everywhere",
    );
  });
});

describe("value map of the demo study's segments", () => {
  // The demo seed's true mean utilities (prisma/seed/demo.ts, TRUE_UTILITIES, individual sd 0.8,
  // 12 items, 9 tasks of 4, 150 respondents per segment), simulated here through the MaxDiff engine.
  const ITEMS = [
    "Timeline view",
    "CRM module",
    "Grant pipeline",
    "Analytics dashboards",
    "Client portal",
    "Single sign-on (SSO)",
    "Integrations",
    "Mobile app",
    "Resource planning",
    "Time tracking",
    "Donor reporting",
    "Listings sync",
  ];
  const TRUE = {
    tech: [1.2, -0.8, -2.0, 1.0, -0.3, 2.0, 1.8, 0.0, 0.6, 0.2, -2.0, -2.2],
    real_estate: [0.0, 2.0, -2.0, 0.0, 1.7, -1.0, -0.2, 1.2, -0.5, 0.3, -2.0, 1.6],
    nonprofit: [0.5, -0.3, 2.2, 0.6, -0.5, -1.5, 0.0, 0.0, -0.3, 0.0, 1.8, -2.5],
  };
  const design = generateDesign({ items: 12, itemsPerTask: 4, tasks: 9, versions: 10, seed: 2026 });
  const tasks = simulateAnswers(design, simulateRespondents(450, TRUE, 0.8, 5), ITEMS, 6);
  const map = analyseMaxDiff(tasks, { items: ITEMS }).valueMap!;
  const f = (item: string) => map.features.find((x) => x.item === item)!;

  it("stacks CRM module & Client portal in real estate, Grant pipeline & Donor reporting in nonprofit, SSO in tech", () => {
    for (const item of ["CRM module", "Client portal"]) expect([item, f(item).segment]).toEqual([item, "real_estate"]);
    for (const item of ["Grant pipeline", "Donor reporting"])
      expect([item, f(item).segment]).toEqual([item, "nonprofit"]);
    expect(f("Single sign-on (SSO)").segment).toBe("tech");
    expect(f("CRM module").rule).toMatch(/^real_estate values CRM module at \d+\.\d%, ≥1\.5× every other segment/);
  });

  it("does not call the broadly liked Timeline view stacking, and sorts stacking features by segment then share", () => {
    expect(f("Timeline view").label).not.toBe("stacking");
    const stacking = map.features.filter((x) => x.label === "stacking");
    const order = ["tech", "real_estate", "nonprofit"];
    for (let i = 1; i < stacking.length; i++) {
      const a = stacking[i - 1],
        b = stacking[i];
      const d = order.indexOf(a.segment!) - order.indexOf(b.segment!);
      expect(d < 0 || (d === 0 && a.shares[a.segment!]! >= b.shares[b.segment!]!)).toBe(true);
    }
    expect(map.features.findIndex((x) => x.label !== "stacking")).toBe(stacking.length);
  });
});
