/**
 * This process's job runner: claims queued jobs (queue.server.ts) up to JOB_CONCURRENCY at
 * once, runs each in its own worker thread (thread.server.ts), renews the claim and writes
 * progress every JOB_HEARTBEAT_MS, and records the result or the error. Several processes
 * on one database share the work; each job runs once, or again after its process died.
 *
 * - Cancelled or taken-over jobs: the heartbeat's guarded write matches no row, so the
 *   thread is terminated and nothing is recorded.
 * - Bad input (InputError) fails the job at once with its message; a crashed thread is
 *   retried until JOB_MAX_ATTEMPTS; a kind's time budget (e.g. MaxDiff designs) fails it.
 * - Shutdown terminates the threads and gives their jobs back to the queue.
 */
import { env } from "../env.server.ts";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { InputError } from "../../research/inputError.ts";
import { onDesignDone } from "../studies/design.server.ts";
import type { JobInputs, JobKind, JobResults } from "./kinds.ts";
import { isJobKind } from "./kinds.ts";
import {
  claimJobs,
  completeJob,
  failAbandoned,
  failJob,
  type JobRow,
  onJobQueued,
  releaseJob,
  renewClaim,
} from "./queue.server.ts";
import { type JobSettings, jobSettings } from "./settings.server.ts";
import { JobAborted, runInThread } from "./thread.server.ts";

/** Per kind: a time budget and what to do with a result in the process that computed it. */
const HANDLERS: {
  [K in JobKind]: { timeoutMs: number | null; onDone?: (job: JobRow, result: JobResults[K]) => Promise<void> };
} = {
  "hb:v1": { timeoutMs: null },
  // Designs within the builder's bounds take seconds; the budget stops a runaway one.
  "maxdiff-design:v1": { timeoutMs: 120_000, onDone: onDesignDone },
  // At most 5 classes × 10 starts with EM's iteration limit; the budget stops a runaway one.
  "latent-class:v1": { timeoutMs: 600_000 },
};

export interface JobRunner {
  readonly id: string;
  /** Look for work now (called when this process queues a job). */
  kick(): void;
  /** Jobs running in this process. */
  running(): number;
  stop(): Promise<void>;
}

interface Running {
  job: JobRow;
  controller: AbortController;
  progress: number;
  done: Promise<void>;
}

export function startJobRunner(overrides: Partial<JobSettings> & { id?: string } = {}): JobRunner {
  const settings = { ...jobSettings(), ...overrides };
  const id = overrides.id ?? `${os.hostname()}-${process.pid}-${randomBytes(4).toString("hex")}`;
  const running = new Map<string, Running>();
  let stopped = false;
  let ticking: Promise<void> | null = null;
  let again = false;

  const log = (m: string) => {
    if (env().NODE_ENV !== "test") console.log(m);
  };

  async function tick() {
    if (stopped) return;
    const free = settings.concurrency - running.size;
    await failAbandoned(new Date(), settings.maxAttempts);
    if (free <= 0) return;
    const claimed = await claimJobs(id, free, { leaseMs: settings.leaseMs, maxAttempts: settings.maxAttempts });
    for (const job of claimed) start(job);
  }

  function kick() {
    if (stopped || settings.concurrency <= 0) return;
    if (ticking) {
      again = true;
      return;
    }
    ticking = tick()
      .catch((e: unknown) => console.error(`Job runner: ${(e as Error).message ?? e}`))
      .finally(() => {
        ticking = null;
        if (again) {
          again = false;
          kick();
        }
      });
  }

  function start(job: JobRow) {
    const controller = new AbortController();
    const entry: Running = { job, controller, progress: job.progress, done: Promise.resolve() };
    running.set(job.id, entry);
    entry.done = execute(entry)
      .catch((e: unknown) => console.error(`Job ${job.kind} ${job.id}: ${(e as Error).message ?? e}`))
      .finally(() => {
        running.delete(job.id);
        kick(); // a slot is free
      });
  }

  async function execute(entry: Running) {
    const { job, controller } = entry;
    const started = Date.now();
    if (!isJobKind(job.kind)) {
      await failJob(job.id, id, `unknown job kind ${job.kind}`, { retry: false, attempts: job.attempts, ...settings });
      return;
    }
    const kind: JobKind = job.kind;
    const handler = HANDLERS[kind];
    let lost = false;
    const beat = setInterval(() => {
      renewClaim(job.id, id, entry.progress, settings.leaseMs)
        .then((ok) => {
          if (!ok) {
            lost = true;
            controller.abort("the job was cancelled or taken over");
          }
        })
        .catch(() => {
          /* the database is briefly unavailable: the next beat tries again */
        });
    }, settings.heartbeatMs);
    const budgetMs = handler.timeoutMs;
    const budget =
      budgetMs === null ? null : setTimeout(() => controller.abort(`took longer than ${budgetMs / 1000} s`), budgetMs);
    try {
      const input = JSON.parse(job.input) as JobInputs[typeof kind];
      const result = await runInThread(kind, input, {
        signal: controller.signal,
        onProgress: (f) => (entry.progress = f),
      });
      clearInterval(beat);
      // (a result that arrives while the server stops is still recorded: shutdown waits for it)
      if (lost) return;
      if (handler.onDone) await (handler.onDone as (j: JobRow, r: unknown) => Promise<void>)(job, result);
      if (await completeJob(job.id, id, result))
        log(`Job ${kind} ${job.id}: done in ${((Date.now() - started) / 1000).toFixed(1)} s (attempt ${job.attempts})`);
    } catch (e) {
      clearInterval(beat);
      if (lost) return;
      if (stopped) {
        await releaseJob(job.id, id, job.attempts).catch(() => {});
        return;
      }
      const message = e instanceof Error ? e.message : String(e);
      const retry = !(e instanceof InputError) && !(e instanceof JobAborted);
      await failJob(job.id, id, message, { retry, attempts: job.attempts, maxAttempts: settings.maxAttempts });
      console.error(`Job ${kind} ${job.id} failed: ${message}`);
    } finally {
      clearInterval(beat);
      if (budget) clearTimeout(budget);
    }
  }

  const poll = setInterval(kick, settings.pollMs);
  poll.unref();
  const unsubscribe = onJobQueued(kick);
  kick();

  return {
    id,
    kick,
    running: () => running.size,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(poll);
      unsubscribe();
      for (const r of running.values()) r.controller.abort("the server is stopping");
      await Promise.allSettled([...running.values()].map((r) => r.done));
      await ticking;
    },
  };
}

const g = globalThis as unknown as { __valuestackJobRunner?: JobRunner };

/** Starts this process's runner once (scripts/server.js → startup); JOB_CONCURRENCY=0 starts none. */
export function startProcessJobRunner(): JobRunner | null {
  if (g.__valuestackJobRunner) return g.__valuestackJobRunner;
  if (jobSettings().concurrency <= 0) return null;
  const runner = startJobRunner();
  g.__valuestackJobRunner = runner;
  return {
    ...runner,
    stop: async () => {
      await runner.stop();
      if (g.__valuestackJobRunner === runner) delete g.__valuestackJobRunner;
    },
  };
}
