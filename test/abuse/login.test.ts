/**
 * Logins cannot tie up the server: each costs ~0.5 s of scrypt, so only a few hash at once,
 * a short queue waits, and the rest are shed at once with 429 and Retry-After. Pages that
 * hash nothing (the login page, a respondent's survey) keep answering meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/databases.ts";
import { startServerOn, type TestServer } from "../helpers/server.ts";
import { LOAD_LINK_SECRET, seedLoadStudy } from "../load/harness.ts";
import { loginForm } from "./helpers.ts";

describe("login flood", () => {
  let database: TestDatabase;
  let server: TestServer;
  let tokens: string[];

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    const { db, study } = await seedLoadStudy(database.url, 4, "flood");
    tokens = study.respondents.map((r) => r.token);
    await db.$disconnect();
    server = await startServerOn(database, {
      VALUESTACK_WORKERS: "0",
      LINK_SECRET: LOAD_LINK_SECRET,
      // the queue, not the per-address limit, is what these tests exercise
      LOGIN_ADDRESS_RATE_LIMIT: "1000000",
      PASSWORD_HASH_CONCURRENCY: "1",
      PASSWORD_HASH_QUEUE: "4",
    });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  const login = (email: string) =>
    fetch(`${server.url}/login`, {
      method: "POST",
      headers: { origin: server.url },
      body: loginForm(email, "wrong password"),
      redirect: "manual",
    });

  it("sheds most of 50 concurrent logins with distinct emails from one address with 429, first", async () => {
    const finished: string[] = [];
    const logins = Array.from({ length: 50 }, (_, i) =>
      login(`flood${i}@example.com`).then(async (res) => {
        finished.push(`login ${res.status}`);
        return { status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.text() };
      }),
    );
    const page = fetch(`${server.url}/login`).then((res) => {
      finished.push(`page ${res.status}`);
      return res.status;
    });
    const results = await Promise.all(logins);
    expect(await page).toBe(200);
    const shed = results.filter((r) => r.status === 429);
    const checked = results.filter((r) => r.status === 400);
    expect(shed.length + checked.length).toBe(50);
    expect(shed.length).toBeGreaterThanOrEqual(40);
    for (const r of shed) {
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(r.body).toMatch(/busy|Too many login attempts/);
    }
    for (const r of checked) expect(r.body).toContain("Email or password is incorrect.");
    // The unrelated page and every shed login answered before the last login that hashed.
    const lastHashed = finished.lastIndexOf("login 400");
    expect(finished.indexOf("page 200")).toBeLessThan(lastHashed);
    expect(finished.lastIndexOf("login 429")).toBeLessThan(lastHashed);
  }, 180_000);

  it("keeps answering respondents' survey pages while 24 login requests hammer the server", async () => {
    let stop = false;
    const loginStatuses: number[] = [];
    let n = 0;
    const hammer = async () => {
      while (!stop) {
        const res = await login(`hammer${n++}@example.com`);
        await res.arrayBuffer();
        loginStatuses.push(res.status);
      }
    };
    const hammers = Array.from({ length: 24 }, hammer);
    const surveyStatuses: number[] = [];
    try {
      // let the flood build up first
      while (loginStatuses.length < 24) await new Promise((r) => setImmediate(r));
      for (let i = 0; i < 12; i++) {
        const res = await fetch(`${server.url}/s/${tokens[i % tokens.length]}`);
        const html = await res.text();
        surveyStatuses.push(res.status);
        expect(html).toContain("<form");
      }
    } finally {
      stop = true;
      await Promise.all(hammers);
    }
    expect(surveyStatuses.every((s) => s === 200)).toBe(true);
    expect(loginStatuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(loginStatuses.every((s) => s === 429 || s === 400)).toBe(true);
  }, 240_000);
});
