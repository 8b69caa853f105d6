/**
 * The email outbox under SMTP failures, against the built server, a real database (SQLite,
 * and PostgreSQL with TEST_DATABASE_URL) and a real SMTP server on loopback:
 *
 * - the SMTP server is down: invitations stay queued however long the outage (connection
 *   failures back off but never count toward MAIL_MAX_ATTEMPTS, here 2; lastError kept,
 *   nothing lost), no reminder can be queued before the invitation went out; once a server
 *   listens on that port each message arrives exactly once;
 * - a 5xx for one recipient: that row is `failed` and the address "bounced" (shown to the
 *   researcher), the others sent; the researcher re-sends the failed invitation (confirmed
 *   first); a later 550 on a reminder keeps further reminders away from that address;
 * - the app is killed with SIGKILL mid-batch and restarted: every message is delivered. The
 *   only duplicates allowed are messages in flight at the kill: rows the dead process had
 *   claimed (`sending`) and handed to the SMTP server without recording the 250 reply. They
 *   go back to `queued` after MAIL_SENDING_TIMEOUT_MS and are sent again. A pooled connection
 *   carries one message at a time, and at most one more may have been accepted a moment
 *   before whose `sent` mark was not yet committed, so there are at most 2 × MAIL_POOL_SIZE
 *   such duplicates (in practice MAIL_POOL_SIZE); rows already `sent` are never sent again
 *   and `queued` rows were never sent before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../app/db.server.ts";
import { logInClient } from "../helpers/app.ts";
import { createTestDatabase, engines, type TestDatabase } from "../helpers/databases.ts";
import { type HttpClient, text } from "../helpers/http.ts";
import { freePort, startServerOn, type TestServer } from "../helpers/server.ts";
import { createDemoMiniStudy, startSmtp, waitFor, type Received } from "./respondentsFixtures.ts";

const POOL_SIZE = 2;

describe.each(engines())("email outbox under SMTP failures on %s", (engine) => {
  let database: TestDatabase;
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtp>> | null = null;
  let smtpPort: number;
  const smtpOptions: { failFirst: (to: string) => number | null; delayMs: number } = {
    failFirst: (to) => (to === "reject@example.com" ? 550 : null),
    delayMs: 0,
  };
  let db: Db;
  let researcher: HttpClient;
  let studyId: string;

  const env = () => ({
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: "Research <research@example.com>",
    MAIL_POLL_MS: "100",
    MAIL_RATE_PER_MINUTE: "100000",
    MAIL_BATCH_SIZE: "6",
    MAIL_POOL_SIZE: String(POOL_SIZE),
    MAIL_RETRY_BASE_MS: "150",
    MAIL_RETRY_MAX_MS: "800",
    MAIL_MAX_ATTEMPTS: "2",
    MAIL_SENDING_TIMEOUT_MS: "4000",
    LINK_SECRET: "email-test-link-secret-0123456789",
  });

  async function boot() {
    server = await startServerOn(database, env());
    researcher = await logInClient(server.url);
  }

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    smtpPort = await freePort(); // nothing listens here yet
    await boot();
    db = createDb(database.url);
    studyId = (await createDemoMiniStudy(db, { name: "Outbox study" })).studyId;
  });
  afterAll(async () => {
    if (process.env.DEBUG_SERVER_OUTPUT) console.log(server?.output().slice(-4000));
    await server?.stop();
    await smtp?.close();
    await db?.$disconnect();
    await database?.drop();
  });

  /** CSV preview + confirm with invitations, as the researcher does it. */
  async function invite(emails: string[]) {
    const form = new FormData();
    form.set("intent", "preview");
    form.set(
      "file",
      new Blob([["email,segment", ...emails.map((e) => `${e},smb`)].join("\n")], { type: "text/csv" }),
      "people.csv",
    );
    const html = await (await researcher.post(`/studies/${studyId}/respondents`, form)).text();
    expect(text(html)).toContain(`${emails.length} row(s) can be imported; 0 row(s) have problems`);
    const payload = /name="payload" value="([^"]*)"/
      .exec(html)![1]
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&");
    const res = await researcher.post(`/studies/${studyId}/respondents`, { intent: "confirm", payload, invite: "yes" });
    expect(text(await res.text())).toContain(`Imported ${emails.length} respondent(s) and queued their invitations.`);
  }

  const rowsFor = (emails: string[]) =>
    db.emailOutbox.findMany({
      where: { studyId, respondent: { email: { in: emails } } },
      include: { respondent: { select: { email: true } } },
    });

  function countBy(received: Received[], emails: string[]) {
    const counts = new Map(emails.map((e) => [e, 0]));
    for (const m of received) if (counts.has(m.to)) counts.set(m.to, counts.get(m.to)! + 1);
    return counts;
  }

  it("keeps invitations queued while the SMTP server is down, then delivers each exactly once", async () => {
    const emails = Array.from({ length: 8 }, (_, i) => `down${i}@example.com`);
    await invite(emails);
    // deferred with backoff: no attempt is used up (MAIL_MAX_ATTEMPTS is 2), the reason is kept,
    // nothing is sent, failed or lost
    const retried = await waitFor(
      async () => {
        const rows = await rowsFor(emails);
        return (
          rows.length === emails.length && rows.every((r) => r.status === "queued" && r.connectionFailures >= 3) && rows
        );
      },
      30_000,
      "every row deferred 3 times",
    );
    for (const r of retried) {
      expect(r.attempts).toBe(0);
      expect(r.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(r.sentAt).toBeNull();
      expect(r.nextAttemptAt.getTime()).toBeGreaterThan(r.createdAt.getTime());
    }
    const failuresThen = new Map(retried.map((r) => [r.id, r.connectionFailures]));
    await waitFor(
      async () => (await rowsFor(emails)).every((r) => r.connectionFailures > failuresThen.get(r.id)!),
      15_000,
      "deferrals to keep growing",
    );
    expect(await db.emailOutbox.count({ where: { studyId, status: { in: ["sent", "failed", "cancelled"] } } })).toBe(0);
    // the researcher sees them waiting
    const page = text(await (await researcher.get(`/studies/${studyId}/respondents`)).text());
    // (a worker may be mid-attempt on some of them: "sending")
    const waiting = /Emails: (\d+) queued, (\d+) sending, 0 sent, 0 failed/.exec(page);
    expect(waiting).not.toBeNull();
    expect(Number(waiting?.[1]) + Number(waiting?.[2])).toBe(8);
    expect(page).toContain("8 respondent(s): 8 invitation queued.");
    // no reminder before the invitation went out
    const remind = await researcher.post(`/studies/${studyId}/respondents`, {
      intent: "remind",
      intervalDays: "1",
      confirmed: "yes",
    });
    expect(text(await remind.text())).toContain("Nobody can get a reminder now");
    expect(await db.emailOutbox.count({ where: { studyId, kind: "reminder" } })).toBe(0);

    // the SMTP server comes up on that port
    smtp = await startSmtp(smtpPort, smtpOptions);
    await waitFor(() => emails.every((e) => smtp!.received.some((m) => m.to === e)), 30_000, "all 8 invitations");
    await waitFor(async () => (await rowsFor(emails)).every((r) => r.status === "sent"), 10_000, "rows marked sent");
    await new Promise((r) => setTimeout(r, 1500)); // nothing more arrives
    expect([...countBy(smtp.received, emails).values()]).toEqual(emails.map(() => 1));
    for (const r of await rowsFor(emails)) {
      expect(r.messageId).toBeTruthy();
      expect(r.lastError).toBeNull();
    }
  });

  it("marks a row failed on a 5xx for its recipient and sends the others", async () => {
    const emails = ["ok1@example.com", "reject@example.com", "ok2@example.com", "ok3@example.com"];
    await invite(emails);
    const rows = await waitFor(
      async () => {
        const r = await rowsFor(emails);
        return r.length === 4 && r.every((x) => x.status === "sent" || x.status === "failed") && r;
      },
      20_000,
      "all rows settled",
    );
    const byEmail = new Map(rows.map((r) => [r.respondent.email, r]));
    const rejected = byEmail.get("reject@example.com")!;
    expect(rejected.status).toBe("failed");
    expect(rejected.attempts).toBe(1); // permanent: not retried
    expect(rejected.lastError).toMatch(/550/);
    for (const e of ["ok1@example.com", "ok2@example.com", "ok3@example.com"])
      expect(byEmail.get(e)!.status).toBe("sent");
    await new Promise((r) => setTimeout(r, 800));
    const counts = countBy(smtp!.received, emails);
    expect(Object.fromEntries(counts)).toEqual({
      "ok1@example.com": 1,
      "reject@example.com": 0,
      "ok2@example.com": 1,
      "ok3@example.com": 1,
    });
    // the researcher sees which one failed and why
    const page = text(await (await researcher.get(`/studies/${studyId}/respondents`)).text());
    expect(page).toMatch(/reject@example\.com\s+Small business bounced invitation failed .*550/);
    expect(
      (await db.respondent.findFirstOrThrow({ where: { studyId, email: "reject@example.com" } })).bouncedAt,
    ).not.toBeNull();

    // re-send the failed invitation: first a confirmation, then the mail goes out
    const ask = await researcher.post(`/studies/${studyId}/respondents`, { intent: "resend" });
    const askText = text(await ask.text());
    expect(askText).toContain(
      "This sends 1 email: a new invitation to each of the 1 respondent whose invitation failed",
    );
    expect(await db.emailOutbox.count({ where: { studyId, respondent: { email: "reject@example.com" } } })).toBe(1);
    smtpOptions.failFirst = () => null; // the mailbox exists again
    const resend = await researcher.post(`/studies/${studyId}/respondents`, { intent: "resend", confirmed: "yes" });
    expect(text(await resend.text())).toContain("Queued 1 invitation(s) again.");
    await waitFor(() => smtp!.received.some((m) => m.to === "reject@example.com"), 20_000, "the re-sent invitation");
    await waitFor(
      async () =>
        (await db.respondent.findFirstOrThrow({ where: { studyId, email: "reject@example.com" } })).bouncedAt === null,
      10_000,
      "bounce cleared after delivery",
    );
    const after = text(await (await researcher.get(`/studies/${studyId}/respondents`)).text());
    expect(after).toMatch(/reject@example\.com\s+Small business invited invitation sent/);

    // a reminder bounces with 550 (mailbox deleted since): later reminders skip that address
    smtpOptions.failFirst = (to) => (to === "ok1@example.com" ? 550 : null);
    const first = await researcher.post(`/studies/${studyId}/respondents`, {
      intent: "remind",
      intervalDays: "1",
      confirmed: "yes",
    });
    expect(text(await first.text())).toMatch(/Queued \d+ reminder\(s\)/);
    await waitFor(
      async () =>
        (await db.respondent.findFirstOrThrow({ where: { studyId, email: "ok1@example.com" } })).bouncedAt !== null,
      20_000,
      "ok1 bounced",
    );
    await waitFor(
      async () =>
        (await db.emailOutbox.count({
          where: { studyId, kind: "reminder", status: { in: ["queued", "sending"] } },
        })) === 0,
      20_000,
      "reminders settled",
    );
    // a day later (the interval) the researcher reminds again: not ok1
    await db.emailOutbox.updateMany({
      where: { studyId, kind: "reminder" },
      data: { createdAt: new Date(Date.now() - 2 * 24 * 3600_000) },
    });
    const remindable = await db.respondent.count({
      where: { studyId, status: "invited", bouncedAt: null, outbox: { some: { kind: "invitation", status: "sent" } } },
    });
    const again = await researcher.post(`/studies/${studyId}/respondents`, {
      intent: "remind",
      intervalDays: "1",
      confirmed: "yes",
    });
    expect(text(await again.text())).toContain(`Queued ${remindable} reminder(s)`);
    const ok1 = await db.respondent.findFirstOrThrow({ where: { studyId, email: "ok1@example.com" } });
    expect(await db.emailOutbox.count({ where: { respondentId: ok1.id, kind: "reminder" } })).toBe(1);
    const withBounce = text(await (await researcher.get(`/studies/${studyId}/respondents`)).text());
    expect(withBounce).toMatch(/ok1@example\.com\s+Small business bounced /);
    smtpOptions.failFirst = () => null;
    await waitFor(
      async () => (await db.emailOutbox.count({ where: { studyId, status: { in: ["queued", "sending"] } } })) === 0,
      20_000,
      "outbox drained",
    );
  });

  it("loses nothing when the app is killed with SIGKILL mid-batch and restarted (duplicates only in flight)", async () => {
    const emails = Array.from({ length: 30 }, (_, i) => `kill${String(i).padStart(2, "0")}@example.com`);
    smtpOptions.delayMs = 150; // a slow server, so the kill lands mid-batch
    await invite(emails);
    await waitFor(
      () =>
        countBy(smtp!.received, emails).size &&
        [...countBy(smtp!.received, emails).values()].filter((n) => n > 0).length >= 5,
      30_000,
      "5 delivered",
    );
    server.process.kill("SIGKILL");
    await new Promise<void>((resolve) =>
      server.process.exitCode !== null || server.process.signalCode !== null
        ? resolve()
        : server.process.once("exit", () => resolve()),
    );
    const receivedAtKill = [...countBy(smtp!.received, emails).values()].filter((n) => n > 0).length;
    const atKill = await rowsFor(emails);
    const statusAtKill = new Map(atKill.map((r) => [r.respondent.email!, r.status]));
    const sendingAtKill = atKill.filter((r) => r.status === "sending").map((r) => r.respondent.email!);
    expect(receivedAtKill).toBeLessThan(emails.length); // really mid-batch
    expect(atKill.filter((r) => r.status === "queued").length).toBeGreaterThan(0);

    smtpOptions.delayMs = 0;
    await boot(); // same database; stale `sending` rows go back to the queue after MAIL_SENDING_TIMEOUT_MS
    await waitFor(
      async () => (await rowsFor(emails)).every((r) => r.status === "sent"),
      60_000,
      "every row sent after the restart",
    );
    await new Promise((r) => setTimeout(r, 1000));
    const counts = countBy(smtp!.received, emails);
    const missing = emails.filter((e) => counts.get(e)! === 0);
    expect(missing).toEqual([]);
    const duplicated = emails.filter((e) => counts.get(e)! > 1);
    const extra = duplicated.reduce((n, e) => n + counts.get(e)! - 1, 0);
    console.log(
      `[${engine}] SIGKILL after ${receivedAtKill}/30 delivered: ${sendingAtKill.length} row(s) were sending, ${extra} duplicate(s) (${duplicated.join(", ") || "none"})`,
    );
    // only rows in flight at the kill (claimed, `sending`) may arrive twice, each at most twice,
    // and no more than the pooled connections can have had in flight
    for (const e of duplicated) {
      expect(statusAtKill.get(e)).toBe("sending");
      expect(counts.get(e)).toBe(2);
    }
    expect(extra).toBeLessThanOrEqual(sendingAtKill.length);
    expect(extra).toBeLessThanOrEqual(2 * POOL_SIZE);
    for (const [e, status] of statusAtKill) if (status !== "sending") expect(counts.get(e)).toBe(1);
  });
});
