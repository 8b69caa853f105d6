/**
 * End to end in a real browser (Debian's headless Chromium via playwright-core): a researcher
 * logs in and imports respondents from pasted CSV text through the UI; the outbox sends the
 * invitations to a real SMTP server on loopback; each invitation is parsed with mailparser
 * and its link opened in Chromium, and the whole survey is completed by clicking (concept
 * ratings, MaxDiff most/least, Van Westendorp with one out-of-order correction, NMS
 * follow-ups). Then the stored answers are checked in the database.
 *
 * Run 1: JavaScript on, mobile viewport (390×844); one page answered with the keyboard only,
 * with a visible focus outline checked while tabbing. Run 2: JavaScript off (plain HTML forms).
 *
 * Skips loudly when /usr/bin/chromium is missing, unless VALUESTACK_REQUIRE_BROWSER=1 (CI).
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { hashToken } from "../../app/respondents/tokens.server.ts";
import { CONCEPT_QUESTIONS, INTENT_ANCHORS } from "../../app/survey/types.ts";
import { type BrowserApp, logIn, PHONE, requireBrowser, startBrowserApp } from "../helpers/browser.ts";
import type { TestServer } from "../helpers/server.ts";
import {
  createDemoMiniStudy,
  createRespondent,
  linkFrom,
  startSmtp,
  waitFor,
} from "../integration/respondentsFixtures.ts";

const LINK_SECRET = "e2e-link-secret-0123456789abcdef";

const browserReady = requireBrowser("survey end-to-end browser tests");

interface Recorded {
  /** concept name → rating values */
  ratings: Map<string, Record<string, number>>;
  /** MaxDiff task → chosen labels */
  maxdiff: Map<number, { best: string; worst: string }>;
  nms: { piCheap: number; piExpensive: number };
  keyboardPage: string | null;
}

describe.skipIf(!browserReady)("survey in a real browser", () => {
  let app: BrowserApp;
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let db: Db;
  let browser: Browser;
  let study: Awaited<ReturnType<typeof createDemoMiniStudy>>;
  const links = new Map<string, string>();

  beforeAll(async () => {
    smtp = await startSmtp();
    app = await startBrowserApp({
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        MAIL_FROM: "Research <research@example.com>",
        MAIL_POLL_MS: "200",
        MAIL_RATE_PER_MINUTE: "10000",
        LINK_SECRET,
        LINK_RATE_LIMIT: "100000",
      },
    });
    ({ server, browser, db } = app);
    study = await createDemoMiniStudy(db, { name: "Browser study", nms: true });
  });
  afterAll(async () => {
    await app?.stop();
    await smtp?.close();
  });

  it("a researcher imports respondents in the UI and each gets one invitation with a working link", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page, server.url);
    await page.goto(`${server.url}/studies/${study.studyId}/respondents`);
    await page
      .getByLabel("…or paste CSV text")
      .fill("email,name,segment\nalice@example.com,Alice,smb\nbob@example.com,Bob,Small business\n");
    await page.getByRole("button", { name: "Check the file" }).click();
    await expect.poll(() => page.getByText("2 row(s) can be imported; 0 row(s) have problems").count()).toBe(1);
    await page.getByRole("button", { name: "Import 2 respondent(s)" }).click();
    await page.getByText("Imported 2 respondent(s) and queued their invitations.").waitFor();
    await context.close();

    const mails = await waitFor(() => smtp.received.length >= 2 && smtp.received, 20_000, "2 invitations");
    await new Promise((r) => setTimeout(r, 500)); // nothing more arrives
    expect(smtp.received.map((m) => m.to).sort()).toEqual(["alice@example.com", "bob@example.com"]);
    for (const m of mails) {
      expect(m.parsed.subject).toBe("Your opinion, please: Browser study");
      const link = linkFrom(m.parsed);
      expect(link.startsWith(`${server.url}/s/`)).toBe(true);
      // the HTML part carries the same link as its button
      expect(m.parsed.html).toContain(`href="${link}"`);
      links.set(m.to, link);
    }
    const sent = await db.emailOutbox.findMany({ where: { studyId: study.studyId } });
    expect(sent.map((r) => r.status)).toEqual(["sent", "sent"]);
  });

  /** Waits for the app's hydration signal (app/hydration.ts): from then on clicks go through React. */
  async function hydrated(page: Page) {
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  }

  /** Clicks through the whole survey; returns what was answered. */
  async function completeSurvey(page: Page, opts: { keyboardPage?: string; js: boolean }): Promise<Recorded> {
    const rec: Recorded = {
      ratings: new Map(),
      maxdiff: new Map(),
      nms: { piCheap: 0, piExpensive: 0 },
      keyboardPage: null,
    };
    await expect.poll(() => page.getByRole("heading", { name: "Welcome" }).count()).toBe(1);
    expect(await currentPageKey(page)).toBe("start");
    await clickNext(page);
    let priceCorrected = false;
    for (let step = 0; step < 20; step++) {
      const key = await currentPageKey(page);
      if (key === "done") break;
      const useKeyboard = key === opts.keyboardPage;
      if (key.startsWith("concept:")) {
        const name = /Idea \d+ of \d+: (.+)$/.exec((await page.locator("h1").innerText()).trim())![1];
        const values: Record<string, number> = {};
        if (useKeyboard) {
          await answerConceptByKeyboard(page, values);
          rec.keyboardPage = key;
        } else {
          for (const [i, q] of CONCEPT_QUESTIONS.entries()) {
            const v = ((i + step) % 5) + 1;
            await page
              .getByRole("group", { name: q.question })
              .getByRole("radio", { name: `${v} ${q.anchors[v - 1]}` })
              .click();
            values[q.name] = v;
          }
          await clickNext(page);
        }
        rec.ratings.set(name, values);
      } else if (key.startsWith("maxdiff:")) {
        const task = Number(key.split(":")[1]);
        const most = page.getByRole("group", { name: "Most important" });
        const least = page.getByRole("group", { name: "Least important" });
        const labels = await most
          .getByRole("radio")
          .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).labels![0].innerText.trim()));
        if (!opts.js) expect(labels).toHaveLength(3); // evaluate works with page scripts disabled too
        const best = labels[task % labels.length];
        const worst = labels[(task + 1) % labels.length];
        await most.getByRole("radio", { name: best }).click();
        await least.getByRole("radio", { name: worst }).click();
        rec.maxdiff.set(task, { best, worst });
        await clickNext(page);
      } else if (key === "price") {
        await page.getByText("Enter prices in EUR").waitFor();
        const fill = async (tooCheap: string) => {
          await page.getByLabel(/priced so low/).fill(tooCheap);
          await page.getByLabel(/to be a bargain/).fill("20");
          await page.getByLabel(/starting to get expensive/).fill("40");
          await page.getByLabel(/would not consider buying it/).fill("60");
        };
        // out of order first ("too cheap" above "a bargain"): explained, values kept
        await fill("30");
        await clickNext(page, false);
        await page.getByText("Usually the prices go up").waitFor();
        expect(await page.getByLabel(/priced so low/).inputValue()).toBe("30");
        expect(await page.getByLabel(/would not consider buying it/).inputValue()).toBe("60");
        expect(await currentPageKey(page)).toBe("price");
        // the respondent corrects the price instead of confirming the order
        await page.getByLabel(/priced so low/).fill("10");
        await clickNext(page);
        priceCorrected = true;
      } else if (key === "nms") {
        await page.getByText("If the product cost €20 ").waitFor();
        await page
          .getByRole("group", { name: /€20 / })
          .getByRole("radio", { name: `4 ${INTENT_ANCHORS[3]}` })
          .click();
        await page
          .getByRole("group", { name: /€40 / })
          .getByRole("radio", { name: `2 ${INTENT_ANCHORS[1]}` })
          .click();
        rec.nms = { piCheap: 4, piExpensive: 2 };
        await expect.poll(() => page.getByRole("button", { name: "Submit my answers" }).count()).toBe(1);
        await clickNext(page);
      } else {
        throw new Error(`unexpected page ${key}`);
      }
    }
    expect(priceCorrected).toBe(true);
    await page.getByRole("heading", { name: "Thank you!" }).waitFor();
    return rec;
  }

  /** The page key of the form shown now ("done" on the thank-you page), after any navigation settled. */
  async function currentPageKey(page: Page): Promise<string> {
    await page.waitForLoadState("load");
    for (let i = 0; i < 100; i++) {
      if ((await page.getByRole("heading", { name: "Thank you!" }).count()) > 0) return "done";
      const input = page.locator('input[name="page"]');
      if ((await input.count()) === 1) return (await input.getAttribute("value"))!;
      await page.waitForTimeout(50);
    }
    throw new Error(`no survey page at ${page.url()}:\n${(await page.locator("body").innerText()).slice(0, 500)}`);
  }

  /** Clicks Next / Submit and waits until the page shown has changed (or an error appeared). */
  async function clickNext(page: Page, expectAdvance = true) {
    const before = await currentPageKey(page);
    await page.locator(".survey-actions button[type=submit]").click();
    if (!expectAdvance) {
      await page.getByRole("alert").first().waitFor();
      return;
    }
    await expect
      .poll(() => keyOrNull(page), { timeout: 10_000 })
      .toSatisfy((k: string | null) => k !== null && k !== before);
  }

  /** currentPageKey, or null while a navigation replaces the document. */
  async function keyOrNull(page: Page): Promise<string | null> {
    try {
      return await currentPageKey(page);
    } catch (e) {
      if (process.env.DEBUG_E2E) console.log(String(e).slice(0, 3000));
      return null;
    }
  }

  /** Whether the focused element (or its label for a radio) shows the focus outline. */
  async function focusOutline(page: Page) {
    return page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const target = (el.closest("label.survey-choice") as HTMLElement | null) ?? el;
      const s = getComputedStyle(target);
      return {
        tag: el.tagName.toLowerCase(),
        type: (el as HTMLInputElement).type,
        name: (el as HTMLInputElement).name,
        style: s.outlineStyle,
        width: parseFloat(s.outlineWidth),
      };
    });
  }

  /** Five rating groups with Tab / Space / arrow keys only, then Tab to the button and Enter. */
  async function answerConceptByKeyboard(page: Page, values: Record<string, number>) {
    // a fresh load, as when the respondent opens the link: focus starts at the top of the page
    await page.reload();
    for (const [i, q] of CONCEPT_QUESTIONS.entries()) {
      await page.keyboard.press("Tab");
      const focused = await focusOutline(page);
      expect(focused).toMatchObject({ tag: "input", type: "radio", name: q.name, style: "solid" });
      expect(focused!.width).toBeGreaterThanOrEqual(2);
      await page.keyboard.press("Space"); // checks answer 1
      const v = (i % 4) + 2;
      for (let k = 1; k < v; k++) await page.keyboard.press("ArrowRight"); // moves and checks
      values[q.name] = v;
      expect(await page.locator(`input[name="${q.name}"]:checked`).getAttribute("value")).toBe(String(v));
    }
    await page.keyboard.press("Tab");
    const button = await focusOutline(page);
    expect(button).toMatchObject({ tag: "button", style: "solid" });
    expect(button!.width).toBeGreaterThanOrEqual(2);
    const before = await currentPageKey(page);
    await page.keyboard.press("Enter");
    await expect
      .poll(() => keyOrNull(page), { timeout: 10_000 })
      .toSatisfy((k: string | null) => k !== null && k !== before);
    // the next page starts at its top: Tab reaches its first question, not the end of the page
    await page.keyboard.press("Tab");
    expect(await focusOutline(page)).toMatchObject({
      tag: "input",
      type: "radio",
      name: CONCEPT_QUESTIONS[0].name,
      style: "solid",
    });
  }

  async function checkStored(email: string, rec: Recorded) {
    const respondent = await db.respondent.findFirstOrThrow({ where: { studyId: study.studyId, email } });
    expect(respondent.status).toBe("completed");
    const responses = await db.response.findMany({
      where: { respondentId: respondent.id },
      include: { ratings: { include: { concept: true } }, maxdiff: true, price: true, pages: true },
    });
    expect(responses).toHaveLength(1);
    const [response] = responses;
    expect(response.status).toBe("completed");
    expect(response.completedAt).not.toBeNull();
    // start excluded: 2 concepts + 2 MaxDiff tasks + price + nms, each page stored once
    expect(response.pages.map((p) => p.page).sort()).toEqual([
      "concept:1",
      "concept:2",
      "maxdiff:1",
      "maxdiff:2",
      "nms",
      "price",
    ]);
    expect(response.ratings).toHaveLength(2);
    for (const r of response.ratings) {
      const clicked = rec.ratings.get(r.concept.name)!;
      expect(clicked).toBeDefined();
      expect({
        appeal: r.appeal,
        relevance: r.relevance,
        uniqueness: r.uniqueness,
        believability: r.believability,
        purchaseIntent: r.purchaseIntent,
      }).toEqual(clicked);
    }
    const items = new Map(
      (await db.maxDiffItem.findMany({ where: { studyId: study.studyId } })).map((i) => [i.id, i.label]),
    );
    expect(response.maxdiff).toHaveLength(2);
    for (const a of response.maxdiff) {
      expect({ best: items.get(a.bestItemId), worst: items.get(a.worstItemId) }).toEqual(rec.maxdiff.get(a.task));
      expect(JSON.parse(a.shown)).toContain(a.bestItemId);
    }
    expect(response.price).toMatchObject({ tooCheap: 10, cheap: 20, expensive: 40, tooExpensive: 60, ...rec.nms });
  }

  async function runSurvey(
    email: string,
    contextOptions: Parameters<Browser["newContext"]>[0],
    opts: { keyboardPage?: string; js: boolean },
  ) {
    const link = links.get(email)!;
    expect(link).toBeDefined();
    const versionBefore = (await db.study.findUniqueOrThrow({ where: { id: study.studyId } })).dataVersion;
    const context: BrowserContext = await browser.newContext(contextOptions);
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      const res = await page.goto(link);
      expect(res!.status()).toBe(200);
      expect(res!.headers()["referrer-policy"]).toBe("no-referrer");
      if (opts.js) await hydrated(page);
      const rec = await completeSurvey(page, opts);
      if (opts.keyboardPage) expect(rec.keyboardPage).toBe(opts.keyboardPage);
      // reopening the link later shows the thank-you page; nothing changes
      await page.goto(link);
      await page.getByRole("heading", { name: "Thank you!" }).waitFor();
      if (opts.js) await hydrated(page);
      expect(errors).toEqual([]);
      await checkStored(email, rec);
      // the link names this respondent
      const r = await db.respondent.findFirstOrThrow({ where: { studyId: study.studyId, email } });
      expect(r.tokenHash).toBe(hashToken(link.split("/s/")[1]));
    } finally {
      await context.close();
    }
    // completed exactly once: the study's data version moved by one
    expect((await db.study.findUniqueOrThrow({ where: { id: study.studyId } })).dataVersion).toBe(versionBefore + 1);
  }

  it("completes the survey with JavaScript on a phone-sized screen, one page by keyboard with a visible focus", async () => {
    await runSurvey(
      "alice@example.com",
      { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 },
      { js: true, keyboardPage: "concept:1" },
    );
  });

  it("takes a tap made while the page is still hydrating like a page without JavaScript, with no React error", async () => {
    const seg = await db.segment.findFirstOrThrow({ where: { studyId: study.studyId } });
    // A slow phone (CPU 10× slower) tapping "Next" as soon as the page is drawn. Before app/hydration.ts this threw
    // React error #345 in 4 of 5 tries; three tries make the test fail before the fix with > 99% probability.
    for (let attempt = 0; attempt < 3; attempt++) {
      const email = `early${attempt}@example.com`;
      const r = await createRespondent(db, { studyId: study.studyId, segmentId: seg.id }, LINK_SECRET, { email });
      const context = await browser.newContext({ viewport: PHONE });
      try {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(String(e)));
        await (await context.newCDPSession(page)).send("Emulation.setCPUThrottlingRate", { rate: 10 });
        await page.goto(`${server.url}${r.path}`, { waitUntil: "commit" });
        await page.locator(".survey-actions button[type=submit]").click();
        await expect
          .poll(() => keyOrNull(page), { timeout: 30_000 })
          .toSatisfy((k: string | null) => k !== null && k !== "start");
        await hydrated(page);
        expect(errors).toEqual([]);
        const response = await db.response.findFirstOrThrow({ where: { respondent: { email } } });
        expect(response.currentPage).not.toBe("start");
      } finally {
        await context.close();
      }
    }
  });

  it("completes the survey with JavaScript disabled", async () => {
    await runSurvey(
      "bob@example.com",
      { javaScriptEnabled: false, viewport: { width: 1280, height: 800 } },
      { js: false },
    );
    expect(await db.response.count({ where: { studyId: study.studyId, status: "completed" } })).toBe(2);
  });
});
