/**
 * The survey's competitors block in headless Chromium with JavaScript OFF on a 390 px phone
 * (issue 20): the respondent picks their alternative (only those offered in their segment),
 * gets the errors next to the questions, rates ours and theirs 0–10 or "Don't know" by tapping,
 * the page never scrolls sideways, and the answers are stored. Then the demo study's results
 * page at 390 px shows the scorecard, the gap chart ("invest here") and the price/value map with
 * chart text of at least 12 CSS px.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { surveyEnv } from "../helpers/app.ts";
import {
  answerSurveyUntil,
  type BrowserApp,
  logIn,
  PHONE,
  requireBrowser,
  startBrowserApp,
  surveyPageKey,
} from "../helpers/browser.ts";
import { createDemoMiniStudy, createRespondent } from "../integration/respondentsFixtures.ts";

const browserReady = requireBrowser("competitors browser test");
const LINK_SECRET = "e2e-competitors-link-secret-01234";

describe.skipIf(!browserReady)("competitors block in a real browser", () => {
  let app: BrowserApp;
  let db: Db;
  let study: Awaited<ReturnType<typeof createDemoMiniStudy>>;

  beforeAll(async () => {
    app = await startBrowserApp({ env: surveyEnv(LINK_SECRET) });
    db = app.db;
    study = await createDemoMiniStudy(db, { name: "Phone rivals study" });
    const other = await db.segment.create({ data: { studyId: study.studyId, key: "ent", name: "Enterprise" } });
    await db.competitorSetup.create({
      data: { studyId: study.studyId, ourName: "Minio", driverIds: JSON.stringify([study.items[0], study.items[1]]) },
    });
    await db.competitor.createMany({
      data: [
        { studyId: study.studyId, name: "Rivalo", listPrice: 30, sortOrder: 0 },
        { studyId: study.studyId, name: "Do nothing", sortOrder: 1 },
        { studyId: study.studyId, name: "Enterprise Suite", segmentIds: JSON.stringify([other.id]), sortOrder: 2 },
      ],
    });
  }, 120_000);
  afterAll(() => app?.stop());

  it("is answered without JavaScript at 390 px and stores the answers", async () => {
    const r = await createRespondent(db, study, LINK_SECRET, { email: "phone@example.com" });
    const context = await app.browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${app.server.url}${r.path}`);
    const key = () => surveyPageKey(page);
    const next = () => page.locator(".survey-actions button[type=submit]").click();
    await answerSurveyUntil(page, "alternative");
    const choices = await page
      .locator("input[name=alternative]")
      .evaluateAll((els) => els.map((e) => (e.closest("label") as HTMLElement).innerText.trim()));
    expect(choices).toEqual(["Rivalo", "Do nothing", "None of these"]);

    // nothing chosen and a word for a price: both errors next to their questions, the typed price kept
    await page.getByLabel(/What do you pay for it/).fill("a lot");
    await next();
    await page.waitForLoadState("load");
    await expect.poll(() => page.locator("#err-alternative").innerText()).toContain("Choose what you use today");
    expect(await page.locator("#err-pricePaid").innerText()).toContain("Enter a number like 25");
    expect(await page.getByLabel(/What do you pay for it/).inputValue()).toBe("a lot");
    await page.getByRole("radio", { name: "Rivalo" }).check();
    await page.getByLabel(/What do you pay for it/).fill("28.50");
    await next();
    await page.waitForLoadState("load");

    expect(await key()).toBe("performance");
    // the page fits the phone: no sideways scrolling; the rating choices are big enough to tap
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const box = await page.locator(".survey-rate-options label").first().boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    const [alpha, beta] = study.items;
    await page.locator(`#q-ours_${alpha}`).getByRole("radio", { name: "9 of 10" }).check();
    await page.locator(`#q-alt_${alpha}`).getByRole("radio", { name: "4 of 10" }).check();
    await page.locator(`#q-ours_${beta}`).getByRole("radio", { name: "Don't know" }).check();
    await next(); // one question left: its error is next to it, the other answers stay ticked
    await page.waitForLoadState("load");
    await expect.poll(() => page.locator(`#err-alt_${beta}`).innerText()).toContain("Rivalo: Beta");
    expect(await page.locator(`#q-ours_${alpha}`).getByRole("radio", { name: "9 of 10" }).isChecked()).toBe(true);
    await page.locator(`#q-alt_${beta}`).getByRole("radio", { name: "7 of 10" }).check();
    await next();
    await page.waitForLoadState("load");
    expect(await key()).toBe("price");
    await context.close();

    const response = await db.response.findUniqueOrThrow({
      where: { respondentId: r.id },
      include: { competitor: { include: { competitor: true } }, performance: true },
    });
    expect(response.competitor?.competitor?.name).toBe("Rivalo");
    expect(response.competitor?.pricePaid).toBe(28.5);
    const label = (p: string, d: string) => `${p === "ours" ? "Minio" : "Rivalo"}/${d === alpha ? "Alpha" : "Beta"}`;
    expect(Object.fromEntries(response.performance.map((x) => [label(x.product, x.driverId), x.rating]))).toEqual({
      "Minio/Alpha": 9,
      "Rivalo/Alpha": 4,
      "Minio/Beta": null,
      "Rivalo/Beta": 7,
    });
  });

  it("shows the demo's scorecard, gap chart and price/value map readably on a phone", async () => {
    const context = await app.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await logIn(page, app.server.url, DEMO_LOGIN.viewerEmail);
    await page
      .getByRole("link", { name: /segment value study/ })
      .first()
      .click();
    await page.waitForURL(/\/studies\/[^/]+$/);
    await page.goto(`${page.url()}/results`);
    const section = page.locator("#competitors");
    await expect.poll(() => section.locator("h3").allInnerTexts()).toEqual(["Tech", "Real estate", "Nonprofit"]);
    const gap = section.locator("figure").filter({ hasText: "invest here" }).first();
    expect(await gap.count()).toBe(1);
    expect(await section.getByText("fair-value line").count()).toBeGreaterThan(0);
    // every chart text at least 12 CSS px, drawn at the phone's width (not scaled down)
    await page.waitForFunction(() => document.querySelector("#competitors svg")?.getAttribute("width") !== "720");
    const texts = await section.locator("svg text").evaluateAll((els) =>
      els.map((e) => {
        const svg = e.closest("svg") as SVGSVGElement;
        const scale = svg.getBoundingClientRect().width / Number(svg.getAttribute("width"));
        const r = e.getBoundingClientRect();
        return {
          text: e.textContent,
          px: Number.parseFloat(getComputedStyle(e).fontSize) * scale,
          l: r.left,
          r: r.right,
        };
      }),
    );
    expect(texts.length).toBeGreaterThan(30);
    expect(texts.filter((t) => t.px < 12)).toEqual([]);
    expect(texts.filter((t) => t.l < 0 || t.r > 390)).toEqual([]);
    // the price/value map's product labels, as drawn, overlap neither each other nor the fair-value line's caption
    const overlaps = await section.locator("figure svg").evaluateAll((svgs) =>
      svgs.flatMap((svg) => {
        const boxes = [...svg.querySelectorAll("g[data-product] text")].map((t) => t.getBoundingClientRect());
        const caption = [...svg.querySelectorAll("text")].find((t) => t.textContent === "fair-value line");
        if (caption) boxes.push(caption.getBoundingClientRect());
        const hit = (a: DOMRect, b: DOMRect) =>
          Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
          Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
        return boxes.flatMap((a, i) =>
          boxes
            .slice(0, i)
            .filter((b) => hit(a, b))
            .map(() => svg.id),
        );
      }),
    );
    expect(overlaps).toEqual([]);
    // every visible cell of the scorecard tables is on screen with its column name
    const cells = await section.locator("table.reflow tbody :is(td, th)").evaluateAll((cs) =>
      cs.map((c) => {
        const r = c.getBoundingClientRect();
        return { label: c.getAttribute("data-label"), w: r.width, left: r.left, right: r.right };
      }),
    );
    expect(cells.length).toBeGreaterThan(40);
    expect(cells.filter((c) => !c.label || c.w <= 0 || c.left < 0 || c.right > 390)).toEqual([]);
    // a viewer sees no terminal command
    expect(await section.locator("code").count()).toBe(0);
    if (process.env.SHOTS) {
      const figures = section.locator("figure");
      await figures.nth(0).screenshot({ path: `${process.env.SHOTS}/competitors-gaps-390.png` });
      await figures.nth(1).screenshot({ path: `${process.env.SHOTS}/competitors-map-390.png` });
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});
