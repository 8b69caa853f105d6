/**
 * Upgrading an existing SQLite database keeps its data: migrations that rebuild a parent table
 * (Prisma's RedefineTables: create new_X, copy, DROP X, rename) must not cascade into the rows of
 * its children. Built from the first two migrations with a study, a segment and a respondent in it.
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "../../app/db/migrate.server.ts";

describe("SQLite upgrade from an earlier schema", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "valuestack-upgrade-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps every study, segment and respondent through the later migrations", async () => {
    const file = path.join(dir, "old.db");
    const all = readMigrations("sqlite");
    expect(all.length).toBeGreaterThan(2);
    const old = new Database(file);
    old.exec("CREATE TABLE _valuestack_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
    for (const m of all.slice(0, 2)) {
      old.exec(m.sql);
      old.prepare("INSERT INTO _valuestack_migrations VALUES (?, ?)").run(m.name, new Date().toISOString());
    }
    old.exec(`
      INSERT INTO "User" (id, email, name, passwordHash) VALUES ('u1', 'a@example.com', 'A', 'x');
      INSERT INTO "Study" (id, ownerId, name, updatedAt) VALUES ('s1', 'u1', 'Kept study', CURRENT_TIMESTAMP);
      INSERT INTO "Segment" (id, studyId, key, name) VALUES ('g1', 's1', 'tech', 'Tech');
      INSERT INTO "Respondent" (id, studyId, email, segmentId, tokenHash) VALUES ('r1', 's1', 'r@example.com', 'g1', 'h');
    `);
    old.close();

    const applied = await migrate(`file:${file}`);
    expect(applied).toEqual(all.slice(2).map((m) => m.name));

    const db = new Database(file, { readonly: true });
    expect(db.prepare(`SELECT name FROM "Study"`).pluck().all()).toEqual(["Kept study"]);
    expect(db.prepare(`SELECT key FROM "Segment"`).pluck().all()).toEqual(["tech"]);
    expect(db.prepare(`SELECT email FROM "Respondent"`).pluck().all()).toEqual(["r@example.com"]);
    expect(db.pragma("foreign_key_check")).toEqual([]);
    db.close();
  });
});
