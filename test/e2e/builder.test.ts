/**
 * The study builder and the results page in a real browser (Debian's headless Chromium via
 * playwright-core, JavaScript on): from the demo login, build a study with two segments,
 * MaxDiff items and design, pricing, a hypothesis with a concept and a decision rule; launch
 * it; open the respondent preview's first page; then open the demo study's results and see
 * the summary and the SVG charts.
 *
 * Skips loudly when /usr/bin/chromium is missing, unless VALUESTACK_REQUIRE_BROWSER=1 (CI).
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_STUDY_NAME } from "../../prisma/seed/demo.ts";
import { type BrowserApp, logIn, recordErrors, requireBrowser, startBrowserApp } from "../helpers/browser.ts";

const browserReady = requireBrowser("builder end-to-end browser test");

describe.skipIf(!browserReady)("study builder and results in a real browser", () => {
  let app: BrowserApp;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    app = await startBrowserApp({ env: { VALUESTACK_WORKERS: "0" } });
    const context = await app.browser.newContext({ baseURL: app.server.url });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    recordErrors(page, errors, { console: true, responses: true });
  });
  afterAll(() => app?.stop());

  const form = (name: string) => page.getByRole("form", { name });
  const fill = async (scope: ReturnType<Page["getByRole"]>, values: Record<string, string>) => {
    for (const [label, value] of Object.entries(values)) await scope.getByLabel(label, { exact: true }).fill(value);
  };

  it("builds, launches and previews a study", async () => {
    await logIn(page, app.server.url);

    await page.goto("/studies/new");
    await page.getByLabel("Study name").fill("Browser-built study");
    await page.getByLabel("Product description").fill("A CRM for agencies and schools.");
    await page.getByRole("button", { name: "Create study" }).click();
    await page.waitForURL(/\/studies\/[^/]+\/build/);
    const studyId = /\/studies\/([^/]+)\/build/.exec(page.url())![1];
    const build = `/studies/${studyId}/build`;

    // two segments
    await page.goto(`${build}/segments`);
    for (const [key, name] of [
      ["real_estate", "Real estate"],
      ["education", "Education"],
    ]) {
      const add = form("Add a segment");
      await fill(add, { Key: key, Name: name, "Target respondents": "80" });
      await add.getByRole("button", { name: "Add segment" }).click();
      await page.getByRole("form", { name: `Segment ${name}` }).waitFor();
    }

    // MaxDiff items and design
    await page.goto(`${build}/maxdiff`);
    for (const label of ["CRM", "Client portal", "Listings sync", "Mobile app", "Single sign-on"]) {
      const add = form("Add an item");
      await fill(add, { Label: label });
      await add.getByRole("button", { name: "Add item" }).click();
      await page.getByRole("form", { name: `Item ${label}` }).waitFor();
    }
    const design = form("Design");
    await fill(design, { "Items per task": "3", "Tasks per respondent": "8", Versions: "6" });
    await design.getByRole("button", { name: "Save and check the design" }).click();
    await page.getByText("Times each pair of items appears together").waitFor();

    // pricing
    await page.goto(`${build}/pricing`);
    await page.getByLabel("Lowest allowed price").fill("1");
    await page.getByLabel("Highest allowed price").fill("500");
    await page.getByRole("button", { name: "Save pricing" }).click();
    await page.getByText("Pricing saved.").waitFor();

    // a hypothesis, its concept and a decision rule
    await page.goto(`${build}/hypotheses`);
    const write = form("Write a hypothesis");
    await fill(write, {
      "Customer problem": "Agents lose follow-ups.",
      Hypothesis: "Real estate agencies pay $49 for a CRM.",
    });
    await write.getByLabel("Real estate (real_estate)").check();
    await write.getByLabel("CRM", { exact: true }).check();
    await write.getByRole("button", { name: /Create hypothesis/ }).click();
    await page.waitForURL(/\/build\/hypotheses\/[^/?]+$/);
    const concept = form("Add a concept");
    await fill(concept, { "Concept name": "Agency CRM", "Concept text": "Listings and clients in one place." });
    await concept.getByRole("button", { name: "Add concept" }).click();
    await page.getByRole("form", { name: "Concept Agency CRM" }).waitFor();
    const rule = form("Decision rule");
    const first = rule.getByRole("group", { name: "Criterion 1" });
    await first.getByLabel("Kind").selectOption("concept");
    await first.getByLabel("Segment").selectOption("real_estate");
    await first.getByLabel("Top-2-box threshold (%)").fill("50");
    await rule.getByRole("button", { name: "Save rule" }).click();
    await page.getByRole("group", { name: "Criterion 2" }).waitFor();

    // launch
    await page.goto(build);
    await page.getByText("Everything a study needs is in place.").waitFor();
    await page.getByRole("button", { name: "Launch study" }).click();
    await page.getByRole("heading", { name: "The study is live" }).waitFor();

    // the respondent preview's first page
    await page.goto(`/studies/${studyId}/preview`);
    await page.getByText(/Page 1 of \d+/).waitFor();
    await page.getByRole("heading", { name: "Welcome" }).waitFor();
    expect(await page.getByText("A CRM for agencies and schools.").count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it("shows the demo study's results: decisions and SVG charts", async () => {
    await page.goto("/studies");
    await page.getByRole("link", { name: DEMO_STUDY_NAME }).click();
    await page.getByRole("navigation", { name: "Study sections" }).getByRole("link", { name: "Results" }).click();
    await page.waitForURL(/\/results$/);
    const decisions = page.getByRole("region", { name: "Decisions" });
    await decisions.waitFor();
    expect(await decisions.textContent()).toMatch(/\d+ of \d+ hypotheses validated/);
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(6); // 3 price curves + 3 share charts
    await page.getByRole("img", { name: /Van Westendorp curves, Real estate/ }).waitFor();
    expect(await page.locator('svg[role="img"] path').count()).toBeGreaterThanOrEqual(12);
    // HB runs in the background; the notice is a live region
    expect(await page.getByRole("status").filter({ hasText: "Hierarchical Bayes" }).count()).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
  });
});
