/**
 * The email outbox. Routes never call nodemailer: they write EmailOutbox rows (in the same
 * transaction as the change that causes them; who gets what is app/email/queue.server.ts),
 * and this worker sends them. Account emails (address verification) are AccountEmail rows,
 * sent by the same worker with the same rules, and so are invitations to join a study
 * (StudyInviteEmail, app/members/members.server.ts).
 *
 * - Claiming is atomic: PostgreSQL `FOR UPDATE SKIP LOCKED`; SQLite a conditional
 *   `UPDATE … WHERE status = 'queued'` (one statement, so two processes never both win a row).
 *   Each claim carries a random `lockedBy`, so a worker only ever acts on its own rows.
 * - Fair share: a batch takes due rows round-robin across studies (each study's oldest
 *   first), so one study's 10,000 invitations do not hold up another study's five.
 * - A row becomes `sent` only after the SMTP server accepted the message (its message id is
 *   recorded). 4xx replies are retried with capped exponential backoff (MAIL_RETRY_BASE_MS …
 *   MAIL_RETRY_MAX_MS) up to MAIL_MAX_ATTEMPTS; 5xx marks the row `failed`, and 550/554 also
 *   marks the address bounced. When the SMTP server cannot be reached at all (connection,
 *   TLS, authentication or 421 "not available"), the message is not at fault: the row stays
 *   queued with the same backoff, and such failures never count toward MAIL_MAX_ATTEMPTS.
 * - Rows left `sending` by a crashed process go back to `queued` after
 *   MAIL_SENDING_TIMEOUT_MS. So after a crash (kill -9) the message that was in flight at that
 *   moment may be sent twice; every other message is sent exactly once.
 * - Unsubscribed or revoked respondents get nothing, nor do respondents who have not started
 *   and whose segment's quota is full (app/survey/quota.server.ts); reminders are cancelled for
 *   respondents who completed meanwhile, whose address bounced, or whose invitation was
 *   never sent.
 */
import { randomBytes } from "node:crypto";
import { emailSchema } from "../auth/accounts.server.ts";
import { databaseUrl, mailSettings, providerOf } from "../env.server.ts";
import { db } from "../db.server.ts";
import { surveyUrl } from "../respondents/links.server.ts";
import { tokenFromSalt } from "../respondents/tokens.server.ts";
import { fullSegmentIds } from "../survey/quota.server.ts";
import { unsubscribeTokenFor, unsubscribeUrl } from "../respondents/unsubscribe.server.ts";
import { capabilityToken } from "./capabilityTokens.server.ts";
import { negotiateLanguage, studyLanguages } from "../i18n/languages.ts";
import { INVITE_RESEND_MS, inviteUrl } from "../members/members.server.ts";
import {
  renderMemberInviteEmail,
  renderSurveyEmail,
  renderVerificationEmail,
  type EmailContent,
} from "./templates.server.ts";
import { createMailer, type Mailer } from "./transport.server.ts";
import { verificationUrl } from "./verification.server.ts";
import {
  FINISHED_SURVEY_STATUSES,
  OutboxStatus,
  parseMemberRole,
  RespondentStatus,
  StudyStatus,
} from "../domain/status.ts";

export { queueEmails, type EmailKind } from "./queue.server.ts";

export interface BatchResult {
  claimed: number;
  sent: number;
  retried: number;
  /** the SMTP server could not be reached: still queued, no attempt counted */
  deferred: number;
  failed: number;
  cancelled: number;
  requeued: number;
}

let sharedMailer: Mailer | null = null;
function mailer(): Mailer {
  sharedMailer ??= createMailer();
  return sharedMailer;
}

/**
 * Delay before retry number `attempts` (1 = after the first failure): retryBaseMs doubling
 * per attempt, ±20 % jitter so a crowd of failed rows does not retry in lock-step, and never
 * more than retryMaxMs.
 */
export function backoffMs(
  attempts: number,
  settings: Pick<ReturnType<typeof mailSettings>, "retryBaseMs" | "retryMaxMs"> = mailSettings(),
  random = Math.random,
): number {
  const n = Number.isFinite(attempts) ? Math.max(1, Math.floor(attempts)) : 1;
  const base = settings.retryBaseMs * 2 ** Math.min(n - 1, 40);
  return Math.max(0, Math.min(settings.retryMaxMs, Math.min(settings.retryMaxMs, base) * (0.8 + 0.4 * random())));
}

function replyCode(error: unknown): number | null {
  const code = (error as { responseCode?: unknown } | null | undefined)?.responseCode;
  return typeof code === "number" && Number.isInteger(code) ? code : null;
}

/** nodemailer's codes for "could not talk to the SMTP server at all", and the socket errors below them. */
const CONNECTION_ERROR_CODES = new Set([
  "ECONNECTION",
  "ETIMEDOUT",
  "ESOCKET",
  "EDNS",
  "ETLS",
  "EAUTH",
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EPIPE",
]);

/**
 * The SMTP server could not be reached or refused the session (connection, DNS, TLS,
 * authentication, 421 "service not available"): nothing about this message was wrong.
 */
export function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (typeof code === "string" && CONNECTION_ERROR_CODES.has(code)) return true;
  return replyCode(error) === 421;
}

/** Transient: 4xx replies (and connection problems). Permanent: 5xx replies. */
export function isPermanent(error: unknown): boolean {
  if (isConnectionFailure(error)) return false;
  const code = replyCode(error);
  return code !== null && code >= 500 && code < 600;
}

/** The recipient's server refused the address for good: later reminders skip it. */
export function isBounce(error: unknown): boolean {
  const code = replyCode(error);
  return !isConnectionFailure(error) && (code === 550 || code === 554);
}

type Settings = ReturnType<typeof mailSettings>;

/** What to record after a failed send, for either outbox table. */
function afterFailure(
  error: unknown,
  row: { attempts: number; connectionFailures: number },
  settings: Settings,
): { outcome: "deferred" | "retried" | "failed"; data: Record<string, unknown> } {
  const lastError = String((error as Error)?.message ?? error).slice(0, 500);
  const responseCode = replyCode(error);
  const requeue = { status: OutboxStatus.queued, lockedBy: null, lockedAt: null, lastError };
  if (isConnectionFailure(error)) {
    const connectionFailures = row.connectionFailures + 1;
    return {
      outcome: "deferred",
      data: {
        ...requeue,
        connectionFailures,
        nextAttemptAt: new Date(Date.now() + backoffMs(connectionFailures, settings)),
      },
    };
  }
  const attempts = row.attempts + 1;
  if (isPermanent(error) || attempts >= settings.maxAttempts)
    return {
      outcome: "failed",
      data: { status: OutboxStatus.failed, attempts, lastError, responseCode, lockedBy: null },
    };
  return {
    outcome: "retried",
    data: { ...requeue, attempts, responseCode, nextAttemptAt: new Date(Date.now() + backoffMs(attempts, settings)) },
  };
}

/** Up to `limit` due rows, round-robin across studies (each study's oldest first). */
async function claim(limit: number, now: Date): Promise<string> {
  const claimId = `${process.pid}-${randomBytes(6).toString("hex")}`;
  if (providerOf(databaseUrl()) === "postgresql") {
    const at = now.toISOString();
    await db.$executeRaw`
      WITH due AS (
        SELECT "id", "nextAttemptAt",
               row_number() OVER (PARTITION BY "studyId" ORDER BY "nextAttemptAt", "id") AS turn
        FROM "EmailOutbox"
        WHERE "status" = 'queued' AND "nextAttemptAt" <= ${at}::timestamp(3)
      ), picked AS (
        SELECT e."id" FROM "EmailOutbox" e JOIN due ON due."id" = e."id"
        WHERE due.turn <= ${limit} AND e."status" = 'queued'
        ORDER BY due.turn, due."nextAttemptAt", e."id"
        LIMIT ${limit}
        FOR UPDATE OF e SKIP LOCKED
      )
      UPDATE "EmailOutbox" SET "status" = 'sending', "lockedBy" = ${claimId}, "lockedAt" = ${at}::timestamp(3)
      WHERE "id" IN (SELECT "id" FROM picked) AND "status" = 'queued'`;
    return claimId;
  }
  const due = { status: OutboxStatus.queued, nextAttemptAt: { lte: now } };
  const studies = await db.emailOutbox.groupBy({
    by: ["studyId"],
    where: due,
    _min: { nextAttemptAt: true },
    orderBy: { _min: { nextAttemptAt: "asc" } },
    take: limit,
  });
  const perStudy = await Promise.all(
    studies.map((s) =>
      db.emailOutbox.findMany({
        where: { ...due, studyId: s.studyId },
        orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
        take: limit,
        select: { id: true },
      }),
    ),
  );
  const ids: string[] = [];
  for (let turn = 0; ids.length < limit && perStudy.some((rows) => rows.length > turn); turn++)
    for (const rows of perStudy) if (rows[turn] && ids.length < limit) ids.push(rows[turn].id);
  if (ids.length) {
    await db.emailOutbox.updateMany({
      where: { id: { in: ids }, status: OutboxStatus.queued },
      data: { status: OutboxStatus.sending, lockedBy: claimId, lockedAt: now },
    });
  }
  return claimId;
}

function cancelReasonFor(row: {
  kind: string;
  segmentFull: boolean;
  respondent: {
    email: string | null;
    tokenSalt: string;
    status: string;
    unsubscribedAt: Date | null;
    revokedAt: Date | null;
    bouncedAt: Date | null;
    outbox: Array<{ id: string }>;
  };
  study: { status: string };
}): string | null {
  const r = row.respondent;
  if (r.unsubscribedAt) return "unsubscribed";
  if (r.revokedAt || r.status === RespondentStatus.revoked) return "link revoked";
  if (!emailSchema.safeParse(r.email ?? "").success || /[\r\n]/.test(r.email ?? "")) return "invalid address";
  if (!r.tokenSalt) return "no link";
  if (row.study.status === StudyStatus.closed) return "study closed";
  if (row.segmentFull && r.status === RespondentStatus.invited) return "segment full";
  if (row.kind === "reminder") {
    if (FINISHED_SURVEY_STATUSES.includes(r.status)) return "already completed";
    if (r.bouncedAt) return "address bounced";
    if (!r.outbox.length) return "invitation not sent";
  }
  return null;
}

/** One round of the worker: requeue stale rows, claim due rows, send them, record results. */
export async function processOutboxBatch(
  options: { mailer?: Mailer; now?: Date; limit?: number } = {},
): Promise<BatchResult> {
  const settings = mailSettings();
  const now = options.now ?? new Date();
  const result: BatchResult = { claimed: 0, sent: 0, retried: 0, deferred: 0, failed: 0, cancelled: 0, requeued: 0 };
  const staleBefore = new Date(now.getTime() - settings.sendingTimeoutMs);
  const stale = await db.emailOutbox.updateMany({
    where: { status: OutboxStatus.sending, lockedAt: { lt: staleBefore } },
    data: { status: OutboxStatus.queued, lockedBy: null, lockedAt: null },
  });
  await db.accountEmail.updateMany({
    where: { status: OutboxStatus.sending, lockedAt: { lt: staleBefore } },
    data: { status: OutboxStatus.queued, lockedBy: null, lockedAt: null },
  });
  await db.studyInviteEmail.updateMany({
    where: { status: OutboxStatus.sending, lockedAt: { lt: staleBefore } },
    data: { status: OutboxStatus.queued, lockedBy: null, lockedAt: null },
  });
  result.requeued = stale.count;
  // never hold more rows in flight than a minute of the rate limit allows
  const limit = options.limit ?? Math.max(1, Math.min(settings.batchSize, Math.floor(settings.ratePerMinute)));
  const send = options.mailer ?? mailer();
  await processAccountEmails(send, settings, now, result);
  await processStudyInviteEmails(send, settings, now, result);
  const claimId = await claim(limit, now);
  const rows = await db.emailOutbox.findMany({
    where: { lockedBy: claimId, status: OutboxStatus.sending },
    select: {
      id: true,
      kind: true,
      attempts: true,
      connectionFailures: true,
      respondentId: true,
      studyId: true,
      respondent: {
        select: {
          segmentId: true,
          email: true,
          name: true,
          tokenSalt: true,
          status: true,
          unsubscribedAt: true,
          revokedAt: true,
          bouncedAt: true,
          unsubscribeSalt: true,
          language: true,
          // a reminder needs a delivered invitation
          outbox: { where: { kind: "invitation", status: OutboxStatus.sent }, take: 1, select: { id: true } },
        },
      },
      study: {
        select: {
          name: true,
          status: true,
          defaultLanguage: true,
          languages: true,
          translations: { where: { key: "study:name" }, select: { language: true, text: true } },
        },
      },
    },
  });
  result.claimed += rows.length;
  const full = new Set(
    (await Promise.all([...new Set(rows.map((r) => r.studyId))].map((id) => fullSegmentIds(id)))).flat(),
  );
  await Promise.all(
    rows.map(async (row) => {
      const mine = { id: row.id, lockedBy: claimId, status: OutboxStatus.sending };
      const r = row.respondent;
      const cancelReason = cancelReasonFor({ ...row, segmentFull: !!r.segmentId && full.has(r.segmentId) });
      if (cancelReason) {
        await db.emailOutbox.updateMany({
          where: mine,
          data: { status: OutboxStatus.cancelled, lastError: cancelReason, lockedBy: null },
        });
        result.cancelled++;
        return;
      }
      const unsubscribeLink = unsubscribeUrl(await unsubscribeTokenFor(row.respondentId, r.unsubscribeSalt));
      // the respondent's language (CSV column or their switch) among the study's, else the default
      const language = negotiateLanguage({
        chosen: r.language || null,
        available: studyLanguages(row.study.defaultLanguage, row.study.languages),
        fallback: row.study.defaultLanguage,
      });
      const content = renderSurveyEmail({
        kind: row.kind === "reminder" ? "reminder" : "invitation",
        language,
        studyName: row.study.translations.find((x) => x.language === language)?.text || row.study.name,
        name: r.name,
        link: surveyUrl(tokenFromSalt(r.tokenSalt)),
        unsubscribeLink,
      });
      try {
        const info = await deliver(send, settings, row.id, emailSchema.parse(r.email), content, {
          "List-Unsubscribe": `<${unsubscribeLink}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          "X-Valuestack-Outbox-Id": row.id,
        });
        await db.emailOutbox.updateMany({
          where: mine,
          data: {
            status: OutboxStatus.sent,
            sentAt: new Date(),
            messageId: info.messageId,
            attempts: row.attempts + 1,
            lastError: null,
            responseCode: null,
            lockedBy: null,
          },
        });
        if (r.bouncedAt) await db.respondent.updateMany({ where: { id: row.respondentId }, data: { bouncedAt: null } });
        result.sent++;
      } catch (e) {
        const next = afterFailure(e, row, settings);
        await db.emailOutbox.updateMany({ where: mine, data: next.data });
        if (next.outcome === "failed" && isBounce(e))
          await db.respondent.updateMany({ where: { id: row.respondentId }, data: { bouncedAt: new Date() } });
        result[next.outcome]++;
      }
    }),
  );
  return result;
}

function deliver(
  send: Mailer,
  settings: Settings,
  id: string,
  to: string,
  content: EmailContent,
  headers: Record<string, string>,
) {
  return send.send({
    id,
    from: settings.from,
    to,
    subject: content.subject,
    text: content.text,
    html: content.html,
    headers,
  });
}

/** The `where` that matches a one-by-one row only while this process holds its claim. */
type Claimed = { id: string; lockedBy: string; status: OutboxStatus };

/** The two tables whose rows are claimed one by one: account emails and study invitations. */
interface OneByOneTable {
  findMany(args: {
    where: { status: OutboxStatus; nextAttemptAt: { lte: Date } };
    orderBy: { nextAttemptAt: "asc" };
    take: number;
    select: { id: true };
  }): PromiseLike<Array<{ id: string }>>;
  updateMany(args: {
    where: { id: string; status: OutboxStatus };
    data: { status: OutboxStatus; lockedBy: string; lockedAt: Date };
  }): PromiseLike<{ count: number }>;
}

/**
 * Claims up to ten due rows of `table`, each on its own with a conditional update (two processes
 * never both win a row), and hands every row this process won to `handle`, one after the other.
 */
async function forEachClaimed(
  table: OneByOneTable,
  now: Date,
  result: BatchResult,
  handle: (id: string, mine: Claimed) => Promise<void>,
) {
  const due = await table.findMany({
    where: { status: OutboxStatus.queued, nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: 10,
    select: { id: true },
  });
  const claimId = `${process.pid}-${randomBytes(6).toString("hex")}`;
  for (const { id } of due) {
    const { count } = await table.updateMany({
      where: { id, status: OutboxStatus.queued },
      data: { status: OutboxStatus.sending, lockedBy: claimId, lockedAt: now },
    });
    if (count !== 1) continue; // another process took it
    result.claimed++;
    await handle(id, { id, lockedBy: claimId, status: OutboxStatus.sending });
  }
}

/**
 * Sends one claimed account or invitation email and records the outcome with `mark` (an update of
 * the claimed row): `sent` with the SMTP message id, else what afterFailure says (these tables keep
 * no SMTP reply code). `header` names the row's id in the message, for tracing a message to its row.
 */
async function sendClaimed(
  send: Mailer,
  settings: Settings,
  result: BatchResult,
  email: {
    id: string;
    row: { attempts: number; connectionFailures: number };
    to: string;
    content: EmailContent;
    header: string;
  },
  mark: (data: Record<string, unknown>) => PromiseLike<unknown>,
) {
  try {
    const info = await deliver(send, settings, email.id, email.to, email.content, { [email.header]: email.id });
    await mark({
      status: OutboxStatus.sent,
      sentAt: new Date(),
      messageId: info.messageId,
      attempts: email.row.attempts + 1,
      lastError: null,
      lockedBy: null,
    });
    result.sent++;
  } catch (e) {
    const next = afterFailure(e, email.row, settings);
    const { responseCode: _code, ...data } = next.data;
    await mark(data);
    result[next.outcome]++;
  }
}

/** Verification emails: few, so each row is claimed on its own with a conditional update. */
async function processAccountEmails(send: Mailer, settings: Settings, now: Date, result: BatchResult) {
  await forEachClaimed(db.accountEmail, now, result, async (id, mine) => {
    const row = await db.accountEmail.findUniqueOrThrow({
      where: { id },
      select: {
        attempts: true,
        connectionFailures: true,
        user: { select: { email: true, name: true, emailVerifiedAt: true, emailVerifySalt: true } },
      },
    });
    const to = emailSchema.safeParse(row.user.email);
    if (row.user.emailVerifiedAt || !row.user.emailVerifySalt || !to.success) {
      await db.accountEmail.updateMany({
        where: mine,
        data: {
          status: OutboxStatus.cancelled,
          lastError: row.user.emailVerifiedAt ? "already verified" : "no link",
          lockedBy: null,
        },
      });
      result.cancelled++;
      return;
    }
    const content = renderVerificationEmail({
      name: row.user.name,
      link: verificationUrl(capabilityToken("verify", row.user.emailVerifySalt)),
    });
    await sendClaimed(
      send,
      settings,
      result,
      { id, row, to: to.data, content, header: "X-Valuestack-Account-Email-Id" },
      (data) => db.accountEmail.updateMany({ where: mine, data }),
    );
  });
}

/**
 * Invitations to join a study (app/members/members.server.ts), claimed one by one like account
 * emails. The link is re-derived from the invitation's salt, so it is the invitation's current
 * link; a row is cancelled when the invitation was accepted or cancelled meanwhile, when the
 * study's owner has not confirmed their address, or when the same invitation went out moments ago.
 */
async function processStudyInviteEmails(send: Mailer, settings: Settings, now: Date, result: BatchResult) {
  await forEachClaimed(db.studyInviteEmail, now, result, async (id, mine) => {
    const row = await db.studyInviteEmail.findUniqueOrThrow({
      where: { id },
      select: {
        attempts: true,
        connectionFailures: true,
        inviteId: true,
        invite: {
          select: {
            email: true,
            role: true,
            tokenSalt: true,
            acceptedAt: true,
            invitedBy: { select: { name: true, email: true } },
            study: { select: { name: true, owner: { select: { emailVerifiedAt: true } } } },
          },
        },
      },
    });
    const invite = row.invite;
    const to = emailSchema.safeParse(invite?.email);
    const twin =
      row.inviteId &&
      (await db.studyInviteEmail.findFirst({
        where: {
          inviteId: row.inviteId,
          id: { not: id },
          status: OutboxStatus.sent,
          sentAt: { gt: new Date(now.getTime() - INVITE_RESEND_MS) },
        },
        select: { id: true },
      }));
    const reason = !invite
      ? "invitation cancelled"
      : invite.acceptedAt
        ? "invitation already accepted"
        : !invite.study.owner.emailVerifiedAt
          ? "the study owner has not confirmed their email address"
          : !invite.tokenSalt || !to.success
            ? "no link"
            : twin
              ? "sent moments ago"
              : null;
    if (reason || !invite || !to.success) {
      await db.studyInviteEmail.updateMany({
        where: mine,
        data: { status: OutboxStatus.cancelled, lastError: reason, lockedBy: null },
      });
      result.cancelled++;
      return;
    }
    const content = renderMemberInviteEmail({
      inviterName: invite.invitedBy.name,
      inviterEmail: invite.invitedBy.email,
      studyName: invite.study.name,
      role: parseMemberRole(invite.role),
      link: inviteUrl(capabilityToken("invite", invite.tokenSalt)),
    });
    await sendClaimed(
      send,
      settings,
      result,
      { id, row, to: to.data, content, header: "X-Valuestack-Invite-Email-Id" },
      (data) => db.studyInviteEmail.updateMany({ where: mine, data }),
    );
  });
}

/** The background worker (registered in app/startup.server.ts). */
export function startOutboxWorker() {
  const { pollMs } = mailSettings();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    if (stopped) return;
    let busy = false;
    try {
      const batch = processOutboxBatch();
      running = batch;
      const r = await batch;
      // keep going while mail goes out; after a failed connection wait for the next poll
      busy = r.claimed > 0 && r.deferred === 0;
    } catch (e) {
      console.error(`email outbox: ${(e as Error).message}`);
    }
    if (!stopped) timer = setTimeout(tick, busy ? 10 : pollMs);
  };
  timer = setTimeout(tick, 100);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => undefined);
      sharedMailer?.close();
      sharedMailer = null;
    },
  };
}
