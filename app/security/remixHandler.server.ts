/**
 * The Express → Remix glue (in place of @remix-run/express's createRequestHandler), so the
 * HTTP rules that hold for every route live here, once:
 * - the body Remix reads is limited on the bytes actually read (chunked uploads included),
 *   and a refused body is answered 413/400 at once, whatever the route was doing;
 * - every response to a logged-in browser (or one that logs it in) is `Cache-Control: no-store`.
 */
import { createRequestHandler, type ServerBuild, writeReadableStreamToWritable } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { SESSION_COOKIE } from "../auth/session.server.ts";
import { type BodyRefused, limitedBody } from "./body.server.ts";
import { maxBodyBytes } from "./http.server.ts";

export function createRemixHandler(build: ServerBuild, mode = "production") {
  const handle = createRequestHandler(build, mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const request = remixRequest(req, res);
      const response = await handle(request, { nonce: res.locals.nonce });
      // Already answered: the body was refused while the route read it.
      if (res.headersSent) return;
      if (authenticated(req, response)) response.headers.set("Cache-Control", "no-store");
      await sendRemixResponse(res, response);
    } catch (error) {
      if (res.headersSent) return;
      next(error);
    }
  };
}

/** A session cookie came in, or one goes out: the page may hold private data. */
export function authenticated(req: ExpressRequest, response: Response): boolean {
  const cookie = req.headers.cookie ?? "";
  if (new RegExp(`(^|;\\s*)${SESSION_COOKIE}=[^;]`).test(cookie)) return true;
  return response.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`));
}

function refuse(res: ExpressResponse, error: BodyRefused) {
  if (res.headersSent) return;
  // No "Connection: close": closing with the upload still arriving would reset the connection
  // before the client reads this answer. limitedBody drops the rest, then closes.
  res.status(error.status).type("text/plain").send(error.message);
}

/** Like @remix-run/express's createRemixRequest, with the limited body. */
function remixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  const [, forwardedPort] = req.get("X-Forwarded-Host")?.split(":") ?? [];
  const [, hostPort] = req.get("host")?.split(":") ?? [];
  const port = [forwardedPort, hostPort].map((p) => Number.parseInt(p ?? "", 10)).find(Number.isSafeInteger);
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  let controller: AbortController | null = new AbortController();
  const init: RequestInit & { duplex?: "half" } = {
    method: req.method,
    headers: createRemixHeaders(req.headers),
    signal: controller.signal,
  };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = limitedBody(req, maxBodyBytes(), (error) => refuse(res, error));
    init.duplex = "half";
  }
  res.on("finish", () => {
    controller = null;
  });
  res.on("close", () => controller?.abort());
  return new Request(url.href, init);
}

function createRemixHeaders(requestHeaders: ExpressRequest["headers"]): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

async function sendRemixResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.headers.get("Content-Type")?.match(/text\/event-stream/i)) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
