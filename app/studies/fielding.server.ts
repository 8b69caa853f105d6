/**
 * The fielding dashboard's numbers for a launched study. Reads only counts and timestamps (no answers, no
 * addresses unless the caller may see contacts). The dashboard polls this while open, so the result is kept in
 * memory per process keyed by a cheap fingerprint of the study's activity (answers stored, responses, outbox rows
 * by status, bounces): an unchanged study costs three small queries per poll.
 *
 * "Flagged respondents" is the results page's respondent-quality gate (fieldingQuality.server.ts). It depends only
 * on completed respondents, so it is recomputed only when a respondent completes (or the settings or segments
 * change), not with every start or email. While its MaxDiff fit check waits for Hierarchical Bayes, each poll also
 * reads which HB run finished last (one indexed row) and gates again when that changes.
 */
import { db } from "../db.server.ts";
import { OutboxStatus, ResponseStatus, StudyStatus } from "../domain/status.ts";
import { type QualityView, qualityView, respondentNames } from "../results/quality.server.ts";
import { placesTaken } from "../survey/quota.server.ts";
import { type FieldingGate, fieldingGate, latestHbRun } from "./fieldingQuality.server.ts";
import {
  cumulativeByDay,
  dayOf,
  invitationWaves,
  median,
  pageFunnel,
  type PageFunnelRow,
  type Projection,
  projectCompletion,
  type Wave,
} from "./fieldingStats.ts";

export interface FieldingSegment {
  key: string;
  name: string;
  target: number;
  completes: number;
  quota: number | null;
  /** Started + completed respondents holding a quota place. */
  placesTaken: number;
  projection: Projection;
}

export interface FieldingData {
  status: string;
  launchedAt: string | null;
  segments: FieldingSegment[];
  /** Cumulative completes per segment key per day (chart and table). */
  timeline: { days: string[]; values: Record<string, number[]> };
  waves: Wave[];
  medianMinutes: number | null;
  funnel: PageFunnelRow[];
  started: number;
  completed: number;
  emails: { sent: number; failed: number; bounced: number; queued: number };
  /** Bounced addresses (only for those who may see contacts; at most 20). */
  bouncedAddresses: string[] | null;
  /**
   * Flagged respondents: the results page's "Respondent quality" view of the gate (respondents named as there:
   * pseudonyms, and who it is for editors), and whether the MaxDiff fit check is done. Null for a draft.
   */
  quality: { view: QualityView | null; fit: FieldingGate["fit"]; error: string | null } | null;
  computedAt: string;
}

type Computed = Omit<FieldingData, "bouncedAddresses" | "quality">;
interface Entry {
  key: string;
  data: Computed;
  /** The gate changes only with completed respondents, the study's settings and its segments. */
  gateKey: string;
  gate: FieldingGate | null;
  /** The flagged respondents' names, once an editor asked (pseudonym → email or name). */
  names?: Map<string, string>;
}
/** Per study: the last computation and its fingerprints. */
const cache = new Map<string, Entry>();
const CACHE_MAX = 200;

async function fingerprint(studyId: string): Promise<{ all: string; gate: string }> {
  const [study, responses, outbox, bounced] = await Promise.all([
    db.study.findUniqueOrThrow({
      where: { id: studyId },
      select: { dataVersion: true, status: true, updatedAt: true },
    }),
    db.response.groupBy({ by: ["status"], where: { studyId }, _count: { _all: true } }),
    db.emailOutbox.groupBy({ by: ["status"], where: { studyId }, _count: { _all: true } }),
    db.respondent.count({ where: { studyId, bouncedAt: { not: null } } }),
  ]);
  const segs = await db.segment.findMany({
    where: { studyId },
    select: { key: true, targetN: true, quota: true, name: true },
  });
  // dataVersion moves with every completion; the completed count with deletions
  const completed = responses.find((r) => r.status === ResponseStatus.completed)?._count._all ?? 0;
  return {
    all: JSON.stringify([study, responses, outbox, bounced, segs, dayOf(new Date())]),
    gate: JSON.stringify([study, completed, segs]),
  };
}

/**
 * `canEdit`: the reader may edit the study, so flagged respondents show who they are (as on the results page);
 * `seeContacts`: the reader may see respondents' contacts, so bounced addresses are listed.
 */
export async function fieldingData(
  studyId: string,
  opts: { seeContacts: boolean; canEdit: boolean; now?: Date },
): Promise<FieldingData> {
  const now = opts.now ?? new Date();
  const fp = opts.now ? null : await fingerprint(studyId);
  const hit = fp ? cache.get(studyId) : undefined;
  let entry: Entry;
  if (fp && hit && hit.key === fp.all) entry = hit;
  else {
    const data = await compute(studyId, now);
    entry =
      fp && hit && hit.gateKey === fp.gate
        ? { ...hit, key: fp.all, data }
        : {
            key: fp?.all ?? "",
            data,
            gateKey: fp?.gate ?? "",
            gate: data.status === StudyStatus.draft ? null : await fieldingGate(studyId),
          };
  }
  // the fit check is pending and an HB run finished since: gate again (the fit counts only if that run is the
  // one for the current answers, as on the results page)
  if (entry.gate?.fit === "pending" && (await latestHbRun(studyId)) !== entry.gate.latestHb)
    entry = { ...entry, gate: await fieldingGate(studyId), names: undefined };
  if (fp && entry !== hit) {
    if (!hit && cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(studyId, entry);
  }
  const { gate, data } = entry;
  let quality: FieldingData["quality"] = null;
  if (gate) {
    let names: Map<string, string> | undefined;
    if (opts.canEdit && gate.report?.respondents.length) {
      names = entry.names ?? (await respondentNames(studyId, new Set(gate.report.respondents.map((r) => r.id))));
      entry.names = names;
    }
    quality = {
      view: gate.report
        ? await qualityView(
            studyId,
            { segments: gate.segments },
            { quality: gate.report, maxdiff: null },
            { segment: null, canEdit: opts.canEdit, names },
          )
        : null,
      fit: gate.fit,
      error: gate.error,
    };
  }
  const bouncedAddresses = opts.seeContacts
    ? (
        await db.respondent.findMany({
          where: { studyId, bouncedAt: { not: null }, email: { not: null } },
          select: { email: true },
          orderBy: { bouncedAt: "desc" },
          take: 20,
        })
      ).map((r) => r.email as string)
    : null;
  return { ...data, bouncedAddresses, quality };
}

async function compute(studyId: string, now: Date): Promise<Computed> {
  const [study, segments, completedRows, byStatus, pages, invitations, outbox, bounced] = await Promise.all([
    db.study.findUniqueOrThrow({ where: { id: studyId }, select: { status: true, launchedAt: true } }),
    db.segment.findMany({
      where: { studyId },
      orderBy: [{ sortOrder: "asc" }, { key: "asc" }],
      select: { id: true, key: true, name: true, targetN: true, quota: true },
    }),
    db.response.findMany({
      where: { studyId, status: ResponseStatus.completed },
      select: { startedAt: true, completedAt: true, updatedAt: true, respondent: { select: { segmentId: true } } },
    }),
    db.response.groupBy({ by: ["status"], where: { studyId }, _count: { _all: true } }),
    db.pageSubmission.groupBy({ by: ["page"], where: { response: { studyId } }, _count: { _all: true } }),
    db.emailOutbox.findMany({
      where: { studyId, kind: "invitation", status: OutboxStatus.sent, sentAt: { not: null } },
      select: { sentAt: true, respondent: { select: { status: true } } },
    }),
    db.emailOutbox.groupBy({ by: ["status"], where: { studyId }, _count: { _all: true } }),
    db.respondent.count({ where: { studyId, bouncedAt: { not: null } } }),
  ]);
  const doneAt = (r: (typeof completedRows)[number]) => r.completedAt ?? r.updatedAt;
  const segmentRows = await Promise.all(
    segments.map(async (s): Promise<FieldingSegment> => {
      const times = completedRows.filter((r) => r.respondent.segmentId === s.id).map(doneAt);
      return {
        key: s.key,
        name: s.name || s.key,
        target: s.targetN,
        completes: times.length,
        quota: s.quota,
        placesTaken: s.quota === null ? 0 : await placesTaken(db, s.id),
        projection: projectCompletion({
          completes: times.length,
          target: s.targetN,
          completedAt: times,
          launchedAt: study.launchedAt,
          now,
        }),
      };
    }),
  );
  const series: Record<string, string[]> = Object.fromEntries(
    segments.map((s) => [
      s.key,
      completedRows.filter((r) => r.respondent.segmentId === s.id).map((r) => dayOf(doneAt(r))),
    ]),
  );
  const count = (st: string) => byStatus.find((b) => b.status === st)?._count._all ?? 0;
  const started = byStatus.reduce((a, b) => a + b._count._all, 0);
  const outboxCount = (st: string) => outbox.find((b) => b.status === st)?._count._all ?? 0;
  return {
    status: study.status,
    launchedAt: study.launchedAt?.toISOString() ?? null,
    segments: segmentRows,
    timeline: cumulativeByDay(series),
    waves: invitationWaves(
      invitations.map((i) => ({ sentAt: i.sentAt as Date, respondentStatus: i.respondent.status })),
    ),
    medianMinutes: median(
      completedRows.map((r) => (doneAt(r).getTime() - r.startedAt.getTime()) / 60_000).filter((m) => m >= 0),
    ),
    funnel: pageFunnel(
      started,
      pages.map((p) => ({ page: p.page, count: p._count._all })),
      count(ResponseStatus.screenedOut) + count(ResponseStatus.overQuota),
    ),
    started,
    completed: count(ResponseStatus.completed),
    emails: {
      sent: outboxCount(OutboxStatus.sent),
      failed: outboxCount(OutboxStatus.failed),
      queued: outboxCount(OutboxStatus.queued) + outboxCount(OutboxStatus.sending),
      bounced,
    },
    computedAt: now.toISOString(),
  };
}
