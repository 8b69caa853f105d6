/**
 * The respondents page in a real browser (Debian's headless Chromium via playwright-core),
 * with JavaScript on and off: "Send invitations" first shows what will happen ("This sends
 * 2 emails"), nothing is queued until that is confirmed, and Cancel leaves everything as it
 * was. Skips loudly when /usr/bin/chromium is missing, unless VALUESTACK_REQUIRE_BROWSER=1.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../app/db.server.ts";
import { newLink } from "../../app/respondents/tokens.server.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { launchBrowser, requireBrowser } from "../helpers/browser.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/databases.ts";
import { startServer, type TestServer } from "../helpers/server.ts";
import { createMiniStudy, startSmtp, waitFor } from "../integration/respondentsFixtures.ts";

const browserReady = requireBrowser("respondents page browser tests");
const LINK_SECRET = "e2e-confirm-link-secret-0123456789";

describe.skipIf(!browserReady)("respondents page bulk actions in a real browser", () => {
  let database: TestDatabase;
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let db: Db;
  let browser: Browser;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    smtp = await startSmtp();
    [server, browser] = await Promise.all([
      startServer({
        databaseUrl: database.url,
        varDir: database.varDir,
        env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_POLL_MS: "200", LINK_SECRET },
      }),
      launchBrowser(),
    ]);
    db = createDb(database.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
    await db?.$disconnect();
    await database?.drop();
  });

  for (const js of [true, false]) {
    it(`asks before sending invitations, JavaScript ${js ? "on" : "off"}`, async () => {
      const owner = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.email } });
      const study = await createMiniStudy(db, owner.id, { name: `Confirm study ${js}` });
      const emails = [`a-${js}@example.com`, `b-${js}@example.com`];
      for (const email of emails) {
        const link = newLink("respondent", LINK_SECRET);
        await db.respondent.create({
          data: {
            studyId: study.studyId,
            email,
            segmentId: study.segmentId,
            tokenHash: link.hash,
            tokenSalt: link.salt,
          },
        });
      }
      const context = await browser.newContext({ javaScriptEnabled: js });
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await page.getByLabel("Email").fill(DEMO_LOGIN.email);
      await page.getByLabel("Password").fill(DEMO_LOGIN.password);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.waitForURL(/\/studies/);
      await page.goto(`${server.url}/studies/${study.studyId}/respondents`);
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
