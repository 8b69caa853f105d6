/**
 * Reads an .eml file the outbox wrote (nodemailer's MIME output) back into what a respondent
 * sees: a few headers, the plain-text part and the HTML part, decoded (quoted-printable,
 * base64, encoded-word headers). Small on purpose: it handles the multipart/alternative
 * messages this app composes, not arbitrary mail.
 */

export interface ParsedEmail {
  headers: { from: string; to: string; subject: string; date: string };
  text: string | null;
  html: string | null;
}

type Part = { headers: Map<string, string>; body: string };

function splitHeaders(raw: string): Part {
  const normalised = raw.replace(/\r\n/g, "\n");
  const end = normalised.indexOf("\n\n");
  const head = end === -1 ? normalised : normalised.slice(0, end);
  const body = end === -1 ? "" : normalised.slice(end + 2);
  const headers = new Map<string, string>();
  // unfold continuation lines, then "Name: value"
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function param(value: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, "i").exec(value);
  return m ? (m[1] ?? m[2]) : null;
}

function bytesFromQuotedPrintable(s: string): Uint8Array {
  const soft = s.replace(/=\n/g, "");
  const out: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i];
    if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(...Buffer.from(c, "utf8"));
  }
  return Uint8Array.from(out);
}

function decodeBytes(bytes: Uint8Array, charset: string | null): string {
  try {
    return new TextDecoder(charset ?? "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function decodeBody(part: Part): string {
  const encoding = (part.headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  const charset = param(part.headers.get("content-type") ?? "", "charset");
  if (encoding === "quoted-printable") return decodeBytes(bytesFromQuotedPrintable(part.body), charset);
  if (encoding === "base64") return decodeBytes(Buffer.from(part.body.replace(/\s+/g, ""), "base64"), charset);
  return part.body;
}

/** RFC 2047 encoded words (=?utf-8?Q?…?= / =?utf-8?B?…?=) in a header value. */
export function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, charset: string, kind: string, text: string) =>
      kind.toUpperCase() === "B"
        ? decodeBytes(Buffer.from(text, "base64"), charset)
        : decodeBytes(bytesFromQuotedPrintable(text.replace(/_/g, " ")), charset),
    );
}

function collect(part: Part, found: { text: string | null; html: string | null }, depth: number) {
  const type = part.headers.get("content-type") ?? "text/plain";
  const mime = type.split(";")[0].trim().toLowerCase();
  if (mime.startsWith("multipart/") && depth < 5) {
    const boundary = param(type, "boundary");
    if (!boundary) return;
    const chunks = part.body.split(`--${boundary}`);
    // chunks[0] is the preamble; the last one starts with "--" (the closing delimiter)
    for (const chunk of chunks.slice(1)) {
      if (chunk.startsWith("--")) break;
      collect(splitHeaders(chunk.replace(/^\n/, "")), found, depth + 1);
    }
    return;
  }
  const disposition = (part.headers.get("content-disposition") ?? "").toLowerCase();
  if (disposition.startsWith("attachment")) return;
  if (mime === "text/plain" && found.text === null) found.text = decodeBody(part).replace(/\n$/, "");
  else if (mime === "text/html" && found.html === null) found.html = decodeBody(part).replace(/\n$/, "");
}

export function parseEml(raw: string): ParsedEmail {
  const root = splitHeaders(raw);
  const found = { text: null as string | null, html: null as string | null };
  collect(root, found, 0);
  const h = (name: string) => decodeHeader(root.headers.get(name) ?? "");
  return { headers: { from: h("from"), to: h("to"), subject: h("subject"), date: h("date") }, ...found };
}

/**
 * The HTML part for an <iframe srcdoc sandbox="">: a CSP meta tag first so nothing loads or
 * runs even if a browser ignored the sandbox (no scripts, no remote images, no forms).
 */
export function sandboxedSrcDoc(html: string): string {
  const csp = `<meta http-equiv="Content-Security-Policy" content="${[
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    "img-src data:",
  ].join("; ")}">`;
  return `${csp}<base target="_blank">${html}`;
}
