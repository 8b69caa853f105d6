/**
 * The Gabor–Granger ladder in a real browser (Debian's headless Chromium via playwright-core) with
 * JavaScript OFF on a 390 px phone viewport: the respondent reaches the ladder, each step is its
 * own page (URL ?p=gg-N) with one price and the 5-point purchase likelihood, tapping an answer's
 * text picks it, "would buy" goes one rung up and "would not" one rung down, the walk stops when
 * the acceptance price is bracketed, nothing overflows the phone's width, Back shows a step
 * read-only with its saved answer, and the database holds the walk.
 *
 * Skips loudly when /usr/bin/chromium is missing, unless VALUESTACK_REQUIRE_BROWSER=1 (CI).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { formatMoney } from "../../research/format/money.ts";
import { surveyEnv } from "../helpers/app.ts";
import { type BrowserApp, PHONE, requireBrowser, startBrowserApp } from "../helpers/browser.ts";
import { HttpClient } from "../helpers/http.ts";
import { createDemoMiniStudy, createRespondent } from "../integration/respondentsFixtures.ts";
import { answerPages } from "../integration/respondentsSurvey.ts";

const browserReady = requireBrowser("Gabor–Granger browser test");
const LINK_SECRET = "gg-e2e-link-secret-0123456789abcd";

describe.skipIf(!browserReady)("Gabor–Granger ladder in Chromium without JavaScript at 390 px", () => {
  let app: BrowserApp;
  let db: Db;
  let study: Awaited<ReturnType<typeof createDemoMiniStudy>>;

  beforeAll(async () => {
    app = await startBrowserApp({ env: surveyEnv(LINK_SECRET) });
    db = app.db;
    study = await createDemoMiniStudy(db, { name: "Ladder in a browser" });
    await db.pricingSettings.update({
      where: { studyId: study.studyId },
      data: { ggEnabled: true, ggLadder: JSON.stringify([9, 19, 29, 39, 49, 59, 69]), ggStart: "middle" },
    });
  });
  afterAll(() => app?.stop());

  it("walks yes → up, no → down and stops, one page per price, readable on a phone", async () => {
    const respondent = await createRespondent(db, study, LINK_SECRET, { email: "phone@example.com" });
    const url = `${app.server.url}${respondent.path}`;
    // the pages before the ladder, as a browser without JavaScript would post them
    await answerPages(new HttpClient(app.server.url), respondent.path, "gg:1");

    const context = await app.browser.newContext({ javaScriptEnabled: false, viewport: PHONE, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.goto(url);
    // 39 (middle) yes → 49 yes → 59 no → stop: acceptance 49
    const walk: [number, string, string][] = [
      [39, "Probably would buy", "gg-1"],
      [49, "Definitely would buy", "gg-2"],
      [59, "Probably would not buy", "gg-3"],
    ];
    for (const [price, answer, slug] of walk) {
      await page.locator("fieldset#q-likelihood").waitFor();
      expect(new URL(page.url()).searchParams.get("p") ?? "gg-1").toBe(slug);
      const legend = await page.locator("fieldset#q-likelihood legend").textContent();
      expect(legend).toBe(`If the product cost ${formatMoney(price, "EUR")}, how likely would you be to buy it?`);
      // nothing wider than the phone
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // every answer's text is at least 12 px
      const sizes = await page
        .locator("fieldset#q-likelihood label")
        .evaluateAll((els) => els.map((e) => Number.parseFloat(getComputedStyle(e).fontSize)));
      expect(sizes).toHaveLength(5);
      for (const s of sizes) expect(s).toBeGreaterThanOrEqual(12);
      await page.getByText(answer, { exact: true }).click(); // tapping the words picks the answer
      await Promise.all([page.waitForURL(/\?p=/), page.getByRole("button", { name: /Next|Submit/ }).click()]);
    }
    await page.getByRole("heading", { name: "Thank you!" }).waitFor();

    // Back to step 2: read-only, with the saved answer
    await page.goto(`${url}?p=gg-2`);
    await page.getByText("This page is already saved.").waitFor();
    expect(await page.locator("fieldset#q-likelihood legend").textContent()).toContain(formatMoney(49, "EUR"));
    expect(await page.getByLabel("Definitely would buy").isChecked()).toBe(true);
    await context.close();

    const response = await db.response.findUniqueOrThrow({
      where: { respondentId: respondent.id },
      include: { gaborGranger: { orderBy: { step: "asc" } } },
    });
    expect(response.status).toBe("completed");
    expect(response.gaborGranger.map((a) => [a.step, a.price, a.likelihood])).toEqual([
      [1, 39, 4],
      [2, 49, 5],
      [3, 59, 2],
    ]);
  });
});
