/**
 * The job runner in this process on a real SQLite database (the cross-process behaviour on
 * SQLite and PostgreSQL is in test/fault/jobsMultiProcess.test.ts): the concurrency cap,
 * cancellation stops the worker thread, bad input fails at once without retries, a done job
 * is reused for the same key, a job whose process died too often is marked failed.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDesign } from "../../research/maxdiff/design.ts";
import { simulateAnswers, simulateRespondents } from "../../research/maxdiff/simulate.ts";
import { useBuiltJobsWorker } from "../helpers/jobsWorker.ts";

// (no static import may load app/db.server.ts: the client is made for DATABASE_URL when first imported)
const dir = mkdtempSync(path.join(os.tmpdir(), "valuestack-jobs-"));
const url = `file:${path.join(dir, "jobs.db")}`;
process.env.DATABASE_URL = url;
const { migrate } = await import("../../app/db/migrate.server.ts");
const { db } = await import("../../app/db.server.ts");
const queue = await import("../../app/jobs/queue.server.ts");
const { startJobRunner } = await import("../../app/jobs/runner.server.ts");
type Runner = ReturnType<typeof startJobRunner>;

async function waitFor<T>(fn: () => Promise<T | null | false> | T | null | false, ms: number, what: string) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const items = ["A", "B", "C", "D", "E", "F"];
const design = generateDesign({ items: 6, itemsPerTask: 3, tasks: 6, versions: 2, seed: 1 });
const tasks = simulateAnswers(design, simulateRespondents(20, { x: [1, 0.5, 0, -0.5, -1, 0] }, 0.5, 2), items, 2);
const hb = (iterations: number) => ({ tasks, items, iterations, seed: 1 });

let runner: Runner | null = null;
const start = (concurrency: number) =>
  (runner = startJobRunner({ concurrency, heartbeatMs: 50, leaseMs: 5_000, pollMs: 50, maxAttempts: 3 }));

beforeAll(async () => {
  await migrate(url);
  await useBuiltJobsWorker();
}, 120_000);
afterAll(async () => {
  await runner?.stop();
  await db.$disconnect();
});

describe("job runner", () => {
  it("runs at most JOB_CONCURRENCY jobs at once and each queued job once", async () => {
    const jobs = await Promise.all(
      [1, 2, 3].map((i) => queue.ensureJob({ kind: "hb:v1", key: `cap-${i}`, studyId: null, input: hb(1500) })),
    );
    const r = start(2);
    let most = 0;
    await waitFor(
      async () => {
        most = Math.max(most, r.running(), await db.job.count({ where: { status: "running" } }));
        return (await db.job.count({ where: { key: { startsWith: "cap-" }, status: "done" } })) === 3;
      },
      120_000,
      "three jobs done",
    );
    expect(most).toBe(2);
    const done = await db.job.findMany({ where: { id: { in: jobs.map((j) => j.id) } } });
    expect(done.map((j) => j.attempts)).toEqual([1, 1, 1]);
    await r.stop();
  }, 180_000);

  it("reuses a done job for the same key instead of queueing another", async () => {
    const first = await queue.findJob("hb:v1", "cap-1");
    const again = await queue.ensureJob({ kind: "hb:v1", key: "cap-1", studyId: null, input: hb(1500) });
    expect(again.id).toBe(first?.id);
    expect(queue.jobResult(again, "hb:v1")?.iterations).toBe(1500);
    expect(await db.job.count({ where: { key: "cap-1" } })).toBe(1);
  });

  it("stops the worker thread of a cancelled job and records nothing", async () => {
    const r = start(1);
    const job = await queue.ensureJob({ kind: "hb:v1", key: "long", studyId: null, input: hb(10_000_000) });
    await waitFor(
      async () => ((await db.job.findUniqueOrThrow({ where: { id: job.id } })).progress ?? 0) > 0,
      60_000,
      "progress",
    );
    expect(r.running()).toBe(1);
    expect(await queue.cancelJob(job.id)).toBe(true);
    await waitFor(() => r.running() === 0, 60_000, "the thread stopped");
    const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe("cancelled");
    expect(row.result).toBeNull();
    await r.stop();
  }, 120_000);

  it("fails bad input at once with the analysis's message, without retrying", async () => {
    const r = start(1);
    const bad = { ...hb(100), tasks: [{ ...tasks[0], best: tasks[0].worst }] };
    const job = await queue.ensureJob({ kind: "hb:v1", key: "bad", studyId: null, input: bad });
    const row = await waitFor(
      async () => {
        const j = await db.job.findUniqueOrThrow({ where: { id: job.id } });
        return j.status === "failed" ? j : null;
      },
      60_000,
      "failed",
    );
    expect(row.error).toMatch(/best and worst/i);
    expect(row.attempts).toBe(1);
    await r.stop();
  }, 120_000);

  it("marks failed a job whose process died on every allowed attempt", async () => {
    const job = await db.job.create({
      data: {
        kind: "hb:v1",
        key: "crashy",
        input: JSON.stringify(hb(100)),
        status: "running",
        attempts: 3,
        lockedBy: "gone-1-x",
        lockedUntil: new Date(Date.now() - 1_000),
      },
    });
    await queue.failAbandoned(new Date(), 3);
    const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe("failed");
    expect(row.error).toBe("stopped 3 times without finishing (the process running it ended)");
    // claims skip it
    expect(await queue.claimJobs("other", 5, { leaseMs: 1_000, maxAttempts: 3 })).toEqual([]);
  });
});
