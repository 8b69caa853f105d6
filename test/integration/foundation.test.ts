/**
 * The foundation over real HTTP against the built server and a fresh database (SQLite,
 * and PostgreSQL when TEST_DATABASE_URL is set): start-up migrates and seeds the demo,
 * accounts work and validate, studies are private, sessions are revocable, CSRF refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN, DEMO_STUDY_NAME } from "../../prisma/seed/demo.ts";
import { startApp, type TestApp } from "../helpers/app.ts";
import { engines } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";

describe.each(engines())("foundation on %s", (engine) => {
  let app: TestApp;
  let server: TestServer;

  beforeAll(async () => {
    app = await startApp(engine, { VALUESTACK_WORKERS: "0" });
    ({ server } = app);
  });
  afterAll(() => app?.stop());

  it("prints the URL and the demo login at start", () => {
    expect(server.output()).toContain(`listening on http://127.0.0.1:${server.port}`);
    expect(server.output()).toContain(`Demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
  });

  it("serves pages with security headers", async () => {
    const res = await new HttpClient(server.url).get("/login");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const html = await res.text();
    const nonce = /nonce-([^']+)'/.exec(res.headers.get("content-security-policy")!)![1];
    // every inline script carries the nonce
    for (const tag of html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("logs the demo researcher in and lists the demo study", async () => {
    const client = new HttpClient(server.url);
    const res = await client.login(DEMO_LOGIN.email, DEMO_LOGIN.password);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/studies");
    const cookie = res.headers.getSetCookie().join(";");
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const page = await client.get("/studies");
    expect(page.status).toBe(200);
    const body = text(await page.text());
    expect(body).toContain(DEMO_STUDY_NAME);
    expect(body).toMatch(/360 completed of 405 respondents/);
  });

  it("shows a clear message for each kind of bad sign-up", async () => {
    const client = new HttpClient(server.url);
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ name: "", email: "", password: "" }, /Enter your name\./],
      [{ name: "A", email: "not-an-email", password: "long enough pw" }, /Enter a valid email address/],
      [{ name: "A", email: "a@example.com", password: "short" }, /Use at least 10 characters\./],
      [{ name: "A", email: "a\r\nbcc:x@example.com", password: "long enough pw" }, /Enter a valid email address/],
      [{ name: "Dup", email: DEMO_LOGIN.email, password: "long enough pw" }, /already exists/],
    ];
    for (const [form, message] of cases) {
      const res = await client.post("/signup", form);
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(text(await res.text())).toMatch(message);
    }
  });

  it("refuses a wrong password with the same message as an unknown email", async () => {
    const client = new HttpClient(server.url);
    const wrong = text(await (await client.login(DEMO_LOGIN.email, "wrong password")).text());
    const unknown = text(await (await client.login("nobody@example.com", "wrong password")).text());
    expect(wrong).toContain("Email or password is incorrect.");
    expect(unknown).toContain("Email or password is incorrect.");
  });

  it("keeps a user out of another user's study, and lets a shared viewer in", async () => {
    const owner = new HttpClient(server.url);
    await owner.login(DEMO_LOGIN.email, DEMO_LOGIN.password);
    const studyId = /aria-label="Your studies"[\s\S]*?href="\/studies\/([^"/]+)"/.exec(
      await (await owner.get("/studies")).text(),
    )![1];
    expect((await owner.get(`/studies/${studyId}`)).status).toBe(200);

    const stranger = new HttpClient(server.url);
    const signup = await stranger.post("/signup", {
      name: "Stranger",
      email: `stranger-${engine}@example.com`,
      password: "a long password",
      role: "researcher",
    });
    expect(signup.status).toBe(302);
    expect((await stranger.get(`/studies/${studyId}`)).status).toBe(404);
    expect((await stranger.get(`/studies/does-not-exist`)).status).toBe(404);
    expect(text(await (await stranger.get("/studies")).text())).not.toContain(DEMO_STUDY_NAME);

    const viewer = new HttpClient(server.url);
    expect((await viewer.login(DEMO_LOGIN.viewerEmail, DEMO_LOGIN.password)).status).toBe(302);
    expect((await viewer.get(`/studies/${studyId}`)).status).toBe(200);
  });

  it("revokes the session on logout: a replayed cookie no longer works", async () => {
    const client = new HttpClient(server.url);
    await client.login(DEMO_LOGIN.email, DEMO_LOGIN.password);
    const saved = client.cookieHeader();
    expect((await client.get("/studies")).status).toBe(200);
    const out = await client.post("/logout", {});
    expect(out.status).toBe(302);
    const replay = await fetch(`${server.url}/studies`, { headers: { cookie: saved }, redirect: "manual" });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")).toMatch(/^\/login/);
  });

  it("refuses cross-site and origin-less form posts", async () => {
    const client = new HttpClient(server.url);
    expect(
      (
        await client.post(
          "/login",
          { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password },
          { origin: "https://evil.example" },
        )
      ).status,
    ).toBe(403);
    expect(
      (await client.post("/login", { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password }, { origin: null }))
        .status,
    ).toBe(403);
  });

  it("never redirects off-site after login", async () => {
    for (const target of ["//evil.example", "/\\evil.example", "http:evil.example", "https://evil.example/x"]) {
      const client = new HttpClient(server.url);
      const res = await client.post("/login", {
        email: DEMO_LOGIN.email,
        password: DEMO_LOGIN.password,
        redirectTo: target,
      });
      expect(res.headers.get("location")).toBe("/studies");
    }
  });

  // Last in this file: it locks the viewer account for the rest of the window.
  it("throttles login attempts: after the limit even the right password gets 429", async () => {
    const client = new HttpClient(server.url);
    // The limit is 10 attempts per address and email per window (an earlier test's login counts).
    let refused = 0;
    for (let i = 0; i < 10; i++) {
      const res = await client.login(DEMO_LOGIN.viewerEmail, `wrong password ${i}`);
      if (res.status === 429) break;
      expect(res.status).toBe(400);
      refused++;
    }
    expect(refused).toBeGreaterThanOrEqual(8);
    const blocked = await client.login(DEMO_LOGIN.viewerEmail, DEMO_LOGIN.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(text(await blocked.text())).toMatch(/Too many login attempts/);
    // other accounts are not affected
    expect((await new HttpClient(server.url).login(DEMO_LOGIN.email, DEMO_LOGIN.password)).status).toBe(302);
  });
});
