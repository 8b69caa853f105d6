/**
 * Every status and role the database stores as text (the schema has no enums, see
 * prisma/schema.prisma). One list per column, `as const` for types and a zod enum to parse
 * a value read from the database: an unexpected string fails loudly instead of falling
 * through a comparison.
 */
import { z } from "zod";

/** Study.status: draft → live (rules and design locked) → closed (no new answers; may reopen). */
export const STUDY_STATUSES = ["draft", "live", "closed"] as const;
export const studyStatusSchema = z.enum(STUDY_STATUSES);
export type StudyStatus = z.infer<typeof studyStatusSchema>;
export const StudyStatus = { draft: "draft", live: "live", closed: "closed" } as const satisfies Record<
  StudyStatus,
  StudyStatus
>;

/** Respondent.status. */
export const RESPONDENT_STATUSES = [
  "invited",
  "started",
  "completed",
  "screened_out",
  "over_quota",
  "revoked",
] as const;
export const respondentStatusSchema = z.enum(RESPONDENT_STATUSES);
export type RespondentStatus = z.infer<typeof respondentStatusSchema>;
export const RespondentStatus = {
  invited: "invited",
  started: "started",
  completed: "completed",
  screenedOut: "screened_out",
  overQuota: "over_quota",
  revoked: "revoked",
} as const satisfies Record<string, RespondentStatus>;

/** Response.status. */
export const RESPONSE_STATUSES = ["started", "completed", "screened_out", "over_quota"] as const;
export const responseStatusSchema = z.enum(RESPONSE_STATUSES);
export type ResponseStatus = z.infer<typeof responseStatusSchema>;
export const ResponseStatus = {
  started: "started",
  completed: "completed",
  screenedOut: "screened_out",
  overQuota: "over_quota",
} as const satisfies Record<string, ResponseStatus>;

/** EmailOutbox.status (and AccountEmail.status): "cancelled" when the worker drops a row (unsubscribed, revoked, study closed…). */
export const OUTBOX_STATUSES = ["queued", "sending", "sent", "failed", "cancelled"] as const;
export const outboxStatusSchema = z.enum(OUTBOX_STATUSES);
export type OutboxStatus = z.infer<typeof outboxStatusSchema>;
export const OutboxStatus = {
  queued: "queued",
  sending: "sending",
  sent: "sent",
  failed: "failed",
  cancelled: "cancelled",
} as const satisfies Record<OutboxStatus, OutboxStatus>;

/** Job.status (app/jobs/queue.server.ts): queued → running → done | failed; cancelled at any time. */
export const JOB_STATUSES = ["queued", "running", "done", "failed", "cancelled"] as const;
export const jobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof jobStatusSchema>;
export const JobStatus = {
  queued: "queued",
  running: "running",
  done: "done",
  failed: "failed",
  cancelled: "cancelled",
} as const satisfies Record<JobStatus, JobStatus>;

/** Respondent and Response statuses after which the survey is over (the answers are final). */
export const FINISHED_SURVEY_STATUSES: readonly string[] = [
  ResponseStatus.completed,
  ResponseStatus.screenedOut,
  ResponseStatus.overQuota,
] satisfies (RespondentStatus & ResponseStatus)[];

/** EmailOutbox.kind. */
export const OUTBOX_KINDS = ["invitation", "reminder"] as const;
export const outboxKindSchema = z.enum(OUTBOX_KINDS);
export type OutboxKind = z.infer<typeof outboxKindSchema>;

/** User.role: researchers build studies; viewers (PMMs) read the studies shared with them. */
export const ACCOUNT_ROLES = ["researcher", "viewer"] as const;
export const accountRoleSchema = z.enum(ACCOUNT_ROLES);
export type AccountRole = z.infer<typeof accountRoleSchema>;

/**
 * StudyMember.role and StudyInvite.role: a viewer reads the study and its results, an editor
 * may also change it. Rows written before "editor" existed say "researcher"; they read as editor.
 */
export const MEMBER_ROLES = ["viewer", "editor"] as const;
export const memberRoleSchema = z.preprocess((v) => (v === "researcher" ? "editor" : v), z.enum(MEMBER_ROLES));
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const MemberRole = { viewer: "viewer", editor: "editor" } as const satisfies Record<MemberRole, MemberRole>;

/** What a signed-in user is to one study: its owner, or a member with a role. */
export const STUDY_ROLES = ["owner", ...MEMBER_ROLES] as const;
export type StudyRole = (typeof STUDY_ROLES)[number];

/** Gabor–Granger start rung (PricingSettings.ggStart): the middle rung, or a rung per respondent from its response id. */
export const GG_START_RULES = ["middle", "random"] as const;
export type GgStartRule = (typeof GG_START_RULES)[number];
export const ggStartRuleSchema = z.enum(GG_START_RULES);

/** Parse a stored value; the message names the column so a bad row is easy to find. */
export function parseStored<T extends string>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  column: string,
  value: unknown,
): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(`Unexpected ${column} in the database: ${JSON.stringify(value)}`);
  return r.data;
}

export const parseStudyStatus = (v: unknown) => parseStored(studyStatusSchema, "Study.status", v);
export const parseMemberRole = (v: unknown) => parseStored(memberRoleSchema, "StudyMember.role", v);
export const parseOutboxStatus = (v: unknown) => parseStored(outboxStatusSchema, "EmailOutbox.status", v);
export const parseRespondentStatus = (v: unknown) => parseStored(respondentStatusSchema, "Respondent.status", v);
