/**
 * The respondents page in a real browser (Debian's headless Chromium via playwright-core),
 * with JavaScript on and off: "Send invitations" first shows what will happen ("This sends
 * 2 emails"), nothing is queued until that is confirmed, and Cancel leaves everything as it
 * was. Skips loudly when /usr/bin/chromium is missing, unless VALUESTACK_REQUIRE_BROWSER=1.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { type BrowserApp, logIn, requireBrowser, startBrowserApp } from "../helpers/browser.ts";
import { createDemoMiniStudy, createRespondent, startSmtp, waitFor } from "../integration/respondentsFixtures.ts";

const browserReady = requireBrowser("respondents page browser tests");
const LINK_SECRET = "e2e-confirm-link-secret-0123456789";

describe.skipIf(!browserReady)("respondents page bulk actions in a real browser", () => {
  let app: BrowserApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let db: Db;

  beforeAll(async () => {
    smtp = await startSmtp();
    app = await startBrowserApp({
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_POLL_MS: "200", LINK_SECRET },
    });
    db = app.db;
  });
  afterAll(async () => {
    await app?.stop();
    await smtp?.close();
  });

  for (const js of [true, false]) {
    it(`asks before sending invitations, JavaScript ${js ? "on" : "off"}`, async () => {
      const study = await createDemoMiniStudy(db, { name: `Confirm study ${js}` });
      const emails = [`a-${js}@example.com`, `b-${js}@example.com`];
      for (const email of emails) await createRespondent(db, study, LINK_SECRET, { email });
      const context = await app.browser.newContext({ javaScriptEnabled: js });
      const page = await context.newPage();
      await logIn(page, app.server.url);
      await page.goto(`${app.server.url}/studies/${study.studyId}/respondents`);
      await page.getByRole("button", { name: "Send invitations to everyone not yet invited (2)" }).click();
      await page
        .getByText("This sends 2 emails: an invitation to each of the 2 respondents not invited yet.")
        .waitFor();
      expect(await db.emailOutbox.count({ where: { studyId: study.studyId } })).toBe(0);
      // Cancel changes nothing
      await page.getByRole("link", { name: "Cancel" }).click();
      await page.getByRole("button", { name: "Send invitations to everyone not yet invited (2)" }).waitFor();
      expect(await page.getByText("This sends 2 emails").count()).toBe(0);
      expect(await db.emailOutbox.count({ where: { studyId: study.studyId } })).toBe(0);
      // ask again and confirm
      await page.getByRole("button", { name: "Send invitations to everyone not yet invited (2)" }).click();
      await page.getByRole("button", { name: "Send 2 invitations" }).click();
      await page.getByText("Queued 2 invitation(s).").waitFor();
      await context.close();
      await waitFor(() => emails.every((e) => smtp.received.some((m) => m.to === e)), 20_000, "both invitations");
      expect(await db.emailOutbox.count({ where: { studyId: study.studyId } })).toBe(2);
    }, 120_000);
  }
});
