/**
 * Who may see or change a study. The owner is a researcher; StudyMember rows share a
 * study with viewers (PMMs, read the study and its results) or editors (may also change it).
 * Only the owner manages members. The user always comes from the session, never from form
 * data; a study the user may not see answers 404, so ids cannot be probed.
 */
import { data } from "@remix-run/node";
import { db } from "../db.server.ts";
import { parseMemberRole, type StudyRole } from "../domain/status.ts";
import { requireUser, type SessionUser } from "./session.server.ts";

export type { StudyRole };
/** "view": see the study; "edit": change it; "manage": share it (members). */
export type StudyAccessLevel = "view" | "edit" | "manage";

export async function studyRoleOf(userId: string, studyId: string): Promise<StudyRole | null> {
  const study = await db.study.findUnique({
    where: { id: studyId },
    select: { ownerId: true, members: { where: { userId }, select: { role: true } } },
  });
  if (!study) return null;
  if (study.ownerId === userId) return "owner";
  const member = study.members[0];
  return member ? parseMemberRole(member.role) : null;
}

export function canEdit(role: StudyRole | null): boolean {
  return role === "owner" || role === "editor";
}

export function canManage(role: StudyRole | null): boolean {
  return role === "owner";
}

export function notFound(message = "Study not found") {
  return data({ message }, { status: 404 });
}

export async function requireStudyAccess(
  request: Request,
  studyId: string | undefined,
  level: StudyAccessLevel = "view",
): Promise<{ user: SessionUser; studyId: string; role: StudyRole; canEdit: boolean; canManage: boolean }> {
  const user = await requireUser(request);
  const role = studyId ? await studyRoleOf(user.id, studyId) : null;
  if (!studyId || !role) throw notFound();
  if (level === "edit" && !canEdit(role))
    throw data({ message: "You can view this study but not change it." }, { status: 403 });
  if (level === "manage" && !canManage(role))
    throw data({ message: "Only the study's owner can manage who has access." }, { status: 403 });
  return { user, studyId, role, canEdit: canEdit(role), canManage: canManage(role) };
}

export async function requireResearcher(request: Request) {
  const user = await requireUser(request);
  if (user.role !== "researcher") throw data({ message: "Only researchers can do this." }, { status: 403 });
  return user;
}

/** Studies the user may open, newest first. */
export function visibleStudiesWhere(userId: string) {
  return { OR: [{ ownerId: userId }, { members: { some: { userId } } }] };
}
