/**
 * Single-purpose capability tokens besides the survey link: the unsubscribe link and the
 * email-verification link and the study-invitation link. Same scheme as app/respondents/tokens.server.ts: a random
 * 16-byte salt per row, token = base64url(HMAC-SHA256(LINK_SECRET, purpose + ":" + salt))
 * (256 bits), and the database keeps only the salt and SHA-256(token). The outbox worker
 * re-derives the token when it sends; a leaked database reveals no link.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { linkSecret } from "../config.server.ts";
import { hashToken, looksLikeToken, newSalt } from "../respondents/tokens.server.ts";

export type CapabilityPurpose = "unsubscribe" | "verify" | "invite";

export function capabilityToken(purpose: CapabilityPurpose, salt: string, secret = linkSecret()): string {
  if (!salt) throw new Error(`no ${purpose} salt`);
  return createHmac("sha256", secret).update(`${purpose}:${salt}`).digest("base64url");
}

/** A fresh salt and the hash of its token, ready to store. */
export function newCapability(purpose: CapabilityPurpose, secret = linkSecret()) {
  const salt = newSalt();
  const token = capabilityToken(purpose, salt, secret);
  return { salt, token, hash: hashToken(token) };
}

/** Constant-time check that `token` is the one derived from `salt` for `purpose`. */
export function capabilityMatches(purpose: CapabilityPurpose, token: string, salt: string): boolean {
  if (!salt || !looksLikeToken(token)) return false;
  const expected = Buffer.from(capabilityToken(purpose, salt));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
