/**
 * Request bodies as the app reads them: counted as they stream in, whatever the framing
 * (Content-Length or chunked), so no request can make the server hold more than
 * MAX_BODY_BYTES of it. Multipart part headers are also made safe for Remix's parser, which
 * throws (a 500) on a quoted file name containing `=` or `;`, such as `contacts=v2.csv`.
 */
import type { IncomingMessage } from "node:http";

/** The body went over the limit, or is malformed: the caller answers `status` with `message`. */
export class BodyRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "BodyRefused";
  }
}

export function tooLargeMessage(limit: number): string {
  const mb = limit / 1024 / 1024;
  return `Request too large (limit ${mb >= 1 ? `${Math.round(mb)} MB` : `${Math.round(limit / 1024)} KB`}).`;
}

/**
 * After refusing a body the server reads and drops up to this much more (what loopback and
 * kernel buffers may already hold), then stops reading; the connection is closed after
 * DISCARD_TIMEOUT_MS unless the request ended. Closing at once would reset the connection
 * before the client had read the answer.
 */
const DISCARD_AFTER_REFUSAL = 16 * 1024 * 1024;
const DISCARD_TIMEOUT_MS = 5_000;

/**
 * The request body as a web stream that errors with BodyRefused once more than `limit` bytes
 * arrive; `onRefused` is called once so the caller can answer right away. After a refusal the
 * rest of the upload is dropped (see DISCARD_AFTER_REFUSAL), never kept.
 */
export function limitedBody(
  req: IncomingMessage,
  limit: number,
  onRefused: (error: BodyRefused) => void,
): ReadableStream<Uint8Array> {
  const boundary = multipartBoundary(req.headers["content-type"]);
  const rewriter = boundary ? new MultipartHeaderRewriter(boundary) : null;
  let received = 0;
  let finished = false;
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;

  const refuse = (error: BodyRefused) => {
    if (finished) return;
    finished = true;
    detach();
    try {
      ctrl.error(error);
    } catch {
      // the consumer already went away
    }
    onRefused(error);
    let discarded = 0;
    const timer = setTimeout(() => req.socket?.destroy(), DISCARD_TIMEOUT_MS);
    timer.unref();
    req.on("data", (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > DISCARD_AFTER_REFUSAL) req.pause();
    });
    req.on("end", () => clearTimeout(timer));
    req.resume();
  };

  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > limit) return refuse(new BodyRefused(413, tooLargeMessage(limit)));
    let out: Buffer = chunk;
    if (rewriter) {
      try {
        out = rewriter.push(chunk);
      } catch (e) {
        return refuse(e instanceof BodyRefused ? e : new BodyRefused(400, "The upload could not be read."));
      }
    }
    if (out.length) ctrl.enqueue(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
    if ((ctrl.desiredSize ?? 1) <= 0) req.pause();
  };
  const onEnd = () => {
    if (finished) return;
    finished = true;
    detach();
    if (rewriter) {
      const rest = rewriter.end();
      if (rest.length) ctrl.enqueue(new Uint8Array(rest.buffer, rest.byteOffset, rest.byteLength));
    }
    ctrl.close();
  };
  const onError = (e: Error) => {
    if (finished) return;
    finished = true;
    detach();
    ctrl.error(e);
  };
  const detach = () => {
    req.off("data", onData);
    req.off("end", onEnd);
    req.off("error", onError);
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        ctrl = controller;
        req.pause();
        req.on("data", onData);
        req.on("end", onEnd);
        req.on("error", onError);
      },
      pull() {
        if (!finished) req.resume();
      },
      cancel() {
        // The app stopped reading: drop the rest (still counted against the limit).
        if (finished) return;
        ctrl = { enqueue() {}, close() {}, error() {}, desiredSize: 1 } as never;
        req.resume();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null;
  // Remix reads the boundary the same way: everything after "boundary=".
  const m = /;\s*boundary=(.+)$/i.exec(contentType);
  if (!m) return null;
  const value = m[1].trim();
  return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** Longest part header block we look into; longer ones are refused as malformed. */
const MAX_PART_HEADER_BYTES = 16 * 1024;
const CRLFCRLF = Buffer.from("\r\n\r\n");

/**
 * Rewrites each part's Content-Disposition header into a form Remix's multipart parser
 * reads: it splits parameters on every `;` and `=` even inside quotes, so a file name
 * like `contacts=v2.csv` is passed on as `contacts_v2.csv`. A header block it cannot parse
 * (no `form-data`, no field name, or too long) is refused with 400.
 */
export class MultipartHeaderRewriter {
  private readonly delimiter: Buffer;
  private pending: Buffer = Buffer.alloc(0);

  constructor(boundary: string) {
    this.delimiter = Buffer.from(`--${boundary}`, "latin1");
  }

  push(chunk: Buffer): Buffer {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Buffer[] = [];
    let from = 0;
    for (;;) {
      const at = this.pending.indexOf(this.delimiter, from);
      if (at < 0) {
        // keep a possible partial delimiter at the end
        const keep = Math.min(this.pending.length - from, this.delimiter.length + 4);
        out.push(this.pending.subarray(from, this.pending.length - keep));
        this.pending = Buffer.from(this.pending.subarray(this.pending.length - keep));
        return Buffer.concat(out);
      }
      const afterDelimiter = at + this.delimiter.length;
      if (this.pending.length < afterDelimiter + 2) {
        out.push(this.pending.subarray(from, at));
        this.pending = Buffer.from(this.pending.subarray(at));
        return Buffer.concat(out);
      }
      const next = this.pending.subarray(afterDelimiter, afterDelimiter + 2).toString("latin1");
      if (next === "--") {
        // closing delimiter: the epilogue follows, pass everything through
        out.push(this.pending.subarray(from));
        this.pending = Buffer.alloc(0);
        return Buffer.concat(out);
      }
      const headersStart = afterDelimiter + 2; // after CRLF
      const headersEnd = this.pending.indexOf(CRLFCRLF, headersStart);
      if (headersEnd < 0) {
        if (this.pending.length - headersStart > MAX_PART_HEADER_BYTES)
          throw new BodyRefused(400, "The upload could not be read: a part's headers are too long.");
        out.push(this.pending.subarray(from, at));
        this.pending = Buffer.from(this.pending.subarray(at));
        return Buffer.concat(out);
      }
      out.push(this.pending.subarray(from, headersStart));
      const block = this.pending.subarray(headersStart, headersEnd).toString("latin1");
      out.push(Buffer.from(rewritePartHeaders(block), "latin1"));
      from = headersEnd;
    }
  }

  end(): Buffer {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest;
  }
}

/** Part headers (latin1, CRLF-separated) with a Content-Disposition Remix can parse. */
export function rewritePartHeaders(block: string): string {
  return block
    .split("\r\n")
    .map((line) => {
      const m = /^content-disposition\s*:\s*(.*)$/i.exec(line);
      if (!m) return line;
      const disposition = parseDisposition(m[1]);
      if (disposition?.type.toLowerCase() !== "form-data" || !disposition.params.name)
        throw new BodyRefused(400, "The upload could not be read: a part has no field name.");
      const safe = (v: string) => v.replace(/[=;]/g, "_").replace(/["\\]/g, "_");
      const { name, filename } = disposition.params;
      return `Content-Disposition: form-data; name="${safe(name)}"${filename === undefined ? "" : `; filename="${safe(filename)}"`}`;
    })
    .join("\r\n");
}

/** RFC 6266 / 7578 parameters: `type; key=token` or `key="quoted \" string"`. */
export function parseDisposition(value: string): { type: string; params: Record<string, string> } | null {
  const typeMatch = /^\s*([^\s;]+)\s*/.exec(value);
  if (!typeMatch) return null;
  const params: Record<string, string> = {};
  let rest = value.slice(typeMatch[0].length);
  const param = /^;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))\s*/;
  while (rest.trim().length) {
    const p = param.exec(rest);
    if (!p) return null;
    const key = p[1].toLowerCase();
    const raw = p[2] !== undefined ? p[2].replace(/\\(.)/g, "$1") : p[3].trim();
    if (!(key in params)) params[key] = raw;
    rest = rest.slice(p[0].length);
  }
  return { type: typeMatch[1], params };
}
