/**
 * Fault/scale: two app processes drain the same email outbox at once (each with its own
 * worker and Prisma client, as behind a load balancer) into one real SMTP server on
 * loopback. Every message must be sent exactly once: one delivery per recipient, every row
 * "sent" with its own message id, no row left claimed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { newLink } from "../../app/respondents/tokens.server.ts";
import { createMigratedDatabase } from "../helpers/app.ts";
import { engines, type TestDatabase } from "../helpers/databases.ts";
import { startServerOn, type TestServer } from "../helpers/server.ts";
import { verifyUser } from "../helpers/users.ts";
import { createMiniStudy, startSmtp, waitFor } from "../integration/respondentsFixtures.ts";

const LINK_SECRET = "outbox-test-link-secret-0123456789abcdef";
const N = 240;

describe.each(engines())("outbox drained by two processes on %s", (engine) => {
  let database: TestDatabase;
  let servers: TestServer[] = [];
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let db: Db;

  beforeAll(async () => {
    ({ database, db } = await createMigratedDatabase(engine));
    smtp = await startSmtp();
    const env = {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: "Research <research@example.com>",
      MAIL_POLL_MS: "50",
      MAIL_BATCH_SIZE: "7",
      MAIL_RATE_PER_MINUTE: "1000000",
      MAIL_POOL_SIZE: "3",
      LINK_SECRET,
      VALUESTACK_SEED: "0",
    };
    servers = await Promise.all([0, 1].map(() => startServerOn(database, env)));
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await smtp?.close();
    await db?.$disconnect();
    await database?.drop();
  });

  it(`sends each of ${N} queued messages exactly once`, async () => {
    const owner = await db.user.create({ data: { email: "owner@example.com", name: "Owner", passwordHash: "x" } });
    await verifyUser(db, owner.email); // as any owner whose study sends mail
    const mini = await createMiniStudy(db, owner.id);
    const rows = Array.from({ length: N }, (_, i) => {
      const link = newLink("respondent", LINK_SECRET);
      return {
        id: `outbox-r${i}`,
        studyId: mini.studyId,
        email: `person${i}@example.net`,
        name: `Person ${i}`,
        segmentId: mini.segmentId,
        tokenHash: link.hash,
        tokenSalt: link.salt,
      };
    });
    await db.respondent.createMany({ data: rows });
    // both workers are already polling: queue everything at once
    await db.emailOutbox.createMany({
      data: rows.map((r, i) => ({ id: `outbox-m${i}`, studyId: mini.studyId, respondentId: r.id, kind: "invitation" })),
    });
    await waitFor(
      async () => (await db.emailOutbox.count({ where: { status: { in: ["queued", "sending"] } } })) === 0,
      90_000,
      "outbox drained",
    );
    await waitFor(() => smtp.received.length >= N, 10_000, `${N} deliveries`);
    await new Promise((r) => setTimeout(r, 1_500)); // nothing more arrives
    expect(smtp.received).toHaveLength(N);
    const recipients = smtp.received.map((m) => m.to);
    expect(new Set(recipients).size).toBe(N);
    const outboxIds = smtp.received.map((m) => m.parsed.headers.get("x-valuestack-outbox-id"));
    expect(new Set(outboxIds).size).toBe(N);
    const sent = await db.emailOutbox.findMany({
      select: { status: true, messageId: true, lockedBy: true, attempts: true },
    });
    expect(sent.every((r) => r.status === "sent" && r.messageId && r.lockedBy === null && r.attempts === 1)).toBe(true);
    expect(new Set(sent.map((r) => r.messageId)).size).toBe(N);
    for (const s of servers) expect(s.process.exitCode).toBeNull();
  }, 150_000);
});
