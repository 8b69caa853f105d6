/**
 * Behind proxies that append to X-Forwarded-For (nginx's default), TRUST_PROXY is the number
 * of proxies, and the client is the right-most address they did not write themselves: a
 * client cannot pick its own rate-limit key. Logins are limited per address as well as per
 * address and email, so rotating emails does not help either.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddressOf } from "../../app/security/http.server.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { startApp, type TestApp } from "../helpers/app.ts";
import type { TestServer } from "../helpers/server.ts";
import { loginForm } from "./helpers.ts";

describe("client address behind proxies", () => {
  it("takes the right-most address not written by a trusted proxy", () => {
    // nginx appended the real client (203.0.113.7) to what the client sent
    expect(clientAddressOf("127.0.0.1", "6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
    // two proxies: CDN appended the client, nginx appended the CDN
    expect(clientAddressOf("127.0.0.1", "6.6.6.6, 203.0.113.7, 198.51.100.2", 2)).toBe("203.0.113.7");
    expect(clientAddressOf("127.0.0.1", ["6.6.6.6", "203.0.113.7"], 1)).toBe("203.0.113.7");
    // no proxy trusted: the header is ignored
    expect(clientAddressOf("::ffff:127.0.0.1", "6.6.6.6", 0)).toBe("127.0.0.1");
    // fewer addresses than hops: the left-most there is
    expect(clientAddressOf("127.0.0.1", undefined, 1)).toBe("127.0.0.1");
  });
});

describe("login throttling behind one proxy (TRUST_PROXY=1)", () => {
  let app: TestApp;
  let server: TestServer;

  beforeAll(async () => {
    app = await startApp("sqlite", {
      VALUESTACK_WORKERS: "0",
      TRUST_PROXY: "1",
      LOGIN_RATE_LIMIT: "3",
      LOGIN_ADDRESS_RATE_LIMIT: "6",
    });
    ({ server } = app);
  });
  afterAll(() => app?.stop());

  /** As nginx forwards it: what the client sent, then the address nginx saw. */
  const login = (realClient: string, spoofed: string | null, email: string, password = "wrong password") =>
    fetch(`${server.url}/login`, {
      method: "POST",
      headers: {
        origin: server.url,
        "x-forwarded-for": spoofed ? `${spoofed}, ${realClient}` : realClient,
      },
      body: loginForm(email, password),
      redirect: "manual",
    });

  it("throttles a client that writes a new X-Forwarded-For on every attempt", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await login("203.0.113.7", `10.0.0.${i}`, DEMO_LOGIN.email);
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
  });

  it("throttles one address rotating emails, and not another address", async () => {
    const statuses: number[] = [];
    let last = "";
    for (let i = 0; i < 7; i++) {
      const res = await login("203.0.113.8", null, `rotate${i}@example.com`);
      last = await res.text();
      statuses.push(res.status);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400, 429]);
    expect(last).toContain("Too many login attempts");
    const other = await login("203.0.113.9", null, DEMO_LOGIN.email, DEMO_LOGIN.password);
    expect(other.status).toBe(302);
  });
});
