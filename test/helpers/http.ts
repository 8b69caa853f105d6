/**
 * A tiny HTTP client with a cookie jar, like a browser without JavaScript: forms are
 * posted urlencoded with this site's Origin, redirects are followed by hand.
 */
export class HttpClient {
  cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", this.cookieHeader());
    const send = () => fetch(new URL(path, this.base), { ...init, headers, redirect: "manual" });
    let res: Response;
    try {
      res = await send();
    } catch (e) {
      // Like a browser: a GET on a pooled keep-alive connection the server closed meanwhile (e.g. after a
      // minute idle while a test ran the CLI) is sent once more on a new connection.
      const stale = (e as { cause?: { code?: string } }).cause?.code === "UND_ERR_SOCKET";
      if (!stale || (init.method ?? "GET") !== "GET") throw e;
      res = await send();
    }
    this.store(res);
    return res;
  }

  get(path: string, init: RequestInit = {}) {
    return this.request(path, init);
  }

  /** POST a form; `origin: null` sends no Origin header (to test CSRF refusal). */
  post(
    path: string,
    form: Record<string, string | string[]> | URLSearchParams | FormData,
    opts: { origin?: string | null; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.origin !== null) headers.origin = opts.origin ?? this.base;
    let body: URLSearchParams | FormData;
    if (form instanceof URLSearchParams || form instanceof FormData) body = form;
    else {
      body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    }
    return this.request(path, { method: "POST", body, headers });
  }

  /** Follow redirects from a response (GET), returning the final response. */
  async follow(res: Response, max = 5): Promise<Response> {
    let r = res;
    for (let i = 0; i < max && r.status >= 300 && r.status < 400; i++) {
      const loc = r.headers.get("location")!;
      r = await this.get(loc);
    }
    return r;
  }

  async login(email: string, password: string): Promise<Response> {
    return this.post("/login", { email, password });
  }
}

/** Decode the HTML entities React emits (quotes, <, >, &), keeping the markup. */
export function decodeEntities(html: string): string {
  return html
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The page's text for assertions: tags become spaces, entities are decoded, whitespace is collapsed. */
export function text(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ");
}
