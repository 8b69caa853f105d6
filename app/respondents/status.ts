/**
 * The one status a researcher sees for a respondent, derived from the survey progress,
 * the emails and the link. The counts and every row of the respondents page use this
 * module, so "3 invited" always means three rows that say "invited".
 *
 * Precedence (first match wins): finished survey (completed — saying so when the link was
 * revoked afterwards —, screened out or turned away by a full quota), revoked link, started, unsubscribed, no address,
 * bounced address, invitation sent ("invited"), invitation waiting in the outbox, invitation
 * failed, no usable link (cannot be invited), otherwise not invited.
 */
import { OutboxStatus, RespondentStatus as Stored } from "../domain/status.ts";
import type { RespondentStatus as StoredStatus } from "../domain/status.ts";

export const RESPONDENT_STATUS = {
  completed: "completed",
  completedLinkRevoked: "completed_link_revoked",
  screenedOut: "screened_out",
  overQuota: "over_quota",
  revoked: "revoked",
  started: "started",
  unsubscribed: "unsubscribed",
  noEmail: "no_email",
  noLink: "no_link",
  bounced: "bounced",
  invited: "invited",
  invitationQueued: "invitation_queued",
  invitationFailed: "invitation_failed",
  notInvited: "not_invited",
} as const;

export type RespondentStatus = (typeof RESPONDENT_STATUS)[keyof typeof RESPONDENT_STATUS];

/** Display order of the counts. */
export const RESPONDENT_STATUS_ORDER: readonly RespondentStatus[] = [
  "not_invited",
  "invitation_queued",
  "invited",
  "started",
  "completed",
  "completed_link_revoked",
  "screened_out",
  "over_quota",
  "invitation_failed",
  "bounced",
  "unsubscribed",
  "revoked",
  "no_email",
  "no_link",
];

export const RESPONDENT_STATUS_LABEL: Record<RespondentStatus, string> = {
  completed: "completed",
  completed_link_revoked: "completed (link revoked)",
  screened_out: "screened out",
  over_quota: "over quota (segment full)",
  revoked: "link revoked",
  started: "started",
  unsubscribed: "unsubscribed",
  no_email: "no email address",
  no_link: "no link (cannot be invited)",
  bounced: "bounced",
  invited: "invited",
  invitation_queued: "invitation queued",
  invitation_failed: "invitation failed",
  not_invited: "not invited",
};

/** Badge colour class per status (app/styles/app.css). */
export const RESPONDENT_STATUS_TONE: Record<RespondentStatus, "sent" | "queued" | "failed" | "neutral"> = {
  completed: "sent",
  completed_link_revoked: "sent",
  screened_out: "neutral",
  over_quota: "neutral",
  revoked: "failed",
  started: "queued",
  unsubscribed: "failed",
  no_email: "neutral",
  no_link: "neutral",
  bounced: "failed",
  invited: "neutral",
  invitation_queued: "queued",
  invitation_failed: "failed",
  not_invited: "neutral",
};

/** The best state among a respondent's invitation emails. */
export type InvitationState = "sent" | "queued" | "failed" | null;

export function invitationState(statuses: Iterable<OutboxStatus>): InvitationState {
  let best: InvitationState = null;
  for (const s of statuses) {
    if (s === OutboxStatus.sent) return "sent";
    if (s === OutboxStatus.queued || s === OutboxStatus.sending) best = "queued";
    else if (s === OutboxStatus.failed && best === null) best = "failed";
  }
  return best;
}

export interface StatusInput {
  /** Respondent.status as stored. */
  surveyStatus: StoredStatus;
  hasEmail: boolean;
  /** false when the respondent has no usable survey link (e.g. imported demo data) */
  hasLink: boolean;
  unsubscribed: boolean;
  revoked: boolean;
  bounced: boolean;
  invitation: InvitationState;
}

export function respondentStatus(r: StatusInput): RespondentStatus {
  const revoked = r.revoked || r.surveyStatus === Stored.revoked;
  if (r.surveyStatus === Stored.completed) return revoked ? "completed_link_revoked" : "completed";
  if (r.surveyStatus === Stored.screenedOut) return "screened_out";
  if (r.surveyStatus === Stored.overQuota) return "over_quota";
  if (revoked) return "revoked";
  if (r.surveyStatus === Stored.started) return "started";
  if (r.unsubscribed) return "unsubscribed";
  if (!r.hasEmail) return "no_email";
  if (r.bounced) return "bounced";
  if (r.invitation === "sent") return "invited";
  if (r.invitation === "queued") return "invitation_queued";
  if (r.invitation === "failed") return "invitation_failed";
  if (!r.hasLink) return "no_link";
  return "not_invited";
}
