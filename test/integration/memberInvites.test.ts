/**
 * Inviting someone without an account to a study, against the built server, a real database
 * (SQLite, and PostgreSQL with TEST_DATABASE_URL) and a loopback SMTP server: the invitation is
 * emailed through the outbox (who invited them, to which study, as which role), its link signs
 * the newcomer up into the study, adding the address again moments later sends nothing, and a
 * study whose owner has not confirmed their address sends nothing and says why.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_STUDY_NAME } from "../../prisma/seed/demo.ts";
import { engines } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import { type Received, startAppWithMail, waitFor, type MailApp } from "./respondentsFixtures.ts";

const PASSWORD = "long enough password";

/** The sign-up's address-confirmation email, not an invitation. */
const verificationOf = (m: Received) => (/Confirm your email address/.test(m.parsed.subject ?? "") ? m : null);

describe.each(engines())("member invitations by email on %s", (engine) => {
  let app: MailApp;
  let studyId: string;

  beforeAll(async () => {
    app = await startAppWithMail(engine, { MAIL_POLL_MS: "100", LINK_SECRET: "member-invites-test-secret-0123456" });
    studyId = (await app.db.study.findFirstOrThrow({ where: { name: DEMO_STUDY_NAME } })).id;
  }, 120_000);
  afterAll(() => app?.stop());

  const invite = (email: string, role: string) =>
    app.researcher.post(`/studies/${studyId}/members`, { intent: "add", email, role });

  it("emails the invitation; its link signs the newcomer up into the study; adding again sends nothing", async () => {
    const owner = await app.db.user.findUniqueOrThrow({ where: { id: app.ownerId } });
    const res = await invite("pat.pmm@example.com", "editor");
    expect(res.status).toBe(200);
    const page = text(await res.text());
    expect(page).toContain("Invitation emailed to pat.pmm@example.com");
    expect(page).not.toContain("/invite/");

    const mail = await waitFor(
      () => app.smtp.received.find((m) => m.to === "pat.pmm@example.com" && !verificationOf(m)),
      30_000,
      "the invitation email",
    );
    const body = mail.parsed.text ?? "";
    expect(mail.parsed.subject).toContain(owner.name);
    expect(mail.parsed.subject).toContain(DEMO_STUDY_NAME);
    expect(body).toContain(`${owner.name} (${owner.email}) invited you to the study “${DEMO_STUDY_NAME}” as editor`);
    const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/.exec(body)?.[0];
    expect(link, body).toBeTruthy();
    // the database keeps the salt and the hash, never the link itself
    const stored = await app.db.studyInvite.findFirstOrThrow({ where: { studyId, email: "pat.pmm@example.com" } });
    const token = link!.split("/").pop()!;
    expect(JSON.stringify(stored)).not.toContain(token);

    const outbox = text(await (await app.researcher.get(`/studies/${studyId}/outbox`)).text());
    expect(outbox).toMatch(/pat\.pmm@example\.com\s*member invitation \(editor\)\s*sent/);

    // adding the address again moments later keeps the link and sends no second email
    const again = text(await (await invite("pat.pmm@example.com", "editor")).text());
    expect(again).toContain("Invitation emailed to pat.pmm@example.com already");
    expect(again).toContain("not sent again");
    expect(await app.db.studyInviteEmail.count({ where: { email: "pat.pmm@example.com" } })).toBe(1);

    // the emailed link: landing page, sign-up, and the study opens for the new member
    const newcomer = new HttpClient(app.server.url);
    const landing = await newcomer.get(new URL(link!).pathname);
    expect(landing.status).toBe(200);
    expect(text(await landing.text())).toContain(DEMO_STUDY_NAME);
    const signedUp = await newcomer.post("/signup", {
      name: "Pat PMM",
      email: "pat.pmm@example.com",
      password: PASSWORD,
      role: "viewer",
    });
    expect(signedUp.status).toBe(302);
    const opened = await newcomer.follow(signedUp);
    expect(opened.status).toBe(200);
    expect(text(await opened.text())).toContain("Shared with you as editor");
    expect((await newcomer.get(`/studies/${studyId}/results`)).status).toBe(200);
    expect(await app.db.studyMember.count({ where: { studyId, user: { email: "pat.pmm@example.com" } } })).toBe(1);
    // still exactly one invitation to that address (sign-up also sent them an address confirmation)
    const invitations = app.smtp.received.filter((m) => m.to === "pat.pmm@example.com" && m !== verificationOf(m));
    expect(invitations).toHaveLength(1);
  });

  it("sends nothing while the owner has not confirmed their address, shows the link and says why", async () => {
    await app.db.user.update({ where: { id: app.ownerId }, data: { emailVerifiedAt: null } });
    try {
      const res = await invite("unmailed@example.com", "viewer");
      expect(res.status).toBe(200);
      const html = await res.text();
      const page = text(html);
      expect(page).toContain("No email was sent.");
      expect(page).toContain("Confirm your email address first");
      expect(page).not.toContain("Invitation emailed to");
      expect(/id="invite-link"[^>]*value="([^"]+)"/.exec(html)?.[1]).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
      expect(await app.db.studyInviteEmail.count({ where: { email: "unmailed@example.com" } })).toBe(0);
    } finally {
      await app.db.user.update({ where: { id: app.ownerId }, data: { emailVerifiedAt: new Date() } });
    }
  });
});
