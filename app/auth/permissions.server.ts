/**
 * Who may see or change a study. The owner is a researcher; StudyMember rows share a
 * study with viewers (PMMs, read results) or co-researchers (edit). The user always comes
 * from the session, never from form data; a study the user may not see answers 404, so
 * ids cannot be probed.
 */
import { json } from "@remix-run/node";
import { db } from "../db.server.ts";
import { requireUser, type SessionUser } from "./session.server.ts";

export type StudyRole = "owner" | "researcher" | "viewer";
export type StudyAccessLevel = "view" | "edit";

export async function studyRoleOf(userId: string, studyId: string): Promise<StudyRole | null> {
  const study = await db.study.findUnique({
    where: { id: studyId },
    select: { ownerId: true, members: { where: { userId }, select: { role: true } } },
  });
  if (!study) return null;
  if (study.ownerId === userId) return "owner";
  const member = study.members[0];
  if (!member) return null;
  return member.role === "researcher" ? "researcher" : "viewer";
}

export function canEdit(role: StudyRole | null, user: SessionUser): boolean {
  return (role === "owner" || role === "researcher") && user.role === "researcher";
}

export async function requireStudyAccess(
  request: Request,
  studyId: string | undefined,
  level: StudyAccessLevel = "view",
) {
  const user = await requireUser(request);
  const role = studyId ? await studyRoleOf(user.id, studyId) : null;
  if (!studyId || !role) throw json({ message: "Study not found" }, { status: 404 });
  if (level === "edit" && !canEdit(role, user))
    throw json({ message: "You can view this study but not change it." }, { status: 403 });
  return { user, studyId, role, canEdit: canEdit(role, user) };
}

export async function requireResearcher(request: Request) {
  const user = await requireUser(request);
  if (user.role !== "researcher") throw json({ message: "Only researchers can do this." }, { status: 403 });
  return user;
}

/** Studies the user may open, newest first. */
export function visibleStudiesWhere(userId: string) {
  return { OR: [{ ownerId: userId }, { members: { some: { userId } } }] };
}
