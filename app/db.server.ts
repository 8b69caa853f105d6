/**
 * The one Prisma client. SQLite (default, file under var/) or PostgreSQL, chosen by
 * DATABASE_URL; both through driver adapters with the Rust-free client. Both generated
 * clients come from the same schema, so they share one type (the SQLite one's).
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl, env, providerOf } from "./env.server.ts";
import { PrismaClient as PgClient } from "./generated/prisma/postgresql/client.ts";
import { Prisma, PrismaClient as SqliteClient } from "./generated/prisma/sqlite/client.ts";

export type Db = SqliteClient;
export { Prisma };

/** SQLite waits this long for a lock held by another process before failing (SQLITE_BUSY_TIMEOUT_MS). */
export const SQLITE_BUSY_TIMEOUT_MS = env().SQLITE_BUSY_TIMEOUT_MS;

type SqliteAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

/**
 * The SQLite adapter runs every query on one connection and serialises only transactions
 * with its mutex, so a query from another request could run *inside* an open transaction:
 * it would see uncommitted rows and, if that transaction rolled back (e.g. a replayed survey
 * page hitting its primary key), its own write would be rolled back with it. This wrapper
 * makes a query outside a transaction wait until no transaction is open (queries are
 * synchronous in better-sqlite3, so while the lock is free they run atomically).
 */
function serialiseSqlite(adapter: SqliteAdapter): SqliteAdapter {
  let tail: Promise<void> = Promise.resolve();
  let held = 0;
  const lock = async () => {
    let release!: () => void;
    const previous = tail;
    tail = new Promise<void>((r) => (release = r));
    held++;
    await previous;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      held--;
      release();
    };
  };
  const outside =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (held === 0) return fn(...args);
      const release = await lock();
      try {
        return await fn(...args);
      } finally {
        release();
      }
    };
  const wrapped = Object.create(adapter) as SqliteAdapter;
  Object.assign(wrapped, {
    queryRaw: outside(adapter.queryRaw.bind(adapter)),
    executeRaw: outside(adapter.executeRaw.bind(adapter)),
    executeScript: outside(adapter.executeScript.bind(adapter)),
    async startTransaction(isolationLevel?: Parameters<SqliteAdapter["startTransaction"]>[0]) {
      const release = await lock();
      try {
        const tx = await adapter.startTransaction(isolationLevel);
        const commit = tx.commit.bind(tx);
        const rollback = tx.rollback.bind(tx);
        tx.commit = async () => {
          try {
            return await commit();
          } finally {
            release();
          }
        };
        tx.rollback = async () => {
          try {
            return await rollback();
          } finally {
            release();
          }
        };
        return tx;
      } catch (e) {
        release();
        throw e;
      }
    },
  });
  return wrapped;
}

export function createDb(url: string = databaseUrl()): Db {
  if (providerOf(url) === "postgresql") {
    const adapter = new PrismaPg({ connectionString: url, max: env().DATABASE_POOL_SIZE });
    return new PgClient({ adapter }) as unknown as Db;
  }
  const factory = new PrismaBetterSQLite3({ url, timeout: SQLITE_BUSY_TIMEOUT_MS });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => serialiseSqlite(await connect());
  return new SqliteClient({ adapter: factory });
}

const globalForDb = globalThis as unknown as { __valuestackDb?: Db };

/** The process-wide client (kept across dev rebuilds). */
globalForDb.__valuestackDb ??= createDb();
export const db: Db = globalForDb.__valuestackDb;

export function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

/**
 * A database error worth retrying in a moment rather than a bug: SQLite busy/locked (Prisma
 * reports it as a timeout, P1008), PostgreSQL lock/statement timeouts, serialisation
 * conflicts and deadlocks (P2034), no transaction or pool connection in time (P2028, P2024),
 * or the server unreachable (P1001, P1002, P1017).
 */
export function isRetryableDbError(e: unknown): boolean {
  const err = e as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } };
    message?: unknown;
  };
  if (!err || typeof err !== "object") return false;
  if (
    typeof err.code === "string" &&
    ["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2034"].includes(err.code)
  )
    return true;
  const cause = err.meta?.driverAdapterError?.cause;
  if (cause?.originalCode && /^(SQLITE_BUSY|SQLITE_LOCKED|40001|40P01|55P03|57014)/.test(cause.originalCode))
    return true;
  return (
    typeof err.message === "string" &&
    /database is locked|SQLITE_BUSY|lock timeout|canceling statement due to (lock|statement) timeout/i.test(err.message)
  );
}
