import { describe, expect, it } from "vitest";
import { analyseVanWestendorp, type VwAnswer } from "../../../research/vanWestendorp/analyse.ts";
import { bandRelation, formatPrice } from "../../../research/vanWestendorp/compare.ts";

// Each segment has identical respondents, so its band is easy to read off: for a respondent
// (tc, c, e, te) repeated, PMC: not cheap 0 until c, too cheap 0 from tc ⇒ PMC = tc (0 ≥ 0);
// PME: too expensive 0 until te, not expensive 0 from e ⇒ PME = e.
const copies = (k: number, a: VwAnswer): VwAnswer[] => Array.from({ length: k }, () => ({ ...a }));
const DATA: VwAnswer[] = [
  ...copies(4, { tooCheap: 40, cheap: 50, expensive: 65, tooExpensive: 90, segment: "real_estate" }),
  ...copies(4, { tooCheap: 15, cheap: 20, expensive: 30, tooExpensive: 35, segment: "nonprofit" }),
  ...copies(4, { tooCheap: 25, cheap: 35, expensive: 50, tooExpensive: 70, segment: "tech" }),
  { tooCheap: 5, cheap: 4, expensive: 50, tooExpensive: 70, segment: "tech" }, // not ordered
  { tooCheap: 10, cheap: 20, expensive: 30, tooExpensive: 40, segment: null }, // overall only
];

describe("segments", () => {
  const result = analyseVanWestendorp(DATA, { currency: "USD" });

  it("analyses each segment alone and counts its respondents", () => {
    expect(Object.keys(result.segments)).toEqual(["nonprofit", "real_estate", "tech"]);
    expect(result.segments.real_estate).toMatchObject({ n: 4, nValid: 4, pmc: 40, pme: 65 });
    expect(result.segments.nonprofit).toMatchObject({ n: 4, nValid: 4, pmc: 15, pme: 30 });
    expect(result.segments.tech).toMatchObject({
      n: 5,
      nValid: 4,
      invalid: { notOrdered: 1, missing: 0 },
      pmc: 25,
      pme: 50,
    });
    expect(result.overall.n).toBe(14);
  });

  it("compares acceptable ranges in sentences", () => {
    expect(result.comparisons).toEqual([
      {
        a: "nonprofit",
        b: "real_estate",
        relation: "below",
        text: "nonprofit's band $15–$30 sits below real_estate's $40–$65",
      },
      { a: "nonprofit", b: "tech", relation: "overlaps", text: "nonprofit's band $15–$30 overlaps tech's $25–$50" },
      { a: "real_estate", b: "tech", relation: "overlaps", text: "real_estate's band $40–$65 overlaps tech's $25–$50" },
    ]);
  });

  it("quotes the facing intervals when bootstrapped", () => {
    // Identical respondents ⇒ every resample gives the same points ⇒ degenerate intervals.
    const r = analyseVanWestendorp(DATA, { currency: "USD", bootstrap: 20 });
    expect(r.comparisons[0].text).toBe(
      "nonprofit's band $15–$30 sits below real_estate's $40–$65 (95% intervals: nonprofit PME $30–$30, real_estate PMC $40–$40)",
    );
  });

  it("classifies bands", () => {
    expect(bandRelation({ lower: 40, upper: 65 }, { lower: 15, upper: 30 })).toBe("above");
    expect(bandRelation({ lower: 30, upper: 65 }, { lower: 15, upper: 30 })).toBe("overlaps"); // touching
    expect(formatPrice(12.5, "EUR")).toBe("€12.50");
    expect(formatPrice(12, "SEK")).toBe("SEK\u00a012");
    expect(formatPrice(12)).toBe("12");
  });
});
