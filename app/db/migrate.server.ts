/**
 * Applies pending SQL migrations from prisma/migrations/<provider>/ at start-up.
 * `prisma migrate deploy` cannot run on PostgreSQL without the Rust engine, so both
 * providers use this one small migrator: each folder's migration.sql runs once, in order,
 * inside a transaction, recorded in _valuestack_migrations. Concurrent starts are safe
 * (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock).
 */
import Database from "better-sqlite3";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { env, providerOf, type DbProvider } from "../env.server.ts";

export interface Migration {
  name: string;
  sql: string;
}

export function migrationsDir(provider: DbProvider): string {
  const root = env().VALUESTACK_ROOT ?? process.cwd();
  return path.join(root, "prisma", "migrations", provider);
}

export function readMigrations(provider: DbProvider): Migration[] {
  const dir = migrationsDir(provider);
  if (!existsSync(dir)) throw new Error(`no migrations folder at ${dir}`);
  return readdirSync(dir)
    .filter((d) => /^\d{4}_/.test(d))
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name, "migration.sql"), "utf8") }));
}

/** Returns the names of the migrations it applied. */
export async function migrate(url: string): Promise<string[]> {
  const provider = providerOf(url);
  const migrations = readMigrations(provider);
  return provider === "sqlite" ? migrateSqlite(url, migrations) : migratePostgres(url, migrations);
}

function migrateSqlite(url: string, migrations: Migration[]): string[] {
  const file = url.replace(/^file:/, "");
  const conn = new Database(file, { timeout: 10_000 });
  try {
    // WAL lets readers and one writer proceed together; it is a property of the file,
    // set outside any transaction (inside one it is silently ignored) and checked.
    const mode = conn.pragma("journal_mode = WAL", { simple: true });
    if (String(mode).toLowerCase() !== "wal") throw new Error(`could not enable WAL mode on ${file} (got ${mode})`);
    conn.exec("CREATE TABLE IF NOT EXISTS _valuestack_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
    const applied: string[] = [];
    // Table rebuilds (Prisma's "RedefineTables": create new_X, copy, DROP X, rename) must run with
    // foreign keys off, or dropping a parent table cascades into its children and deletes their rows.
    // PRAGMA foreign_keys is a no-op inside a transaction, so it is switched off around it, and the
    // result is checked with foreign_key_check before commit (sqlite.org/lang_altertable.html#otheralter).
    conn.pragma("foreign_keys = OFF");
    const run = conn.transaction(() => {
      const done = new Set(conn.prepare("SELECT name FROM _valuestack_migrations").pluck().all() as string[]);
      for (const m of migrations) {
        if (done.has(m.name)) continue;
        conn.exec(m.sql);
        conn
          .prepare("INSERT INTO _valuestack_migrations (name, applied_at) VALUES (?, ?)")
          .run(m.name, new Date().toISOString());
        applied.push(m.name);
      }
      const broken = conn.pragma("foreign_key_check") as unknown[];
      if (broken.length > 0) throw new Error(`migration left ${broken.length} rows with broken foreign keys`);
    });
    try {
      run.immediate();
    } finally {
      conn.pragma("foreign_keys = ON");
    }
    return applied;
  } finally {
    conn.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock(727274001)");
    await client.query(
      "CREATE TABLE IF NOT EXISTS _valuestack_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    );
    const { rows } = await client.query<{ name: string }>("SELECT name FROM _valuestack_migrations");
    const done = new Set(rows.map((r) => r.name));
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query("INSERT INTO _valuestack_migrations (name) VALUES ($1)", [m.name]);
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(e as Error).message}`);
      }
      applied.push(m.name);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock(727274001)").catch(() => undefined);
    await client.end();
  }
  return applied;
}
