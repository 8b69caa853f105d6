/**
 * Invitation and reminder emails: a plain-text and an HTML part. Every user-supplied text
 * (respondent name, study name) is escaped in the HTML; header values are single-line.
 */
import { type MessageKey, t } from "../i18n/index.ts";
import { textDirection } from "../i18n/languages.ts";

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** One line, no control characters (CR/LF can never reach a header). */
export function headerSafe(s: string, max = 150): string {
  return (
    s
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
      .replace(/[\u0000-\u001f\u007f]+/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, max)
  );
}

export function renderSurveyEmail(input: {
  kind: "invitation" | "reminder";
  studyName: string;
  name: string;
  link: string;
  unsubscribeLink: string;
  /** the respondent's language (app/i18n/); English when absent */
  language?: string;
}): EmailContent {
  const language = input.language ?? "en";
  const tr = (key: MessageKey, vars?: Record<string, string>) => t(language, key, vars);
  const study = headerSafe(input.studyName, 120);
  const name = headerSafe(input.name, 100);
  const greeting = name ? tr("email.helloName", { name }) : tr("email.hello");
  const lead = tr(input.kind === "reminder" ? "email.reminderLead" : "email.invitationLead", { study });
  const subject = headerSafe(
    tr(input.kind === "reminder" ? "email.reminderSubject" : "email.invitationSubject", { study }),
    200,
  );
  const text = [
    greeting,
    "",
    lead,
    tr("email.duration"),
    "",
    tr("email.startLink", { link: input.link }),
    "",
    tr("email.personal"),
    "",
    tr("email.stopText", { link: input.unsubscribeLink }),
    "",
  ].join("\n");
  const html = `<!doctype html>
<html lang="${escapeHtml(language)}" dir="${textDirection(language)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1c2430;">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(lead)}</p>
<p>${escapeHtml(tr("email.duration"))}</p>
<p><a href="${escapeHtml(input.link)}" style="display:inline-block;padding:10px 16px;background:#1f5fbf;color:#fff;text-decoration:none;border-radius:6px;">${escapeHtml(tr("survey.start"))}</a></p>
<p style="font-size: 14px; color: #5b6675;">${escapeHtml(tr("email.copyLink", { link: input.link }))}<br>${escapeHtml(tr("email.personal"))}</p>
<p style="font-size: 13px; color: #5b6675;"><a href="${escapeHtml(input.unsubscribeLink)}">${escapeHtml(tr("email.unsubscribeLink"))}</a> ${escapeHtml(tr("email.unsubscribeRest"))}</p>
</body></html>
`;
  return { subject, text, html };
}

/** The account email that confirms a researcher's address (app/email/verification.server.ts). */
export function renderVerificationEmail(input: { name: string; link: string }): EmailContent {
  const name = headerSafe(input.name, 100);
  const greeting = name ? `Hello ${name},` : "Hello,";
  const subject = "Confirm your email address for Valuestack";
  const lead =
    "Please confirm that this is your email address. Your studies can send invitations and reminders once it is confirmed.";
  const text = [
    greeting,
    "",
    lead,
    "",
    `Confirm: ${input.link}`,
    "",
    "If you did not create a Valuestack account, ignore this email.",
    "",
  ].join("\n");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1c2430;">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(lead)}</p>
<p><a href="${escapeHtml(input.link)}" style="display:inline-block;padding:10px 16px;background:#1f5fbf;color:#fff;text-decoration:none;border-radius:6px;">Confirm my address</a></p>
<p style="font-size: 14px; color: #5b6675;">Or copy this link: ${escapeHtml(input.link)}<br>If you did not create a Valuestack account, ignore this email.</p>
</body></html>
`;
  return { subject, text, html };
}

/**
 * The email inviting someone without an account to a study (app/members/members.server.ts):
 * who invited them, to which study, with which role.
 */
export function renderMemberInviteEmail(input: {
  inviterName: string;
  inviterEmail: string;
  studyName: string;
  role: "viewer" | "editor";
  link: string;
}): EmailContent {
  const inviter = headerSafe(input.inviterName, 100) || headerSafe(input.inviterEmail, 200);
  const inviterEmail = headerSafe(input.inviterEmail, 200);
  const study = headerSafe(input.studyName, 120);
  const can = input.role === "editor" ? "see and change the study and its results" : "see the study and its results";
  const subject = headerSafe(`${inviter} invited you to the study “${study}” on Valuestack`, 200);
  const lead = `${inviter} (${inviterEmail}) invited you to the study “${study}” as ${input.role}: you will ${can}.`;
  const how = "Open the link, create a Valuestack account (or log in) and the study opens for you.";
  const ignore = "The link works once. If you did not expect this invitation, ignore this email.";
  const text = ["Hello,", "", lead, "", how, "", `Join: ${input.link}`, "", ignore, ""].join("\n");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1c2430;">
<p>Hello,</p>
<p>${escapeHtml(lead)}</p>
<p>${escapeHtml(how)}</p>
<p><a href="${escapeHtml(input.link)}" style="display:inline-block;padding:10px 16px;background:#1f5fbf;color:#fff;text-decoration:none;border-radius:6px;">Join the study</a></p>
<p style="font-size: 14px; color: #5b6675;">Or copy this link: ${escapeHtml(input.link)}<br>${escapeHtml(ignore)}</p>
</body></html>
`;
  return { subject, text, html };
}
