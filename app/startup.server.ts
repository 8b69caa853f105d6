/**
 * What the server does before it listens: apply pending migrations, seed the demo study
 * on first start, and start background workers. Called by scripts/server.js.
 * The job runner (HB, MaxDiff designs) starts in every process unless JOB_CONCURRENCY=0, also
 * when VALUESTACK_WORKERS=0 (which only stops the email outbox): pages wait for its jobs.
 */
import { chmodSync, statSync } from "node:fs";
import { databaseUrl, env, linkSecret, providerOf, pseudonymSecret, sessionSecret } from "./env.server.ts";
import { db } from "./db.server.ts";
import { migrate } from "./db/migrate.server.ts";
import { startOutboxWorker } from "./email/outbox.server.ts";
import { startProcessJobRunner } from "./jobs/runner.server.ts";
import { startCleanupWorker } from "./security/cleanup.server.ts";
import { DEMO_LOGIN, ensureDemoData } from "../prisma/seed/demo.ts";

type Stoppable = { stop(): Promise<void> | void };
const workers: Stoppable[] = [];

export interface StartupInfo {
  provider: "sqlite" | "postgresql";
  migrationsApplied: string[];
  demo: { email: string; password: string; viewerEmail: string } | null;
}

export async function startup(options: { seed?: boolean; workers?: boolean } = {}): Promise<StartupInfo> {
  const url = databaseUrl();
  // generate the secrets under VAR_DIR now rather than on the first request
  sessionSecret();
  linkSecret();
  pseudonymSecret();
  const migrationsApplied = await migrate(url);
  if (providerOf(url) === "sqlite") {
    ownerOnly(url);
    // Per-connection settings for the app's own connection (WAL itself is set by migrate).
    await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  }
  let demo: StartupInfo["demo"] = null;
  if (options.seed ?? env().VALUESTACK_SEED !== "0") {
    await ensureDemoData(db);
  }
  if (await db.user.findUnique({ where: { email: DEMO_LOGIN.email }, select: { id: true } })) demo = DEMO_LOGIN;
  if (options.workers ?? env().VALUESTACK_WORKERS !== "0") {
    for (const start of workerStarters) workers.push(await start());
  }
  const jobs = startProcessJobRunner();
  if (jobs) workers.push(jobs);
  return { provider: providerOf(url), migrationsApplied, demo };
}

/** The SQLite database and its journals are owner-only (0600), also when an older install created them. */
function ownerOnly(url: string) {
  const file = url.replace(/^file:/i, "").replace(/\?.*$/, "");
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      if (statSync(f).uid === process.getuid?.()) chmodSync(f, 0o600);
    } catch {
      // missing, or not ours to change
    }
  }
}

/** Worker start functions, added by the modules that own them. */
export const workerStarters: Array<() => Promise<Stoppable> | Stoppable> = [
  startOutboxWorker, // the email outbox (app/email/outbox.server.ts)
  startCleanupWorker, // expired sessions and rate-limit rows (app/security/cleanup.server.ts)
];

export async function shutdown() {
  await Promise.allSettled(workers.map((w) => w.stop()));
  await db.$disconnect();
}
