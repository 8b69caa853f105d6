/**
 * Invitation and reminder emails: a plain-text and an HTML part. Every user-supplied text
 * (respondent name, study name) is escaped in the HTML; header values are single-line.
 */
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
}): EmailContent {
  const study = headerSafe(input.studyName, 120);
  const name = headerSafe(input.name, 100);
  const greeting = name ? `Hello ${name},` : "Hello,";
  const lead =
    input.kind === "reminder"
      ? `A friendly reminder: we would still value your answers to our short survey "${study}".`
      : `We would value your opinion in a short survey: "${study}".`;
  const subject = input.kind === "reminder" ? `Reminder: ${study}` : `Your opinion, please: ${study}`;
  const text = [
    greeting,
    "",
    lead,
    "It takes about 10 minutes. Your answers are saved on every page, so you can stop and continue later with the same link.",
    "",
    `Start the survey: ${input.link}`,
    "",
    "This link is personal; please do not forward it.",
    "",
    `To stop receiving emails about this survey: ${input.unsubscribeLink}`,
    "",
  ].join("\n");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1c2430;">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(lead)}</p>
<p>It takes about 10 minutes. Your answers are saved on every page, so you can stop and continue later with the same link.</p>
<p><a href="${escapeHtml(input.link)}" style="display:inline-block;padding:10px 16px;background:#1f5fbf;color:#fff;text-decoration:none;border-radius:6px;">Start the survey</a></p>
<p style="font-size: 14px; color: #5b6675;">Or copy this link: ${escapeHtml(input.link)}<br>This link is personal; please do not forward it.</p>
<p style="font-size: 13px; color: #5b6675;"><a href="${escapeHtml(input.unsubscribeLink)}">Unsubscribe</a> from emails about this survey.</p>
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
