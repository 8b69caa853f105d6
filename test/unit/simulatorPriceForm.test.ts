/**
 * The results page's no-JavaScript GET controls: the price scenario and the price-book objective are
 * parsed with zod (bad values fall back to the default and come back as an error next to the field,
 * with what was typed), and the scenario table a PMM reads equals research's simulatePackagePrices.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PriceBook } from "../../app/components/results/PriceBook.tsx";
import { PriceFields, PriceScenario } from "../../app/components/results/PriceScenario.tsx";
import { parseResultsQuery } from "../../app/results/resultsQuery.ts";
import { ggDemandAt } from "../../app/results/priceScenario.ts";
import { resultsView } from "../../app/results/view.server.ts";
import { analyseGaborGranger } from "../../research/gaborGranger/analyse.ts";
import { formatMoney } from "../../research/format/money.ts";
import { analyseStudy, studyPriceBookOf } from "../../research/study.ts";
import { syntheticExport } from "../research/study/syntheticExport.ts";

const text = (s: string) => s.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
const q = (s: string) => parseResultsQuery(new URLSearchParams(s));

describe("results query parsing", () => {
  it("reads a price with a currency sign or thousands separator, and the stricter happy rule", () => {
    expect(q("price=%2449.50&limit=cheap")).toMatchObject({ price: 49.5, priceLimit: "cheap", errors: {} });
    expect(q("price=1,200").price).toBe(1200);
    expect(q("price=&f=SSO&f=API&size=2")).toMatchObject({ price: null, bundle: ["SSO", "API"], size: 2 });
    expect(q("").priceLimit).toBe("expensive");
  });
  it("refuses a bad price with a message next to the field and keeps what was typed", () => {
    const r = q("price=forty&limit=bogus");
    expect(r.price).toBeNull();
    expect(r.errors.price).toBe("Enter a price like 49 or 49.99.");
    expect(r.typed.price).toBe("forty");
    expect(r.priceLimit).toBe("expensive");
    expect(q("price=5000000").errors.price).toMatch(/up to 1,000,000/);
    expect(q("price=-3").errors.price).toBeDefined();
  });
  it("reads the price-book objective; the happy floor needs a whole percentage 0–100", () => {
    expect(q("objective=revenue")).toMatchObject({ objective: "revenue", minHappy: null, errors: {} });
    expect(q("objective=revenue-with-happy-floor&minHappy=40")).toMatchObject({
      objective: "revenue-with-happy-floor",
      minHappy: 40,
    });
    expect(q("objective=revenue-with-happy-floor&minHappy=40%25").minHappy).toBe(40);
    const missing = q("objective=revenue-with-happy-floor");
    expect([missing.objective, missing.errors.minHappy]).toEqual([
      "happy",
      "Enter the least happy share per segment, like 40.",
    ]);
    const tooBig = q("objective=revenue-with-happy-floor&minHappy=140");
    expect([tooBig.objective, tooBig.errors.minHappy, tooBig.typed.minHappy]).toEqual([
      "happy",
      "Enter a whole percentage from 0 to 100, like 40.",
      "140",
    ]);
    expect(q("objective=cheapest").errors.objective).toBe("Choose what the price book should maximise.");
  });
});

describe("price scenario on the results page", () => {
  const doc = syntheticExport();
  const result = analyseStudy(doc, { bootstrap: 0 });
  const view = (s: string) => {
    const query = parseResultsQuery(new URLSearchParams(s));
    return resultsView(doc, result, { segment: null, bundle: query.bundle, findBest: false, query });
  };

  it("shows happy and buying shares and revenue per 100 per segment with intervals, revenue as money", () => {
    const v = view("f=SSO&f=API&price=50");
    const s = v.simulator?.scenario;
    expect(s?.package).toEqual(["SSO", "API"]);
    expect(s?.rows.map((r) => r.key)).toEqual(["tech", "real_estate", "nonprofit", "__all"]);
    for (const r of s!.rows) {
      expect(r.happyInterval![0]).toBeLessThanOrEqual(r.happyShare!);
      expect(r.happyInterval![1]).toBeGreaterThanOrEqual(r.happyShare!);
      expect(r.buyingShare!).toBeLessThanOrEqual(r.happyShare! + 1e-12);
      expect(r.revenuePer100).toBeCloseTo(100 * 50 * r.buyingShare!, 9);
    }
    const html = renderToStaticMarkup(
      createElement("div", null, createElement(PriceFields, { view: v }), createElement(PriceScenario, { view: v })),
    );
    const tech = /data-scenario-segment="tech"[\s\S]*?<\/tr>/.exec(html)?.[0] ?? "";
    const techRow = s!.rows[0];
    expect(tech).toContain(formatMoney(techRow.revenuePer100, doc.study.currency));
    // the form keeps the price typed and offers the stricter rule
    expect(html).toMatch(/name="price"[^>]*value="50"/);
    expect(html).toMatch(/name="limit" value="cheap"/);
  });

  it("the stricter “bargain” rule never makes more respondents happy", () => {
    const loose = view("f=SSO&f=API&price=40").simulator!.scenario!.rows;
    const strict = view("f=SSO&f=API&price=40&limit=cheap").simulator!.scenario!.rows;
    for (const [i, r] of loose.entries()) expect(strict[i].happyShare!).toBeLessThanOrEqual(r.happyShare!);
    expect(strict.some((r, i) => r.happyShare! < loose[i].happyShare!)).toBe(true);
  });

  it("a bad price shows its error next to the field and no scenario", () => {
    const v = view("f=SSO&price=abc");
    expect(v.simulator?.scenario).toBeNull();
    const html = renderToStaticMarkup(
      createElement("div", null, createElement(PriceFields, { view: v }), createElement(PriceScenario, { view: v })),
    );
    expect(html).toContain("Enter a price like 49 or 49.99.");
    expect(html).toMatch(/name="price"[^>]*aria-invalid="true"/);
  });

  it("Gabor–Granger demand at a price is the lowest rung at or above it", () => {
    const gg = analyseGaborGranger(
      [
        { respondent: "a", price: 10, response: 5 },
        { respondent: "a", price: 20, response: 2 },
        { respondent: "b", price: 10, response: 5 },
        { respondent: "b", price: 20, response: 4 },
      ],
      { bootstrap: 0 },
    ).overall;
    expect(ggDemandAt(gg, 15)).toMatchObject({ rung: 20, demand: 0.5, revenuePer100: 750 });
    expect(ggDemandAt(gg, 10)).toMatchObject({ rung: 10, demand: 1 });
    expect(ggDemandAt(gg, 25)).toBeNull();
  });

  it("the price-book objective passes through the analysis options; its sentence prints revenue as money", () => {
    const pb = studyPriceBookOf(doc, result, { priceBookObjective: "revenue" });
    expect(pb?.objective).toBe("revenue");
    const v = resultsView(
      doc,
      { ...result, priceBook: pb },
      {
        segment: null,
        bundle: [],
        findBest: false,
        query: parseResultsQuery(new URLSearchParams("objective=revenue")),
      },
    );
    const html = renderToStaticMarkup(createElement(PriceBook, { view: v }));
    expect(html).toMatch(/name="objective" checked="" value="revenue"/);
    const sentence = /data-field="price-book-winner">[\s\S]*?<\/p>/.exec(html)?.[0] ?? "";
    expect(text(sentence)).toMatch(/revenue per 100 prospects \$[\d,]+(\.\d\d)? vs \$[\d,]+(\.\d\d)?/);
    expect(pb?.sentence).toMatch(/\$[\d,]+(\.\d\d)? vs \$[\d,]+/);
    const floor = studyPriceBookOf(doc, result, { priceBookObjective: "revenue-with-happy-floor", minHappyShare: 0.3 });
    expect(floor?.minHappyShare).toBe(0.3);
  });
});
