/**
 * Sessions: the signed cookie holds only a random session id; the Session row is the
 * truth, so logout (or expiry) revokes the cookie even if someone kept a copy.
 */
import { createCookie, redirect } from "@remix-run/node";
import { randomBytes } from "node:crypto";
import { secureCookies, sessionSecret } from "../env.server.ts";
import { db } from "../db.server.ts";

const SESSION_DAYS = 14;
export const SESSION_COOKIE = "vs_session";

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  cookie ??= createCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(),
    path: "/",
    maxAge: SESSION_DAYS * 24 * 3600,
    secrets: [sessionSecret()],
  });
  return cookie;
}

export type SessionUser = { id: string; email: string; name: string; role: string };

export async function createUserSession(userId: string, redirectTo: string): Promise<Response> {
  // Build the redirect first: a target that cannot be a header must not leave a session row behind.
  const location = safeRedirect(redirectTo);
  const id = randomBytes(32).toString("base64url");
  await db.session.create({ data: { id, userId, expiresAt: new Date(Date.now() + SESSION_DAYS * 86400_000) } });
  return redirect(location, { headers: { "Set-Cookie": await sessionCookie().serialize(id) } });
}

async function sessionIdOf(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  const id = await sessionIdOf(request);
  if (!id) return null;
  const session = await db.session.findUnique({
    where: { id },
    select: { expiresAt: true, user: { select: { id: true, email: true, name: true, role: true } } },
  });
  if (!session || session.expiresAt <= new Date()) return null;
  return session.user;
}

/** The logged-in user, or a redirect to the login page that comes back here. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

export async function logout(request: Request): Promise<Response> {
  const id = await sessionIdOf(request);
  if (id) await db.session.deleteMany({ where: { id } });
  return redirect("/login", { headers: { "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0 }) } });
}

/**
 * Only same-origin paths are accepted after login: "//evil.com", "/\\evil.com" and
 * "http:evil.com" all fall back to the default. The path is resolved the way a browser
 * would (tabs and newlines dropped, backslashes read as slashes) and re-serialised, so
 * spaces and other characters come out percent-encoded and the result is always a valid
 * Location header on this origin.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/studies"): string {
  if (typeof to !== "string" || to.length > 2048 || !to.startsWith("/")) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (/^\/[\\/]/.test(to) || /[\u0000-\u001f\u007f]/.test(to)) return fallback;
  const base = "http://valuestack.invalid";
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/%2F%2Fevil.com" stays a path here, but never hand out something that starts like a host.
  if (!path.startsWith("/") || /^\/[\\/]/.test(path)) return fallback;
  return path;
}
