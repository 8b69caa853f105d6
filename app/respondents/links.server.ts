/**
 * Looking up a respondent (or panel) link from a request: rate-limited per client address
 * with counters of their own (never the login counter), unknown/revoked links answer the
 * same way, and the token is checked against its salt in constant time.
 */
import { data } from "@remix-run/node";
import { clientAddress, hitRateLimit, memoryRateLimiter } from "../auth/rateLimit.server.ts";
import { linkRateLimits, publicUrl } from "../env.server.ts";
import { db } from "../db.server.ts";
import { hashToken, looksLikeToken, tokenMatches } from "./tokens.server.ts";
import { RespondentStatus } from "../domain/status.ts";

export function surveyUrl(token: string): string {
  return `${publicUrl()}/s/${token}`;
}
export function unsubscribeUrl(token: string): string {
  return `${publicUrl()}/u/${token}`;
}
export function panelUrl(token: string): string {
  return `${publicUrl()}/p/${token}`;
}

const requestLimiter = memoryRateLimiter();
/** Recently read link-miss counters per address (the RateLimit row, shared by all processes). */
const missCounters = new Map<string, { count: number; resetAt: number; readAt: number }>();
const MISS_COUNTER_TTL_MS = 1_000;

/**
 * Rate limit for link lookups: null when allowed, else seconds to wait. Counts every
 * request (LINK_RATE_LIMIT, per process, in memory: no database write on the survey's hot
 * path) and refuses addresses that guessed too many unknown links (LINK_MISS_LIMIT, counted
 * in the database across processes; read at most once a second per address and process).
 */
export async function limitLinkRequests(request: Request): Promise<number | null> {
  const limits = linkRateLimits();
  const addr = clientAddress(request);
  const all = requestLimiter.hit(`link:${addr}`, limits.requests, limits.windowMs);
  if (!all.allowed) return all.retryAfterSeconds;
  const now = Date.now();
  let misses = missCounters.get(addr);
  if (!misses || now - misses.readAt > MISS_COUNTER_TTL_MS) {
    const row = await db.rateLimit.findUnique({
      where: { key: `link-miss:${addr}` },
      select: { count: true, resetAt: true },
    });
    misses = { count: row?.count ?? 0, resetAt: row?.resetAt.getTime() ?? 0, readAt: now };
    if (missCounters.size > 10_000) missCounters.clear();
    missCounters.set(addr, misses);
  }
  if (misses.resetAt > now && misses.count >= limits.misses) {
    return Math.max(1, Math.ceil((misses.resetAt - now) / 1000));
  }
  return null;
}

/** Counts an unknown link: null when still allowed, else seconds to wait. */
export async function recordLinkMiss(request: Request): Promise<number | null> {
  const limits = linkRateLimits();
  const addr = clientAddress(request);
  const r = await hitRateLimit(`link-miss:${addr}`, limits.misses, limits.windowMs);
  missCounters.delete(addr); // read the shared counter afresh next time
  return r.allowed ? null : r.retryAfterSeconds;
}

/** The friendly 429 answer for respondent pages. */
export function tooManyLinkRequests(retryAfter: number, language?: string) {
  return data(
    {
      state: "rate_limited" as const,
      message: "Too many requests from your network. Please wait a few minutes and open your link again.",
      /** the survey page's language (Accept-Language among the built-in catalogs), when the caller knows it */
      ...(language ? { language } : {}),
    },
    { status: 429, headers: { "Retry-After": String(Math.max(1, retryAfter)) } },
  );
}

const respondentSelect = {
  id: true,
  studyId: true,
  email: true,
  name: true,
  segmentId: true,
  tokenSalt: true,
  status: true,
  designVersion: true,
  unsubscribedAt: true,
  revokedAt: true,
  language: true,
  study: {
    select: {
      id: true,
      name: true,
      status: true,
      currency: true,
      productDescription: true,
      screenerQuestion: true,
      defaultLanguage: true,
      languages: true,
    },
  },
  // read with the respondent (one Prisma query instead of two on every survey request)
  response: true,
} as const;

/** The respondent a token names, or null (unknown, malformed, revoked). */
export async function findRespondentByToken(token: string | undefined) {
  if (!looksLikeToken(token)) return null;
  const row = await db.respondent.findUnique({ where: { tokenHash: hashToken(token) }, select: respondentSelect });
  if (!row || row.revokedAt || row.status === RespondentStatus.revoked || !tokenMatches(token, row.tokenSalt))
    return null;
  return row;
}
export type LinkedRespondent = NonNullable<Awaited<ReturnType<typeof findRespondentByToken>>>;

export async function findPanelLink(token: string | undefined) {
  if (!looksLikeToken(token)) return null;
  const row = await db.anonymousLink.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      studyId: true,
      segmentId: true,
      tokenSalt: true,
      revokedAt: true,
      study: { select: { id: true, name: true, status: true, defaultLanguage: true, languages: true } },
    },
  });
  if (!row || row.revokedAt || !tokenMatches(token, row.tokenSalt, "panel")) return null;
  return row;
}
