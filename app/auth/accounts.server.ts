/** Sign-up and login rules: validation, duplicate emails, throttled login. */
import { z } from "zod";
import { db, isUniqueViolation } from "../db.server.ts";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password.server.ts";
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

const LOGIN_LIMIT = Number(process.env.LOGIN_RATE_LIMIT ?? 10);
const LOGIN_WINDOW_MS = 15 * 60_000;

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; errors: Record<string, string>; status: number; retryAfter?: number };

/** Same answer for an unknown email and a wrong password; throttled per address and email. */
export async function login(request: Request, input: z.infer<typeof loginSchema>): Promise<LoginResult> {
  const limit = await hitRateLimit(`login:${clientAddress(request)}:${input.email}`, LOGIN_LIMIT, LOGIN_WINDOW_MS);
  if (!limit.allowed) {
    return {
      ok: false,
      status: 429,
      retryAfter: limit.retryAfterSeconds,
      errors: { form: `Too many login attempts. Try again in ${Math.ceil(limit.retryAfterSeconds / 60)} minute(s).` },
    };
  }
  const user = await db.user.findUnique({ where: { email: input.email } });
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok) return { ok: false, status: 400, errors: { form: "Email or password is incorrect." } };
  return { ok: true, userId: user.id };
}
