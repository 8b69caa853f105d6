/**
 * Segment quotas. The rule (shown in the segments builder, QUOTA_RULE):
 *
 *   quota = the most completes the segment may have. A new respondent is let in only while
 *   completes + respondents still answering are below the quota.
 *
 * So everyone let in can finish (a completion is never refused) and, even if all of them do,
 * completes never exceed the quota. Respondents who stop half-way keep their place; raising the
 * quota (or revoking their link) lets more in. Lowering it below the places already taken only
 * stops new starts.
 *
 * Exact under concurrency: `admitInto` runs inside the transaction that records the start. Its
 * first statement writes the segment row (a no-op UPDATE), which takes PostgreSQL's row lock
 * and SQLite's write lock, so two starts in one segment are decided one after the other, each
 * counting the places the other just took.
 */
import { db, type Prisma } from "../db.server.ts";
import { RespondentStatus } from "../domain/status.ts";

export const QUOTA_RULE =
  "The quota is the most completes this segment may have. A new respondent is let in only while completes plus " +
  "respondents still answering are below the quota, so everyone let in can finish and completes never exceed it. " +
  "People who stop half-way keep their place; raise the quota to let more in.";

/** Respondent statuses that hold a place in their segment's quota. */
export const HOLDS_PLACE: string[] = [RespondentStatus.started, RespondentStatus.completed];

/** Interactive transactions wait behind other survey writes; give them room under load. */
export const QUOTA_TX = { maxWait: 15_000, timeout: 15_000 } as const;

/** Places taken in a segment: its respondents answering or done. */
export function placesTaken(client: Pick<Prisma.TransactionClient, "respondent">, segmentId: string) {
  return client.respondent.count({ where: { segmentId, status: { in: HOLDS_PLACE } } });
}

/**
 * Inside a transaction: locks the segment and says whether one more respondent may start in it.
 * The caller records the start (or the refusal) in the same transaction.
 */
export async function admitInto(tx: Prisma.TransactionClient, segmentId: string): Promise<boolean> {
  // the lock and the quota in one round trip: the lock is held until the caller's commit
  const [segment] = await tx.$queryRaw<Array<{ quota: number | bigint | null }>>`
    UPDATE "Segment" SET "quota" = "quota" WHERE "id" = ${segmentId} RETURNING "quota"`;
  if (!segment || segment.quota === null) return true;
  return (await placesTaken(tx, segmentId)) < Number(segment.quota);
}

/** Without a lock, for what a page shows: whether the segment takes no new respondents now. */
export async function segmentFull(segmentId: string): Promise<boolean> {
  const segment = await db.segment.findUnique({ where: { id: segmentId }, select: { quota: true } });
  if (!segment || segment.quota === null) return false;
  return (await placesTaken(db, segmentId)) >= segment.quota;
}

/** Ids of the study's segments whose quota is full (for invitations and reminders). */
export async function fullSegmentIds(studyId: string): Promise<string[]> {
  const segments = await db.segment.findMany({
    where: { studyId, quota: { not: null } },
    select: { id: true, quota: true },
  });
  const full: string[] = [];
  for (const s of segments) if ((await placesTaken(db, s.id)) >= (s.quota ?? Number.POSITIVE_INFINITY)) full.push(s.id);
  return full;
}
