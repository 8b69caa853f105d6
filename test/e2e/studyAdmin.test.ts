/**
 * Study administration in a real browser (Debian's headless Chromium via playwright-core,
 * JavaScript on): locked fields and the disabled Launch button look read-only (grey, dashed,
 * not-allowed cursor) and say why; closing and reopening go through their confirm pages; a
 * bad hypothesis id keeps the study tabs; an outbox email renders in its sandboxed frame with
 * no console errors (CSP included).
 *
 * Skips loudly when /usr/bin/chromium is missing, unless VALUESTACK_REQUIRE_BROWSER=1 (CI).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { renderSurveyEmail } from "../../app/email/templates.server.ts";
import { DEMO_STUDY_NAME } from "../../prisma/seed/demo.ts";
import { type BrowserApp, logIn, recordErrors, requireBrowser, startBrowserApp } from "../helpers/browser.ts";

const browserReady = requireBrowser("study administration browser test");

const WHITE = "rgb(255, 255, 255)";

describe.skipIf(!browserReady)("study administration in a real browser", () => {
  let app: BrowserApp;
  let page: Page;
  let db: Db;
  let studyId: string;
  const errors: string[] = [];

  beforeAll(async () => {
    app = await startBrowserApp({ env: { VALUESTACK_WORKERS: "0" } });
    db = app.db;
    studyId = (await db.study.findFirstOrThrow({ where: { name: DEMO_STUDY_NAME } })).id;
    const context = await app.browser.newContext({ baseURL: app.server.url });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    recordErrors(page, errors, { console: true });
    await logIn(page, app.server.url);
  }, 120_000);
  afterAll(() => app?.stop());

  const style = (selector: string) =>
    page.locator(selector).evaluate((el) => {
      const s = getComputedStyle(el);
      return { background: s.backgroundColor, cursor: s.cursor, border: s.borderTopStyle };
    });

  it("shows locked fields as read-only with the reason next to them", async () => {
    await page.goto(`/studies/${studyId}/build`);
    const currency = page.getByLabel("Currency");
    await expect.poll(() => currency.getAttribute("readonly")).not.toBeNull();
    const locked = await style("#f-currency");
    expect(locked.background).not.toBe(WHITE);
    expect(locked.cursor).toBe("not-allowed");
    expect(locked.border).toBe("dashed");
    const editable = await style("#f-name");
    expect(editable.background).toBe(WHITE);
    expect(await page.locator("#f-currency-lock").textContent()).toContain("Locked after launch:");
    await expect.poll(() => currency.getAttribute("aria-describedby")).toContain("f-currency-lock");
  });

  it("greys out a Launch button that cannot work and says what it needs", async () => {
    await page.goto("/studies/new");
    await page.getByLabel("Study name").fill("Browser draft");
    await page.getByLabel("Currency").fill("USD");
    await page.getByRole("button", { name: /create/i }).click();
    await page.waitForURL(/\/build\/segments/);
    await page.goto(page.url().replace(/\/build\/segments.*$/, "/build"));
    const launch = page.getByRole("button", { name: "Launch study" });
    expect(await launch.isDisabled()).toBe(true);
    const disabled = await style("button:has-text('Launch study')");
    const enabled = await style("button:has-text('Save details')");
    expect(disabled.background).not.toBe(enabled.background);
    expect(disabled.cursor).toBe("not-allowed");
    expect(await page.locator("#launch-needs").textContent()).toMatch(/^🔒?\s*Launch needs: \S/u);
  });

  it("closes and reopens through confirm pages", async () => {
    await page.goto(`/studies/${studyId}/build`);
    await page.getByRole("link", { name: "Close study…" }).click();
    await page.getByRole("heading", { name: "Close the study?" }).waitFor();
    expect(await page.getByText(/mid-survey and will see "This survey has closed"/).count()).toBe(1);
    expect((await db.study.findUniqueOrThrow({ where: { id: studyId } })).status).toBe("live");
    await page.getByRole("button", { name: "Close the study" }).click();
    await page.getByText("The study is closed: no new responses are accepted.").waitFor();
    expect((await db.study.findUniqueOrThrow({ where: { id: studyId } })).status).toBe("closed");
    await page.getByRole("link", { name: "Reopen study…" }).click();
    await page.getByRole("heading", { name: "Reopen the study?" }).waitFor();
    await page.getByRole("button", { name: "Reopen the study" }).click();
    await page.getByText("The study is live again").waitFor();
    expect((await db.study.findUniqueOrThrow({ where: { id: studyId } })).status).toBe("live");
  });

  it("keeps the study tabs on a not-found page inside the study", async () => {
    await page.goto(`/studies/${studyId}/build/hypotheses/not-a-hypothesis`);
    await page.getByText("Hypothesis not found").waitFor();
    const tabs = page.getByRole("navigation", { name: "Study sections" });
    expect(await tabs.getByRole("link", { name: "Results" }).count()).toBe(1);
    await tabs.getByRole("link", { name: "Overview" }).click();
    await page.getByRole("heading", { name: "Responses by segment" }).waitFor();
    expect(await page.title()).toBe(`${DEMO_STUDY_NAME} · Overview · Valuestack`);
  });

  it("renders an outbox email in a sandboxed frame", async () => {
    const respondent = await db.respondent.findFirstOrThrow({ where: { studyId, email: { not: null } } });
    const row = await db.emailOutbox.create({
      data: { studyId, respondentId: respondent.id, kind: "reminder", status: "sent", sentAt: new Date() },
    });
    const content = renderSurveyEmail({
      kind: "reminder",
      studyName: DEMO_STUDY_NAME,
      name: "Zoë",
      link: "https://example.com/s/abc=def",
      unsubscribeLink: "https://example.com/u/abc",
    });
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
    const info = await transport.sendMail({ from: "study@example.com", to: "zoe@example.com", ...content });
    mkdirSync(path.join(app.database.varDir, "outbox"), { recursive: true });
    writeFileSync(path.join(app.database.varDir, "outbox", `${row.id}.eml`), info.message as Buffer);

    errors.length = 0;
    await page.goto(`/studies/${studyId}/outbox`);
    await page.getByRole("link", { name: "View the email to" }).first().click();
    await page.getByRole("heading", { name: `Reminder: ${DEMO_STUDY_NAME}` }).waitFor();
    const frame = page.frameLocator("iframe");
    await frame.getByText("Hello Zoë,").waitFor();
    expect(await frame.getByRole("link", { name: "Start the survey" }).getAttribute("href")).toBe(
      "https://example.com/s/abc=def",
    );
    expect(await page.locator("pre").textContent()).toContain("Start the survey: https://example.com/s/abc=def");
    // sandbox="" : the frame's document may not run scripts
    const scripts = await page.locator("iframe").evaluate((el) => (el as HTMLIFrameElement).sandbox.length);
    expect(scripts).toBe(0);
    expect(errors).toEqual([]);
  });
});
