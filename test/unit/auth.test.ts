import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../app/auth/password.server.ts";
import { safeRedirect } from "../../app/auth/session.server.ts";
import { isSameOrigin } from "../../app/security/http.server.ts";

describe("passwords", () => {
  it("hashes with scrypt, salted, and verifies without truncation", async () => {
    const long = "x".repeat(100);
    const a = await hashPassword(long);
    const b = await hashPassword(long);
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(long);
    expect(await verifyPassword(long, a)).toBe(true);
    expect(await verifyPassword(`${"x".repeat(99)}y`, a)).toBe(false); // bcrypt would accept this past 72 bytes
    expect(await verifyPassword(long, "garbage")).toBe(false);
  });
});

describe("safeRedirect", () => {
  it("keeps same-origin paths and drops everything else", () => {
    expect(safeRedirect("/studies/abc?x=1")).toBe("/studies/abc?x=1");
    for (const bad of [
      "//evil.com",
      "/\\evil.com",
      "http:evil.com",
      "https://evil.com",
      "evil",
      "/ok\r\nSet-Cookie:x",
      null,
      undefined,
    ]) {
      expect(safeRedirect(bad as string)).toBe("/studies");
    }
  });
});

describe("isSameOrigin", () => {
  const allowed = new Set(["http://127.0.0.1:3000"]);
  it("allows safe methods and same-origin posts, refuses others", () => {
    expect(isSameOrigin("GET", undefined, undefined, allowed)).toBe(true);
    expect(isSameOrigin("POST", "http://127.0.0.1:3000", undefined, allowed)).toBe(true);
    expect(isSameOrigin("POST", undefined, "http://127.0.0.1:3000/login", allowed)).toBe(true);
    expect(isSameOrigin("POST", "https://evil.com", "http://127.0.0.1:3000/", allowed)).toBe(false);
    expect(isSameOrigin("POST", "null", undefined, allowed)).toBe(false);
    expect(isSameOrigin("POST", undefined, undefined, allowed)).toBe(false);
    expect(isSameOrigin("DELETE", undefined, "not a url", allowed)).toBe(false);
  });
});
