/**
 * The data layer on each engine: migrations apply once and are idempotent, SQLite runs in
 * WAL mode with a busy timeout, and the database itself refuses duplicates.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, isUniqueViolation, type Db } from "../../app/db.server.ts";
import { migrate, readMigrations } from "../../app/db/migrate.server.ts";
import { createTestDatabase, engines, type TestDatabase } from "../helpers/databases.ts";

describe.each(engines())("database on %s", (engine) => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    db = createDb(database.url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it("applies every migration once, then nothing; concurrent starts are safe", async () => {
    const all = readMigrations(engine).map((m) => m.name);
    const results = await Promise.all([migrate(database.url), migrate(database.url)]);
    expect(results.flat().sort()).toEqual(all.sort());
    expect(await migrate(database.url)).toEqual([]);
  });

  if (engine === "sqlite") {
    it("uses WAL journaling, checked from a fresh connection", () => {
      const conn = new Database(database.url.replace(/^file:/, ""));
      expect(conn.pragma("journal_mode", { simple: true })).toBe("wal");
      conn.close();
    });
  }

  it("refuses a second response for one respondent and a second answer for one task", async () => {
    const user = await db.user.create({ data: { email: `u-${engine}@example.com`, name: "U", passwordHash: "x" } });
    const study = await db.study.create({ data: { ownerId: user.id, name: "S" } });
    const item = await db.maxDiffItem.create({ data: { studyId: study.id, label: "A" } });
    const respondent = await db.respondent.create({
      data: { studyId: study.id, email: "r@example.com", tokenHash: "h1" },
    });
    const response = await db.response.create({ data: { respondentId: respondent.id, studyId: study.id } });
    await expect(db.response.create({ data: { respondentId: respondent.id, studyId: study.id } })).rejects.toSatisfy(
      isUniqueViolation,
    );
    await db.maxDiffAnswer.create({
      data: { responseId: response.id, task: 1, shown: "[]", bestItemId: item.id, worstItemId: item.id },
    });
    await expect(
      db.maxDiffAnswer.create({
        data: { responseId: response.id, task: 1, shown: "[]", bestItemId: item.id, worstItemId: item.id },
      }),
    ).rejects.toSatisfy(isUniqueViolation);
    await expect(
      db.respondent.create({ data: { studyId: study.id, email: "r@example.com", tokenHash: "h2" } }),
    ).rejects.toSatisfy(isUniqueViolation);
    await expect(
      db.respondent.create({ data: { studyId: study.id, email: "other@example.com", tokenHash: "h1" } }),
    ).rejects.toSatisfy(isUniqueViolation);
    // foreign keys hold: no rating for a response that does not exist
    await expect(
      db.conceptRating.create({
        data: {
          responseId: "missing",
          conceptId: "missing",
          position: 1,
          appeal: 1,
          relevance: 1,
          uniqueness: 1,
          believability: 1,
          purchaseIntent: 1,
        },
      }),
    ).rejects.toThrow();
  });
});
