import { describe, expect, it } from "vitest";
import { buildValueMap, featureConcentration, STACKING_THRESHOLD } from "../../../research/valueMap/valueMap.ts";

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
    expect(sso.stacksIn).toBe("tech");
    const api = map.features.find((f) => f.item === "API")!;
    expect(api.concentration).toBeCloseTo(0, 12);
    expect(api.label).toBe("spread");
    expect(api.stacksIn).toBeNull();
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
