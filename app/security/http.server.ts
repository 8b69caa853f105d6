/**
 * HTTP security in one place: headers on every response (CSP with a per-request script
 * nonce, no-referrer so respondent links never leak through Referer, no framing), the
 * same-origin check on every state-changing request (CSRF defence besides SameSite
 * cookies), the client address for rate limits, and request size limits.
 */
import { randomBytes } from "node:crypto";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { ORIGIN_CHECKED_HEADER } from "../survey/formToken.server.ts";
import { hashQueueFull, PasswordHashBusy } from "../auth/password.server.ts";
import { env, publicUrl } from "../env.server.ts";
import { tooLargeMessage } from "./body.server.ts";

/** Largest request body read (MAX_BODY_BYTES, default 5 MB); enforced on the bytes read too. */
export const maxBodyBytes = () => env().MAX_BODY_BYTES;

/** The header the middleware sets to the client address; any client-sent copy is overwritten. */
export const CLIENT_ADDRESS_HEADER = "x-valuestack-remote-address";

/**
 * The client address for rate limits. Proxies append the address they received from to
 * X-Forwarded-For, so with `hops` trusted proxies in front, the client is the `hops`-th
 * address from the right of `X-Forwarded-For, socket address`; anything further left was
 * written by the client and is ignored. With fewer addresses than hops, the left-most wins.
 */
export function clientAddressOf(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  hops: number,
): string {
  const forwarded = hops > 0 ? [forwardedFor ?? []].flat().flatMap((h) => h.split(",")) : [];
  const chain = [...forwarded.map((a) => a.trim()).filter(Boolean), socketAddress ?? "unknown"];
  return normaliseAddress(chain[Math.max(0, chain.length - 1 - hops)]);
}

function normaliseAddress(address: string): string {
  const a = address.replace(/^\[|\](:\d+)?$/g, "").toLowerCase();
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice(7) : a;
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    // SVG charts and progress bars set geometry through style attributes only.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(nonce: string): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    ...(publicUrl().startsWith("https://")
      ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" }
      : {}),
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origins this server answers as: its own Host, and PUBLIC_URL's origin. */
export function allowedOrigins(host: string | undefined, protocol: string): Set<string> {
  const origins = new Set<string>([new URL(publicUrl()).origin]);
  if (host) origins.add(`${protocol}://${host}`);
  return origins;
}

/**
 * A state-changing request must name this site as its Origin (or, lacking it, come with
 * `Sec-Fetch-Site: same-origin`, or a same-origin Referer).
 *
 * Because every page is served with `Referrer-Policy: no-referrer`, browsers send
 * `Origin: null` (and no Referer) on a plain HTML form post — the no-JavaScript survey and
 * every form before hydration. `Sec-Fetch-Site` is set by the browser and cannot be set by
 * a page, so it still tells our own form from a cross-site one.
 */
export function isSameOrigin(
  method: string,
  origin: string | undefined,
  referer: string | undefined,
  allowed: Set<string>,
  fetchSite?: string,
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (origin && origin !== "null") return allowed.has(origin);
  if (fetchSite) return fetchSite === "same-origin";
  if (referer) {
    try {
      return allowed.has(new URL(referer).origin);
    } catch {
      return false;
    }
  }
  return false;
}

export function securityMiddleware(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  const nonce = randomBytes(16).toString("base64");
  res.locals.nonce = nonce;
  res.set(securityHeaders(nonce));
  // Rate limits key on this address; never trust a client-sent copy of the header.
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(
    req.socket.remoteAddress,
    req.headers["x-forwarded-for"],
    env().TRUST_PROXY,
  );
  // A declared length over the limit is refused before reading; chunked bodies are counted
  // as they are read (body.server.ts).
  const length = Number(req.headers["content-length"] ?? 0);
  if (length > maxBodyBytes()) {
    res.status(413).type("text/plain").send(tooLargeMessage(maxBodyBytes()));
    return;
  }
  const allowed = allowedOrigins(req.headers.host, req.protocol);
  // RFC 8058 one-click unsubscribe: mail providers POST /u/<token> from their own origin (or
  // none). The token itself is the capability, and unsubscribing is the only thing that POST
  // can do; its Origin is dropped below so Remix's own CSRF check lets it through too.
  const oneClickUnsubscribe = req.method === "POST" && /^\/u\/[A-Za-z0-9_-]{43}$/.test(req.path);
  const sameOrigin = isSameOrigin(
    req.method,
    req.headers.origin,
    req.headers.referer,
    allowed,
    req.get("sec-fetch-site"),
  );
  // Respondent forms without JavaScript on plain http: `Origin: null`, no Sec-Fetch-Site, no
  // Referer — no evidence either way. Only these routes get them, marked unchecked; the route
  // then requires its signed form token (app/survey/formToken.server.ts).
  req.headers[ORIGIN_CHECKED_HEADER] = sameOrigin ? "1" : "0";
  const noEvidence =
    (!req.headers.origin || req.headers.origin === "null") && !req.get("sec-fetch-site") && !req.headers.referer;
  const respondentForm = req.method === "POST" && /^\/[sp]\/[A-Za-z0-9_-]{43}$/.test(req.path) && noEvidence;
  if (!oneClickUnsubscribe && !sameOrigin && !respondentForm) {
    res.status(403).type("text/plain").send("Cross-site request refused. Reload the page and try again.");
    return;
  }
  // Checked above, here, once. Remix's own check compares Origin with Host only: it would
  // refuse a literal "null" Origin (a same-origin form post without JavaScript) and every
  // post behind a proxy that rewrites Host while Origin names PUBLIC_URL. So the action
  // sees no Origin header.
  if (!SAFE_METHODS.has(req.method.toUpperCase())) delete req.headers.origin;
  next();
}

/**
 * While the password-hash queue is full, a login form post is answered 429 here, before
 * Remix parses it or touches the database, with a small page — so a login flood costs the
 * server next to nothing per request and other pages keep their share. JavaScript posts
 * (`/login.data`) go on to the login action, which sheds them the same way.
 */
export function shedLoginsWhenBusy(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  if (req.method !== "POST" || req.path !== "/login" || !hashQueueFull()) return next();
  const { retryAfterSeconds } = new PasswordHashBusy();
  res
    .status(429)
    .set("Retry-After", String(retryAfterSeconds))
    .set("Cache-Control", "no-store")
    .type("html")
    .send(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>Busy · Valuestack</title>` +
        `<p>The server is busy checking passwords. Try again in a few seconds.</p>` +
        `<p><a href="/login">Back to log in</a></p></html>`,
    );
}
