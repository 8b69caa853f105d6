/**
 * The respondent survey can be trusted, in a real browser (Chromium via playwright-core) against
 * the built server and a real database (SQLite, and PostgreSQL with TEST_DATABASE_URL):
 *
 * - pressing Next without touching anything stores nothing and copies nothing from the page
 *   before (JavaScript on: the same inputs used to stay ticked across pages);
 * - a second quick tap stores nothing the respondent did not see, and without JavaScript the page it
 *   lands on appears without errors the respondent did not cause;
 * - Back goes to the previous survey page, which shows its own saved answers;
 * - a closed study or revoked link mid-survey is explained with JavaScript on too;
 * - a failed submit keeps the ticked answers and offers to try again on the same link;
 * - errors sit next to their question and take the focus; the price warning names the questions;
 * - without JavaScript, forms work under a plain-http hostname (the browser sends `Origin: null`
 *   and no Sec-Fetch-Site), and Back after an error needs no form resubmission.
 */
import type { Browser, Page } from "playwright-core";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { CONCEPT_QUESTIONS } from "../../app/survey/types.ts";
import { surveyEnv } from "../helpers/app.ts";
import { type BrowserApp, CHROMIUM_ARGS, CHROMIUM_PATH, requireBrowser, startBrowserApp } from "../helpers/browser.ts";
import { engines, type TestDatabase } from "../helpers/databases.ts";
import { startServerOn, type TestServer } from "../helpers/server.ts";
import { createDemoMiniStudy, type createMiniStudy, createRespondent } from "../integration/respondentsFixtures.ts";

const browserReady = requireBrowser("survey trust browser tests");
const LINK_SECRET = "e2e-trust-link-secret-0123456789ab";
const HOST = "survey.example.test";

describe.skipIf(!browserReady).each(engines())("a trustworthy survey in a real browser on %s", (engine) => {
  let app: BrowserApp;
  let database: TestDatabase;
  let server: TestServer;
  let db: Db;
  let browser: Browser;
  let study: Awaited<ReturnType<typeof createMiniStudy>>;
  const env = surveyEnv(LINK_SECRET);

  beforeAll(async () => {
    app = await startBrowserApp({ engine, env });
    ({ database, server, db, browser } = app);
    study = await createDemoMiniStudy(db, { name: "Trust study", nms: true });
  });
  afterAll(() => app?.stop());

  let counter = 0;
  /** A new respondent of `studyId` (default: the trust study); returns their link's path. */
  function newRespondent(studyId = study.studyId, segmentId = study.segmentId) {
    return createRespondent(db, { studyId, segmentId }, LINK_SECRET, { email: `r${++counter}@example.com` });
  }

  async function responseOf(respondentId: string) {
    return db.response.findUniqueOrThrow({
      where: { respondentId },
      include: { ratings: { include: { concept: true } }, maxdiff: true, price: true, pages: true },
    });
  }

  /** The key of the page shown now, or the heading when there is no survey form. */
  async function shown(page: Page): Promise<string> {
    const key = await page
      .locator("input[name=page]")
      .getAttribute("value", { timeout: 200 })
      .catch(() => null);
    if (key) return key;
    return (
      await page
        .locator("h1")
        .first()
        .innerText({ timeout: 200 })
        .catch(() => "")
    ).trim();
  }

  async function waitShown(page: Page, what: string) {
    await expect.poll(() => shown(page), { timeout: 40_000 }).toBe(what);
  }

  const next = (page: Page) => page.locator(".survey-actions button[type=submit]");

  async function rateConcept(page: Page, values: number[]) {
    for (const [i, q] of CONCEPT_QUESTIONS.entries()) {
      await page
        .getByRole("group", { name: q.question })
        .getByRole("radio", { name: `${values[i]} ${q.anchors[values[i] - 1]}` })
        .check();
    }
  }

  const checkedCount = (page: Page) => page.locator("form input[type=radio]:checked").count();

  it("stores nothing and copies nothing when the respondent presses Next without touching a page (JavaScript on)", async () => {
    const r = await newRespondent();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${server.url}${r.path}`);
    await waitShown(page, "start");
    await next(page).click();
    const answered: string[] = [];
    for (let step = 0; step < 12; step++) {
      await expect.poll(() => shown(page)).not.toBe("start");
      const key = await shown(page);
      if (key === "Thank you!") break;
      // arriving: nothing is ticked or filled in
      expect(await checkedCount(page)).toBe(0);
      for (const input of await page.locator("form input[inputmode=decimal]").all())
        expect(await input.inputValue()).toBe("");
      // Next without touching: the page explains, stays, and stores nothing for it
      await expect
        .poll(
          async () => {
            if ((await page.locator(".field-error").count()) === 0) await next(page).click();
            return page.locator(".field-error").count();
          },
          { timeout: 40_000 },
        )
        .toBeGreaterThan(0);
      expect(await shown(page)).toBe(key);
      const response = await responseOf(r.id);
      expect(response.pages.map((p) => p.page).sort()).toEqual([...answered].sort());
      expect(response.currentPage).toBe(key);
      // now answer it
      if (key.startsWith("concept:"))
        await rateConcept(
          page,
          [1, 2, 3, 4, 5].map((v) => ((v + step) % 5) + 1),
        );
      else if (key.startsWith("maxdiff:")) {
        await page.getByRole("group", { name: "Most important" }).getByRole("radio").nth(1).check();
        await page.getByRole("group", { name: "Least important" }).getByRole("radio").nth(2).check();
      } else if (key === "price") {
        await page.getByLabel(/priced so low/).fill("10");
        await page.getByLabel(/to be a bargain/).fill("20");
        await page.getByLabel(/starting to get expensive/).fill("40");
        await page.getByLabel(/would not consider buying it/).fill("60");
      } else if (key === "nms") {
        for (const g of await page.getByRole("group").all()) await g.getByRole("radio").nth(2).check();
      }
      await next(page).click();
      answered.push(key);
      await expect.poll(() => shown(page), { timeout: 40_000 }).not.toBe(key);
    }
    expect(answered).toEqual(["concept:1", "concept:2", "maxdiff:1", "maxdiff:2", "price", "nms"]);
    // each page stored once with what was ticked on it; nothing copied from the page before
    const response = await responseOf(r.id);
    expect(response.status).toBe("completed");
    const order = JSON.parse(response.conceptOrder) as string[];
    const byPosition = response.ratings.sort((a, b) => a.position - b.position);
    expect(byPosition.map((x) => x.conceptId)).toEqual(order);
    expect(byPosition.map((x) => [x.appeal, x.relevance, x.uniqueness, x.believability, x.purchaseIntent])).toEqual([
      [2, 3, 4, 5, 1],
      [3, 4, 5, 1, 2],
    ]);
    const tasks = response.maxdiff.sort((a, b) => a.task - b.task);
    for (const t of tasks) {
      const shownIds = JSON.parse(t.shown) as string[];
      expect([t.bestItemId, t.worstItemId]).toEqual([shownIds[1], shownIds[2]]);
    }
    expect(response.price).toMatchObject({ tooCheap: 10, cheap: 20, expensive: 40, tooExpensive: 60 });
    expect(response.price).toMatchObject({ piCheap: 3, piExpensive: 3 });
    // page timings: each page knows when it was shown and when it was submitted
    for (const p of response.pages) {
      expect(p.shownAt).not.toBeNull();
      expect(p.shownAt!.getTime()).toBeLessThanOrEqual(p.createdAt.getTime());
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it("stores nothing unseen on a second quick tap, with JavaScript on and off", async () => {
    for (const js of [true, false]) {
      const r = await newRespondent();
      const context = await browser.newContext({ javaScriptEnabled: js });
      const page = await context.newPage();
      await page.goto(`${server.url}${r.path}`);
      await waitShown(page, "start");
      await next(page).click();
      await waitShown(page, "concept:1");
      await rateConcept(page, [5, 4, 3, 2, 1]);
      await next(page).dblclick();
      await waitShown(page, "concept:2");
      // a tap that lands on the page that just appeared
      await next(page).click();
      await expect.poll(() => shown(page)).toBe("concept:2");
      await page.waitForLoadState("load");
      const response = await responseOf(r.id);
      expect(response.ratings.map((x) => [x.position, x.appeal, x.purchaseIntent])).toEqual([[1, 5, 1]]);
      expect(response.pages.map((p) => p.page)).toEqual(["concept:1"]);
      expect(response.currentPage).toBe("concept:2");
      expect(await checkedCount(page)).toBe(0);
      await context.close();
    }
  });

  it("greets a second quick tap without JavaScript with the new page, not with errors", async () => {
    // a second server on the same database with a wide double-tap window: "quick" never depends on this machine
    const wide = await startServerOn(database, { ...env, SURVEY_DOUBLE_TAP_MS: "60000" });
    try {
      const r = await newRespondent();
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(`${wide.url}${r.path}`);
      await waitShown(page, "start");
      await next(page).click();
      await waitShown(page, "concept:1");
      await rateConcept(page, [4, 4, 4, 4, 4]);
      await next(page).dblclick();
      await waitShown(page, "concept:2");
      // the tap that lands on the page that just appeared posts it with nothing ticked
      const loaded = page.waitForEvent("load");
      await next(page).click();
      await loaded;
      expect(await shown(page)).toBe("concept:2");
      expect(await page.locator(".field-error").count()).toBe(0);
      expect(await page.getByText(/Choose an answer|please answer/i).count()).toBe(0);
      expect(await checkedCount(page)).toBe(0);
      const response = await responseOf(r.id);
      expect(response.ratings.map((x) => [x.position, x.appeal])).toEqual([[1, 4]]);
      expect(response.pages.map((p) => p.page)).toEqual(["concept:1"]);
      expect(response.currentPage).toBe("concept:2");
      await context.close();
    } finally {
      await wide.stop();
    }
  }, 180_000);

  it("goes Back to the previous survey page with its own saved answers (JavaScript on)", async () => {
    const r = await newRespondent();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}${r.path}`);
    await next(page).click();
    await waitShown(page, "concept:1");
    await rateConcept(page, [1, 2, 3, 4, 5]);
    await next(page).click();
    await waitShown(page, "concept:2");
    await rateConcept(page, [5, 5, 5, 5, 5]);
    await page.goBack();
    // the earlier page, saved: it says so where the questions are
    await page.locator("[data-read-only]").waitFor({ timeout: 40_000 });
    expect(await page.locator("[data-read-only]").getAttribute("data-page")).toBe("concept:1");
    expect(await page.getByRole("status").innerText()).toContain("Answers on earlier pages can't be changed");
    expect(new URL(page.url()).pathname).toBe(r.path);
    // concept 1's own answers, not concept 2's
    const ticked = await page
      .locator("input[type=radio]:checked")
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(ticked).toEqual(["1", "2", "3", "4", "5"]);
    await page.getByRole("link", { name: /Continue/ }).click();
    await waitShown(page, "concept:2");
    expect(await checkedCount(page)).toBe(0);
    expect((await responseOf(r.id)).ratings).toHaveLength(1);
    await context.close();
  });

  it("explains a closed study and a revoked link when Next is pressed (JavaScript on)", async () => {
    const other = await createDemoMiniStudy(db, { name: "Closing study", nms: true });
    for (const [what, change, message] of [
      [
        "closed",
        (id: string) => db.study.update({ where: { id }, data: { status: "closed" } }),
        "This survey has closed",
      ],
      [
        "revoked",
        (_: string, rid: string) => db.respondent.update({ where: { id: rid }, data: { revokedAt: new Date() } }),
        "We couldn't find this survey link",
      ],
    ] as const) {
      const studyId = what === "closed" ? other.studyId : study.studyId;
      const r = await newRespondent(studyId, what === "closed" ? other.segmentId : study.segmentId);
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}${r.path}`);
      await next(page).click();
      await waitShown(page, "concept:1");
      await rateConcept(page, [3, 3, 3, 3, 3]);
      await change(studyId, r.id);
      await next(page).click();
      await page.getByRole("heading", { name: message }).waitFor({ timeout: 40_000 });
      await context.close();
    }
    // rate-limited mid-survey: a second server on the same database allows 6 link requests
    const limited = await startServerOn(database, { ...env, LINK_RATE_LIMIT: "6" });
    try {
      const r = await newRespondent();
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${limited.url}${r.path}`);
      const wait = page.getByRole("heading", { name: "Please wait a moment" });
      for (let i = 0; i < 6 && (await wait.count()) === 0; i++) {
        const key = await shown(page);
        if (key.startsWith("concept:")) await rateConcept(page, [3, 3, 3, 3, 3]);
        await next(page).click();
        await expect.poll(async () => (await wait.count()) > 0 || (await shown(page)) !== key).toBe(true);
      }
      await wait.waitFor();
      expect(await page.getByText("Too many requests").count()).toBe(1);
      await context.close();
    } finally {
      await limited.stop();
    }
  }, 180_000);

  it("keeps the ticked answers when a submit fails and saves them on “try again” (JavaScript on)", async () => {
    const r = await newRespondent();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}${r.path}`);
    await next(page).click();
    await waitShown(page, "concept:1");
    await rateConcept(page, [2, 2, 4, 4, 5]);
    const port = server.port;
    await server.stop();
    try {
      await next(page).click();
      await page.getByText(/couldn't reach the survey/).waitFor({ timeout: 40_000 });
      expect(await page.getByRole("link", { name: "Go to the start page" }).count()).toBe(0);
      expect(await checkedCount(page)).toBe(5);
    } finally {
      // the restarted server is the app's from now on: app.stop() stops it
      server = app.server = await startServerOn(database, env, port);
    }
    await next(page).click();
    await waitShown(page, "concept:2");
    const response = await responseOf(r.id);
    expect(
      response.ratings.map((x) => [x.appeal, x.relevance, x.uniqueness, x.believability, x.purchaseIntent]),
    ).toEqual([[2, 2, 4, 4, 5]]);
    await context.close();
  });

  it("puts each error next to its question and focuses the first; the price warning names the questions", async () => {
    const r = await newRespondent();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.url}${r.path}`);
    await next(page).click();
    await waitShown(page, "concept:1");
    // answer all but the fourth question
    for (const [i, q] of CONCEPT_QUESTIONS.entries()) {
      if (i === 3) continue;
      await page.getByRole("group", { name: q.question }).getByRole("radio").first().check();
    }
    await next(page).click();
    const invalid = page.getByRole("group", { name: CONCEPT_QUESTIONS[3].question });
    await expect.poll(() => invalid.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await invalid.getAttribute("aria-describedby"))!;
    expect(await page.locator(`#${describedBy}`).innerText()).toContain("Choose an answer");
    // the focus is in the unanswered question, the other questions are not marked
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? null))
      .toBe(CONCEPT_QUESTIONS[3].name);
    expect(await page.locator("fieldset[aria-invalid=true]").count()).toBe(1);
    // the answers already ticked stay ticked
    expect(await checkedCount(page)).toBe(4);
    await context.close();

    // price: only the out-of-order prices are marked and named (JavaScript off)
    const r2 = await newRespondent();
    await db.response.create({
      data: {
        respondentId: r2.id,
        studyId: study.studyId,
        conceptOrder: "[]",
        designVersion: 1,
        currentPage: "price",
        pagesDone: 4,
        pagesTotal: 6,
      },
    });
    await db.respondent.update({ where: { id: r2.id }, data: { status: "started" } });
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const p2 = await noJs.newPage();
    await p2.goto(`${server.url}${r2.path}`);
    await waitShown(p2, "price");
    await p2.getByLabel(/priced so low/).fill("10");
    await p2.getByLabel(/to be a bargain/).fill("50");
    await p2.getByLabel(/starting to get expensive/).fill("40");
    await p2.getByLabel(/would not consider buying it/).fill("60");
    await next(p2).click();
    const warning = p2.locator(".warning");
    await warning.waitFor();
    const said = await warning.innerText();
    expect(said).toContain("“A bargain” (50)");
    expect(said).toContain("“Getting expensive” (40)");
    expect(said).not.toContain("“Too cheap” (");
    const marked = await p2
      .locator("input[aria-invalid=true]")
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name));
    expect(marked).toEqual(["cheap", "expensive"]);
    // Back after the error: the previous page, no “Confirm Form Resubmission”
    await p2.getByLabel(/to be a bargain/).fill("30");
    await next(p2).click();
    await waitShown(p2, "nms");
    await p2.goBack().catch((e) => console.warn(String(e))); // Chromium's error page fails the navigation
    expect(await p2.getByText("Confirm Form Resubmission").count()).toBe(0);
    expect(await shown(p2)).toBe("price");
    await noJs.close();
  });

  it("accepts forms without JavaScript under a plain-http hostname (Origin: null, no Sec-Fetch-Site)", async () => {
    const mapped = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
    });
    try {
      const context = await mapped.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      const seen: Array<{ origin: string | undefined; site: string | undefined }> = [];
      page.on("request", (req) => {
        if (req.method() === "POST") seen.push({ origin: req.headers().origin, site: req.headers()["sec-fetch-site"] });
      });
      const r = await newRespondent();
      await page.goto(`http://${HOST}:${server.port}${r.path}`);
      await waitShown(page, "start");
      await next(page).click();
      await waitShown(page, "concept:1");
      await rateConcept(page, [4, 4, 4, 4, 4]);
      await next(page).click();
      await waitShown(page, "concept:2");
      expect(seen[0]).toEqual({ origin: "null", site: undefined });
      expect((await responseOf(r.id)).ratings).toHaveLength(1);
      // a page from elsewhere posting the same form is still refused
      const evil = await context.newPage();
      await evil.setContent(
        `<form method="post" action="http://${HOST}:${server.port}${r.path}"><input name="page" value="concept:2">` +
          `${CONCEPT_QUESTIONS.map((q) => `<input name="${q.name}" value="1">`).join("")}<button>Go</button></form>`,
      );
      await evil.getByRole("button", { name: "Go" }).click();
      await evil.waitForLoadState("load");
      expect(await evil.locator("body").innerText()).toContain("Cross-site request refused");
      // the survey's own error page: try again on the same link, no way out of the survey
      expect(await evil.getByRole("link", { name: "Try again" }).getAttribute("href")).toBe(r.path);
      expect((await responseOf(r.id)).ratings).toHaveLength(1);
      await context.close();
    } finally {
      await mapped.close();
    }
  });
});
