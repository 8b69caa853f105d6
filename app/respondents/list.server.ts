/**
 * The researcher's view of respondents: counts by status and one page of rows, both from
 * the one status model (app/respondents/status.ts). Contacts (ids, emails, names) are left
 * out entirely for viewers the owner did not allow to see them.
 */
import { z } from "zod";
import { db } from "../db.server.ts";
import { failedInvitationTargets, invitationTargets, reminderTargets } from "../email/queue.server.ts";
import {
  invitationState,
  RESPONDENT_STATUS_LABEL,
  RESPONDENT_STATUS_ORDER,
  RESPONDENT_STATUS_TONE,
  type RespondentStatus,
  respondentStatus,
} from "./status.ts";
import { OutboxStatus, parseOutboxStatus, parseRespondentStatus } from "../domain/status.ts";

export const PAGE_SIZE = 100;

/** Counts per status over the whole study (every respondent, not only this page). */
export async function statusCounts(studyId: string): Promise<Record<RespondentStatus, number>> {
  const [people, invitations] = await Promise.all([
    db.respondent.findMany({
      where: { studyId },
      select: {
        id: true,
        status: true,
        email: true,
        tokenSalt: true,
        unsubscribedAt: true,
        revokedAt: true,
        bouncedAt: true,
      },
    }),
    db.emailOutbox.groupBy({
      by: ["respondentId", "status"],
      where: { studyId, kind: "invitation" },
    }),
  ]);
  const invitationStatuses = new Map<string, OutboxStatus[]>();
  for (const i of invitations) {
    const list = invitationStatuses.get(i.respondentId) ?? [];
    list.push(parseOutboxStatus(i.status));
    invitationStatuses.set(i.respondentId, list);
  }
  const counts = Object.fromEntries(RESPONDENT_STATUS_ORDER.map((s) => [s, 0])) as Record<RespondentStatus, number>;
  for (const p of people) {
    counts[
      respondentStatus({
        surveyStatus: parseRespondentStatus(p.status),
        hasEmail: !!p.email,
        hasLink: !!p.tokenSalt,
        unsubscribed: !!p.unsubscribedAt,
        revoked: !!p.revokedAt,
        bounced: !!p.bouncedAt,
        invitation: invitationState(invitationStatuses.get(p.id) ?? []),
      })
    ]++;
  }
  return counts;
}

export interface RespondentRow {
  /** only when contacts are visible */
  id: string | null;
  email: string | null;
  name: string | null;
  anonymous: boolean;
  segment: string | null;
  source: string;
  status: RespondentStatus;
  statusLabel: string;
  tone: string;
  /** the latest email, e.g. "reminder sent 2026-11-30" */
  lastEmail: string | null;
  emailError: string | null;
}

export async function respondentOverview(
  studyId: string,
  page: number,
  opts: { contacts: boolean; reminderIntervalDays: number },
) {
  page = z.number().int().min(1).max(1_000_000).catch(1).parse(page); // ?page=1e20 or 2.5 shows page 1, not a 500
  const [total, counts, outbox, rows, segments, study, toInvite, failedInvitations, remindable] = await Promise.all([
    db.respondent.count({ where: { studyId } }),
    statusCounts(studyId),
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
        bouncedAt: true,
        tokenSalt: true,
        segment: { select: { name: true } },
        outbox: {
          orderBy: { createdAt: "desc" },
          select: { kind: true, status: true, lastError: true, sentAt: true },
        },
      },
    }),
    db.segment.findMany({
      where: { studyId },
      orderBy: { sortOrder: "asc" },
      select: { id: true, key: true, name: true },
    }),
    db.study.findUniqueOrThrow({ where: { id: studyId }, select: { status: true, screenerQuestion: true } }),
    invitationTargets(studyId),
    failedInvitationTargets(studyId),
    reminderTargets(studyId, opts.reminderIntervalDays),
  ]);
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    counts: RESPONDENT_STATUS_ORDER.map((s) => ({ status: s, label: RESPONDENT_STATUS_LABEL[s], count: counts[s] })),
    outbox: Object.fromEntries(outbox.map((r) => [r.status, r._count._all])) as Record<string, number>,
    segments,
    study,
    actions: {
      toInvite: toInvite.length,
      failedInvitations: failedInvitations.length,
      remindable: remindable.length,
      reminderIntervalDays: opts.reminderIntervalDays,
    },
    respondents: rows.map((r): RespondentRow => {
      const status = respondentStatus({
        surveyStatus: parseRespondentStatus(r.status),
        hasEmail: !!r.email,
        hasLink: !!r.tokenSalt,
        unsubscribed: !!r.unsubscribedAt,
        revoked: !!r.revokedAt,
        bounced: !!r.bouncedAt,
        invitation: invitationState(
          r.outbox.filter((o) => o.kind === "invitation").map((o) => parseOutboxStatus(o.status)),
        ),
      });
      const last = r.outbox[0];
      return {
        id: opts.contacts ? r.id : null,
        email: opts.contacts ? r.email : null,
        name: opts.contacts ? r.name : null,
        anonymous: !r.email,
        segment: r.segment?.name ?? null,
        source: r.source,
        status,
        statusLabel: RESPONDENT_STATUS_LABEL[status],
        tone: RESPONDENT_STATUS_TONE[status],
        lastEmail: last
          ? `${last.kind} ${last.status}${last.sentAt ? ` ${last.sentAt.toISOString().slice(0, 10)}` : ""}`
          : null,
        // the SMTP reply may quote the address
        emailError: opts.contacts && last?.status === OutboxStatus.failed ? last.lastError : null,
      };
    }),
  };
}
