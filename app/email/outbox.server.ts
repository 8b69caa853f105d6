/**
 * The email outbox. Routes never call nodemailer: they write EmailOutbox rows (in the same
 * transaction as the change that causes them, see app/respondents/*.server.ts), and this
 * worker sends them.
 *
 * - Claiming is atomic: PostgreSQL `FOR UPDATE SKIP LOCKED`; SQLite a conditional
 *   `UPDATE … WHERE status = 'queued'` (one statement, so two processes never both win a row).
 *   Each claim carries a random `lockedBy`, so a worker only ever acts on its own rows.
 * - A row becomes `sent` only after the SMTP server accepted the message (its message id is
 *   recorded). 4xx and connection errors are retried with capped exponential backoff
 *   (MAIL_RETRY_BASE_MS … MAIL_RETRY_MAX_MS, MAIL_MAX_ATTEMPTS); 5xx marks the row `failed`.
 * - Rows left `sending` by a crashed process go back to `queued` after
 *   MAIL_SENDING_TIMEOUT_MS. So after a crash (kill -9) the message that was in flight at that
 *   moment may be sent twice; every other message is sent exactly once.
 * - Unsubscribed or revoked respondents get nothing; reminders are cancelled for
 *   respondents who completed meanwhile.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { emailSchema } from "../auth/accounts.server.ts";
import { databaseUrl, mailSettings, providerOf } from "../env.server.ts";
import { db } from "../db.server.ts";
import { surveyUrl, unsubscribeUrl } from "../respondents/links.server.ts";
import { tokenFromSalt } from "../respondents/tokens.server.ts";
import { renderSurveyEmail } from "./templates.server.ts";
import { createMailer, type Mailer } from "./transport.server.ts";

export type EmailKind = "invitation" | "reminder";

/** Outbox rows for these respondents: pass the result to db.$transaction([...]) with the change. */
export function queueEmails(studyId: string, respondentIds: string[], kind: EmailKind) {
  return db.emailOutbox.createMany({
    data: respondentIds.map((respondentId) => ({ id: randomUUID(), studyId, respondentId, kind })),
  });
}

/** Respondents who may get an invitation now: have an email, not unsubscribed/revoked, never invited. */
export async function uninvitedRespondentIds(studyId: string): Promise<string[]> {
  const rows = await db.respondent.findMany({
    where: {
      studyId,
      email: { not: null },
      unsubscribedAt: null,
      revokedAt: null,
      tokenSalt: { not: "" },
      outbox: { none: { kind: "invitation" } },
    },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Reminder targets: invited or started, not unsubscribed, no reminder waiting already. */
export async function reminderTargetIds(studyId: string): Promise<string[]> {
  const rows = await db.respondent.findMany({
    where: {
      studyId,
      email: { not: null },
      unsubscribedAt: null,
      revokedAt: null,
      tokenSalt: { not: "" },
      status: { in: ["invited", "started"] },
      outbox: { none: { kind: "reminder", status: { in: ["queued", "sending"] } } },
    },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

export async function queueReminders(studyId: string): Promise<number> {
  const ids = await reminderTargetIds(studyId);
  if (ids.length) await queueEmails(studyId, ids, "reminder");
  return ids.length;
}

export async function queueInvitationsForUninvited(studyId: string): Promise<number> {
  const ids = await uninvitedRespondentIds(studyId);
  if (ids.length) await queueEmails(studyId, ids, "invitation");
  return ids.length;
}

export interface BatchResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
  requeued: number;
}

let sharedMailer: Mailer | null = null;
function mailer(): Mailer {
  return (sharedMailer ??= createMailer());
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

/** Transient: connection problems and 4xx replies. Permanent: 5xx replies. */
export function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null | undefined)?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

async function claim(limit: number, now: Date): Promise<string> {
  const claimId = `${process.pid}-${randomBytes(6).toString("hex")}`;
  if (providerOf(databaseUrl()) === "postgresql") {
    await db.$executeRaw`
      UPDATE "EmailOutbox" SET "status" = 'sending', "lockedBy" = ${claimId}, "lockedAt" = ${now.toISOString()}::timestamp(3)
      WHERE "id" IN (
        SELECT "id" FROM "EmailOutbox"
        WHERE "status" = 'queued' AND "nextAttemptAt" <= ${now.toISOString()}::timestamp(3)
        ORDER BY "nextAttemptAt" LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)`;
  } else {
    const candidates = await db.emailOutbox.findMany({
      where: { status: "queued", nextAttemptAt: { lte: now } },
      orderBy: { nextAttemptAt: "asc" },
      take: limit,
      select: { id: true },
    });
    if (candidates.length) {
      await db.emailOutbox.updateMany({
        where: { id: { in: candidates.map((c) => c.id) }, status: "queued" },
        data: { status: "sending", lockedBy: claimId, lockedAt: now },
      });
    }
  }
  return claimId;
}

/** One round of the worker: requeue stale rows, claim due rows, send them, record results. */
export async function processOutboxBatch(
  options: { mailer?: Mailer; now?: Date; limit?: number } = {},
): Promise<BatchResult> {
  const settings = mailSettings();
  const now = options.now ?? new Date();
  const result: BatchResult = { claimed: 0, sent: 0, retried: 0, failed: 0, cancelled: 0, requeued: 0 };
  const stale = await db.emailOutbox.updateMany({
    where: { status: "sending", lockedAt: { lt: new Date(now.getTime() - settings.sendingTimeoutMs) } },
    data: { status: "queued", lockedBy: null, lockedAt: null },
  });
  result.requeued = stale.count;
  // never hold more rows in flight than a minute of the rate limit allows
  const limit = options.limit ?? Math.max(1, Math.min(settings.batchSize, Math.floor(settings.ratePerMinute)));
  const claimId = await claim(limit, now);
  const rows = await db.emailOutbox.findMany({
    where: { lockedBy: claimId, status: "sending" },
    select: {
      id: true,
      kind: true,
      attempts: true,
      respondent: {
        select: { email: true, name: true, tokenSalt: true, status: true, unsubscribedAt: true, revokedAt: true },
      },
      study: { select: { name: true, status: true } },
    },
  });
  result.claimed = rows.length;
  const send = options.mailer ?? mailer();
  await Promise.all(
    rows.map(async (row) => {
      const mine = { id: row.id, lockedBy: claimId, status: "sending" };
      const r = row.respondent;
      const address = emailSchema.safeParse(r.email ?? "");
      const cancelReason = r.unsubscribedAt
        ? "unsubscribed"
        : r.revokedAt || r.status === "revoked"
          ? "link revoked"
          : !address.success || /[\r\n]/.test(r.email ?? "")
            ? "invalid address"
            : !r.tokenSalt
              ? "no link"
              : row.study.status === "closed"
                ? "study closed"
                : row.kind === "reminder" && (r.status === "completed" || r.status === "screened_out")
                  ? "already completed"
                  : null;
      if (cancelReason) {
        await db.emailOutbox.updateMany({
          where: mine,
          data: { status: "cancelled", lastError: cancelReason, lockedBy: null },
        });
        result.cancelled++;
        return;
      }
      const token = tokenFromSalt(r.tokenSalt);
      const content = renderSurveyEmail({
        kind: row.kind === "reminder" ? "reminder" : "invitation",
        studyName: row.study.name,
        name: r.name,
        link: surveyUrl(token),
        unsubscribeLink: unsubscribeUrl(token),
      });
      try {
        const info = await send.send({
          id: row.id,
          from: settings.from,
          to: address.data!,
          subject: content.subject,
          text: content.text,
          html: content.html,
          headers: {
            "List-Unsubscribe": `<${unsubscribeUrl(token)}>`,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Valuestack-Outbox-Id": row.id,
          },
        });
        await db.emailOutbox.updateMany({
          where: mine,
          data: {
            status: "sent",
            sentAt: new Date(),
            messageId: info.messageId,
            attempts: row.attempts + 1,
            lastError: null,
            lockedBy: null,
          },
        });
        result.sent++;
      } catch (e) {
        const attempts = row.attempts + 1;
        const message = String((e as Error).message ?? e).slice(0, 500);
        if (isPermanent(e) || attempts >= settings.maxAttempts) {
          await db.emailOutbox.updateMany({
            where: mine,
            data: { status: "failed", attempts, lastError: message, lockedBy: null },
          });
          result.failed++;
        } else {
          await db.emailOutbox.updateMany({
            where: mine,
            data: {
              status: "queued",
              attempts,
              lastError: message,
              lockedBy: null,
              lockedAt: null,
              nextAttemptAt: new Date(Date.now() + backoffMs(attempts, settings)),
            },
          });
          result.retried++;
        }
      }
    }),
  );
  return result;
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
      const r = await (running = processOutboxBatch());
      busy = r.claimed > 0;
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
