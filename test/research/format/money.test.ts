import { describe, expect, it } from "vitest";
import { formatMoney as resultsMoney } from "../../../app/components/results/format.ts";
import { formatMoney as surveyMoney } from "../../../app/survey/types.ts";
import { formatMoney } from "../../../research/format/money.ts";
import { formatMoney as sentenceMoney } from "../../../research/hypotheses/criteria.ts";
import { formatPrice } from "../../../research/vanWestendorp/compare.ts";

describe("formatMoney: one answer everywhere", () => {
  const cases: [number, string, string][] = [
    [12.5, "USD", "$12.50"],
    [12, "USD", "$12"],
    [1234.5, "EUR", "€1,234.50"],
    [0.1 + 0.2, "USD", "$0.30"],
    [49.999, "USD", "$50"],
  ];
  it.each(cases)("%s %s → %s in research sentences, results, survey and price comparisons", (x, cur, want) => {
    expect(formatMoney(x, cur)).toBe(want);
    expect(resultsMoney(x, cur)).toBe(want);
    expect(surveyMoney(x, cur)).toBe(want);
    expect(sentenceMoney(x, cur)).toBe(want);
    expect(formatPrice(x, cur)).toBe(want);
  });

  it("prints a dash for a missing amount and the plain number without a currency", () => {
    expect(formatMoney(null, "USD")).toBe("–");
    expect(formatMoney(Number.NaN, "USD")).toBe("–");
    expect(formatMoney(12.5)).toBe("12.5");
  });

  it("follows the locale when one is given", () => {
    expect(formatMoney(1234.5, "EUR", "de-DE")).toBe("1.234,50\u00a0€");
  });
});
