/**
 * Odd but honest input gets a clear 4xx or simply works, never a 500: an uploaded file
 * named `contacts=v2.csv`, `?page=1e20` on the respondents list, `redirectTo` values with
 * unusual spaces or slashes, and a reverse proxy that rewrites Host (Origin names PUBLIC_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { DEMO_LOGIN, DEMO_STUDY_NAME } from "../../prisma/seed/demo.ts";
import { logInClient, startApp, type TestApp } from "../helpers/app.ts";
import { HttpClient, text } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";
import { loginForm } from "./helpers.ts";

const PUBLIC_URL = "https://research.example.test";

describe("clear errors instead of 500s", () => {
  let app: TestApp;
  let server: TestServer;
  let db: Db;
  let studyId: string;
  let researcher: HttpClient;

  beforeAll(async () => {
    app = await startApp("sqlite", { VALUESTACK_WORKERS: "0", PUBLIC_URL, LOGIN_RATE_LIMIT: "1000" });
    ({ server, db } = app);
    studyId = (await db.study.findFirstOrThrow({ where: { name: DEMO_STUDY_NAME } })).id;
    researcher = await logInClient(server.url);
  });
  afterAll(() => app?.stop());

  it("previews a CSV upload named contacts=v2.csv", async () => {
    const form = new FormData();
    form.set("intent", "preview");
    form.set("file", new File(["email,name,segment\nnew.person@example.com,New Person,tech\n"], "contacts=v2.csv"));
    const res = await researcher.post(`/studies/${studyId}/respondents`, form);
    const body = text(await res.text());
    expect(res.status).toBe(200);
    expect(body).toContain("Check of contacts_v2.csv");
  });

  it("refuses a multipart part without a field name with a clear 400", async () => {
    const boundary = "----abuse";
    const body = `--${boundary}\r\nContent-Disposition: form-data; filename="x.csv"\r\n\r\nemail\r\n--${boundary}--\r\n`;
    const res = await researcher.request(`/studies/${studyId}/respondents`, {
      method: "POST",
      body,
      headers: { origin: server.url, "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/could not be read/);
  });

  it("answers ?page=1e20 and other odd pages on the respondents list without an error", async () => {
    for (const page of ["1e20", "-5", "abc", "2.5", "99999999999"]) {
      const res = await researcher.get(`/studies/${studyId}/respondents?page=${page}`);
      expect(res.status, page).toBe(200);
      expect(text(await res.text())).toContain("Respondents");
    }
  });

  it("logs in with redirectTo values holding unusual spaces or slashes: a cookie for every session row", async () => {
    const odd = [
      "/studies\u3000x",
      "/studies\u00a0",
      "/ /evil.example",
      "/studies\u2028next",
      "/\u0000",
      "/studies?q=\u{1F600}",
      "/%2F%2Fevil.example",
      "/\\\\evil.example",
      "/.//evil.example",
      "/studies/../..//evil.example",
    ];
    const before = await db.session.count();
    let cookies = 0;
    for (const redirectTo of odd) {
      const client = new HttpClient(server.url);
      const res = await client.post("/login", loginForm(DEMO_LOGIN.email, DEMO_LOGIN.password, redirectTo));
      expect(res.status, JSON.stringify(redirectTo)).toBe(302);
      const location = res.headers.get("location") ?? "";
      expect(location, JSON.stringify(redirectTo)).toMatch(/^\/(?![/\\])/);
      expect(new URL(location, server.url).origin).toBe(server.url);
      if (client.cookies.has("vs_session")) cookies++;
      const next = await client.get(location);
      expect(next.status, location).toBeLessThan(500);
    }
    expect(cookies).toBe(odd.length);
    expect(await db.session.count()).toBe(before + cookies);
  }, 240_000);

  it("accepts posts behind a proxy that rewrites Host, when Origin is PUBLIC_URL", async () => {
    // The proxy forwards to 127.0.0.1:<port> with that as Host; the browser's Origin is PUBLIC_URL.
    const client = new HttpClient(server.url);
    const res = await client.post("/login", loginForm(DEMO_LOGIN.email, DEMO_LOGIN.password), { origin: PUBLIC_URL });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/studies");
    const created = await client.post(
      "/studies/new",
      { name: "Behind the proxy", currency: "EUR" },
      { origin: PUBLIC_URL },
    );
    expect(created.status).toBeLessThan(500);
    // another site is still refused
    const forged = await new HttpClient(server.url).post("/login", loginForm(DEMO_LOGIN.email, DEMO_LOGIN.password), {
      origin: "https://evil.example",
    });
    expect(forged.status).toBe(403);
  });
});
