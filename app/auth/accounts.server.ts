/** Sign-up and login rules: validation, duplicate emails, throttled login. */
import { z } from "zod";
import { db, isUniqueViolation } from "../db.server.ts";
import { env } from "../env.server.ts";
import { dummyPasswordHash, hashPassword, hashQueueFull, PasswordHashBusy, verifyPassword } from "./password.server.ts";
import { clientAddress, hitRateLimit } from "./rateLimit.server.ts";

/** Strict address check: no CR/LF, no quoted local parts, one @, a dotted domain. */
export const emailSchema = z
  .string({ required_error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .regex(
    /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/,
    "Enter a valid email address, like name@example.com.",
  );

export const signupSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100, "Keep the name under 100 characters."),
  email: emailSchema,
  password: z.string().min(10, "Use at least 10 characters.").max(200, "Use at most 200 characters."),
  role: z
    .enum(["researcher", "viewer"], { errorMap: () => ({ message: "Choose researcher or viewer." }) })
    .default("researcher"),
});

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password."),
});

export type SignupResult = { ok: true; userId: string } | { ok: false; errors: Record<string, string> };

export async function signup(input: z.infer<typeof signupSchema>): Promise<SignupResult> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.user.create({
      data: { email: input.email, name: input.name, passwordHash, role: input.role },
    });
    return { ok: true, userId: user.id };
  } catch (e) {
    if (isUniqueViolation(e))
      return { ok: false, errors: { email: "An account with this email already exists. Log in instead." } };
    throw e;
  }
}

const LOGIN_WINDOW_MS = 15 * 60_000;

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; errors: Record<string, string>; status: number; retryAfter?: number };

const BUSY = "The server is busy. Try again in a few seconds.";

function throttled(retryAfter: number, message: string): LoginResult {
  return { ok: false, status: 429, retryAfter, errors: { form: message } };
}

/**
 * Same answer for an unknown email and a wrong password. Throttled per client address
 * (LOGIN_ADDRESS_RATE_LIMIT, so rotating emails does not help) and per address and email
 * (LOGIN_RATE_LIMIT), both before any password is hashed; and shed with 429 when the
 * password-hash queue is full.
 */
export async function login(request: Request, input: z.infer<typeof loginSchema>): Promise<LoginResult> {
  // Shed before touching the database when the hash queue is full anyway.
  if (hashQueueFull()) return throttled(new PasswordHashBusy().retryAfterSeconds, BUSY);
  const address = clientAddress(request);
  const perAddress = await hitRateLimit(`login-address:${address}`, env().LOGIN_ADDRESS_RATE_LIMIT, LOGIN_WINDOW_MS);
  const limit = perAddress.allowed
    ? await hitRateLimit(`login:${address}:${input.email}`, env().LOGIN_RATE_LIMIT, LOGIN_WINDOW_MS)
    : perAddress;
  if (!limit.allowed) {
    return throttled(
      limit.retryAfterSeconds,
      `Too many login attempts. Try again in ${Math.ceil(limit.retryAfterSeconds / 60)} minute(s).`,
    );
  }
  try {
    const user = await db.user.findUnique({ where: { email: input.email } });
    const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !ok) return { ok: false, status: 400, errors: { form: "Email or password is incorrect." } };
    return { ok: true, userId: user.id };
  } catch (e) {
    if (e instanceof PasswordHashBusy) return throttled(e.retryAfterSeconds, BUSY);
    throw e;
  }
}
