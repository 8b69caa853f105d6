/**
 * Who may send mail and who sees contacts, over HTTP against the built server, a real
 * database and a real SMTP server on loopback:
 *
 * - sign-up queues a verification email; until its link is opened the new researcher's study
 *   refuses invitations and reminders with a clear message (respondents are still imported);
 *   after it, invitations go out — asked first, "This sends N emails", without JavaScript;
 * - a viewer of a study gets counts and statuses but no respondent id, email or name, in the
 *   HTML or the loader's JSON, until the owner lets them see contacts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN, DEMO_STUDY_NAME } from "../../prisma/seed/demo.ts";
import { logInClient } from "../helpers/app.ts";
import { engines } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import { createMiniStudy, startAppWithMail, waitFor, type MailApp } from "./respondentsFixtures.ts";

describe.each(engines())("mail access on %s", (engine) => {
  let app: MailApp;

  beforeAll(async () => {
    app = await startAppWithMail(engine, {
      MAIL_FROM: "Research <research@example.com>",
      MAIL_POLL_MS: "100",
      MAIL_RATE_PER_MINUTE: "100000",
      LINK_SECRET: "mail-access-test-link-secret-0123456789",
    });
  });
  afterAll(() => app?.stop());

  it("refuses to send from an unconfirmed address and sends after the emailed link is opened", async () => {
    const { server, db, smtp } = app;
    const newcomer = new HttpClient(server.url);
    const signup = await newcomer.post("/signup", {
      name: "New Researcher",
      email: "newcomer@example.com",
      password: "long enough password",
      role: "researcher",
    });
    expect(signup.status).toBe(302);
    const user = await db.user.findUniqueOrThrow({ where: { email: "newcomer@example.com" } });
    expect(user.emailVerifiedAt).toBeNull();
    const study = await createMiniStudy(db, user.id, { name: "Anything at all" });
    const path = `/studies/${study.studyId}/respondents`;

    // adding with "send the invitation now": imported, but no invitation queued
    const add = await newcomer.post(path, {
      intent: "add",
      email: "target@example.org",
      segment: "smb",
      invite: "yes",
    });
    const addText = text(await add.text());
    expect(addText).toContain("Added target@example.org.");
    expect(addText).toContain("The invitation was not queued. Confirm your email address first");
    // the bulk button is refused with the reason, confirmed or not
    const forms: Record<string, string>[] = [
      { intent: "invite" },
      { intent: "invite", confirmed: "yes" },
      { intent: "remind", confirmed: "yes" },
    ];
    for (const form of forms) {
      const res = await newcomer.post(path, form);
      expect(res.status).toBe(403);
      expect(text(await res.text())).toContain(
        "Confirm your email address first: open the link we sent to newcomer@example.com.",
      );
    }
    expect(await db.emailOutbox.count({ where: { studyId: study.studyId } })).toBe(0);
    const page = text(await (await newcomer.get(path)).text());
    expect(page).toContain("Confirm your email address to send invitations");

    // the verification email arrives through the outbox; its link confirms the address
    const mail = await waitFor(
      () => smtp.received.find((m) => m.to === "newcomer@example.com"),
      20_000,
      "verification",
    );
    const [url = "", token = ""] =
      /https?:\/\/\S+\/verify-email\/([A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? "") ?? [];
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(JSON.stringify(stored)).not.toContain(token); // only its hash is stored
    const opened = await new HttpClient(server.url).get(new URL(url).pathname);
    expect(opened.status).toBe(200);
    expect(text(await opened.text())).toContain("newcomer@example.com is confirmed");
    expect((await new HttpClient(server.url).get(new URL(url).pathname)).status).toBe(404); // used up

    // now: the invitation button asks first, naming the number of emails; then sends
    const ask = await newcomer.post(path, { intent: "invite" });
    expect(ask.status).toBe(200);
    expect(text(await ask.text())).toContain(
      "This sends 1 email: an invitation to each of the 1 respondent not invited yet.",
    );
    expect(await db.emailOutbox.count({ where: { studyId: study.studyId } })).toBe(0);
    const go = await newcomer.post(path, { intent: "invite", confirmed: "yes" });
    expect(text(await go.text())).toContain("Queued 1 invitation(s).");
    await waitFor(() => smtp.received.find((m) => m.to === "target@example.org"), 20_000, "the invitation");
  });

  it("hides respondents' ids, emails and names from a viewer until the owner allows it", async () => {
    const { server, db, researcher } = app;
    const studyId = (await db.study.findFirstOrThrow({ where: { name: DEMO_STUDY_NAME } })).id;
    // give the demo study respondents with addresses (the seeded ones are anonymous)
    const add = await researcher.post(`/studies/${studyId}/respondents`, {
      intent: "add",
      email: "secret.person@example.org",
      name: "Secret Person",
      segment: "tech",
    });
    expect(add.status).toBe(200);
    const person = await db.respondent.findFirstOrThrow({ where: { email: "secret.person@example.org" } });
    const viewer = await logInClient(server.url, DEMO_LOGIN.viewerEmail);
    const path = `/studies/${studyId}/respondents`;
    // the loader data as the browser fetches it on client-side navigation (single fetch)
    const dataPath = `${path}.data?_routes=${encodeURIComponent("routes/studies.$studyId.respondents")}`;

    const html = await (await viewer.get(path)).text();
    const json = await (await viewer.get(dataPath)).text();
    expect(json).toContain("statusLabel"); // really the rows' data
    for (const body of [html, json]) {
      expect(body).not.toContain("secret.person@example.org");
      expect(body).not.toContain("Secret Person");
      expect(body).not.toContain(person.id);
      expect(body).not.toMatch(/respondent\d{3}@example\.org/);
    }
    expect(text(html)).toContain("Email addresses and names are hidden. The study owner can let you see them.");
    expect(text(html)).toMatch(/\d+ respondent\(s\): .*completed/); // counts are still there

    // the owner allows it
    const viewerUser = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.viewerEmail } });
    const ownerPage = text(await (await researcher.get(path)).text());
    expect(ownerPage).toMatch(/Pat Marketer \( ?pmm@valuestack\.dev ?\): contacts hidden/);
    const grant = await researcher.post(path, { intent: "contacts-access", userId: viewerUser.id, allow: "yes" });
    expect(text(await grant.text())).toContain("The viewer can now see contacts.");
    const allowedJson = await (await viewer.get(dataPath)).text();
    expect(allowedJson).toContain("respondent001@example.org");
    // a viewer still cannot act
    expect((await viewer.post(path, { intent: "contacts-access", userId: viewerUser.id, allow: "yes" })).status).toBe(
      403,
    );
  });
});
