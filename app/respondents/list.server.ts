/** The researcher's view of respondents: counts and per-respondent email/survey status. */
import { z } from "zod";
import { db } from "../db.server.ts";

export const PAGE_SIZE = 100;

export async function respondentOverview(studyId: string, page: number) {
  page = z.number().int().min(1).max(1_000_000).catch(1).parse(page); // ?page=1e20 or 2.5 shows page 1, not a 500
  const [total, byStatus, unsubscribed, outbox, rows, segments, study] = await Promise.all([
    db.respondent.count({ where: { studyId } }),
    db.respondent.groupBy({ by: ["status"], where: { studyId }, _count: { _all: true } }),
    db.respondent.count({ where: { studyId, unsubscribedAt: { not: null } } }),
    db.emailOutbox.groupBy({ by: ["status"], where: { studyId }, _count: { _all: true } }),
    db.respondent.findMany({
      where: { studyId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        email: true,
        name: true,
        status: true,
        source: true,
        unsubscribedAt: true,
        revokedAt: true,
        tokenSalt: true,
        segment: { select: { name: true } },
        outbox: { orderBy: { createdAt: "desc" }, take: 1, select: { kind: true, status: true, lastError: true } },
      },
    }),
    db.segment.findMany({
      where: { studyId },
      orderBy: { sortOrder: "asc" },
      select: { id: true, key: true, name: true },
    }),
    db.study.findUniqueOrThrow({ where: { id: studyId }, select: { status: true, screenerQuestion: true } }),
  ]);
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    byStatus: Object.fromEntries(byStatus.map((r) => [r.status, r._count._all])) as Record<string, number>,
    unsubscribed,
    outbox: Object.fromEntries(outbox.map((r) => [r.status, r._count._all])) as Record<string, number>,
    segments,
    study,
    respondents: rows.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      segment: r.segment?.name ?? null,
      source: r.source,
      status: r.revokedAt ? "revoked" : r.status,
      email_status: r.outbox[0] ? `${r.outbox[0].kind} ${r.outbox[0].status}` : r.email ? "not invited" : "—",
      email_error: r.outbox[0]?.status === "failed" ? r.outbox[0].lastError : null,
      unsubscribed: !!r.unsubscribedAt,
    })),
  };
}
