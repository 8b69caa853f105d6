/**
 * Email-address verification: a study sends invitations and reminders only once its
 * owner confirmed their address, so nobody can sign up and mail arbitrary addresses in
 * Valuestack's name. Sign-up queues a verification email (AccountEmail, sent by the outbox
 * worker); the link carries a capability token of its own (salt + hash stored, like the
 * survey links); opening it marks the address verified and spends the token.
 */
import { randomUUID } from "node:crypto";
import { publicUrl } from "../config.server.ts";
import { db } from "../db.server.ts";
import { hashToken, looksLikeToken } from "../respondents/tokens.server.ts";
import { capabilityMatches, newCapability } from "./capabilityTokens.server.ts";

export function verificationUrl(token: string): string {
  return `${publicUrl()}/verify-email/${token}`;
}

/** How long a new verification email waits after the previous one (against resend floods). */
export const VERIFICATION_RESEND_MS = 60_000;

/**
 * Queues a verification email with a fresh link (the previous link stops working). Does
 * nothing for a verified user, or when one was queued less than a minute ago.
 */
export async function queueVerificationEmail(userId: string): Promise<"queued" | "verified" | "too_soon"> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { emailVerifiedAt: true } });
  if (user.emailVerifiedAt) return "verified";
  const recent = await db.accountEmail.findFirst({
    where: { userId, kind: "verify_email", createdAt: { gt: new Date(Date.now() - VERIFICATION_RESEND_MS) } },
    select: { id: true },
  });
  if (recent) return "too_soon";
  const link = newCapability("verify");
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { emailVerifySalt: link.salt, emailVerifyHash: link.hash } }),
    db.accountEmail.create({ data: { id: randomUUID(), userId, kind: "verify_email" } }),
  ]);
  return "queued";
}

/** Opens a verification link: the user whose address it verified, or null (unknown or used). */
export async function verifyEmailToken(token: string | undefined): Promise<{ email: string } | null> {
  if (!looksLikeToken(token)) return null;
  const user = await db.user.findUnique({
    where: { emailVerifyHash: hashToken(token) },
    select: { id: true, email: true, emailVerifySalt: true },
  });
  if (!user || !capabilityMatches("verify", token, user.emailVerifySalt)) return null;
  await db.user.update({
    where: { id: user.id },
    data: { emailVerifiedAt: new Date(), emailVerifyHash: null },
  });
  return { email: user.email };
}

export interface SenderState {
  verified: boolean;
  ownerEmail: string;
  ownerId: string;
}

export async function studySender(studyId: string): Promise<SenderState> {
  const study = await db.study.findUniqueOrThrow({
    where: { id: studyId },
    select: { owner: { select: { id: true, email: true, emailVerifiedAt: true } } },
  });
  return { verified: !!study.owner.emailVerifiedAt, ownerEmail: study.owner.email, ownerId: study.owner.id };
}

/** Why this study may not send mail yet (for the person asking), or null when it may. */
export function sendingRefusal(sender: SenderState, userId: string): string | null {
  if (sender.verified) return null;
  return sender.ownerId === userId
    ? `Confirm your email address first: open the link we sent to ${sender.ownerEmail}. Until then this study cannot send invitations or reminders.`
    : `The study owner (${sender.ownerEmail}) has not confirmed their email address yet. Until then this study cannot send invitations or reminders.`;
}
