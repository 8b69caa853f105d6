/**
 * Chromium for the browser tests (test/e2e): playwright-core drives the system's Debian
 * chromium at /usr/bin/chromium; no browser is ever downloaded. When it is missing the
 * tests are skipped with a loud warning, unless VALUESTACK_REQUIRE_BROWSER=1 (CI), which
 * makes them fail.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

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
