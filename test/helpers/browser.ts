/**
 * Chromium for the browser tests (test/e2e): playwright-core drives the system's Debian
 * chromium at /usr/bin/chromium; no browser is ever downloaded. When it is missing the
 * tests are skipped with a loud warning, unless VALUESTACK_REQUIRE_BROWSER=1 (CI), which
 * makes them fail. Also what those tests share: the app with a browser (startBrowserApp),
 * logging in, recording page errors and walking a survey to a page.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { startApp, type TestApp } from "./app.ts";
import type { Engine } from "./databases.ts";

export const CHROMIUM_PATH = "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/**
 * Whether the browser tests can run: true when Chromium is installed; otherwise a loud
 * console.warn and false (use with describe.skipIf), or a thrown error when
 * VALUESTACK_REQUIRE_BROWSER=1.
 */
export function requireBrowser(suite: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const message = `${suite}: ${CHROMIUM_PATH} is missing (install Debian's chromium; bash .ci/run does)`;
  if (process.env.VALUESTACK_REQUIRE_BROWSER === "1") throw new Error(`${message} and VALUESTACK_REQUIRE_BROWSER=1`);
  console.warn(
    `\n${"!".repeat(72)}\n!! SKIPPED ${message}.\n!! Set VALUESTACK_REQUIRE_BROWSER=1 to make this a failure.\n${"!".repeat(72)}\n`,
  );
  return false;
}

/** Headless Chromium with the flags that keep it offline and quiet. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A phone's viewport (390 × 844 CSS px), the width the survey and the results are checked at. */
export const PHONE = { width: 390, height: 844 };

export interface BrowserApp extends TestApp {
  browser: Browser;
  /** Closes the browser, then stops the app (TestApp.stop). */
  stop(): Promise<void>;
}

/**
 * What every browser test starts with: the app on a fresh database (startApp, SQLite unless
 * `engine` says otherwise, with `env`) and Chromium, started side by side.
 * DEBUG_SERVER_OUTPUT=1 prints the end of the server's output at stop().
 */
export async function startBrowserApp(
  opts: { env?: Record<string, string>; engine?: Engine } = {},
): Promise<BrowserApp> {
  const [app, browser] = await Promise.all([startApp(opts.engine ?? "sqlite", opts.env), launchBrowser()]);
  const stopApp = app.stop;
  return Object.assign(app, {
    browser,
    async stop() {
      await browser.close();
      await stopApp();
    },
  });
}

/** Logs in through the login form (as the demo researcher unless `email` names another demo user). */
export async function logIn(page: Page, serverUrl: string, email: string = DEMO_LOGIN.email): Promise<void> {
  await page.goto(`${serverUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_LOGIN.password);
  await page.getByRole("button", { name: /log in/i }).click();
  await page.waitForURL(/\/studies/);
}

/**
 * Records the page's uncaught script errors in `errors` ("pageerror: …"), and, when asked, its
 * console errors ("console: …", not the browser's own "Failed to load resource") and the
 * responses it gets with status 400 or more ("HTTP 404 <url>", not the favicon).
 */
export function recordErrors(page: Page, errors: string[], also: { console?: boolean; responses?: boolean } = {}) {
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  if (also.console)
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(`console: ${m.text()}`);
    });
  if (also.responses)
    page.on("response", (r) => {
      if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) errors.push(`HTTP ${r.status()} ${r.url()}`);
    });
}

/** The key of the survey page shown (the form's hidden `page` field), e.g. "concept:1". */
export function surveyPageKey(page: Page): Promise<string | null> {
  return page.locator('form[data-page] input[name="page"]').getAttribute("value");
}

/**
 * Answers survey pages by tapping like a person until the page `key` is shown: Start, "4" on
 * every concept scale, the first item as most and the last as least important on MaxDiff pages.
 * Throws when `key` is not reached within `maxPages` pages.
 */
export async function answerSurveyUntil(page: Page, key: string, maxPages = 10): Promise<void> {
  for (let i = 0; i < maxPages; i++) {
    const shown = await surveyPageKey(page);
    if (shown === key) return;
    if (shown?.startsWith("concept:")) {
      for (const scale of await page.locator("fieldset.survey-scale").all())
        await scale.locator('input[type="radio"][value="4"]').check();
    } else if (shown?.startsWith("maxdiff:")) {
      await page.locator('input[name="best"]').first().check();
      await page.locator('input[name="worst"]').last().check();
    }
    await page.locator('form[data-page] button[type="submit"]').click();
    await page.waitForLoadState("load");
  }
  throw new Error(`survey page ${key} not reached in ${maxPages} pages (shown: ${await surveyPageKey(page)})`);
}
