/** Reading studies for the list and the study header. */
import { visibleStudiesWhere } from "../auth/permissions.server.ts";
import { db } from "../db.server.ts";
import { ResponseStatus } from "../domain/status.ts";

export async function listStudies(userId: string) {
  const studies = await db.study.findMany({
    where: visibleStudiesWhere(userId),
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      status: true,
      currency: true,
      createdAt: true,
      ownerId: true,
      owner: { select: { name: true } },
      _count: { select: { segments: true, respondents: true } },
    },
  });
  const completed = await db.response.groupBy({
    by: ["studyId"],
    where: { studyId: { in: studies.map((s) => s.id) }, status: ResponseStatus.completed },
    _count: { _all: true },
  });
  const completedBy = new Map(completed.map((c) => [c.studyId, c._count._all]));
  return studies.map((s) => ({
    id: s.id,
    name: s.name,
    status: s.status,
    currency: s.currency,
    createdAt: s.createdAt.toISOString(),
    owner: s.owner.name,
    mine: s.ownerId === userId,
    segments: s._count.segments,
    respondents: s._count.respondents,
    completed: completedBy.get(s.id) ?? 0,
  }));
}

export async function studyHeader(studyId: string) {
  return db.study.findUniqueOrThrow({
    where: { id: studyId },
    select: {
      id: true,
      name: true,
      status: true,
      currency: true,
      productDescription: true,
      launchedAt: true,
      closedAt: true,
    },
  });
}
