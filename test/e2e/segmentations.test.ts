/**
 * Saved segmentations in a real browser (Debian's headless Chromium via playwright-core): the
 * researcher waits for "Segments in the data", renames a group, saves the groups as a
 * segmentation, lands on the results page shown by it, and switches back to the declared segments
 * and to the saved one with the "Segments by" selector.
 *
 * Skips loudly when /usr/bin/chromium is missing, unless VALUESTACK_REQUIRE_BROWSER=1 (CI).
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_STUDY_NAME } from "../../prisma/seed/demo.ts";
import { type BrowserApp, logIn, recordErrors, requireBrowser, startBrowserApp } from "../helpers/browser.ts";

const browserReady = requireBrowser("saved segmentations browser test");

describe.skipIf(!browserReady)("saving a segmentation and switching the results page to it", () => {
  let app: BrowserApp;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    app = await startBrowserApp({ env: { VALUESTACK_WORKERS: "0" } });
    const context = await app.browser.newContext({ baseURL: app.server.url, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    recordErrors(page, errors);
    await logIn(page, app.server.url);
  }, 120_000);
  afterAll(() => app?.stop());

  it("saves the groups under a name and shows every section by them, then switches back", async () => {
    await page.getByRole("link", { name: DEMO_STUDY_NAME }).first().click();
    await page.waitForURL(/\/studies\/[^/]+$/);
    await page.getByRole("link", { name: "Results", exact: true }).click();
    // the page polls itself (with JavaScript) until the latent-class run is done
    const form = page.locator("section.save-segmentation");
    await form.waitFor({ timeout: 300_000 });
    await form.getByLabel("Name of the segmentation").fill("Browser groups");
    const first = form.getByLabel(/^Group 1 /);
    await first.fill("Roadmap planners");
    await form.getByRole("button", { name: "Save segmentation" }).click();
    await page.waitForURL(/\?segmentation=/);
    await expect(page.locator(".segmentation-note").textContent()).resolves.toContain(
      "Shown by the saved segmentation “Browser groups”",
    );
    await expect(page.locator("#segmentation-picker option:checked").textContent()).resolves.toMatch(/^Browser groups/);
    // the sections follow: the price-band table's first row is the renamed group
    await expect(page.locator("tr[data-segment='c1'] th").first().textContent()).resolves.toBe("Roadmap planners");
    await expect(page.locator(".badge.exploratory").first().textContent()).resolves.toContain("exploratory");
    const exportHref = await page.locator("a[href*='price-bands.csv']").getAttribute("href");
    expect(exportHref).toMatch(/\?segmentation=/);

    // back to the declared segments with the selector
    await page.locator("#segmentation-picker").selectOption({ label: "Declared segments" });
    await page.locator("form.segmentation-picker button").click();
    await page.waitForURL(/\?segmentation=$/);
    // the URL changes as the navigation commits; the page re-renders right after it
    await expect.poll(() => page.locator(".segmentation-note").count()).toBe(0);
    await expect(page.locator("tr[data-segment='tech'] th").first().textContent()).resolves.toBe("Tech");

    // and to the saved one again
    await page.locator("#segmentation-picker").selectOption({ index: 1 });
    await page.locator("form.segmentation-picker button").click();
    await page.locator(".segmentation-note").waitFor();
    await expect(page.locator("tr[data-segment='c1'] th").first().textContent()).resolves.toBe("Roadmap planners");
    expect(errors).toEqual([]);
  }, 600_000);
});
