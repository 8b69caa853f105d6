/**
 * Fixed-window rate limits kept in the database (RateLimit table) so several app
 * processes share one count. Separate keys per purpose: login attempts and respondent
 * link lookups never share a counter. `memoryRateLimiter` is the per-process variant for
 * coarse limits on hot paths (every survey request), where a database write per request
 * would cost more than the limit is worth.
 */
import { db, isUniqueViolation } from "../db.server.ts";

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

export async function hitRateLimit(
  key: string,
  limit: number,
  windowMs: number,
  now = new Date(),
): Promise<RateLimitResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await db.rateLimit.findUnique({ where: { key } });
    if (!row || row.resetAt <= now) {
      const resetAt = new Date(now.getTime() + windowMs);
      try {
        if (row) {
          // only reset if nobody else reset it meanwhile
          const { count } = await db.rateLimit.updateMany({
            where: { key, resetAt: row.resetAt },
            data: { count: 1, resetAt },
          });
          if (count === 0) continue;
        } else {
          await db.rateLimit.create({ data: { key, count: 1, resetAt } });
        }
      } catch (e) {
        if (isUniqueViolation(e)) continue;
        throw e;
      }
      return { allowed: true, remaining: limit - 1, retryAfterSeconds: 0 };
    }
    const updated = await db.rateLimit.update({ where: { key }, data: { count: { increment: 1 } } });
    const retryAfterSeconds = Math.max(1, Math.ceil((updated.resetAt.getTime() - now.getTime()) / 1000));
    return { allowed: updated.count <= limit, remaining: Math.max(0, limit - updated.count), retryAfterSeconds };
  }
  return { allowed: false, remaining: 0, retryAfterSeconds: 1 };
}

/**
 * A fixed-window counter per key in this process's memory (no database round trip). With
 * several processes each counts on its own, so the effective limit is per process.
 */
export function memoryRateLimiter(maxKeys = 100_000) {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    hit(key: string, limit: number, windowMs: number, now = Date.now()): RateLimitResult {
      let w = windows.get(key);
      if (!w || w.resetAt <= now) {
        if (!w && windows.size >= maxKeys) {
          for (const [k, v] of windows) if (v.resetAt <= now) windows.delete(k);
          // still full: forget the oldest windows (insertion order)
          for (const k of windows.keys()) {
            if (windows.size < maxKeys) break;
            windows.delete(k);
          }
        }
        w = { count: 0, resetAt: now + windowMs };
        windows.delete(key);
        windows.set(key, w);
      }
      w.count++;
      return {
        allowed: w.count <= limit,
        remaining: Math.max(0, limit - w.count),
        retryAfterSeconds: w.count <= limit ? 0 : Math.max(1, Math.ceil((w.resetAt - now) / 1000)),
      };
    },
    clear: () => windows.clear(),
  };
}

/**
 * The client address for rate-limit keys, worked out once per request by the HTTP layer
 * (app/security/http.server.ts: TRUST_PROXY hops, right-most untrusted X-Forwarded-For).
 */
export function clientAddress(request: Request): string {
  return request.headers.get("x-valuestack-remote-address") ?? "local";
}
