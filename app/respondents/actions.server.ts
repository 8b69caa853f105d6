/**
 * What the respondents page can do, one named function per form intent. The route
 * (app/routes/studies.$studyId.respondents.tsx) parses the intent and dispatches here.
 *
 * Bulk actions that send email or cut links (invitations, re-sending failed invitations,
 * reminders, revoking a link) first answer with a confirmation naming exactly what will
 * happen ("sends 120 emails"); only the form posted from that confirmation (confirmed=yes)
 * acts. This works without JavaScript.
 */
import { z } from "zod";
import type { StudyRole } from "../auth/permissions.server.ts";
import { db } from "../db.server.ts";
import {
  failedInvitationTargets,
  invitationTargets,
  queueFailedInvitations,
  queueInvitations,
  queueReminders,
  reminderTargets,
} from "../email/queue.server.ts";
import { queueVerificationEmail, sendingRefusal, studySender } from "../email/verification.server.ts";
import { parseForm } from "../forms.ts";
import {
  importRespondents,
  type RowError,
  type StagedRow,
  parseRespondentCsv,
  revokeRespondent,
  validateRows,
  stagedRowsSchema,
} from "./import.server.ts";
import { createPanelLink, revokePanelLink } from "./panel.server.ts";
import { reminderIntervalSchema } from "./reminderInterval.ts";
import { RespondentStatus } from "../domain/status.ts";

export interface Confirmation {
  intent: string;
  title: string;
  /** what will happen, in numbers */
  message: string;
  button: string;
  fields: Record<string, string>;
}

export type ActionResult = {
  intent: string;
  errors?: Record<string, string>;
  values?: Record<string, string>;
  preview?: { good: number; errors: RowError[]; payload: string; fileName: string };
  notice?: string;
  confirm?: Confirmation;
  status?: number;
};

export interface ActionContext {
  studyId: string;
  userId: string;
  role: StudyRole;
  formData: FormData;
}

export const INTENTS = [
  "preview",
  "confirm",
  "add",
  "invite",
  "resend",
  "remind",
  "revoke",
  "panel-link",
  "panel-revoke",
  "send-verification",
  "contacts-access",
] as const;
export const intentSchema = z.enum(INTENTS, { errorMap: () => ({ message: "Unknown action." }) });
export type Intent = z.infer<typeof intentSchema>;

export { REMINDER_INTERVALS_DAYS, reminderIntervalSchema } from "./reminderInterval.ts";

const confirmed = (formData: FormData) => formData.get("confirmed") === "yes";
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

async function screenerOf(studyId: string) {
  const study = await db.study.findUniqueOrThrow({ where: { id: studyId }, select: { screenerQuestion: true } });
  return !!study.screenerQuestion;
}

/** null when the study may send mail, else the refusal to show. */
async function refuseUnverified(ctx: ActionContext, intent: string): Promise<ActionResult | null> {
  const refusal = sendingRefusal(await studySender(ctx.studyId), ctx.userId);
  return refusal ? { intent, errors: { form: refusal }, status: 403 } : null;
}

export async function previewImport(
  ctx: ActionContext,
  file: { text: string; fileName: string },
): Promise<ActionResult> {
  if (!file.text.trim())
    return {
      intent: "preview",
      errors: { file: "Choose a CSV file (or paste CSV text) with a header line: email,name,segment,…" },
      status: 400,
    };
  const parsed = parseRespondentCsv(file.text);
  const checked = await validateRows(ctx.studyId, parsed.rows, { screener: await screenerOf(ctx.studyId) });
  const errors = [...parsed.errors, ...checked.errors].sort((a, b) => a.line - b.line);
  const payload = JSON.stringify(
    checked.good.map(({ line, email, name, segment, attributes }) => ({ line, email, name, segment, attributes })),
  );
  return {
    intent: "preview",
    preview: { good: checked.good.length, errors, payload, fileName: file.fileName },
    status: errors.length && !checked.good.length ? 400 : 200,
  };
}

/** Imports the rows a preview found good; their invitations are queued only from a verified sender. */
export async function confirmImport(ctx: ActionContext): Promise<ActionResult> {
  let json: unknown;
  try {
    json = JSON.parse(String(ctx.formData.get("payload") ?? "[]"));
  } catch {
    json = undefined;
  }
  // the rows come back from the browser: the same limits as the CSV upload (one rule)
  const staged = stagedRowsSchema.safeParse(json);
  if (!staged.success) {
    const problem = staged.error.issues.find((i) => i.code === "custom" || i.code === "too_big")?.message;
    return {
      intent: "confirm",
      errors: {
        file:
          `The preview expired or was changed${problem ? ` (${problem})` : ""}. ` +
          "Nothing was imported: upload the file again.",
      },
      status: 400,
    };
  }
  const rows: StagedRow[] = staged.data;
  const checked = await validateRows(ctx.studyId, rows, { screener: await screenerOf(ctx.studyId) });
  if (checked.errors.length) {
    return {
      intent: "preview",
      errors: { file: "Some rows are no longer valid (added meanwhile?). Check the list below and confirm again." },
      preview: {
        good: checked.good.length,
        errors: checked.errors,
        payload: JSON.stringify(checked.good),
        fileName: "previous upload",
      },
      status: 409,
    };
  }
  const wantsInvite = ctx.formData.get("invite") === "yes";
  const refusal = wantsInvite ? sendingRefusal(await studySender(ctx.studyId), ctx.userId) : null;
  const result = await importRespondents(ctx.studyId, checked.good, { invite: wantsInvite && !refusal });
  if (!result.ok) return { intent: "confirm", errors: { file: result.message }, status: 409 };
  return {
    intent: "confirm",
    notice: `Imported ${result.count} respondent(s)${wantsInvite && !refusal ? " and queued their invitations" : ""}.${refusal ? ` No invitations were queued. ${refusal}` : ""}`,
  };
}

const addSchema = z.object({
  email: z.string(),
  name: z.string().optional().default(""),
  segment: z.string().optional().default(""),
  invite: z.string().optional(),
});

export async function addRespondent(ctx: ActionContext): Promise<ActionResult> {
  const parsed = parseForm(ctx.formData, addSchema);
  if (!parsed.ok) return { intent: "add", errors: parsed.errors, values: parsed.values, status: 400 };
  const row: StagedRow = {
    line: 1,
    email: parsed.data.email,
    name: parsed.data.name,
    segment: parsed.data.segment,
    attributes: {},
  };
  const checked = await validateRows(ctx.studyId, [row], { screener: await screenerOf(ctx.studyId) });
  if (checked.errors.length) {
    const { message, field = "email" } = checked.errors[0];
    return {
      intent: "add",
      errors: { [field]: message },
      values: Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [k, String(v ?? "")])),
      status: 400,
    };
  }
  const wantsInvite = parsed.data.invite === "yes";
  const refusal = wantsInvite ? sendingRefusal(await studySender(ctx.studyId), ctx.userId) : null;
  const result = await importRespondents(ctx.studyId, checked.good, {
    invite: wantsInvite && !refusal,
    source: "manual",
  });
  if (!result.ok) return { intent: "add", errors: { email: result.message }, status: 409 };
  return {
    intent: "add",
    notice: `Added ${checked.good[0].email}${wantsInvite && !refusal ? " and queued the invitation" : ""}.${refusal ? ` The invitation was not queued. ${refusal}` : ""}`,
  };
}

export async function sendInvitations(ctx: ActionContext): Promise<ActionResult> {
  const refused = await refuseUnverified(ctx, "invite");
  if (refused) return refused;
  if (!confirmed(ctx.formData)) {
    const n = (await invitationTargets(ctx.studyId)).length;
    if (!n) return { intent: "invite", notice: "Everyone with an email address has been invited already." };
    return {
      intent: "invite",
      confirm: {
        intent: "invite",
        title: "Send invitations?",
        message: `This sends ${plural(n, "email")}: an invitation to each of the ${plural(n, "respondent")} not invited yet.`,
        button: `Send ${plural(n, "invitation")}`,
        fields: {},
      },
    };
  }
  const n = await queueInvitations(ctx.studyId);
  return {
    intent: "invite",
    notice: n ? `Queued ${n} invitation(s).` : "Everyone with an email address has been invited already.",
  };
}

export async function resendFailedInvitations(ctx: ActionContext): Promise<ActionResult> {
  const refused = await refuseUnverified(ctx, "resend");
  if (refused) return refused;
  if (!confirmed(ctx.formData)) {
    const n = (await failedInvitationTargets(ctx.studyId)).length;
    if (!n) return { intent: "resend", notice: "No invitation has failed." };
    return {
      intent: "resend",
      confirm: {
        intent: "resend",
        title: "Send failed invitations again?",
        message: `This sends ${plural(n, "email")}: a new invitation to each of the ${plural(n, "respondent")} whose invitation failed (addresses that bounced may bounce again).`,
        button: `Send ${plural(n, "invitation")} again`,
        fields: {},
      },
    };
  }
  const n = await queueFailedInvitations(ctx.studyId);
  return { intent: "resend", notice: n ? `Queued ${n} invitation(s) again.` : "No invitation has failed." };
}

export async function sendReminders(ctx: ActionContext): Promise<ActionResult> {
  const refused = await refuseUnverified(ctx, "remind");
  if (refused) return refused;
  const days = reminderIntervalSchema.parse(ctx.formData.get("intervalDays") ?? undefined);
  const nobody = `Nobody can get a reminder now: reminders go to invited respondents who have not finished, whose invitation was delivered, who did not unsubscribe and whose address did not bounce, at most once every ${plural(days, "day")}.`;
  if (!confirmed(ctx.formData)) {
    const n = (await reminderTargets(ctx.studyId, days)).length;
    if (!n) return { intent: "remind", notice: nobody };
    return {
      intent: "remind",
      confirm: {
        intent: "remind",
        title: "Send reminders?",
        message: `This sends ${plural(n, "email")}: a reminder to each of the ${plural(n, "respondent")} who were invited and have not finished, and got no reminder in the last ${plural(days, "day")}.`,
        button: `Send ${plural(n, "reminder")}`,
        fields: { intervalDays: String(days) },
      },
    };
  }
  const n = await queueReminders(ctx.studyId, days);
  return {
    intent: "remind",
    notice: n ? `Queued ${n} reminder(s) to respondents who have not completed.` : nobody,
  };
}

export async function revokeLink(ctx: ActionContext): Promise<ActionResult> {
  const id = z.string().min(1).max(100).safeParse(ctx.formData.get("respondentId"));
  const respondent = id.success
    ? await db.respondent.findFirst({
        where: { id: id.data, studyId: ctx.studyId },
        select: { id: true, email: true, status: true },
      })
    : null;
  if (!respondent) return { intent: "revoke", errors: { form: "Respondent not found." }, status: 404 };
  if (!confirmed(ctx.formData)) {
    const who = respondent.email ?? "this anonymous respondent";
    return {
      intent: "revoke",
      confirm: {
        intent: "revoke",
        title: "Revoke this link?",
        message: `The survey link of ${who} stops working at once and their queued emails are not sent.${respondent.status === RespondentStatus.completed ? " Their answers are kept." : ""}`,
        button: "Revoke the link",
        fields: { respondentId: respondent.id },
      },
    };
  }
  await revokeRespondent(ctx.studyId, respondent.id);
  return { intent: "revoke", notice: "The link was revoked; it no longer opens the survey." };
}

export async function createPanelLinkAction(ctx: ActionContext): Promise<ActionResult> {
  const segmentId = String(ctx.formData.get("segmentId") ?? "").slice(0, 100);
  const result = await createPanelLink(ctx.studyId, segmentId || null);
  if (!result.ok) return { intent: "panel-link", errors: { segmentId: result.error }, status: 400 };
  return { intent: "panel-link", notice: "Created a panel link." };
}

export async function revokePanelLinkAction(ctx: ActionContext): Promise<ActionResult> {
  if (!(await revokePanelLink(ctx.studyId, String(ctx.formData.get("linkId") ?? ""))))
    return { intent: "panel-revoke", errors: { form: "Link not found." }, status: 404 };
  return { intent: "panel-revoke", notice: "The panel link was revoked." };
}

/** The owner asks for a new confirmation link for their address. */
export async function sendVerificationAgain(ctx: ActionContext): Promise<ActionResult> {
  const sender = await studySender(ctx.studyId);
  if (sender.ownerId !== ctx.userId)
    return {
      intent: "send-verification",
      errors: { form: "Only the study owner can confirm their address." },
      status: 403,
    };
  const result = await queueVerificationEmail(ctx.userId);
  return {
    intent: "send-verification",
    notice:
      result === "verified"
        ? "Your address is already confirmed."
        : result === "too_soon"
          ? "A confirmation link was sent less than a minute ago. Check your inbox (and spam folder)."
          : `We sent a new confirmation link to ${sender.ownerEmail}.`,
  };
}

const contactsAccessSchema = z.object({ userId: z.string().min(1).max(100), allow: z.enum(["yes", "no"]) });

/** The owner lets a viewer see (or no longer see) respondents' emails and names. */
export async function setContactsAccess(ctx: ActionContext): Promise<ActionResult> {
  if (ctx.role !== "owner")
    return {
      intent: "contacts-access",
      errors: { form: "Only the study owner can change who sees contacts." },
      status: 403,
    };
  const parsed = parseForm(ctx.formData, contactsAccessSchema);
  if (!parsed.ok) return { intent: "contacts-access", errors: { form: "Choose a viewer." }, status: 400 };
  const { count } = await db.studyMember.updateMany({
    where: { studyId: ctx.studyId, userId: parsed.data.userId },
    data: { canSeeContacts: parsed.data.allow === "yes" },
  });
  if (count !== 1) return { intent: "contacts-access", errors: { form: "Viewer not found." }, status: 404 };
  return {
    intent: "contacts-access",
    notice: parsed.data.allow === "yes" ? "The viewer can now see contacts." : "The viewer no longer sees contacts.",
  };
}

/** Whether this user may see respondents' ids, emails and names on this study. */
export async function canSeeContacts(studyId: string, userId: string, canEdit: boolean): Promise<boolean> {
  if (canEdit) return true;
  const member = await db.studyMember.findUnique({
    where: { studyId_userId: { studyId, userId } },
    select: { canSeeContacts: true },
  });
  return !!member?.canSeeContacts;
}

/** Viewers of the study and whether each may see contacts (for the owner). */
export function studyViewers(studyId: string) {
  return db.studyMember.findMany({
    where: { studyId, OR: [{ role: "viewer" }, { user: { role: "viewer" } }] },
    orderBy: { createdAt: "asc" },
    select: { userId: true, canSeeContacts: true, user: { select: { name: true, email: true } } },
  });
}

export const actionsByIntent: Record<Exclude<Intent, "preview">, (ctx: ActionContext) => Promise<ActionResult>> = {
  confirm: confirmImport,
  add: addRespondent,
  invite: sendInvitations,
  resend: resendFailedInvitations,
  remind: sendReminders,
  revoke: revokeLink,
  "panel-link": createPanelLinkAction,
  "panel-revoke": revokePanelLinkAction,
  "send-verification": sendVerificationAgain,
  "contacts-access": setContactsAccess,
};
