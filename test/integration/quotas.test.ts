/**
 * Segment quotas over HTTP against the built server and a real database (SQLite, and
 * PostgreSQL with TEST_DATABASE_URL):
 *
 * - the segments builder saves a quota (blank = none) and refuses anything but a whole number
 *   ≥ 1 with a message next to the field;
 * - 200 respondents who start and finish at the same moment (half through the screener link,
 *   half through the segment's own panel link) into a segment with a quota of 50: exactly 50
 *   completes, every other one sees the polite end page and is stored as over quota, keeping
 *   their screener answer;
 * - once full, the segment's panel link and an invited respondent's link show the end page
 *   before anything is stored, and invitations and reminders skip that segment's respondents.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { engines } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import { verifyUser } from "../helpers/users.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { createMiniStudy, startAppWithMail, waitFor, type MailApp } from "./respondentsFixtures.ts";
import { answersFor, pageKeyOf } from "./respondentsSurvey.ts";

const QUOTA = 50;
const CROWD = 200;
const OVER_QUOTA_TITLE = "Thank you — we already have enough answers from people like you";

/** A request as a respondent makes it: a busy answer (503) is tried again after its Retry-After. */
async function patiently(send: () => Promise<Response>): Promise<Response> {
  for (let i = 0; ; i++) {
    const res = await send();
    if (res.status !== 503 || i >= 10) return res;
    await res.text();
    await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") ?? "1") * 1000));
  }
}

/** Answers every page of a survey link; returns what the last page said. */
async function finish(c: HttpClient, path: string): Promise<{ end: string; answered: string[] }> {
  const answered: string[] = [];
  for (let i = 0; i < 30; i++) {
    const html = await (await patiently(() => c.get(path))).text();
    const key = pageKeyOf(html);
    if (!key) return { end: text(html), answered };
    const post = await patiently(() => c.post(path, answersFor(html)));
    if (post.status !== 303) throw new Error(`page ${key}: ${post.status} ${text(await post.text()).slice(0, 300)}`);
    answered.push(key);
  }
  throw new Error("survey did not end");
}

describe.each(engines())("segment quotas on %s", (engine) => {
  let app: MailApp;
  let db: Db;
  let study: Awaited<ReturnType<typeof createMiniStudy>>;

  beforeAll(async () => {
    app = await startAppWithMail(engine, {
      MAIL_POLL_MS: "100",
      MAIL_RATE_PER_MINUTE: "100000",
      LINK_SECRET: "quota-test-link-secret-0123456789",
      LINK_RATE_LIMIT: "1000000",
    });
    db = app.db;
    await verifyUser(db, DEMO_LOGIN.email);
    study = await createMiniStudy(db, app.ownerId, { name: "Quota study", screener: true });
    await db.segment.create({ data: { studyId: study.studyId, key: "ent", name: "Enterprise" } });
  }, 180_000);
  afterAll(() => app?.stop());

  const segmentsPath = () => `/studies/${study.studyId}/build/segments`;
  const saveSmb = (quota: string) =>
    app.researcher.post(segmentsPath(), {
      intent: "save",
      id: study.segmentId,
      key: "smb",
      name: "Small business",
      targetN: "100",
      description: "",
      quota,
    });

  it("saves a quota in the builder while live and refuses anything but a whole number ≥ 1 next to the field", async () => {
    const page = text(await (await app.researcher.get(segmentsPath())).text());
    expect(page).toContain("Quota (most completes)");
    expect(page).toContain("A new respondent is let in only while completes plus respondents still answering");
    expect(page).toContain("completes never exceed it");
    for (const [bad, message] of [
      ["0", "The quota must be at least 1."],
      ["-5", "The quota must be at least 1."],
      ["2.5", "The quota must be a whole number."],
      ["lots", "The quota must be a number."],
    ]) {
      const res = await saveSmb(bad);
      expect(res.status).toBe(400);
      const html = await res.text();
      // the message sits next to this segment's quota field, which keeps what was typed
      const error = new RegExp(`id="f-${study.segmentId}-quota-error"[^>]*>([^<]*)<`).exec(html);
      expect(error?.[1]).toBe(message);
      expect(html).toMatch(new RegExp(`id="f-${study.segmentId}-quota"[^>]*aria-invalid="true"`));
      expect((await db.segment.findUniqueOrThrow({ where: { id: study.segmentId } })).quota).toBeNull();
    }
    expect((await saveSmb("7")).status).toBe(302);
    expect((await db.segment.findUniqueOrThrow({ where: { id: study.segmentId } })).quota).toBe(7);
    expect((await saveSmb("")).status).toBe(302); // blank: no quota
    expect((await db.segment.findUniqueOrThrow({ where: { id: study.segmentId } })).quota).toBeNull();
    expect((await saveSmb(String(QUOTA))).status).toBe(302);
    expect((await db.segment.findUniqueOrThrow({ where: { id: study.segmentId } })).quota).toBe(QUOTA);
    expect(text(await (await app.researcher.get(segmentsPath())).text())).toContain(
      `0 of ${QUOTA} places taken (answering or done).`,
    );
  });

  it(`lets exactly ${QUOTA} of ${CROWD} simultaneous respondents complete; the others see the end page, answers kept`, async () => {
    const respondentsPath = `/studies/${study.studyId}/respondents`;
    // invited before the rush (their invitation is sent), not started: reminders must skip them later
    await app.researcher.post(respondentsPath, {
      intent: "add",
      email: "waiting@example.com",
      name: "",
      segment: "smb",
      invite: "yes",
    });
    await waitFor(
      () => db.emailOutbox.findFirst({ where: { status: "sent", respondent: { email: "waiting@example.com" } } }),
      20_000,
      "first invitation sent",
    );

    for (const segmentId of ["", study.segmentId])
      await app.researcher.post(respondentsPath, { intent: "panel-link", segmentId });
    const links = await db.anonymousLink.findMany({ where: { studyId: study.studyId } });
    const html = await (await app.researcher.get(respondentsPath)).text();
    const urls = [...html.matchAll(/<code>(https?:\/\/[^<]+\/p\/[A-Za-z0-9_-]{43})<\/code>/g)].map(
      (m) => new URL(m[1]).pathname,
    );
    expect(urls).toHaveLength(2);
    const [screenerLink, segmentLink] = links[0].segmentId === null ? urls : [...urls].reverse();

    const flows = await Promise.all(
      Array.from({ length: CROWD }, async (_, i) => {
        const c = new HttpClient(app.server.url);
        const start = await patiently(() => c.post(i % 2 ? segmentLink : screenerLink, {}));
        expect(start.status).toBe(303);
        const path = start.headers.get("location")!;
        return { via: i % 2 ? "segment" : "screener", path, ...(await finish(c, path)) };
      }),
    );

    const done = flows.filter((f) => f.end.includes("Your answers have been saved"));
    const turnedAway = flows.filter((f) => f.end.includes(OVER_QUOTA_TITLE));
    expect(done).toHaveLength(QUOTA);
    expect(turnedAway).toHaveLength(CROWD - QUOTA);
    for (const f of done) expect(f.answered.at(-1)).toBe("price");
    // turned away on the screener after answering it, or before the first page on the segment link
    // (a panel start that met a busy database leaves the start button on their own link: "start")
    for (const f of turnedAway)
      expect(f.answered.filter((k) => k !== "start")).toEqual(f.via === "screener" ? ["screener"] : []);

    const inSegment = await db.response.groupBy({
      by: ["status"],
      where: { studyId: study.studyId, respondent: { segmentId: study.segmentId, source: "panel" } },
      _count: true,
    });
    expect(Object.fromEntries(inSegment.map((g) => [g.status, g._count]))).toEqual({
      completed: QUOTA,
      over_quota: CROWD - QUOTA,
    });
    expect(await db.response.count({ where: { studyId: study.studyId, status: "completed" } })).toBe(QUOTA);

    // over-quota screener respondents keep their answer: the page submission and the segment they chose
    const viaScreener = await db.respondent.findMany({
      where: { studyId: study.studyId, status: "over_quota", response: { pages: { some: { page: "screener" } } } },
      include: { response: { include: { pages: true } } },
    });
    expect(viaScreener.length).toBe(turnedAway.filter((f) => f.via === "screener").length);
    for (const r of viaScreener) {
      expect(r.segmentId).toBe(study.segmentId);
      expect(r.response?.status).toBe("over_quota");
      expect(r.response?.pages.map((p) => p.page)).toEqual(["screener"]);
    }
    // their link keeps showing the end page, and a later post changes nothing
    const again = new HttpClient(app.server.url);
    const later = turnedAway[0];
    expect((await again.post(later.path, answersFor(`name="page" value="concept:1"`))).status).toBe(303);
    expect(text(await (await again.get(later.path)).text())).toContain(OVER_QUOTA_TITLE);
    expect(await db.response.count({ where: { studyId: study.studyId, status: "completed" } })).toBe(QUOTA);

    // the segment's panel link now says so before anything is stored
    const before = await db.respondent.count({ where: { studyId: study.studyId } });
    const visit = await new HttpClient(app.server.url).get(segmentLink);
    expect(text(await visit.text())).toContain(OVER_QUOTA_TITLE);
    expect(await db.respondent.count({ where: { studyId: study.studyId } })).toBe(before);
    // the builder shows the segment full
    expect(text(await (await app.researcher.get(segmentsPath())).text())).toContain(
      `${QUOTA} of ${QUOTA} places taken (answering or done): full.`,
    );
  }, 600_000);

  it("skips respondents of a full segment for invitations and reminders", async () => {
    const respondentsPath = `/studies/${study.studyId}/respondents`;
    for (const [email, segment] of [
      ["full@example.com", "smb"],
      ["open@example.com", "ent"],
    ])
      expect((await app.researcher.post(respondentsPath, { intent: "add", email, name: "", segment })).status).toBe(
        200,
      );
    const before = app.smtp.received.length;
    const invite = await app.researcher.post(respondentsPath, { intent: "invite", confirmed: "yes" });
    expect(text(await invite.text())).toContain("Queued 1 invitation(s).");
    await waitFor(
      () =>
        db.emailOutbox.findFirst({
          where: { kind: "invitation", status: "sent", respondent: { email: "open@example.com" } },
        }),
      20_000,
      "invitation sent",
    );
    expect(app.smtp.received.slice(before).map((m) => m.to)).toEqual(["open@example.com"]);
    const full = await db.respondent.findFirstOrThrow({
      where: { email: "full@example.com" },
      include: { outbox: true },
    });
    expect(full.outbox).toHaveLength(0);

    // reminders: the invited respondent of the full segment cannot start, so gets none
    const remind = await app.researcher.post(respondentsPath, {
      intent: "remind",
      intervalDays: "1",
      confirmed: "yes",
    });
    expect(text(await remind.text())).toContain("Queued 1 reminder(s)");
    const reminders = await db.emailOutbox.findMany({ where: { kind: "reminder" }, include: { respondent: true } });
    expect(reminders.map((r) => r.respondent.email)).toEqual(["open@example.com"]);

    // their link shows the end page without starting them
    const waiting = await db.respondent.findFirstOrThrow({ where: { email: "waiting@example.com" } });
    expect(waiting.status).toBe("invited");
    const mail = app.smtp.received.find((m) => m.to === "waiting@example.com")!;
    const path = new URL(/https?:\/\/\S+\/s\/[A-Za-z0-9_-]{43}/.exec(mail.parsed.text ?? "")![0]).pathname;
    const c = new HttpClient(app.server.url);
    expect(text(await (await c.get(path)).text())).toContain(OVER_QUOTA_TITLE);
    expect(await db.response.count({ where: { respondentId: waiting.id } })).toBe(0);
    // raising the quota opens the segment again: the same link starts the survey
    expect((await saveSmb(String(QUOTA + 1))).status).toBe(302);
    expect(pageKeyOf(await (await c.get(path)).text())).toBe("start");
    const { answered } = await finish(c, path);
    expect(answered).toContain("price");
    expect((await db.respondent.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("completed");
  });
});
