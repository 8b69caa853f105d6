/**
 * Sharing a study. The owner adds a person by email: an existing account becomes a member at
 * once; an address without an account gets a pending invitation whose link makes whoever opens
 * it signed in a member. The link is emailed through the outbox (StudyInviteEmail, sent by
 * app/email/outbox.server.ts); while the study may not send mail (its owner has not confirmed
 * their address) it is shown to the owner instead. The link is a capability token derived from
 * a stored salt (app/email/capabilityTokens.server.ts, purpose "invite"): the database keeps
 * the salt and the token's hash, never the link (docs/decisions/member-invitation-emails.md).
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { emailSchema } from "../auth/accounts.server.ts";
import { publicUrl } from "../config.server.ts";
import { db, isUniqueViolation } from "../db.server.ts";
import { MEMBER_ROLES, type MemberRole, OutboxStatus, parseMemberRole } from "../domain/status.ts";
import { newCapability } from "../email/capabilityTokens.server.ts";
import { sendingRefusal, studySender } from "../email/verification.server.ts";
import { hashToken } from "../respondents/tokens.server.ts";

export const memberRoleField = z.enum(MEMBER_ROLES, { errorMap: () => ({ message: "Choose viewer or editor." }) });

export const inviteSchema = z.object({
  email: emailSchema,
  role: memberRoleField,
});

export const ROLE_LABELS: Record<MemberRole, string> = {
  viewer: "Viewer: sees the study and its results",
  editor: "Editor: may also change the study",
};

export function inviteUrl(token: string): string {
  return `${publicUrl()}/invite/${token}`;
}

export async function listMembers(studyId: string) {
  const [study, members, invites] = await Promise.all([
    db.study.findUniqueOrThrow({
      where: { id: studyId },
      select: { owner: { select: { name: true, email: true } } },
    }),
    db.studyMember.findMany({
      where: { studyId },
      orderBy: { createdAt: "asc" },
      select: { userId: true, role: true, createdAt: true, user: { select: { name: true, email: true } } },
    }),
    db.studyInvite.findMany({
      where: { studyId, acceptedAt: null },
      orderBy: { createdAt: "asc" },
      select: { id: true, email: true, role: true, createdAt: true },
    }),
  ]);
  return {
    owner: study.owner,
    members: members.map((m) => ({
      userId: m.userId,
      name: m.user.name,
      email: m.user.email,
      role: parseMemberRole(m.role),
      since: m.createdAt.toISOString(),
    })),
    invites: invites.map((i) => ({
      id: i.id,
      email: i.email,
      role: parseMemberRole(i.role),
      since: i.createdAt.toISOString(),
    })),
  };
}

export type AddOutcome =
  | { kind: "added"; name: string; email: string; role: MemberRole }
  /** emailed through the outbox now ("queued"), or moments ago and not again ("already", queued `at`) */
  | { kind: "invited"; email: string; role: MemberRole; emailed: "queued" | "already"; at?: string }
  /** not emailed: the study may not send mail yet (`refusal` says why), so the owner passes `link` on */
  | { kind: "invited"; email: string; role: MemberRole; link: string; refusal: string }
  | { kind: "error"; errors: Record<string, string> };

export async function addMember(
  studyId: string,
  inviterId: string,
  input: z.infer<typeof inviteSchema>,
): Promise<AddOutcome> {
  const study = await db.study.findUniqueOrThrow({ where: { id: studyId }, select: { ownerId: true } });
  const user = await db.user.findUnique({ where: { email: input.email }, select: { id: true, name: true } });
  if (user) {
    if (user.id === study.ownerId) return { kind: "error", errors: { email: "That is the study's owner." } };
    await db.$transaction([
      db.studyMember.upsert({
        where: { studyId_userId: { studyId, userId: user.id } },
        create: { studyId, userId: user.id, role: input.role },
        update: { role: input.role },
      }),
      db.studyInvite.deleteMany({ where: { studyId, email: input.email } }),
    ]);
    return { kind: "added", name: user.name, email: input.email, role: input.role };
  }
  const invite = await db.studyInvite.findUnique({
    where: { studyId_email: { studyId, email: input.email } },
    select: { id: true, tokenSalt: true, acceptedAt: true },
  });
  const sender = await studySender(studyId);
  const refusal = sendingRefusal(sender, inviterId);
  // Emailed (or waiting to be) moments ago: keep that link, do not send it again.
  if (invite && !invite.acceptedAt && invite.tokenSalt && !refusal) {
    const recent = await recentInviteEmail(invite.id);
    if (recent) {
      await db.studyInvite.update({ where: { id: invite.id }, data: { role: input.role, invitedById: inviterId } });
      return { kind: "invited", email: input.email, role: input.role, emailed: "already", at: recent.toISOString() };
    }
  }
  // A new link replaces any earlier invitation to the same address (the old link stops working).
  const link = newCapability("invite");
  const fields = { role: input.role, tokenHash: link.hash, tokenSalt: link.salt, invitedById: inviterId };
  try {
    const saved = await db.studyInvite.upsert({
      where: { studyId_email: { studyId, email: input.email } },
      create: { studyId, email: input.email, ...fields },
      update: { ...fields, acceptedAt: null, createdAt: new Date() },
      select: { id: true },
    });
    // A study sends no mail before its owner confirmed their address: then the owner passes the link on.
    if (refusal) return { kind: "invited", email: input.email, role: input.role, link: inviteUrl(link.token), refusal };
    await db.studyInviteEmail.create({
      data: { id: randomUUID(), studyId, inviteId: saved.id, email: input.email, role: input.role },
    });
  } catch (e) {
    if (isUniqueViolation(e)) return { kind: "error", errors: { form: "Please try again." } };
    throw e;
  }
  return { kind: "invited", email: input.email, role: input.role, emailed: "queued" };
}

/** How long an emailed invitation is not sent again when the owner adds the same address once more. */
export const INVITE_RESEND_MS = 10 * 60_000;

/** When the invitation's email was queued, if it is still waiting or went out within INVITE_RESEND_MS. */
export async function recentInviteEmail(inviteId: string, now = new Date()): Promise<Date | null> {
  const row = await db.studyInviteEmail.findFirst({
    where: {
      inviteId,
      OR: [
        { status: { in: [OutboxStatus.queued, OutboxStatus.sending] } },
        { status: OutboxStatus.sent, sentAt: { gt: new Date(now.getTime() - INVITE_RESEND_MS) } },
      ],
    },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  return row?.createdAt ?? null;
}

export async function changeMemberRole(studyId: string, userId: string, role: MemberRole): Promise<boolean> {
  const r = await db.studyMember.updateMany({ where: { studyId, userId }, data: { role } });
  return r.count > 0;
}

export async function removeMember(studyId: string, userId: string): Promise<boolean> {
  const r = await db.studyMember.deleteMany({ where: { studyId, userId } });
  return r.count > 0;
}

export async function cancelInvite(studyId: string, inviteId: string): Promise<boolean> {
  const r = await db.studyInvite.deleteMany({ where: { studyId, id: inviteId, acceptedAt: null } });
  return r.count > 0;
}

/** The pending invitation behind a link, or null (unknown, used or cancelled links look alike). */
export async function findInvite(token: string) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const invite = await db.studyInvite.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      studyId: true,
      email: true,
      role: true,
      acceptedAt: true,
      study: { select: { name: true, ownerId: true } },
      invitedBy: { select: { name: true } },
    },
  });
  if (!invite || invite.acceptedAt) return null;
  return { ...invite, role: parseMemberRole(invite.role) };
}

/** Whoever opens the link signed in becomes a member (an existing membership keeps the higher role). */
export async function acceptInvite(token: string, userId: string): Promise<{ studyId: string } | null> {
  const invite = await findInvite(token);
  if (!invite) return null;
  const used = await db.studyInvite.updateMany({
    where: { id: invite.id, acceptedAt: null },
    data: { acceptedAt: new Date() },
  });
  if (used.count === 0) return null;
  if (invite.study.ownerId === userId) return { studyId: invite.studyId };
  const existing = await db.studyMember.findUnique({
    where: { studyId_userId: { studyId: invite.studyId, userId } },
    select: { role: true },
  });
  const role = existing && parseMemberRole(existing.role) === "editor" ? "editor" : invite.role;
  await db.studyMember.upsert({
    where: { studyId_userId: { studyId: invite.studyId, userId } },
    create: { studyId: invite.studyId, userId, role },
    update: { role },
  });
  return { studyId: invite.studyId };
}
