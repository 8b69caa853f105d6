/**
 * Jobs in the database: long work (HB, MaxDiff designs) that any app process can run.
 *
 * - One row per (kind, key); the key hashes everything the result depends on (data version,
 *   settings), so a done job is the cache: asking again with the same key reuses its result.
 * - Claiming is atomic across processes: PostgreSQL `FOR UPDATE SKIP LOCKED`; SQLite a
 *   conditional single-statement UPDATE per row (WHERE id, status and attempts are still what
 *   was read; SQLite serialises writers, so two processes never both win a row). Each claim
 *   carries the process's runner id in `lockedBy`, and every later write checks it.
 * - The runner (runner.server.ts) renews `lockedUntil` with each heartbeat. A row still
 *   `running` after its claim lapsed (its process was killed) is claimed again, until
 *   JOB_MAX_ATTEMPTS claims; then it is marked failed.
 * - Cancelling sets `cancelled`; the running process notices at its next heartbeat (its guarded
 *   write matches no row) and stops the worker thread.
 */
import { databaseUrl, providerOf } from "../config.server.ts";
import { db, isUniqueViolation } from "../db.server.ts";
import { JobStatus } from "../domain/status.ts";
import type { JobInputs, JobKind, JobResults } from "./kinds.ts";

/** Statuses after which a job does nothing more. */
export const FINISHED: readonly JobStatus[] = [JobStatus.done, JobStatus.failed, JobStatus.cancelled];
const ACTIVE: JobStatus[] = [JobStatus.queued, JobStatus.running];

/** A job as readers see it (without its possibly large input). */
export type JobView = Omit<JobRow, "input">;
const VIEW = {
  id: true,
  kind: true,
  studyId: true,
  key: true,
  status: true,
  progress: true,
  result: true,
  error: true,
  attempts: true,
  lockedBy: true,
  lockedUntil: true,
  createdAt: true,
} as const;

export interface JobRow {
  id: string;
  kind: string;
  studyId: string | null;
  key: string;
  status: string;
  progress: number;
  input: string;
  result: string | null;
  error: string | null;
  attempts: number;
  lockedBy: string | null;
  lockedUntil: Date | null;
  createdAt: Date;
}

const listeners = new Set<() => void>();
/** The local runner subscribes so a job queued by this process starts without waiting for a poll. */
export function onJobQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const notify = () => {
  for (const l of listeners) l();
};

export function findJob(kind: JobKind, key: string): Promise<JobView | null> {
  return db.job.findUnique({ where: { kind_key: { kind, key } }, select: VIEW });
}

/** The parsed result of a done job (null otherwise). */
export function jobResult<K extends JobKind>(job: JobView | null, kind: K): JobResults[K] | null {
  if (!job || job.kind !== kind || job.status !== JobStatus.done || job.result === null) return null;
  try {
    return JSON.parse(job.result) as JobResults[K];
  } catch {
    return null;
  }
}

/**
 * The job for (kind, key): the existing row whatever its state (a done row is the cached
 * result, a failed one keeps its error), or a new queued one. A cancelled row is queued again.
 */
export async function ensureJob<K extends JobKind>(job: {
  kind: K;
  key: string;
  studyId: string | null;
  input: JobInputs[K];
}): Promise<JobView> {
  const existing = await findJob(job.kind, job.key);
  if (existing && existing.status !== JobStatus.cancelled) return existing;
  if (existing) {
    await db.job.updateMany({
      where: { id: existing.id, status: JobStatus.cancelled },
      data: { status: JobStatus.queued, progress: 0, error: null, attempts: 0, lockedBy: null, lockedUntil: null },
    });
    notify();
    return (await db.job.findUnique({ where: { id: existing.id }, select: VIEW })) ?? existing;
  }
  try {
    const row = await db.job.create({
      data: { kind: job.kind, key: job.key, studyId: job.studyId, input: JSON.stringify(job.input) },
      select: VIEW,
    });
    notify();
    return row;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    // another request or process queued the same job first
    const raced = await findJob(job.kind, job.key);
    if (!raced) throw e;
    return raced;
  }
}

/** Queued or running jobs of this kind for the study. */
export function activeJobs(kind: JobKind, studyId: string): Promise<JobView[]> {
  return db.job.findMany({
    where: { kind, studyId, status: { in: ACTIVE } },
    orderBy: { createdAt: "asc" },
    select: VIEW,
  });
}

/** Cancels a queued or running job; true when it was still going. */
export async function cancelJob(id: string): Promise<boolean> {
  const n = await db.job.updateMany({
    where: { id, status: { in: ACTIVE } },
    data: { status: JobStatus.cancelled, lockedBy: null, lockedUntil: null, finishedAt: new Date() },
  });
  return n.count > 0;
}

/** Deletes the finished jobs of this kind for the study except the one with `keep` as key (stale caches). */
export function pruneJobs(kind: JobKind, studyId: string, keep: string) {
  return db.job.deleteMany({ where: { kind, studyId, key: { not: keep }, status: { in: [...FINISHED] } } });
}

/**
 * Waits (asynchronously, reading the row) until the job has finished or `ms` passed; returns
 * the last row read. For requests that would rather answer with the result than with "wait".
 */
export async function waitForJob(id: string, ms: number, everyMs = 100): Promise<JobView | null> {
  const until = Date.now() + ms;
  for (;;) {
    const row = await db.job.findUnique({ where: { id }, select: VIEW });
    if (!row || FINISHED.includes(row.status as JobStatus) || Date.now() >= until) return row;
    await new Promise((r) => setTimeout(r, Math.min(everyMs, Math.max(1, until - Date.now()))));
  }
}

// ---------- for the runner ----------

/** Marks failed the jobs whose process died on every allowed attempt (a read first: idle polls write nothing). */
export async function failAbandoned(now: Date, maxAttempts: number) {
  const where = { status: JobStatus.running, lockedUntil: { lt: now }, attempts: { gte: maxAttempts } };
  if (!(await db.job.findFirst({ where, select: { id: true } }))) return { count: 0 };
  return db.job.updateMany({
    where,
    data: {
      status: JobStatus.failed,
      error: `stopped ${maxAttempts} times without finishing (the process running it ended)`,
      lockedBy: null,
      lockedUntil: null,
      finishedAt: now,
    },
  });
}

/**
 * Claims up to `limit` runnable jobs for `runnerId`: queued ones, and running ones whose claim
 * lapsed, oldest first. Each claim counts one attempt.
 */
export async function claimJobs(
  runnerId: string,
  limit: number,
  opts: { now?: Date; leaseMs: number; maxAttempts: number },
): Promise<JobRow[]> {
  if (limit <= 0) return [];
  const now = opts.now ?? new Date();
  const until = new Date(now.getTime() + opts.leaseMs);
  if (providerOf(databaseUrl()) === "postgresql") {
    const rows = await db.$queryRaw<Array<{ id: string }>>`
      UPDATE "Job" SET "status" = 'running', "lockedBy" = ${runnerId},
        "lockedUntil" = ${until.toISOString()}::timestamp(3), "attempts" = "attempts" + 1,
        "startedAt" = ${now.toISOString()}::timestamp(3), "updatedAt" = ${now.toISOString()}::timestamp(3)
      WHERE "id" IN (
        SELECT "id" FROM "Job"
        WHERE ("status" = 'queued' OR ("status" = 'running' AND "lockedUntil" < ${now.toISOString()}::timestamp(3)))
          AND "attempts" < ${opts.maxAttempts}
        ORDER BY "createdAt" LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING "id"`;
    if (!rows.length) return [];
    return db.job.findMany({ where: { id: { in: rows.map((r) => r.id) }, lockedBy: runnerId } });
  }
  const candidates = await db.job.findMany({
    where: {
      OR: [{ status: JobStatus.queued }, { status: JobStatus.running, lockedUntil: { lt: now } }],
      attempts: { lt: opts.maxAttempts },
    },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: { id: true, status: true, attempts: true },
  });
  const won: string[] = [];
  for (const c of candidates) {
    const n = await db.job.updateMany({
      where: { id: c.id, status: c.status, attempts: c.attempts },
      data: {
        status: JobStatus.running,
        lockedBy: runnerId,
        lockedUntil: until,
        attempts: c.attempts + 1,
        startedAt: now,
      },
    });
    if (n.count === 1) won.push(c.id);
  }
  if (!won.length) return [];
  return db.job.findMany({ where: { id: { in: won }, lockedBy: runnerId } });
}

const mine = (id: string, runnerId: string) => ({ id, lockedBy: runnerId, status: JobStatus.running });

/** Renews the claim and records progress; false when the job is no longer this runner's (cancelled, taken over). */
export async function renewClaim(id: string, runnerId: string, progress: number, leaseMs: number): Promise<boolean> {
  const n = await db.job.updateMany({
    where: mine(id, runnerId),
    data: { lockedUntil: new Date(Date.now() + leaseMs), progress: Math.max(0, Math.min(1, progress)) },
  });
  return n.count === 1;
}

export async function completeJob(id: string, runnerId: string, result: unknown): Promise<boolean> {
  const n = await db.job.updateMany({
    where: mine(id, runnerId),
    data: {
      status: JobStatus.done,
      progress: 1,
      result: JSON.stringify(result),
      error: null,
      lockedBy: null,
      lockedUntil: null,
      finishedAt: new Date(),
    },
  });
  return n.count === 1;
}

/** Records a failure: `retry` puts the job back in the queue (until its attempts run out). */
export async function failJob(
  id: string,
  runnerId: string,
  message: string,
  opts: { retry: boolean; attempts: number; maxAttempts: number },
): Promise<void> {
  const again = opts.retry && opts.attempts < opts.maxAttempts;
  await db.job.updateMany({
    where: mine(id, runnerId),
    data: again
      ? { status: JobStatus.queued, error: message.slice(0, 1000), lockedBy: null, lockedUntil: null }
      : {
          status: JobStatus.failed,
          error: message.slice(0, 1000),
          lockedBy: null,
          lockedUntil: null,
          finishedAt: new Date(),
        },
  });
}

/** Gives a job back to the queue without counting the attempt (graceful shutdown). */
export async function releaseJob(id: string, runnerId: string, attempts: number): Promise<void> {
  await db.job.updateMany({
    where: mine(id, runnerId),
    data: { status: JobStatus.queued, lockedBy: null, lockedUntil: null, attempts: Math.max(0, attempts - 1) },
  });
}
