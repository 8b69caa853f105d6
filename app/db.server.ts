/**
 * The one Prisma client. SQLite (default, file under var/) or PostgreSQL, chosen by
 * DATABASE_URL; both through driver adapters with the Rust-free client. Both generated
 * clients come from the same schema, so they share one type (the SQLite one's).
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl, providerOf } from "./config.server.ts";
import { PrismaClient as PgClient } from "./generated/prisma/postgresql/client.ts";
import { Prisma, PrismaClient as SqliteClient } from "./generated/prisma/sqlite/client.ts";

export type Db = SqliteClient;
export { Prisma };

/** SQLite waits this long for a lock held by another process before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export function createDb(url: string = databaseUrl()): Db {
  if (providerOf(url) === "postgresql") {
    const adapter = new PrismaPg({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
    return new PgClient({ adapter }) as unknown as Db;
  }
  const adapter = new PrismaBetterSQLite3({ url, timeout: SQLITE_BUSY_TIMEOUT_MS });
  return new SqliteClient({ adapter });
}

const globalForDb = globalThis as unknown as { __valuestackDb?: Db };

/** The process-wide client (kept across dev rebuilds). */
export const db: Db = (globalForDb.__valuestackDb ??= createDb());

export function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}
