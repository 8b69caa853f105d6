/**
 * Sharing a study. The owner adds a person by email: an existing account becomes a member at
 * once; an address without an account gets a pending invitation whose link (shown to the owner
 * once) makes whoever opens it signed in a member. Only the link token's hash is stored.
 */
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { emailSchema } from "../auth/accounts.server.ts";
import { publicUrl } from "../config.server.ts";
import { db, isUniqueViolation } from "../db.server.ts";
import { MEMBER_ROLES, type MemberRole, parseMemberRole } from "../domain/status.ts";

export const memberRoleField = z.enum(MEMBER_ROLES, { errorMap: () => ({ message: "Choose viewer or editor." }) });

export const inviteSchema = z.object({
  email: emailSchema,
  role: memberRoleField,
});

export const ROLE_LABELS: Record<MemberRole, string> = {
  viewer: "Viewer: sees the study and its results",
  editor: "Editor: may also change the study",
};

function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

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
  | { kind: "invited"; email: string; role: MemberRole; link: string }
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
  // A new link replaces any earlier invitation to the same address (the old link stops working).
  const token = randomBytes(24).toString("base64url");
  const tokenHash = hashInviteToken(token);
  try {
    await db.studyInvite.upsert({
      where: { studyId_email: { studyId, email: input.email } },
      create: { studyId, email: input.email, role: input.role, tokenHash, invitedById: inviterId },
      update: { role: input.role, tokenHash, invitedById: inviterId, acceptedAt: null, createdAt: new Date() },
    });
  } catch (e) {
    if (isUniqueViolation(e)) return { kind: "error", errors: { form: "Please try again." } };
    throw e;
  }
  return { kind: "invited", email: input.email, role: input.role, link: inviteUrl(token) };
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
    where: { tokenHash: hashInviteToken(token) },
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
