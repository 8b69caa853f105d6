/**
 * Deletes expired sessions and rate-limit windows, which nothing else removes. Runs once as
 * the background workers start and then every CLEANUP_INTERVAL_MS (default 1 hour), in
 * bounded batches so a large backlog never holds the database for long.
 */
import { db } from "../db.server.ts";
import { env } from "../env.server.ts";

const BATCH = 500;
const MAX_BATCHES = 20;

export async function deleteExpired(now = new Date(), batch = BATCH, maxBatches = MAX_BATCHES) {
  let sessions = 0;
  let rateLimits = 0;
  for (let i = 0; i < maxBatches; i++) {
    const ids = await db.session.findMany({ where: { expiresAt: { lt: now } }, select: { id: true }, take: batch });
    if (ids.length) sessions += (await db.session.deleteMany({ where: { id: { in: ids.map((r) => r.id) } } })).count;
    if (ids.length < batch) break;
  }
  for (let i = 0; i < maxBatches; i++) {
    const keys = await db.rateLimit.findMany({ where: { resetAt: { lt: now } }, select: { key: true }, take: batch });
    if (keys.length)
      rateLimits += (await db.rateLimit.deleteMany({ where: { key: { in: keys.map((r) => r.key) } } })).count;
    if (keys.length < batch) break;
  }
  return { sessions, rateLimits };
}

export async function startCleanupWorker() {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const run = async () => {
    try {
      running = deleteExpired();
      await running;
    } catch (e) {
      console.error(`cleanup of expired sessions and rate limits: ${(e as Error).message}`);
    }
  };
  await run();
  const timer = setInterval(() => {
    if (!stopped) void run();
  }, env().CLEANUP_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running.catch(() => undefined);
    },
  };
}
