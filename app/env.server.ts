/**
 * Configuration: one zod schema over process.env, validated once (README "Configuration").
 * This is the only module under app/ that reads process.env. A bad value stops the server at
 * start with one line naming the variable (`DATABASE_POOL_SIZE=abc` is refused, not NaN).
 * Secrets that are not given are generated once into VAR_DIR so restarts keep sessions.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";

/** An unset or blank variable counts as unset, so `FOO=` means "use the default". */
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const trimmed = (v: unknown) => (typeof v === "string" ? v.trim() : v);

function int(min: number, max: number, fallback: number) {
  return z.preprocess(
    (v) => trimmed(blank(v)),
    z
      .string()
      .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
      .transform(Number)
      .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
      .default(String(fallback)),
  );
}

function flag(fallback: "0" | "1") {
  return z.preprocess((v) => trimmed(blank(v)), z.enum(["0", "1"]).default(fallback));
}

const optionalText = z.preprocess((v) => trimmed(blank(v)), z.string().optional());

const secretValue = z.preprocess(
  (v) => trimmed(blank(v)),
  z.string().min(16, "must be at least 16 characters (or unset, to generate one under VAR_DIR)").optional(),
);

const url = (protocols: RegExp, what: string) =>
  z.preprocess(
    (v) => trimmed(blank(v)),
    z
      .string()
      .refine((s) => {
        try {
          return protocols.test(new URL(s).protocol);
        } catch {
          return false;
        }
      }, `must be ${what}`)
      .optional(),
  );

export const envSchema = z.object({
  NODE_ENV: z.preprocess((v) => trimmed(blank(v)), z.string().default("production")),
  PORT: int(0, 65535, 3000),
  HOST: z.preprocess((v) => trimmed(blank(v)), z.string().default("127.0.0.1")),
  PUBLIC_URL: url(/^https?:$/, "an http:// or https:// URL, e.g. https://research.example.com"),
  COOKIE_SECURE: flag("0"),
  /** Number of reverse proxies in front of the app (0 = none; 1 = one proxy such as nginx). */
  TRUST_PROXY: int(0, 10, 0),
  VAR_DIR: optionalText,
  DATABASE_URL: z.preprocess(
    (v) => trimmed(blank(v)),
    z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/i, "must start with file: (SQLite) or postgresql:// (PostgreSQL)")
      .optional(),
  ),
  DATABASE_POOL_SIZE: int(1, 1000, 10),
  SQLITE_BUSY_TIMEOUT_MS: int(1, 600_000, 10_000),
  SESSION_SECRET: secretValue,
  LINK_SECRET: secretValue,
  PSEUDONYM_SECRET: secretValue,
  MAX_BODY_BYTES: int(1024, 1024 ** 3, 5 * 1024 * 1024),
  LOGIN_RATE_LIMIT: int(1, 1_000_000, 10),
  LOGIN_ADDRESS_RATE_LIMIT: int(1, 1_000_000, 100),
  PASSWORD_HASH_CONCURRENCY: int(1, 64, Math.max(1, Math.min(4, os.availableParallelism() - 1))),
  PASSWORD_HASH_QUEUE: int(0, 10_000, 8),
  LINK_RATE_LIMIT: int(1, 10_000_000, 600),
  /** An answerless post this soon after its page was shown is a second tap, not a skipped page (0 = off). */
  SURVEY_DOUBLE_TAP_MS: int(0, 60_000, 1500),
  LINK_MISS_LIMIT: int(1, 1_000_000, 20),
  LINK_RATE_WINDOW_MS: int(1000, 7 * 86_400_000, 10 * 60_000),
  CLEANUP_INTERVAL_MS: int(1000, 7 * 86_400_000, 60 * 60_000),
  SMTP_URL: url(/^smtps?:$/, "an smtp:// or smtps:// URL"),
  MAIL_FROM: z.preprocess((v) => trimmed(blank(v)), z.string().default("Valuestack <no-reply@valuestack.invalid>")),
  MAIL_RATE_PER_MINUTE: int(1, 1_000_000, 120),
  MAIL_POOL_SIZE: int(1, 100, 3),
  MAIL_POLL_MS: int(10, 3_600_000, 2_000),
  MAIL_BATCH_SIZE: int(1, 10_000, 50),
  MAIL_RETRY_BASE_MS: int(1, 86_400_000, 30_000),
  MAIL_RETRY_MAX_MS: int(1, 7 * 86_400_000, 3_600_000),
  MAIL_MAX_ATTEMPTS: int(1, 1000, 10),
  MAIL_SENDING_TIMEOUT_MS: int(1000, 86_400_000, 5 * 60_000),
  VALUESTACK_ROOT: optionalText,
  VALUESTACK_SEED: flag("1"),
  VALUESTACK_WORKERS: flag("1"),
  /** Jobs this process runs at once (default cores − 1, at least 1; 0 = this process takes no jobs). */
  JOB_CONCURRENCY: int(0, 256, Math.max(1, os.availableParallelism() - 1)),
  JOB_HEARTBEAT_MS: int(10, 3_600_000, 2_000),
  JOB_LEASE_MS: int(10, 86_400_000, 30_000),
  JOB_POLL_MS: int(10, 3_600_000, 1_000),
  JOB_MAX_ATTEMPTS: int(1, 100, 3),
});

export type Env = z.infer<typeof envSchema>;

/** One line naming every bad variable, e.g. `DATABASE_POOL_SIZE=abc: must be a whole number…`. */
export function describeEnvError(error: z.ZodError, source: Record<string, string | undefined>): string {
  const parts = error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "?");
    const raw = source[name];
    const shown = raw === undefined ? "" : `=${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)}`;
    return `${name}${shown}: ${issue.message}`;
  });
  return `Invalid configuration: ${parts.join("; ")}`;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) throw new Error(describeEnvError(result.error, source));
  return result.data;
}

let cached: Env | undefined;

/** The validated configuration (parsed on first use; scripts/server.js calls it before anything else). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

// ---- derived settings -------------------------------------------------------------------

let varDirReady: string | undefined;

/** VAR_DIR (default ./var): created owner-only (0700), since it holds secrets, SQLite files and emails. */
export function varDir(): string {
  const dir = path.resolve(env().VAR_DIR ?? path.join(process.cwd(), "var"));
  if (varDirReady === dir) return dir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // An older install may have created it world-readable; tighten it if it is ours.
  try {
    if ((statSync(dir).mode & 0o077) !== 0 && statSync(dir).uid === process.getuid?.()) chmodSync(dir, 0o700);
  } catch {
    // not ours to change: leave it
  }
  varDirReady = dir;
  return dir;
}

/** DATABASE_URL, or a SQLite file under VAR_DIR when unset. */
export function databaseUrl(): string {
  return env().DATABASE_URL ?? `file:${path.join(varDir(), "valuestack.db")}`;
}

export type DbProvider = "sqlite" | "postgresql";

export function providerOf(url: string): DbProvider {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  if (/^file:/i.test(url)) return "sqlite";
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got "${url.slice(0, 20)}…"`,
  );
}

type SecretName = "SESSION_SECRET" | "LINK_SECRET" | "PSEUDONYM_SECRET";

/** A secret from the environment or a file generated (0600) under VAR_DIR on first use. */
export function secret(envName: SecretName, fileName: string): string {
  const fromEnv = env()[envName];
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

/** Keys the HMAC behind the respondent pseudonyms in exports (app/results/exportDocument.server.ts). */
export const pseudonymSecret = () => secret("PSEUDONYM_SECRET", "pseudonym-secret");

/** Email outbox settings (README "Configuration"). */
export function mailSettings() {
  const e = env();
  return {
    smtpUrl: e.SMTP_URL ?? null,
    from: e.MAIL_FROM,
    ratePerMinute: e.MAIL_RATE_PER_MINUTE,
    poolSize: e.MAIL_POOL_SIZE,
    pollMs: e.MAIL_POLL_MS,
    batchSize: e.MAIL_BATCH_SIZE,
    retryBaseMs: e.MAIL_RETRY_BASE_MS,
    retryMaxMs: e.MAIL_RETRY_MAX_MS,
    maxAttempts: e.MAIL_MAX_ATTEMPTS,
    sendingTimeoutMs: e.MAIL_SENDING_TIMEOUT_MS,
  };
}

/** Respondent-link lookups per client address (a counter separate from login). */
export function linkRateLimits() {
  const e = env();
  return {
    /** all /s/, /u/, /p/ requests per address per window */
    requests: e.LINK_RATE_LIMIT,
    /** lookups of unknown tokens per address per window */
    misses: e.LINK_MISS_LIMIT,
    windowMs: e.LINK_RATE_WINDOW_MS,
  };
}

export function port(): number {
  return env().PORT;
}

/** Base URL used in emailed links, e.g. https://research.example.com */
export function publicUrl(): string {
  return (env().PUBLIC_URL ?? `http://localhost:${port()}`).replace(/\/+$/, "");
}

/** Secure cookies when served over https (PUBLIC_URL) or forced with COOKIE_SECURE=1. */
export function secureCookies(): boolean {
  return env().COOKIE_SECURE === "1" || publicUrl().startsWith("https://");
}
