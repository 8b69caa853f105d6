/** The survey's presentational components and pure page logic. */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MaxDiffTask, RatingScale } from "../../app/components/survey/SurveyPage.tsx";
import {
  nextPage,
  pageKeys,
  parsePageKey,
  safeImageUrl,
  type SurveyDefinition,
} from "../../app/survey/pages.server.ts";

const def = (over: Partial<SurveyDefinition> = {}): SurveyDefinition => ({
  studyId: "s",
  name: "S",
  status: "live",
  currency: "USD",
  productDescription: "",
  screener: { question: "Q", options: [{ id: "o1", label: "A", segmentId: "seg" }] },
  concepts: [
    { id: "c1", name: "C1", body: "", imageUrl: null },
    { id: "c2", name: "C2", body: "", imageUrl: null },
  ],
  items: new Map(),
  design: new Map([
    [
      1,
      new Map([
        [1, ["a", "b", "c"]],
        [2, ["b", "c", "d"]],
      ]),
    ],
  ]),
  pricing: { nmsEnabled: true, minPrice: 0, maxPrice: 100 },
  ...over,
});

describe("survey pages", () => {
  it("orders screener, concepts, MaxDiff tasks, price and NMS", () => {
    expect(pageKeys(def(), { screener: true, designVersion: 1 })).toEqual([
      "screener",
      "concept:1",
      "concept:2",
      "maxdiff:1",
      "maxdiff:2",
      "price",
      "nms",
    ]);
    expect(
      pageKeys(def({ pricing: { nmsEnabled: false, minPrice: 0, maxPrice: 1 } }), {
        screener: false,
        designVersion: 9,
      }),
    ).toEqual(["concept:1", "concept:2", "price"]);
    expect(nextPage(["concept:1", "price"], "price")).toBe("done");
    expect(parsePageKey("maxdiff:12")).toEqual({ kind: "maxdiff", n: 12 });
  });
  it("refuses javascript: and data: image URLs", () => {
    expect(safeImageUrl("javascript:alert(1)")).toBeNull();
    expect(safeImageUrl("data:image/png;base64,xx")).toBeNull();
    expect(safeImageUrl("https://example.com/a.png")).toBe("https://example.com/a.png");
  });
  it("renders labelled scales and MaxDiff choices with escaped text", () => {
    const html = renderToStaticMarkup(
      createElement(RatingScale, {
        name: "appeal",
        question: "<b>Q</b>",
        anchors: ["1", "2", "3", "4", "5"],
        value: "3",
        error: "Pick one",
      }),
    );
    expect(html).toContain("<legend>&lt;b&gt;Q&lt;/b&gt;</legend>");
    expect(html).toMatch(/<input type="radio" name="appeal" required="" checked="" value="3"/);
    const md = renderToStaticMarkup(
      createElement(MaxDiffTask, {
        page: {
          kind: "maxdiff",
          task: 1,
          of: 2,
          items: [
            { id: "i1", label: "<img src=x onerror=alert(1)>", description: "" },
            { id: "i2", label: "B", description: "" },
          ],
        },
        errors: {},
        values: { best: "i1" },
      }),
    );
    expect(md).not.toContain("<img");
    expect(md).toMatch(/name="best" required="" checked="" value="i1"/);
  });
});
