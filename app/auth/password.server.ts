/**
 * Password hashing with scrypt (RFC 7914) from Node's crypto, at the OWASP-recommended
 * cost N=2^17, r=8, p=1. Stored as `scrypt$N$r$p$salt$hash` (base64url) so the cost can
 * be raised later without breaking old hashes. No length truncation (unlike bcrypt).
 *
 * Each hash costs about half a second of CPU, so at most PASSWORD_HASH_CONCURRENCY run at
 * once (default cores − 1, at least 1, at most 4: a core stays free for other requests), each
 * in a worker thread at a lower CPU priority than the event loop (hashThreads.server.ts),
 * PASSWORD_HASH_QUEUE more wait, and beyond that a request is shed at once with 429 and
 * Retry-After instead of queueing behind an attacker.
 */
import { randomBytes, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { env } from "../env.server.ts";
import { scryptInThread } from "./hashThreads.server.ts";

const N = 2 ** 17,
  R = 8,
  P = 1,
  KEYLEN = 32;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return scryptInThread(password.normalize("NFKC"), salt, keylen, { ...opts, maxmem: 256 * opts.N! * opts.r! });
}

let running = 0;
const waiting: Array<() => void> = [];
/** Recent seconds per hash (moving average), for Retry-After. */
let secondsPerHash = 0.5;

/** The answer when the hash queue is full: a Response Remix renders as a 429 page if nobody catches it. */
export class PasswordHashBusy extends Response {
  constructor(readonly retryAfterSeconds: number = estimatedWaitSeconds()) {
    super("The server is busy checking passwords. Try again in a few seconds.", {
      status: 429,
      headers: { "Retry-After": String(retryAfterSeconds), "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}

/** Whether a new hash would be shed right now (checked before any other work for a login). */
export function hashQueueFull(): boolean {
  const { PASSWORD_HASH_CONCURRENCY: slots, PASSWORD_HASH_QUEUE: queue } = env();
  return running >= slots && waiting.length >= queue;
}

/** Seconds until a slot is likely free, for Retry-After. */
function estimatedWaitSeconds(): number {
  const slots = env().PASSWORD_HASH_CONCURRENCY;
  return Math.max(1, Math.ceil(((waiting.length + running) / slots) * secondsPerHash));
}

/** Runs `work` when a hashing slot is free; throws PasswordHashBusy when the queue is full. */
export async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  const { PASSWORD_HASH_CONCURRENCY: slots, PASSWORD_HASH_QUEUE: queue } = env();
  if (running >= slots) {
    if (waiting.length >= queue) throw new PasswordHashBusy();
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  const started = performance.now();
  try {
    return await work();
  } finally {
    secondsPerHash = 0.8 * secondsPerHash + 0.2 * ((performance.now() - started) / 1000);
    const next = waiting.shift();
    // hand the slot straight to the next in line
    if (next) next();
    else running--;
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await withHashSlot(() => scrypt(password, salt, KEYLEN, { N, r: R, p: P }));
  return ["scrypt", N, R, P, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await withHashSlot(() =>
    scrypt(password, Buffer.from(salt, "base64url"), expected.length, { N: Number(n), r: Number(r), p: Number(p) }),
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to verify against when the user does not exist, so timing does not reveal it. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(12).toString("hex")).catch((e) => {
    dummyHash = undefined; // e.g. shed while busy: try again next time
    throw e;
  });
  return dummyHash;
}
