/** Shared by the respondent/email/survey tests: a loopback SMTP server and a small study. */
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { expect } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { newLink } from "../../app/respondents/tokens.server.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { logInClient, startApp, type TestApp } from "../helpers/app.ts";
import type { Engine } from "../helpers/databases.ts";
import type { HttpClient } from "../helpers/http.ts";

export interface Received {
  to: string;
  raw: string;
  parsed: ParsedMail;
}

/**
 * A loopback SMTP server recording every message it accepts. `failFirst(to)` may return an
 * SMTP reply code to reject that recipient; `delayMs` (read per message, so a test may change
 * it) delays the final 250 after the message was recorded — the window in which a crashed
 * sender has handed over a message without learning that it was accepted.
 */
export async function startSmtp(port = 0, opts: { failFirst?: (to: string) => number | null; delayMs?: number } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, cb) {
      const code = opts.failFirst?.(address.address);
      if (code) {
        const err = new Error(`rejected ${address.address}`) as Error & { responseCode: number };
        err.responseCode = code;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const parsed = await simpleParser(raw);
        for (const r of session.envelope.rcptTo) received.push({ to: r.address, raw, parsed });
        if (opts.delayMs) setTimeout(() => cb(), opts.delayMs);
        else cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  const actual = (server.server.address() as { port: number }).port;
  return { port: actual, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export function linkFrom(mail: ParsedMail): string {
  const m = /https?:\/\/\S+\/s\/[A-Za-z0-9_-]{43}/.exec(mail.text ?? "");
  if (!m) throw new Error(`no survey link in:\n${mail.text}`);
  return m[0];
}

export async function waitFor<T>(
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 30_000,
  what = "condition",
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A small study: one segment "smb", 2 concepts, 4 MaxDiff items in 2 tasks (1 version), pricing without NMS. */
export async function createMiniStudy(
  db: Db,
  ownerId: string,
  opts: { status?: string; name?: string; nms?: boolean; screener?: boolean } = {},
) {
  const study = await db.study.create({
    data: {
      ownerId,
      name: opts.name ?? "Mini <b>study</b>",
      status: opts.status ?? "live",
      currency: "EUR",
      productDescription: "A tiny product.",
      screenerQuestion: opts.screener ? "Which best describes you?" : null,
      pricing: { create: { nmsEnabled: opts.nms ?? false, minPrice: 0, maxPrice: 1000 } },
      maxDiffSettings: { create: { itemsPerTask: 3, tasksPerRespondent: 2, versions: 1, seed: 1 } },
    },
  });
  const seg = await db.segment.create({ data: { studyId: study.id, key: "smb", name: "Small business" } });
  if (opts.screener) {
    await db.screenerOption.createMany({
      data: [
        { studyId: study.id, label: "I run a small business", segmentId: seg.id, sortOrder: 0 },
        { studyId: study.id, label: "None of these", segmentId: null, sortOrder: 1 },
      ],
    });
  }
  const h = await db.hypothesis.create({ data: { studyId: study.id, problem: "p", statement: "s" } });
  for (const [i, name] of ["Concept A", "Concept B"].entries()) {
    await db.concept.create({
      data: {
        studyId: study.id,
        hypothesisId: h.id,
        name,
        body: `${name} body <script>alert(1)</script>`,
        sortOrder: i,
      },
    });
  }
  const items: string[] = [];
  for (const [i, label] of ["Alpha", "Beta", "Gamma", "Delta"].entries())
    items.push((await db.maxDiffItem.create({ data: { studyId: study.id, label, sortOrder: i } })).id);
  const tasks = [
    [0, 1, 2],
    [3, 0, 1],
  ];
  await db.maxDiffDesignTask.createMany({
    data: tasks.flatMap((t, ti) =>
      t.map((item, p) => ({ studyId: study.id, version: 1, task: ti + 1, position: p + 1, itemId: items[item] })),
    ),
  });
  return { studyId: study.id, segmentId: seg.id, items };
}

/** createMiniStudy owned by the demo researcher (DEMO_LOGIN), who can then open it in the app. */
export async function createDemoMiniStudy(db: Db, opts: Parameters<typeof createMiniStudy>[2] = {}) {
  const owner = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.email } });
  return createMiniStudy(db, owner.id, opts);
}

/**
 * Completes a createMiniStudy study for launch: its hypothesis targets the study's segment with
 * one pre-registered criterion (top-2-box purchase intent of at least 50% in "smb").
 */
export async function makeLaunchable(db: Db, study: { studyId: string; segmentId: string }): Promise<void> {
  const h = await db.hypothesis.findFirstOrThrow({ where: { studyId: study.studyId } });
  await db.hypothesisSegment.create({ data: { hypothesisId: h.id, segmentId: study.segmentId } });
  await db.hypothesis.update({
    where: { id: h.id },
    data: {
      rule: JSON.stringify({
        confidence: 0.95,
        criteria: [{ kind: "concept", segment: "smb", metric: "purchase_intent", threshold: 0.5 }],
      }),
    },
  });
}

/**
 * A respondent of `study`'s segment with their own survey link, made with `linkSecret` (the
 * server's LINK_SECRET). Returns the respondent's id and the link's path (`/s/<token>`).
 */
export async function createRespondent(
  db: Db,
  study: { studyId: string; segmentId: string },
  linkSecret: string,
  data: { email?: string; language?: string } = {},
): Promise<{ id: string; path: string }> {
  const link = newLink("respondent", linkSecret);
  const r = await db.respondent.create({
    data: {
      studyId: study.studyId,
      segmentId: study.segmentId,
      tokenHash: link.hash,
      tokenSalt: link.salt,
      ...data,
    },
  });
  return { id: r.id, path: `/s/${link.token}` };
}

export interface MailApp extends TestApp {
  smtp: Awaited<ReturnType<typeof startSmtp>>;
  /** Logged in as the demo researcher. */
  researcher: HttpClient;
  ownerId: string;
  /** Stops the app (TestApp.stop) and the SMTP server. */
  stop(): Promise<void>;
}

/**
 * A fresh database, a loopback SMTP server and the built app sending to it (startApp with
 * SMTP_URL and `env`), with the demo researcher logged in.
 */
export async function startAppWithMail(engine: Engine, env: Record<string, string>): Promise<MailApp> {
  const smtp = await startSmtp();
  let app: TestApp;
  try {
    app = await startApp(engine, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, ...env });
  } catch (e) {
    await smtp.close();
    throw e;
  }
  const stopApp = app.stop;
  const stop = async () => {
    await stopApp();
    await smtp.close();
  };
  try {
    const researcher = await logInClient(app.server.url);
    const ownerId = (await app.db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.email } })).id;
    return Object.assign(app, { smtp, researcher, ownerId, stop });
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * Adds one respondent on the study's respondents page with an invitation, as the researcher
 * does it (the page must answer 200), waits for the invitation mail to `person.email` and
 * returns the path of the survey link in it. `segment: ""` leaves the segment to the screener.
 */
export async function inviteOneByMail(
  app: MailApp,
  studyId: string,
  person: { email: string; name: string; segment: string },
): Promise<string> {
  const before = app.smtp.received.length;
  const add = await app.researcher.post(`/studies/${studyId}/respondents`, { intent: "add", ...person, invite: "yes" });
  expect(add.status).toBe(200);
  const mail = await waitFor(
    () => app.smtp.received.slice(before).find((m) => m.to === person.email),
    20_000,
    `mail to ${person.email}`,
  );
  return new URL(linkFrom(mail.parsed)).pathname;
}
