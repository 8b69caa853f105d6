/**
 * Remembers an invitation link opened before signing up: /invite/<token> sets it, and the
 * studies list accepts it for the newly signed-in user, then clears it.
 */
import { createCookie } from "@remix-run/node";
import { secureCookies } from "../config.server.ts";
import { acceptInvite } from "./members.server.ts";

let cookie: ReturnType<typeof createCookie> | undefined;
function inviteCookie() {
  if (!cookie)
    cookie = createCookie("vs_invite", {
      httpOnly: true,
      sameSite: "lax",
      secure: secureCookies(),
      path: "/",
      maxAge: 24 * 3600,
    });
  return cookie;
}

export async function rememberInvite(token: string): Promise<string> {
  return inviteCookie().serialize(token);
}

export async function forgetInvite(): Promise<string> {
  return inviteCookie().serialize("", { maxAge: 0 });
}

/** Accepts a remembered invitation for this user: the study's id, or null when there is none (or it is gone). */
export async function acceptRememberedInvite(
  request: Request,
  userId: string,
): Promise<{ studyId: string | null; setCookie: string } | null> {
  const token = await inviteCookie().parse(request.headers.get("Cookie"));
  if (typeof token !== "string" || !token) return null;
  const accepted = await acceptInvite(token, userId);
  return { studyId: accepted?.studyId ?? null, setCookie: await forgetInvite() };
}
