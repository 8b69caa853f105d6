/**
 * The results page's price book section, rendered from the view of analyseStudy(syntheticExport()):
 * what a PMM reads is each segment's price shown inside the acceptable range stated next to it, the
 * one-price-book tiers listed in rising price order, and the sentence saying which proposal wins.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PriceBook } from "../../app/components/results/PriceBook.tsx";
import { resultsView } from "../../app/results/view.server.ts";
import { analyseStudy } from "../../research/study.ts";
import { syntheticExport } from "../research/study/syntheticExport.ts";

const text = (s: string) =>
  s
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, " ")
    .trim();
/** "$1,234.50" → 1234.5 (whatever the currency symbol). */
const amount = (s: string) => Number(s.replace(/[^\d.-]/g, ""));
const field = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`data-field="${name}">([^<]*)<`, "g"))].map((m) => m[1]);

describe("price book section", () => {
  const doc = syntheticExport();
  const view = resultsView(doc, analyseStudy(doc, { bootstrap: 0 }), { segment: null, bundle: [], findBest: false });
  const html = renderToStaticMarkup(createElement(PriceBook, { view }));

  it("shows every segment's price inside the acceptable range stated beside it", () => {
    expect(text(html)).toContain("What to sell to each segment, at what price");
    const table = /<table class="price-book reflow"[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
    for (const s of doc.segments) {
      const row = new RegExp(`<tr data-segment="${s.key}">[\\s\\S]*?</tr>`).exec(table)?.[0] ?? "";
      expect(text(row)).toContain(s.name || s.key);
      const [price] = field(row, "price").map(amount);
      const [pmc] = field(row, "pmc").map(amount);
      const [pme] = field(row, "pme").map(amount);
      expect(Number.isFinite(price)).toBe(true);
      expect(pmc).toBeLessThanOrEqual(pme);
      // shown amounts are rounded to cents like the range, so the rendered price sits inside the rendered range
      expect(price).toBeGreaterThanOrEqual(pmc);
      expect(price).toBeLessThanOrEqual(pme);
    }
  });

  it("lists the one price book's tiers in rising price order, each aimed at a named segment", () => {
    const table = /<table class="price-book-tiers reflow"[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
    const prices = field(table, "price").map(amount);
    expect(prices.length).toBe(doc.segments.length);
    for (let k = 1; k < prices.length; k++) expect(prices[k]).toBeGreaterThan(prices[k - 1]);
    const names = doc.segments.map((s) => s.name || s.key);
    const rows = [...table.matchAll(/<tr data-tier[\s\S]*?<\/tr>/g)].map((m) => text(m[0]));
    for (const row of rows) expect(names.some((n) => row.includes(n))).toBe(true);
  });

  it("says which proposal wins, with the segments named as the researcher named them", () => {
    const sentence = text(/data-field="price-book-winner">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? "");
    expect(sentence).toMatch(/wins|tie|same|Neither|No one-price-book/i);
    expect(sentence).toBe(text(view.priceBook!.sentence));
    for (const s of doc.segments)
      if (s.name && s.name !== s.key) expect(sentence).not.toMatch(new RegExp(`\\b${s.key}\\b`));
  });

  it("is omitted when the study has no price book", () => {
    expect(renderToStaticMarkup(createElement(PriceBook, { view: { ...view, priceBook: null } }))).toBe("");
  });
});
