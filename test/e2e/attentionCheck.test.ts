/**
 * The attention check in a real browser with JavaScript OFF on a 390 px phone: left blank it
 * shows the error next to the question and stays; a wrong answer and the right answer are both
 * stored as chosen (the gate, not the survey, judges them).
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { surveyEnv } from "../helpers/app.ts";
import {
  answerSurveyUntil,
  type BrowserApp,
  PHONE,
  requireBrowser,
  startBrowserApp,
  surveyPageKey,
} from "../helpers/browser.ts";
import { createDemoMiniStudy, createRespondent } from "../integration/respondentsFixtures.ts";

const browserReady = requireBrowser("attention check browser tests");
const LINK_SECRET = "e2e-attention-secret-0123456789abc";
const QUESTION = "To show you're reading, choose “Somewhat disagree”.";
const OPTIONS = ["Strongly disagree", "Somewhat disagree", "Somewhat agree", "Strongly agree"];

describe.skipIf(!browserReady)("attention check without JavaScript on a phone", () => {
  let app: BrowserApp;
  let db: Db;
  let study: Awaited<ReturnType<typeof createDemoMiniStudy>>;

  beforeAll(async () => {
    app = await startBrowserApp({ env: surveyEnv(LINK_SECRET) });
    db = app.db;
    study = await createDemoMiniStudy(db, { name: "Attention study" });
    await db.study.update({
      where: { id: study.studyId },
      data: { attentionCheck: JSON.stringify({ question: QUESTION, options: OPTIONS, answer: "Somewhat disagree" }) },
    });
  }, 120_000);
  afterAll(() => app?.stop());

  let n = 0;
  async function respondentLink() {
    const email = `att${++n}@example.com`;
    const r = await createRespondent(db, study, LINK_SECRET, { email });
    return { url: `${app.server.url}${r.path}`, email };
  }

  async function withPhone<T>(fn: (page: Page) => Promise<T>): Promise<T> {
    const context = await app.browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    try {
      return await fn(await context.newPage());
    } finally {
      await context.close();
    }
  }

  const stored = async (email: string) =>
    (await db.response.findFirstOrThrow({ where: { respondent: { email } } })).attentionAnswer;

  it("blank: the error is shown next to the question and nothing is stored; then the right answer moves on", async () => {
    const r = await respondentLink();
    await withPhone(async (page) => {
      await page.goto(r.url);
      await answerSurveyUntil(page, "attention", 5); // start and concept pages
      const group = page.getByRole("group", { name: QUESTION });
      await group.waitFor();
      expect(await group.getByRole("radio").count()).toBe(OPTIONS.length);
      // fits the phone: no wider than the viewport
      expect((await group.boundingBox())!.width).toBeLessThanOrEqual(390);

      await page.locator('form[data-page] button[type="submit"]').click();
      await page.waitForLoadState();
      expect(await surveyPageKey(page)).toBe("attention");
      const again = page.getByRole("group", { name: QUESTION });
      expect(await again.getAttribute("aria-invalid")).toBe("true");
      expect(await again.locator(".field-error").textContent()).toBe("Choose one of the answers.");
      expect(await stored(r.email)).toBeNull();

      await page.getByLabel("Somewhat disagree").check();
      await page.locator('form[data-page] button[type="submit"]').click();
      await page.waitForLoadState();
      expect(await surveyPageKey(page)).toBe("maxdiff:1");
    });
    expect(await stored(r.email)).toBe("Somewhat disagree");
  });

  it("wrong: a different answer is stored as chosen and the survey goes on", async () => {
    const r = await respondentLink();
    await withPhone(async (page) => {
      await page.goto(r.url);
      await answerSurveyUntil(page, "attention", 5); // start and concept pages
      await page.getByLabel("Strongly agree").check();
      await page.locator('form[data-page] button[type="submit"]').click();
      await page.waitForLoadState();
      expect(await surveyPageKey(page)).toBe("maxdiff:1");
    });
    expect(await stored(r.email)).toBe("Strongly agree");
  });
});
