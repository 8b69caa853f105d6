/**
 * The outbox email reader against nodemailer's own MIME output (quoted-printable, base64,
 * encoded-word subjects), the typed statuses, and the per-page study titles.
 */
import nodemailer from "nodemailer";
import { describe, expect, it } from "vitest";
import {
  MEMBER_ROLES,
  OUTBOX_STATUSES,
  parseMemberRole,
  parseOutboxStatus,
  parseStudyStatus,
  STUDY_STATUSES,
} from "../../app/domain/status.ts";
import { decodeHeader, parseEml, sandboxedSrcDoc } from "../../app/studies/emlView.server.ts";
import { studyPageTitle } from "../../app/studies/tabs.ts";

async function compose(message: Record<string, unknown>): Promise<string> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  const info = await transport.sendMail({ from: "Study <study@example.com>", to: "zoe@example.com", ...message });
  return String(info.message);
}

describe("parseEml", () => {
  it("decodes the text and HTML parts and the subject that nodemailer encoded", async () => {
    const text = `Hello Zoë,\n\nStart: https://example.com/s/a=b?c=d\n${"a long line ".repeat(20)}end`;
    const html = '<p style="color:#1c2430">Grüße — <a href="https://example.com/s/a=b">Start</a></p>';
    const raw = await compose({ subject: "Reminder: Grüße “Pilot” — a fairly long subject line to fold", text, html });
    expect(raw).toContain("=3D"); // the source is encoded
    expect(raw).toContain("=?UTF-8?");
    const email = parseEml(raw);
    expect(email.text).toBe(text);
    expect(email.html).toBe(html);
    expect(email.headers.subject).toBe("Reminder: Grüße “Pilot” — a fairly long subject line to fold");
    expect(email.headers.from).toBe("Study <study@example.com>");
    expect(email.headers.to).toBe("zoe@example.com");
  });

  it("decodes base64 parts and single-part messages", async () => {
    const text = "日本語のテキスト\nsecond line";
    const raw = await compose({ subject: "x", text, textEncoding: "base64" });
    expect(raw).toContain("Content-Transfer-Encoding: base64");
    const b64 = parseEml(raw);
    expect(b64.text).toBe(text);
    expect(b64.html).toBeNull();
    const htmlOnly = parseEml(await compose({ subject: "x", html: "<p>only html</p>" }));
    expect(htmlOnly.html).toBe("<p>only html</p>");
    expect(htmlOnly.text).toBeNull();
  });

  it("decodes Q and B encoded words", () => {
    expect(decodeHeader("=?UTF-8?Q?Gr=C3=BC=C3=9Fe_Welt?=")).toBe("Grüße Welt");
    expect(decodeHeader("=?UTF-8?B?R3LDvMOfZQ==?= =?UTF-8?Q?_Welt?=")).toBe("Grüße Welt");
    expect(decodeHeader("plain")).toBe("plain");
  });

  it("puts a no-load, no-script CSP in front of the HTML for the sandboxed frame", () => {
    const doc = sandboxedSrcDoc("<p>x</p>");
    expect(doc.startsWith('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'')).toBe(true);
    expect(doc).not.toContain("script-src");
    expect(doc.endsWith("<p>x</p>")).toBe(true);
  });
});

describe("typed statuses", () => {
  it("accepts every listed value and refuses anything else, naming the column", () => {
    for (const s of STUDY_STATUSES) expect(parseStudyStatus(s)).toBe(s);
    for (const s of OUTBOX_STATUSES) expect(parseOutboxStatus(s)).toBe(s);
    expect(parseOutboxStatus("cancelled")).toBe("cancelled");
    expect(() => parseStudyStatus("archived")).toThrow(/Study\.status.*"archived"/);
    expect(() => parseOutboxStatus("bounced")).toThrow(/EmailOutbox\.status/);
  });

  it("reads the older member role 'researcher' as editor", () => {
    for (const r of MEMBER_ROLES) expect(parseMemberRole(r)).toBe(r);
    expect(parseMemberRole("researcher")).toBe("editor");
    expect(() => parseMemberRole("owner")).toThrow(/StudyMember\.role/);
  });
});

describe("studyPageTitle", () => {
  it("names the section of each study page", () => {
    expect(studyPageTitle("/studies/abc", "Pilot")).toBe("Pilot · Overview · Valuestack");
    expect(studyPageTitle("/studies/abc/", "Pilot")).toBe("Pilot · Overview · Valuestack");
    expect(studyPageTitle("/studies/abc/build/hypotheses/h1", "Pilot")).toBe("Pilot · Build · Hypothesis · Valuestack");
    expect(studyPageTitle("/studies/abc/outbox/e1.eml", "Pilot")).toBe("Pilot · Outbox · Email · Valuestack");
    expect(studyPageTitle("/studies/abc/unknown", null)).toBe("Study · Valuestack");
  });
});
