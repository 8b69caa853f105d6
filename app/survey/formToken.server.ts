/**
 * Signed form tokens for the respondent forms (/s/, /p/). Without JavaScript, under
 * `Referrer-Policy: no-referrer` on plain http, a browser posts our own form with `Origin: null`
 * and no `Sec-Fetch-Site`, so the request carries no evidence of where it came from. The
 * security middleware lets exactly those requests through to these routes only, marked as
 * unchecked, and the route then requires this token: HMAC-SHA256 of the link and the page,
 * keyed with a server secret, in a hidden field. Another site cannot compute it.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { linkSecret } from "../config.server.ts";

/** Request header the middleware sets to "1" after a successful Origin / Sec-Fetch-Site check. */
export const ORIGIN_CHECKED_HEADER = "x-valuestack-origin-checked";
export const FORM_TOKEN_FIELD = "formToken";

/** The token for a form posted to `path` (e.g. /s/<token>) for page `page`. */
export function formToken(path: string, page: string, secret = linkSecret()): string {
  return createHmac("sha256", secret).update(`respondent-form:${path}:${page}`).digest("base64url");
}

/**
 * Whether a respondent form post may proceed: the middleware already saw a same-origin request,
 * or the form carries the token for this path and the page it names.
 */
export function formPostAllowed(request: Request, formData: FormData): boolean {
  if (request.headers.get(ORIGIN_CHECKED_HEADER) === "1") return true;
  const given = formData.get(FORM_TOKEN_FIELD);
  if (typeof given !== "string" || !given) return false;
  const expected = formToken(new URL(request.url).pathname, String(formData.get("page") ?? ""));
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The 403 answer for a respondent form post without evidence of coming from this site. */
export function refusedFormPost(): Response {
  return new Response("Cross-site request refused. Reload the page and try again.", {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
