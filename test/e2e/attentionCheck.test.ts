/**
 * The attention check in a real browser with JavaScript OFF on a 390 px phone: left blank it
 * shows the error next to the question and stays; a wrong answer and the right answer are both
 * stored as chosen (the gate, not the survey, judges them).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../app/db.server.ts";
import { newLink } from "../../app/respondents/tokens.server.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { launchBrowser, requireBrowser } from "../helpers/browser.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/databases.ts";
import { startServer, type TestServer } from "../helpers/server.ts";
import { createMiniStudy } from "../integration/respondentsFixtures.ts";

const browserReady = requireBrowser("attention check browser tests");
const LINK_SECRET = "e2e-attention-secret-0123456789abc";
const QUESTION = "To show you're reading, choose “Somewhat disagree”.";
const OPTIONS = ["Strongly disagree", "Somewhat disagree", "Somewhat agree", "Strongly agree"];

describe.skipIf(!browserReady)("attention check without JavaScript on a phone", () => {
  let database: TestDatabase;
  let server: TestServer;
  let db: Db;
  let browser: Browser;
  let study: Awaited<ReturnType<typeof createMiniStudy>>;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    [server, browser] = await Promise.all([
      startServer({
        databaseUrl: database.url,
        varDir: database.varDir,
        env: { LINK_SECRET, LINK_RATE_LIMIT: "100000", VALUESTACK_WORKERS: "0" },
      }),
      launchBrowser(),
    ]);
    db = createDb(database.url);
    const owner = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.email } });
    study = await createMiniStudy(db, owner.id, { name: "Attention study" });
    await db.study.update({
      where: { id: study.studyId },
      data: { attentionCheck: JSON.stringify({ question: QUESTION, options: OPTIONS, answer: "Somewhat disagree" }) },
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db?.$disconnect();
    await database?.drop();
  });

  let n = 0;
  async function respondentLink() {
    const link = newLink("respondent", LINK_SECRET);
    const email = `att${++n}@example.com`;
    await db.respondent.create({
      data: { studyId: study.studyId, email, segmentId: study.segmentId, tokenHash: link.hash, tokenSalt: link.salt },
    });
    return { url: `${server.url}/s/${link.token}`, email };
  }

  const pageKey = (page: Page) => page.locator('input[name="page"]').getAttribute("value");

  /** Start page and concept pages, by clicking like a person; stops on the attention check. */
  async function reachAttention(page: Page) {
    for (let i = 0; i < 5; i++) {
      const key = await pageKey(page);
      if (key === "attention") return;
      if (key?.startsWith("concept:"))
        for (const fieldset of await page.locator("fieldset.survey-scale").all())
          await fieldset.locator('input[type="radio"][value="4"]').check();
      await page.locator('form[data-page] button[type="submit"]').click();
      await page.waitForLoadState();
    }
    throw new Error("no attention check");
  }

  async function withPhone<T>(fn: (page: Page) => Promise<T>): Promise<T> {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
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
      await reachAttention(page);
      const group = page.getByRole("group", { name: QUESTION });
      await group.waitFor();
      expect(await group.getByRole("radio").count()).toBe(OPTIONS.length);
      // fits the phone: no wider than the viewport
      expect((await group.boundingBox())!.width).toBeLessThanOrEqual(390);

      await page.locator('form[data-page] button[type="submit"]').click();
      await page.waitForLoadState();
      expect(await pageKey(page)).toBe("attention");
      const again = page.getByRole("group", { name: QUESTION });
      expect(await again.getAttribute("aria-invalid")).toBe("true");
      expect(await again.locator(".field-error").textContent()).toBe("Choose one of the answers.");
      expect(await stored(r.email)).toBeNull();

      await page.getByLabel("Somewhat disagree").check();
      await page.locator('form[data-page] button[type="submit"]').click();
      await page.waitForLoadState();
      expect(await pageKey(page)).toBe("maxdiff:1");
    });
    expect(await stored(r.email)).toBe("Somewhat disagree");
  });

  it("wrong: a different answer is stored as chosen and the survey goes on", async () => {
    const r = await respondentLink();
    await withPhone(async (page) => {
      await page.goto(r.url);
      await reachAttention(page);
      await page.getByLabel("Strongly agree").check();
      await page.locator('form[data-page] button[type="submit"]').click();
      await page.waitForLoadState();
      expect(await pageKey(page)).toBe("maxdiff:1");
    });
    expect(await stored(r.email)).toBe("Strongly agree");
  });
});
