/**
 * Respondent link tokens (capability URLs). A token is base64url(HMAC-SHA256(LINK_SECRET,
 * purpose + salt)): 256 bits, URL-safe, derived from a random per-row salt (16 bytes from
 * crypto.randomBytes). The database stores the salt and SHA-256(token) only, so a database
 * leak alone reveals no link, yet the outbox worker can re-derive the link at send time.
 * A new salt revokes the old link.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { linkSecret } from "../env.server.ts";

export type TokenPurpose = "respondent" | "panel";

/** base64url of 32 bytes: 43 characters of [A-Za-z0-9_-]. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSalt(): string {
  return randomBytes(16).toString("base64url");
}

export function tokenFromSalt(salt: string, purpose: TokenPurpose = "respondent", secret = linkSecret()): string {
  if (!salt) throw new Error("no link salt");
  return createHmac("sha256", secret).update(`${purpose}:${salt}`).digest("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A fresh salt with the hash of its token, ready to store. */
export function newLink(purpose: TokenPurpose = "respondent", secret = linkSecret()) {
  const salt = newSalt();
  const token = tokenFromSalt(salt, purpose, secret);
  return { salt, token, hash: hashToken(token) };
}

export function looksLikeToken(token: string | undefined): token is string {
  return typeof token === "string" && TOKEN_PATTERN.test(token);
}

/** Constant-time check that `token` is the one derived from `salt`. */
export function tokenMatches(token: string, salt: string, purpose: TokenPurpose = "respondent"): boolean {
  if (!salt || !looksLikeToken(token)) return false;
  const expected = Buffer.from(tokenFromSalt(salt, purpose));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
