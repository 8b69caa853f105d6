/**
 * The fielding dashboard in a real browser on a 390 px phone: every text is ≥ 12 CSS px (chart text included),
 * nothing widens the page, and a respondent who completes the survey (over HTTP, from outside the browser)
 * appears on the open page without a reload, in the completes and in the flagged-respondents counts. The
 * sample-size planner works with JavaScript on (its form's field names come from a browser-safe module) and plans
 * the price band from pilot values.
 *
 * Skips loudly when /usr/bin/chromium is missing, unless VALUESTACK_REQUIRE_BROWSER=1 (CI).
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { surveyEnv } from "../helpers/app.ts";
import { type BrowserApp, logIn, PHONE, recordErrors, requireBrowser, startBrowserApp } from "../helpers/browser.ts";
import { HttpClient } from "../helpers/http.ts";
import { createDemoMiniStudy, createRespondent } from "../integration/respondentsFixtures.ts";
import { answerPages } from "../integration/respondentsSurvey.ts";

const browserReady = requireBrowser("fielding dashboard browser test");
const LINK_SECRET = "e2e-fielding-link-secret-0123456789";

describe.skipIf(!browserReady)("the fielding dashboard on a phone, live", () => {
  let app: BrowserApp;
  let db: Db;
  let phone: BrowserContext;
  let page: Page;
  let study: Awaited<ReturnType<typeof createDemoMiniStudy>>;
  const errors: string[] = [];

  beforeAll(async () => {
    app = await startBrowserApp({ env: surveyEnv(LINK_SECRET) });
    db = app.db;
    study = await createDemoMiniStudy(db, { name: "Fielding phone study" });
    await db.study.update({ where: { id: study.studyId }, data: { launchedAt: new Date(Date.now() - 86_400_000) } });
    phone = await app.browser.newContext({ baseURL: app.server.url, viewport: PHONE });
    phone.setDefaultTimeout(20_000);
    page = await phone.newPage();
    recordErrors(page, errors);
    await logIn(page, app.server.url);
  }, 120_000);
  afterAll(() => app?.stop());

  /** A respondent of the study's segment who answers every page over plain HTTP. */
  async function completeOne() {
    const r = await createRespondent(db, study, LINK_SECRET);
    await answerPages(new HttpClient(app.server.url), r.path);
  }

  it("is readable at 390 px and shows a new complete without a reload", async () => {
    await completeOne();
    await page.goto(`/studies/${study.studyId}/fielding`);
    // the chart lays itself out for the measured width after hydration
    await page.waitForFunction(
      () =>
        document.querySelector('svg[aria-label="Completes per segment over time"]')?.getAttribute("width") !== "720",
    );
    expect(await page.locator("[data-segment=smb] [data-completes]").textContent()).toBe("1 of 100");
    await page.getByRole("heading", { name: "Fielding", exact: true }).waitFor();
    await page.getByRole("heading", { name: "Flagged respondents" }).waitFor();
    const before = page.locator('[data-quality-segment="smb"] td[data-label="Before"]');
    expect(await before.textContent()).toBe("1");

    const small = await page.evaluate(() => {
      const out: string[] = [];
      const walker = document.createTreeWalker(document.querySelector("main") ?? document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || !n.textContent?.trim() || el.closest("details:not([open])")) continue;
        const rect = el.getBoundingClientRect();
        if (rect.width === 0 && rect.height === 0) continue;
        let px = Number.parseFloat(getComputedStyle(el).fontSize);
        const svg = el.closest("svg");
        if (svg) px *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        if (px < 12) out.push(`${n.textContent.trim()} (${px.toFixed(1)} px)`);
      }
      return out;
    });
    expect(small).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Mark this document: if the page reloaded, the mark would be gone.
    await page.evaluate(() => {
      (window as unknown as { fieldingMark: number }).fieldingMark = 1;
    });
    await completeOne();
    await page.locator("[data-segment=smb] [data-completes]", { hasText: "2 of 100" }).waitFor({ timeout: 30_000 });
    expect(await page.locator("[data-total-completes]").textContent()).toBe("2");
    await page.locator('[data-quality-segment="smb"] td[data-label="Before"]', { hasText: "2" }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { fieldingMark?: number }).fieldingMark)).toBe(1);
    expect(errors).toEqual([]);
  }, 120_000);

  it("the sample-size planner runs in the browser and plans the price band from a pilot", async () => {
    const h = await db.hypothesis.findFirstOrThrow({ where: { studyId: study.studyId } });
    // a share criterion gives the form an expected-share field; a target price gives a price band to plan
    await db.hypothesis.update({
      where: { id: h.id },
      data: {
        targetPrice: 100,
        rule: JSON.stringify({
          confidence: 0.95,
          criteria: [{ kind: "concept", segment: "smb", metric: "purchase_intent", threshold: 0.5 }],
        }),
      },
    });
    await page.goto(`/studies/${study.studyId}/build/planner`);
    await page.getByRole("heading", { name: "What you expect" }).waitFor();
    await page.getByLabel("MaxDiff exposures per item per segment").fill("50");
    await page.getByLabel("Too cheap: mean").fill("40");
    await page.getByLabel("A bargain: mean").fill("60");
    await page.getByLabel("Getting expensive: mean").fill("90");
    await page.getByLabel("Too expensive: mean").fill("120");
    await page.getByLabel("SD of the answers").fill("-20");
    await page.getByRole("button", { name: "Save and plan" }).click();
    await page.locator("#f-pilot-smb-sd-error", { hasText: "Enter an SD greater than 0." }).waitFor();
    await page.getByLabel("SD of the answers").fill("20");
    await page.getByRole("button", { name: "Save and plan" }).click();
    await page.locator("[data-plan-sentence]", { hasText: "from your pilot: means 40, 60, 90, 120, SD 20" }).waitFor();
    expect(await page.locator("[data-plan-sentence]").textContent()).toContain("Small business needs 137 respondents");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
  }, 120_000);
});
