/**
 * Job settings, from the app's one validated configuration (app/env.server.ts; README "Configuration").
 */
import { env } from "../env.server.ts";

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
  const e = env();
  return {
    concurrency: e.JOB_CONCURRENCY,
    heartbeatMs: e.JOB_HEARTBEAT_MS,
    leaseMs: Math.max(e.JOB_LEASE_MS, 2 * e.JOB_HEARTBEAT_MS),
    pollMs: e.JOB_POLL_MS,
    maxAttempts: e.JOB_MAX_ATTEMPTS,
  };
}
