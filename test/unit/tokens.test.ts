/**
 * Respondent link tokens: 256-bit HMAC of a random salt, URL-safe, unique; only the salt and
 * the SHA-256 hash are stored; a token checks only against its own salt and purpose.
 */
import { describe, expect, it } from "vitest";
import {
  hashToken,
  looksLikeToken,
  newLink,
  tokenFromSalt,
  tokenMatches,
  TOKEN_PATTERN,
} from "../../app/respondents/tokens.server.ts";

const SECRET = "unit-test-link-secret-0123456789abcdef";
process.env.LINK_SECRET = SECRET;

describe("link tokens", () => {
  it("are 43 URL-safe characters (256 bits), unique over 10,000, and stored only as salt + hash", () => {
    const links = Array.from({ length: 10_000 }, () => newLink("respondent", SECRET));
    expect(links.every((l) => TOKEN_PATTERN.test(l.token))).toBe(true);
    expect(new Set(links.map((l) => l.token)).size).toBe(10_000);
    expect(new Set(links.map((l) => l.salt)).size).toBe(10_000);
    for (const l of links.slice(0, 100)) {
      expect(l.hash).toBe(hashToken(l.token));
      expect(l.hash).not.toContain(l.token);
      expect(l.salt).not.toBe(l.token);
    }
  });

  it("match only their own salt, purpose and secret", () => {
    const a = newLink("respondent", SECRET);
    const b = newLink("respondent", SECRET);
    expect(tokenMatches(a.token, a.salt)).toBe(true);
    expect(tokenMatches(a.token, b.salt)).toBe(false);
    expect(tokenMatches(a.token, a.salt, "panel")).toBe(false);
    expect(tokenFromSalt(a.salt, "respondent", "another-secret")).not.toBe(a.token);
    expect(tokenMatches(a.token.slice(0, 42), a.salt)).toBe(false);
    expect(tokenMatches("", a.salt)).toBe(false);
    expect(looksLikeToken("x".repeat(44))).toBe(false);
    expect(looksLikeToken("a/b".padEnd(43, "c"))).toBe(false);
  });
});
