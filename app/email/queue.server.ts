/**
 * Who gets which email, and queueing it. Every rule the respondents page shows
 * (app/respondents/status.ts) is enforced here, when a row is queued, and again by the
 * worker when it is sent (app/email/outbox.server.ts):
 *
 * - an invitation goes to a respondent with an address who was never invited (cancelled
 *   rows do not count), has not started, did not unsubscribe and whose link is not revoked;
 * - a failed invitation may be sent again on the researcher's request;
 * - a reminder goes only to a respondent whose invitation was sent, who has not finished,
 *   did not unsubscribe, whose address did not bounce, and who got no reminder within the
 *   chosen interval (nor has one waiting);
 * - neither goes to a respondent who has not started and whose segment's quota is full
 *   (app/survey/quota.server.ts): they could not start anyway. Respondents already answering
 *   hold a place and may finish, so they still get reminders.
 *
 * Each row carries a dedupe key (`<kind>:<respondent>:<n>`, n = that respondent's rows of
 * that kind so far); it is unique in the database, so a double click (two requests racing)
 * queues each email once.
 */
import { randomUUID } from "node:crypto";
import { db, isUniqueViolation, type Prisma } from "../db.server.ts";
import { fullSegmentIds } from "../survey/quota.server.ts";
import { OutboxStatus, RespondentStatus } from "../domain/status.ts";

export type EmailKind = "invitation" | "reminder";

export const DAY_MS = 24 * 60 * 60 * 1000;

interface Target {
  id: string;
  /** rows of this kind the respondent already has (any status) */
  previous: number;
}

function outboxRows(studyId: string, kind: EmailKind, targets: Target[]) {
  return targets.map((t) => ({
    id: randomUUID(),
    studyId,
    respondentId: t.id,
    kind,
    dedupeKey: `${kind}:${t.id}:${t.previous + 1}`,
  }));
}

/** First invitations for new respondents: pass the result to db.$transaction([...]) with the insert. */
export function queueEmails(studyId: string, respondentIds: string[], kind: EmailKind) {
  return db.emailOutbox.createMany({
    data: outboxRows(
      studyId,
      kind,
      respondentIds.map((id) => ({ id, previous: 0 })),
    ),
  });
}

/** Respondents who could be mailed at all. */
const mailable = (studyId: string) =>
  ({
    studyId,
    email: { not: null },
    unsubscribedAt: null,
    revokedAt: null,
    tokenSalt: { not: "" },
  }) satisfies Prisma.RespondentWhereInput;

const previousOf = (kind: EmailKind) => ({ _count: { select: { outbox: { where: { kind } } } } }) as const;

async function targets(where: Prisma.RespondentWhereInput, kind: EmailKind): Promise<Target[]> {
  const full = typeof where.studyId === "string" ? await fullSegmentIds(where.studyId) : [];
  // respondents without a segment (the screener decides) are still mailed
  const open: Prisma.RespondentWhereInput = full.length
    ? { OR: [{ segmentId: null }, { segmentId: { notIn: full } }, { status: RespondentStatus.started }] }
    : {};
  const rows = await db.respondent.findMany({
    where: { AND: [where, open] },
    select: { id: true, ...previousOf(kind) },
  });
  return rows.map((r) => ({ id: r.id, previous: r._count.outbox }));
}

export function invitationTargets(studyId: string) {
  return targets(
    {
      ...mailable(studyId),
      status: RespondentStatus.invited,
      outbox: { none: { kind: "invitation", status: { not: OutboxStatus.cancelled } } },
    },
    "invitation",
  );
}

/** Respondents whose invitation failed (bounced or given up) and was never delivered since. */
export function failedInvitationTargets(studyId: string) {
  return targets(
    {
      ...mailable(studyId),
      status: RespondentStatus.invited,
      outbox: {
        some: { kind: "invitation", status: OutboxStatus.failed },
        none: { kind: "invitation", status: { in: [OutboxStatus.sent, OutboxStatus.queued, OutboxStatus.sending] } },
      },
    },
    "invitation",
  );
}

export function reminderWhere(studyId: string, intervalDays: number, now = new Date()) {
  const since = new Date(now.getTime() - intervalDays * DAY_MS);
  return {
    ...mailable(studyId),
    bouncedAt: null,
    status: { in: [RespondentStatus.invited, RespondentStatus.started] },
    outbox: {
      some: { kind: "invitation", status: OutboxStatus.sent },
      none: {
        kind: "reminder",
        OR: [
          { status: { in: [OutboxStatus.queued, OutboxStatus.sending] } },
          { status: { not: OutboxStatus.cancelled }, createdAt: { gt: since } },
        ],
      },
    },
  } satisfies Prisma.RespondentWhereInput;
}

export function reminderTargets(studyId: string, intervalDays: number, now = new Date()) {
  return targets(reminderWhere(studyId, intervalDays, now), "reminder");
}

/** Queues one email per target; a concurrent request that queued them first wins, this one queues none. */
async function queueTargets(studyId: string, kind: EmailKind, find: () => Promise<Target[]>): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const found = await find();
    if (!found.length) return 0;
    try {
      for (let i = 0; i < found.length; i += 1000)
        await db.emailOutbox.createMany({ data: outboxRows(studyId, kind, found.slice(i, i + 1000)) });
      return found.length;
    } catch (e) {
      // another request queued (some of) them meanwhile: look again
      if (!isUniqueViolation(e) || attempt >= 3) throw e;
    }
  }
}

export const queueInvitations = (studyId: string) =>
  queueTargets(studyId, "invitation", () => invitationTargets(studyId));
export const queueFailedInvitations = (studyId: string) =>
  queueTargets(studyId, "invitation", () => failedInvitationTargets(studyId));
export const queueReminders = (studyId: string, intervalDays: number) =>
  queueTargets(studyId, "reminder", () => reminderTargets(studyId, intervalDays));
