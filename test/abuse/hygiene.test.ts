/**
 * Hygiene: expired sessions and rate-limit windows are deleted (in bounded batches, when the
 * background workers start and then periodically); pages for a logged-in browser are never
 * stored by caches; VAR_DIR is owner-only (0700) and every file the server writes there —
 * SQLite database and journals, secrets, .eml outbox — is 0600.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../app/db.server.ts";
import { migrate } from "../../app/db/migrate.server.ts";
import { DEMO_LOGIN, DEMO_STUDY_NAME, ensureDemoData } from "../../prisma/seed/demo.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/databases.ts";
import { HttpClient } from "../helpers/http.ts";
import { startServer, type TestServer } from "../helpers/server.ts";
import { waitFor } from "../integration/respondentsFixtures.ts";

const EXPIRED = 1_200; // more than two cleanup batches

describe("hygiene", () => {
  let database: TestDatabase;
  let server: TestServer;
  let varDir: string;
  let databaseUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    // a VAR_DIR the server creates itself, holding the default SQLite database
    varDir = path.join(database.varDir, "var");
    databaseUrl = `file:${path.join(varDir, "valuestack.db")}`;
    const { mkdirSync } = await import("node:fs");
    mkdirSync(varDir, { mode: 0o755 }); // as an older install left it
    await migrate(databaseUrl);
    const db = createDb(databaseUrl);
    await ensureDemoData(db);
    const user = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.email } });
    const past = new Date(Date.now() - 86_400_000);
    const future = new Date(Date.now() + 86_400_000);
    await db.session.createMany({
      data: Array.from({ length: EXPIRED }, (_, i) => ({ id: `expired-${i}`, userId: user.id, expiresAt: past })),
    });
    await db.session.create({ data: { id: "live-session", userId: user.id, expiresAt: future } });
    await db.rateLimit.createMany({
      data: Array.from({ length: EXPIRED }, (_, i) => ({ key: `login:old-${i}`, count: 3, resetAt: past })),
    });
    await db.rateLimit.create({ data: { key: "login:current", count: 3, resetAt: future } });
    await db.$disconnect();
    server = await startServer({
      databaseUrl: "",
      varDir,
      env: { DATABASE_URL: "", MAIL_POLL_MS: "50" },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("deletes expired sessions and rate-limit rows at start, in batches, and keeps live ones", async () => {
    const db = createDb(databaseUrl);
    try {
      expect(await db.session.count({ where: { id: { startsWith: "expired-" } } })).toBe(0);
      expect(await db.session.count({ where: { id: "live-session" } })).toBe(1);
      expect(await db.rateLimit.count({ where: { key: { startsWith: "login:old-" } } })).toBe(0);
      expect(await db.rateLimit.count({ where: { key: "login:current" } })).toBe(1);
    } finally {
      await db.$disconnect();
    }
  });

  it("sends Cache-Control: no-store on every response to a logged-in browser, and not to others", async () => {
    const anonymous = await new HttpClient(server.url).get("/login");
    expect(anonymous.headers.get("cache-control") ?? "").not.toContain("no-store");
    const client = new HttpClient(server.url);
    const login = await client.login(DEMO_LOGIN.email, DEMO_LOGIN.password);
    expect(login.status).toBe(302);
    expect(login.headers.get("cache-control")).toBe("no-store");
    const db = createDb(databaseUrl);
    const study = await db.study.findFirstOrThrow({ where: { name: DEMO_STUDY_NAME } });
    await db.$disconnect();
    for (const p of ["/studies", `/studies/${study.id}/results`, `/studies/${study.id}/export/responses.csv`]) {
      const res = await client.get(p);
      expect(res.status, p).toBe(200);
      expect(res.headers.get("cache-control"), p).toBe("no-store");
      await res.arrayBuffer();
    }
  });

  it("keeps VAR_DIR 0700 and every file in it 0600, .eml outbox included", async () => {
    const client = new HttpClient(server.url);
    expect((await client.login(DEMO_LOGIN.email, DEMO_LOGIN.password)).status).toBe(302);
    const db = createDb(databaseUrl);
    const study = await db.study.findFirstOrThrow({
      where: { name: DEMO_STUDY_NAME },
      select: { id: true, segments: { select: { key: true }, take: 1 } },
    });
    await db.$disconnect();
    const added = await client.post(`/studies/${study.id}/respondents`, {
      intent: "add",
      email: "mode.check@example.com",
      name: "Mode Check",
      segment: study.segments[0].key,
      invite: "yes",
    });
    expect(added.status).toBeLessThan(400);
    const outbox = path.join(varDir, "outbox");
    await waitFor(
      () => {
        try {
          return readdirSync(outbox).some((f) => f.endsWith(".eml"));
        } catch {
          return false;
        }
      },
      30_000,
      "an .eml file in the outbox",
    );
    const modes: Record<string, string> = {};
    const walk = (dir: string) => {
      modes[path.relative(varDir, dir) || "."] = (statSync(dir).mode & 0o777).toString(8);
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else modes[path.relative(varDir, file)] = (statSync(file).mode & 0o777).toString(8);
      }
    };
    walk(varDir);
    expect(Object.keys(modes)).toEqual(
      expect.arrayContaining(["valuestack.db", "session-secret", "link-secret", "pseudonym-secret", "outbox"]),
    );
    expect(Object.keys(modes).some((f) => f.endsWith(".eml"))).toBe(true);
    for (const [file, mode] of Object.entries(modes)) {
      const isDir = statSync(path.join(varDir, file)).isDirectory();
      expect(mode, file).toBe(isDir ? "700" : "600");
    }
  });
});
