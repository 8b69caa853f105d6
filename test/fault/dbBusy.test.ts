/**
 * Fault: the database is busy/locked by someone else while respondents submit pages.
 * SQLite: another connection holds the write lock (BEGIN IMMEDIATE); PostgreSQL: another
 * session holds ACCESS EXCLUSIVE locks on the response tables. A short lock: requests wait
 * and succeed. A lock longer than the server will wait (SQLite's busy timeout): the page
 * answers 503 with Retry-After and a friendly "press Continue again" page that keeps the
 * respondent's values — never a 500 or a stack — and nothing is half-written. After the lock
 * is gone the same answers go through and every answer is stored exactly once.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { createTestDatabase, engines, type TestDatabase } from "../helpers/databases.ts";
import { text } from "../helpers/http.ts";
import { startServerOn, type TestServer } from "../helpers/server.ts";
import {
  LOAD_LINK_SECRET,
  resumeSurvey,
  seedLoadStudy,
  Tracker,
  verifyStorage,
  type LoadRespondent,
  type LoadStudy,
} from "../load/harness.ts";

const BUSY_TIMEOUT_MS = 1_500;

/** Holds the database's write lock (SQLite) or the response tables (PostgreSQL) until released. */
async function holdLock(database: TestDatabase): Promise<() => Promise<void>> {
  if (database.engine === "sqlite") {
    const conn = new Database(database.url.replace(/^file:/, ""));
    conn.exec("BEGIN IMMEDIATE");
    conn.prepare(`UPDATE "Study" SET "name" = "name"`).run(); // a real pending write
    return async () => {
      conn.exec("ROLLBACK");
      conn.close();
    };
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query("BEGIN");
  await client.query(`LOCK TABLE "PageSubmission", "Response" IN ACCESS EXCLUSIVE MODE`);
  return async () => {
    await client.query("ROLLBACK");
    await client.end();
  };
}

async function post(url: string, r: LoadRespondent, index: number) {
  const res = await fetch(`${url}/s/${r.token}`, {
    method: "POST",
    body: r.pages[index].body,
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: url },
  });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), html: await res.text() };
}

describe.each(engines())("database busy on %s", (engine) => {
  let database: TestDatabase;
  let server: TestServer;
  let db: Db;
  let study: LoadStudy;
  const tracker = new Tracker();

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    ({ db, study } = await seedLoadStudy(database.url, 24));
    server = await startServerOn(database, {
      LINK_SECRET: LOAD_LINK_SECRET,
      LINK_RATE_LIMIT: "100000",
      VALUESTACK_WORKERS: "0",
      VALUESTACK_SEED: "0",
      SQLITE_BUSY_TIMEOUT_MS: String(BUSY_TIMEOUT_MS),
    });
    // everyone starts and answers concept 1
    for (const r of study.respondents) {
      for (const i of [0, 1]) {
        const res = await post(server.url, r, i);
        expect(res.status).toBe(303);
        tracker.record(r.id, r.pages[i].page, res.status);
      }
    }
  });
  afterAll(async () => {
    await server?.stop();
    await db?.$disconnect();
    await database?.drop();
  });

  it("waits out a short lock: every request succeeds", async () => {
    const release = await holdLock(database);
    const group = study.respondents.slice(0, 8);
    const pending = group.map((r) => post(server.url, r, 2));
    await new Promise((r) => setTimeout(r, BUSY_TIMEOUT_MS / 2));
    await release();
    const results = await Promise.all(pending);
    results.forEach((res, i) => {
      tracker.record(group[i].id, group[i].pages[2].page, res.status);
    });
    expect(results.map((r) => r.status)).toEqual(group.map(() => 303));
    const v = await verifyStorage(db, study, tracker);
    expect(v.problems).toEqual([]);
  });

  it("answers a long lock with 503 + Retry-After and a friendly page that keeps the answers, then saves them once", async () => {
    const group = study.respondents.slice(8, 20);
    const release = await holdLock(database);
    // SQLite gives up after its busy timeout (1.5 s here); PostgreSQL waits for the lock
    const pending = Promise.all(group.map((r) => post(server.url, r, 2)));
    await new Promise((r) => setTimeout(r, 4_000));
    await release();
    const results = await pending;
    for (const [i, res] of results.entries()) {
      tracker.record(group[i].id, group[i].pages[2].page, res.status);
      expect([303, 503]).toContain(res.status);
      expect(res.html).not.toMatch(/PrismaClient|at .+\.js:\d+|Invalid `/); // no stack, no Prisma message
      if (res.status === 503) {
        expect(res.retryAfter).toMatch(/^\d+$/);
        const body = text(res.html);
        expect(body).toContain("press “Continue” again");
        // the respondent's answers are still in the form
        const posted = new URLSearchParams(group[i].pages[2].body);
        expect(res.html).toMatch(new RegExp(`name="appeal"[^>]*checked=""[^>]*value="${posted.get("appeal")}"`));
      }
    }
    if (engine === "sqlite") expect(results.filter((r) => r.status === 503).length).toBeGreaterThan(0);
    // nothing half-written, nothing lost: every 303 stored, no 503 stored
    const v = await verifyStorage(db, study, tracker);
    expect(v.problems).toEqual([]);
    // the same answers go through now, once
    for (const [i, res] of results.entries()) {
      if (res.status !== 503) continue;
      const again = await post(server.url, group[i], 2);
      tracker.record(group[i].id, group[i].pages[2].page, again.status);
      expect(again.status).toBe(303);
    }
    // and everybody can finish
    await Promise.all(study.respondents.map((r) => resumeSurvey(server.url, r, tracker)));
    const final = await verifyStorage(db, study, tracker);
    expect(final.problems).toEqual([]);
    expect(final.counts.completedResponses).toBe(study.respondents.length);
    expect(server.output()).not.toMatch(/Error: .*\n\s+at /); // the 503s are logged in one line, no stack
  }, 90_000);
});
