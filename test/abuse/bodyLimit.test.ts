/**
 * Request bodies are limited on the bytes actually read, for every route and every framing:
 * a chunked upload (no Content-Length) without logging in is refused with 413 before it is
 * all sent, and the server's memory does not grow with it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type TestApp } from "../helpers/app.ts";
import type { TestServer } from "../helpers/server.ts";
import { chunkedUpload, memoryOf, resetPeak } from "./helpers.ts";

const MB = 1024 * 1024;

describe("request body limit", () => {
  let app: TestApp;
  let server: TestServer;
  const form = () => ({ origin: server.url, "content-type": "application/x-www-form-urlencoded" });

  beforeAll(async () => {
    app = await startApp("sqlite", { VALUESTACK_WORKERS: "0" });
    ({ server } = app);
    // warm up the login route so its code is loaded before we measure memory
    await fetch(`${server.url}/login`);
  });
  afterAll(() => app?.stop());

  it("refuses a chunked 50 MB login body with 413 before it is all sent, and server memory stays flat", async () => {
    const pid = server.process.pid ?? 0;
    const peakReset = resetPeak(pid);
    const before = memoryOf(pid);
    let highest = before.rss;
    const sampler = setInterval(() => {
      highest = Math.max(highest, memoryOf(pid).rss);
    }, 5);
    const res = await chunkedUpload(server.url, "/login", 50 * MB, form(), (n) =>
      Buffer.from(`email=a%40example.com&password=${"x".repeat(n)}`.slice(0, n)),
    ).finally(() => clearInterval(sampler));
    const peak = Math.max(highest, peakReset ? memoryOf(pid).peak : 0);
    expect(res.status).toBe(413);
    expect(res.body).toMatch(/Request too large \(limit 5 MB\)/);
    expect(res.finishedSending).toBe(false);
    expect(peak - before.rss).toBeLessThan(50 * MB);
  });

  it("refuses three parallel chunked uploads to different routes, and keeps answering", async () => {
    const boundary = "----abuse";
    const multipart = (n: number) => Buffer.alloc(n, "b");
    const results = await Promise.all([
      chunkedUpload(server.url, "/login", 50 * MB, form()),
      chunkedUpload(server.url, "/signup", 50 * MB, form()),
      chunkedUpload(
        server.url,
        "/studies/anything/respondents",
        50 * MB,
        { origin: server.url, "content-type": `multipart/form-data; boundary=${boundary}` },
        multipart,
      ),
    ]);
    for (const r of results) {
      expect(r.finishedSending).toBe(false);
      expect([413, 302]).toContain(r.status);
    }
    // the two public forms read the body, so they hit the limit; the respondents page
    // redirects a logged-out visitor to the login page before reading it
    expect(results[0].status).toBe(413);
    expect(results[1].status).toBe(413);
    const page = await fetch(`${server.url}/login`);
    expect(page.status).toBe(200);
  });

  it("still accepts a normal form post", async () => {
    const res = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: form(),
      body: new URLSearchParams({ email: "nobody@example.com", password: "wrong password" }),
      redirect: "manual",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Email or password is incorrect.");
  });
});
