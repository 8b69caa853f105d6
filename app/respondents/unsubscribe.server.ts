/**
 * Unsubscribing from a study's emails. The List-Unsubscribe URL carries an unsubscribe
 * token of its own (never the survey token), so mail providers that fetch or POST it never
 * see the survey link. Links in emails sent before unsubscribe tokens existed named the
 * survey token; those still unsubscribe.
 */
import { publicUrl } from "../config.server.ts";
import { db } from "../db.server.ts";
import { capabilityMatches, capabilityToken, newCapability } from "../email/capabilityTokens.server.ts";
import { findRespondentByToken } from "./links.server.ts";
import { hashToken, looksLikeToken } from "./tokens.server.ts";
import { OutboxStatus } from "../domain/status.ts";

export function unsubscribeUrl(token: string): string {
  return `${publicUrl()}/u/${token}`;
}

/**
 * The respondent's unsubscribe token, creating its salt on first use (the outbox worker
 * calls this just before sending). Two workers racing for one respondent agree on the
 * first salt written.
 */
export async function unsubscribeTokenFor(respondentId: string, currentSalt: string): Promise<string> {
  if (currentSalt) return capabilityToken("unsubscribe", currentSalt);
  const fresh = newCapability("unsubscribe");
  const { count } = await db.respondent.updateMany({
    where: { id: respondentId, unsubscribeSalt: "" },
    data: { unsubscribeSalt: fresh.salt, unsubscribeHash: fresh.hash },
  });
  if (count === 1) return fresh.token;
  const row = await db.respondent.findUniqueOrThrow({ where: { id: respondentId }, select: { unsubscribeSalt: true } });
  return capabilityToken("unsubscribe", row.unsubscribeSalt);
}

export interface UnsubscribeTarget {
  id: string;
  unsubscribedAt: Date | null;
  studyName: string;
  /** for the page's language (app/i18n/languages.ts): the respondent's own, the study's languages */
  studyId?: string;
  language?: string;
  defaultLanguage?: string;
  languages?: string;
}

/** The respondent an unsubscribe link names (or, for older emails, a survey link), else null. */
export async function findUnsubscribeTarget(token: string | undefined): Promise<UnsubscribeTarget | null> {
  if (!looksLikeToken(token)) return null;
  const row = await db.respondent.findUnique({
    where: { unsubscribeHash: hashToken(token) },
    select: {
      id: true,
      unsubscribeSalt: true,
      unsubscribedAt: true,
      language: true,
      studyId: true,
      study: { select: { name: true, defaultLanguage: true, languages: true } },
    },
  });
  if (row && capabilityMatches("unsubscribe", token, row.unsubscribeSalt))
    return {
      id: row.id,
      unsubscribedAt: row.unsubscribedAt,
      studyName: row.study.name,
      studyId: row.studyId,
      language: row.language,
      defaultLanguage: row.study.defaultLanguage,
      languages: row.study.languages,
    };
  const legacy = await findRespondentByToken(token);
  return legacy ? { id: legacy.id, unsubscribedAt: legacy.unsubscribedAt, studyName: legacy.study.name } : null;
}

/** Marks the respondent unsubscribed and cancels their queued emails, in one transaction. */
export async function unsubscribeRespondent(respondentId: string): Promise<void> {
  await db.$transaction([
    db.respondent.updateMany({
      where: { id: respondentId, unsubscribedAt: null },
      data: { unsubscribedAt: new Date() },
    }),
    db.emailOutbox.updateMany({
      where: { respondentId, status: OutboxStatus.queued },
      data: { status: OutboxStatus.cancelled, lastError: "unsubscribed" },
    }),
  ]);
}
