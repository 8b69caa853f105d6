/**
 * Configuration from the environment, with zero-setup defaults (README "Configuration").
 * Secrets that are not given are generated once into VAR_DIR so restarts keep sessions.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export function varDir(): string {
  const dir = path.resolve(process.env.VAR_DIR ?? path.join(process.cwd(), "var"));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** DATABASE_URL, or a SQLite file under VAR_DIR when unset. */
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL?.trim();
  if (url) return url;
  return `file:${path.join(varDir(), "valuestack.db")}`;
}

export type DbProvider = "sqlite" | "postgresql";

export function providerOf(url: string): DbProvider {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  if (/^file:/i.test(url)) return "sqlite";
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got "${url.slice(0, 20)}…"`,
  );
}

/** A secret from the environment or a file generated under VAR_DIR on first use. */
export function secret(envName: string, fileName: string): string {
  const fromEnv = process.env[envName]?.trim();
  if (fromEnv) return fromEnv;
  const file = path.join(varDir(), fileName);
  if (!existsSync(file)) {
    try {
      writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (e) {
      // another process created it first: read theirs
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  return readFileSync(file, "utf8").trim();
}

export const sessionSecret = () => secret("SESSION_SECRET", "session-secret");

/** Derives respondent link tokens from per-respondent salts (app/respondents/tokens.server.ts). */
export const linkSecret = () => secret("LINK_SECRET", "link-secret");

function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  const n = raw ? Number(raw) : NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Email outbox settings (README "Configuration"). */
export function mailSettings() {
  return {
    smtpUrl: process.env.SMTP_URL?.trim() || null,
    from: process.env.MAIL_FROM?.trim() || "Valuestack <no-reply@valuestack.invalid>",
    ratePerMinute: numberEnv("MAIL_RATE_PER_MINUTE", 120),
    poolSize: numberEnv("MAIL_POOL_SIZE", 3),
    pollMs: numberEnv("MAIL_POLL_MS", 2_000),
    batchSize: numberEnv("MAIL_BATCH_SIZE", 50),
    retryBaseMs: numberEnv("MAIL_RETRY_BASE_MS", 30_000),
    retryMaxMs: numberEnv("MAIL_RETRY_MAX_MS", 3_600_000),
    maxAttempts: numberEnv("MAIL_MAX_ATTEMPTS", 10),
    sendingTimeoutMs: numberEnv("MAIL_SENDING_TIMEOUT_MS", 5 * 60_000),
  };
}

/** Respondent-link lookups per client address (a counter separate from login). */
export function linkRateLimits() {
  return {
    /** all /s/, /u/, /p/ requests per address per window */
    requests: numberEnv("LINK_RATE_LIMIT", 600),
    /** lookups of unknown tokens per address per window */
    misses: numberEnv("LINK_MISS_LIMIT", 20),
    windowMs: numberEnv("LINK_RATE_WINDOW_MS", 10 * 60_000),
  };
}

export function port(): number {
  return Number(process.env.PORT ?? 3000);
}

/** Base URL used in emailed links, e.g. https://research.example.com */
export function publicUrl(): string {
  return (process.env.PUBLIC_URL ?? `http://localhost:${port()}`).replace(/\/+$/, "");
}

/** Secure cookies when served over https (PUBLIC_URL) or forced with COOKIE_SECURE=1. */
export function secureCookies(): boolean {
  return process.env.COOKIE_SECURE === "1" || publicUrl().startsWith("https://");
}
