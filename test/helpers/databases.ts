/**
 * Test databases: a fresh SQLite file per test, and — when TEST_DATABASE_URL names a
 * PostgreSQL server — a fresh PostgreSQL database per test too, so the same tests run on
 * both engines (`describe.each(engines())`).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export type Engine = "sqlite" | "postgresql";

export function engines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ["sqlite", "postgresql"] : ["sqlite"];
}

export interface TestDatabase {
  engine: Engine;
  url: string;
  /** A scratch folder for VAR_DIR (secrets, .eml files). */
  varDir: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  const varDir = mkdtempSync(path.join(os.tmpdir(), "valuestack-test-"));
  if (engine === "sqlite") {
    return {
      engine,
      url: `file:${path.join(varDir, "test.db")}`,
      varDir,
      drop: async () => rmSync(varDir, { recursive: true, force: true }),
    };
  }
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error("TEST_DATABASE_URL is not set");
  const name = `vs_test_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    engine,
    url: url.toString(),
    varDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      rmSync(varDir, { recursive: true, force: true });
    },
  };
}
