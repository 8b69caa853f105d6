/**
 * Job settings from the environment (README "Configuration"). Every environment read of the
 * job system is here, so it can move into the app's configuration module as one piece.
 */
import os from "node:os";

function wholeEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name]?.trim();
  const n = raw ? Number(raw) : Number.NaN;
  return Number.isInteger(n) && n >= min ? n : fallback;
}

export interface JobSettings {
  /** Jobs this process runs at once (JOB_CONCURRENCY; default cores − 1, at least 1; 0 = take no jobs). */
  concurrency: number;
  /** How often a running job's claim is renewed and its progress written (JOB_HEARTBEAT_MS). */
  heartbeatMs: number;
  /** A claim not renewed for this long is taken over by another process (JOB_LEASE_MS). */
  leaseMs: number;
  /** How often an idle process looks for queued jobs (JOB_POLL_MS). */
  pollMs: number;
  /** Claims per job before it is marked failed (JOB_MAX_ATTEMPTS), e.g. when it crashes its process each time. */
  maxAttempts: number;
}

export function jobSettings(): JobSettings {
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const heartbeatMs = wholeEnv("JOB_HEARTBEAT_MS", 2_000, 10);
  return {
    concurrency: wholeEnv("JOB_CONCURRENCY", Math.max(1, cores - 1), 0),
    heartbeatMs,
    leaseMs: Math.max(wholeEnv("JOB_LEASE_MS", 30_000, 10), 2 * heartbeatMs),
    pollMs: wholeEnv("JOB_POLL_MS", 1_000, 10),
    maxAttempts: wholeEnv("JOB_MAX_ATTEMPTS", 3, 1),
  };
}
