/**
 * Fair share in the email outbox: one study with a large import must not hold up another
 * study's invitations. Both studies' invitations are queued before the app starts (the big
 * one's first); with batches of 10, the small study's 3 invitations are in the first batch,
 * so they are among the first 10 messages the (real, loopback) SMTP server receives. Runs on
 * SQLite and, with TEST_DATABASE_URL, on PostgreSQL (its claim is FOR UPDATE SKIP LOCKED).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { newLink } from "../../app/respondents/tokens.server.ts";
import { createMigratedDatabase } from "../helpers/app.ts";
import { engines, type TestDatabase } from "../helpers/databases.ts";
import { startServerOn, type TestServer } from "../helpers/server.ts";
import { createMiniStudy, startSmtp, waitFor } from "./respondentsFixtures.ts";

const LINK_SECRET = "fairness-test-link-secret-0123456789";
const BIG = 150;
const SMALL = 3;
const BATCH = 10;

describe.each(engines())("outbox fair share across studies on %s", (engine) => {
  let database: TestDatabase;
  let server: TestServer | null = null;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let db: Db;

  beforeAll(async () => {
    ({ database, db } = await createMigratedDatabase(engine));
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
    await db?.$disconnect();
    await database?.drop();
  });

  async function queueInvitations(studyId: string, segmentId: string, prefix: string, n: number, at: Date) {
    const people = Array.from({ length: n }, (_, i) => {
      const link = newLink("respondent", LINK_SECRET);
      return {
        id: `${prefix}-r${i}`,
        studyId,
        email: `${prefix}${i}@example.net`,
        segmentId,
        tokenHash: link.hash,
        tokenSalt: link.salt,
      };
    });
    await db.respondent.createMany({ data: people });
    await db.emailOutbox.createMany({
      data: people.map((p, i) => ({
        id: `${prefix}-m${i}`,
        studyId,
        respondentId: p.id,
        kind: "invitation",
        nextAttemptAt: new Date(at.getTime() + i),
      })),
    });
  }

  it(`sends a small study's invitations in the first batch while a big study has ${BIG} queued`, async () => {
    const owner = await db.user.create({
      data: { email: "owner@example.com", name: "Owner", passwordHash: "x", emailVerifiedAt: new Date() },
    });
    const big = await createMiniStudy(db, owner.id, { name: "Big import" });
    const small = await createMiniStudy(db, owner.id, { name: "Small study" });
    const t0 = new Date(Date.now() - 60_000);
    await queueInvitations(big.studyId, big.segmentId, "big", BIG, t0); // queued first
    await queueInvitations(small.studyId, small.segmentId, "small", SMALL, new Date(t0.getTime() + 10_000));
    server = await startServerOn(database, {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_POLL_MS: "50",
      MAIL_BATCH_SIZE: String(BATCH),
      MAIL_RATE_PER_MINUTE: "1000000",
      MAIL_POOL_SIZE: "2",
      LINK_SECRET,
      VALUESTACK_SEED: "0",
    });
    await waitFor(() => smtp.received.length >= BIG + SMALL, 90_000, "every invitation");
    const firstBatch = smtp.received.slice(0, BATCH).map((m) => m.to);
    const smallOnes = Array.from({ length: SMALL }, (_, i) => `small${i}@example.net`);
    for (const e of smallOnes) expect(firstBatch).toContain(e);
    // and the big study is not starved either: it had the rest of that batch
    expect(firstBatch.filter((e) => e.startsWith("big"))).toHaveLength(BATCH - SMALL);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received).toHaveLength(BIG + SMALL);
  }, 120_000);
});
