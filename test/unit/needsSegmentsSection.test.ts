/**
 * The "Segments in the data" section's states a PMM can meet before a result exists: too few
 * respondents (a plain message, no job) and a run in progress (progress and a Refresh link
 * that works without JavaScript). Rendered to HTML as the server does.
 */
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { StaticRouter } from "react-router-dom/server.js";
import { describe, expect, it } from "vitest";
import { NeedsSegments } from "../../app/components/results/NeedsSegments.tsx";
import type { NeedsSegmentsState } from "../../app/results/latentClass.server.ts";

const render = (state: NeedsSegmentsState) =>
  renderToString(
    createElement(StaticRouter, { location: "/studies/s1/results" }, createElement(NeedsSegments, { state })),
  )
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

describe("the needs-based segments section before a result", () => {
  it("says plainly when respondents are too few", () => {
    expect(render({ state: "few", respondents: 7, needed: 10 })).toContain(
      "Too few respondents to look for needs-based segments: 7 answered MaxDiff, at least 10 are needed",
    );
  });
  it("shows progress while the run goes", () => {
    const html = renderToString(
      createElement(
        StaticRouter,
        { location: "/studies/s1/results" },
        createElement(NeedsSegments, { state: { state: "running", progress: 0.4 } }),
      ),
    );
    expect(html).toMatch(/<progress[^>]*value="40"/);
    expect(html).toMatch(/href="\/studies\/s1\/results"[^>]*>Refresh/);
    expect(render({ state: "running", progress: 0.4 })).toContain("Looking for needs-based segments");
  });
  it("shows nothing for a study without MaxDiff answers", () => {
    expect(render({ state: "none" }).trim()).toBe("");
  });
});
