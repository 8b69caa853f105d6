/**
 * The nodemailer transport: SMTP_URL → a pooled SMTP transport with a rate limit
 * (MAIL_RATE_PER_MINUTE); unset → messages are written as .eml files under VAR_DIR/outbox/
 * (streamTransport), so the demo works without a mail server.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { mailSettings, varDir } from "../env.server.ts";

export interface SendInput {
  /** our id, used for the .eml file name */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface Mailer {
  send(message: SendInput): Promise<{ messageId: string; file?: string }>;
  close(): void;
}

export function outboxDir(): string {
  const dir = path.join(varDir(), "outbox");
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function emlFileName(id: string): string {
  return `${id.replace(/[^A-Za-z0-9_-]/g, "")}.eml`;
}

/** What nodemailer sends of a message: all of it but our id. */
function mailOf(m: SendInput) {
  return { from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, headers: m.headers };
}

export function createMailer(settings = mailSettings()): Mailer {
  if (settings.smtpUrl) {
    const url = new URL(settings.smtpUrl);
    const options: SMTPTransport.Options & {
      pool: true;
      maxConnections: number;
      rateDelta: number;
      rateLimit: number;
    } = {
      pool: true,
      maxConnections: settings.poolSize,
      rateDelta: 60_000,
      rateLimit: settings.ratePerMinute,
      host: url.hostname,
      port: Number(url.port || (url.protocol === "smtps:" ? 465 : 587)),
      secure: url.protocol === "smtps:",
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined,
      ignoreTLS: url.searchParams.get("ignoreTLS") === "1",
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    };
    const transport = nodemailer.createTransport(options);
    return {
      async send(m) {
        const info = await transport.sendMail(mailOf(m));
        return { messageId: info.messageId };
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(m) {
      const info = await transport.sendMail(mailOf(m));
      const file = emlFileName(m.id);
      const target = path.join(outboxDir(), file);
      writeFileSync(`${target}.tmp`, info.message as Buffer);
      const { renameSync } = await import("node:fs");
      renameSync(`${target}.tmp`, target);
      return { messageId: info.messageId, file };
    },
    close: () => transport.close(),
  };
}
