/**
 * Respondents end to end over HTTP against the built server, a real database (SQLite, and
 * PostgreSQL with TEST_DATABASE_URL) and a real SMTP server on loopback: CSV import with
 * per-line errors, 1,000 invitations (each exactly once, each link working), the survey
 * without JavaScript (resume, bad answers, replayed and concurrent submits), reminders only
 * to non-completers, unsubscribe, closed studies, unknown links and their rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { hashToken, newLink } from "../../app/respondents/tokens.server.ts";
import { DEMO_LOGIN, DEMO_STUDY_NAME } from "../../prisma/seed/demo.ts";
import { logInClient } from "../helpers/app.ts";
import { engines } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";
import {
  createMiniStudy,
  inviteOneByMail,
  linkFrom,
  startAppWithMail,
  type startSmtp,
  waitFor,
  type MailApp,
} from "./respondentsFixtures.ts";
import { answerPages, answersFor, pageKeyOf } from "./respondentsSurvey.ts";

const LINK_SECRET = "test-link-secret-0123456789abcdef";

describe.each(engines())("respondents on %s", (engine) => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let db: Db;
  let researcher: HttpClient;
  let demoStudyId: string;
  let mini: Awaited<ReturnType<typeof createMiniStudy>>;

  let app: MailApp;

  beforeAll(async () => {
    app = await startAppWithMail(engine, {
      MAIL_FROM: "Research <research@example.com>",
      MAIL_POLL_MS: "200",
      MAIL_RATE_PER_MINUTE: "100000",
      MAIL_BATCH_SIZE: "200",
      MAIL_POOL_SIZE: "5",
      LINK_SECRET,
      LINK_RATE_LIMIT: "100000",
      LINK_MISS_LIMIT: "15",
    });
    ({ smtp, server, db, researcher } = app);
    demoStudyId = (await db.study.findFirstOrThrow({ where: { name: DEMO_STUDY_NAME } })).id;
    mini = await createMiniStudy(db, app.ownerId);
  });
  afterAll(() => app?.stop());

  const respondentsPath = () => `/studies/${demoStudyId}/respondents`;

  async function importCsv(studyId: string, csv: string, invite = true) {
    const form = new FormData();
    form.set("intent", "preview");
    form.set("file", new Blob([csv], { type: "text/csv" }), "people.csv");
    const preview = await researcher.post(`/studies/${studyId}/respondents`, form);
    const html = await preview.text();
    const payload = /name="payload" value="([^"]*)"/.exec(html)?.[1];
    return {
      preview,
      html,
      payload: payload
        ?.replace(/&quot;/g, '"')
        .replace(/&amp;/g, "&")
        .replace(/&#x27;/g, "'")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">"),
      confirm: (p: string) =>
        researcher.post(`/studies/${studyId}/respondents`, {
          intent: "confirm",
          payload: p,
          ...(invite ? { invite: "yes" } : {}),
        }),
    };
  }

  it("shows every bad CSV line and imports only the good rows after confirmation", async () => {
    const csv = [
      "email,name,segment,company_size",
      "good1@example.com,Good One,tech,11-50",
      "not-an-email,Bad,tech,1-10",
      "good2@example.com,<img src=x onerror=alert(1)>,Real estate,51-200",
      "x@example.com,Unknown seg,martians,1-10",
      "good1@example.com,Dup In File,tech,1-10",
      "respondent001@example.org,Already There,tech,1-10",
      '"evil@example.com\r\nBcc: victim@example.com",Inject,tech,1-10',
    ].join("\n");
    const { preview, html, payload } = await importCsv(demoStudyId, csv);
    expect(preview.status).toBe(200);
    const body = text(html);
    expect(body).toContain("2 row(s) can be imported; 5 row(s) have problems");
    expect(body).toMatch(/3 Enter a valid email address/);
    expect(body).toMatch(/5 Unknown segment “martians”/);
    expect(body).toMatch(/6 Duplicate email good1@example.com: already on line 2/);
    expect(body).toMatch(/7 respondent001@example.org is already a respondent/);
    expect(body).toMatch(/8 Enter a valid email address/);
    expect(html).not.toContain("<img src=x");
    // nothing imported by the preview
    expect(await db.respondent.count({ where: { studyId: demoStudyId, email: "good1@example.com" } })).toBe(0);
    const confirm = await (await importCsvConfirm(payload!)).text();
    expect(text(confirm)).toContain("Imported 2 respondent(s) and queued their invitations.");
    const rows = await db.respondent.findMany({
      where: { studyId: demoStudyId, email: { in: ["good1@example.com", "good2@example.com"] } },
    });
    expect(rows).toHaveLength(2);
    expect(JSON.parse(rows.find((r) => r.email === "good1@example.com")!.attributes)).toEqual({
      company_size: "11-50",
    });
    // confirming the same payload twice imports nothing more
    const again = await importCsvConfirm(payload!);
    expect(again.status).toBe(409);
    expect(
      await db.respondent.count({
        where: { studyId: demoStudyId, email: { in: ["good1@example.com", "good2@example.com"] } },
      }),
    ).toBe(2);
    const mails = await waitFor(
      () => {
        const m = smtp.received.filter((r) => r.to === "good1@example.com" || r.to === "good2@example.com");
        return m.length >= 2 && m;
      },
      20_000,
      "2 invitations",
    );
    const evil = mails.find((m) => m.to === "good2@example.com")!;
    expect(evil.parsed.html).not.toContain("<img src=x");
    expect(evil.parsed.html).toContain("&lt;img src=x");
    const unfolded = evil.raw.replace(/\r?\n[ \t]+/g, " ");
    expect(unfolded).toMatch(/^List-Unsubscribe: <http:\/\/127\.0\.0\.1:\d+\/u\/[A-Za-z0-9_-]{43}>\r?$/m);
    expect(unfolded).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(evil.parsed.text).toMatch(/\/s\/[A-Za-z0-9_-]{43}/);
    expect(evil.raw).not.toMatch(/^bcc:/im);
  });

  it("imports the good rows of a file with a short row and names the short row's line", async () => {
    const csv = [
      "email,name,segment",
      "short-ok1@example.com,Ok One,tech",
      "short-bad@example.com,No segment cell",
      "short-ok2@example.com,Ok Two,nonprofit",
      "short-long@example.com,Too,tech,many",
    ].join("\n");
    const { preview, html, payload } = await importCsv(demoStudyId, csv, false);
    expect(preview.status).toBe(200);
    const body = text(html);
    expect(body).toContain("2 row(s) can be imported; 2 row(s) have problems and will be skipped");
    expect(body).toMatch(/3 This row has 2 cell\(s\) but the header has 3/);
    expect(body).toMatch(/5 This row has 4 cell\(s\) but the header has 3/);
    const confirm = await researcher.post(respondentsPath(), { intent: "confirm", payload: payload! });
    expect(text(await confirm.text())).toContain("Imported 2 respondent(s).");
    const imported = await db.respondent.findMany({
      where: { studyId: demoStudyId, email: { startsWith: "short-" } },
      select: { email: true },
    });
    expect(imported.map((r) => r.email).sort()).toEqual(["short-ok1@example.com", "short-ok2@example.com"]);
  });

  it("shows an invalid email's error next to the Email field of the add-respondent form, not under Name", async () => {
    const res = await researcher.post(respondentsPath(), { intent: "add", email: "not-an-address", name: "Kim" });
    expect(res.status).toBe(400);
    const html = await res.text();
    const errorOf = (id: string) => new RegExp(`<p id="${id}-error"[^>]*>([^<]*)</p>`).exec(html)?.[1];
    expect(errorOf("f-email")).toMatch(/email/i);
    expect(errorOf("f-name")).toBeUndefined();
    expect(html).toContain('value="Kim"');
    expect(await db.respondent.count({ where: { studyId: demoStudyId, name: "Kim" } })).toBe(0);
  });

  async function importCsvConfirm(payload: string) {
    return researcher.post(respondentsPath(), { intent: "confirm", payload, invite: "yes" });
  }

  it("invites 1,000 respondents from a CSV: each gets exactly one email with a working link", async () => {
    const before = smtp.received.length;
    const lines = ["email,name,segment,role"];
    for (let i = 0; i < 1000; i++)
      lines.push(`bulk${i}@example.net,Person ${i},${["tech", "real_estate", "nonprofit"][i % 3]},r${i % 7}`);
    const t0 = Date.now();
    const { payload, html } = await importCsv(demoStudyId, lines.join("\n"));
    expect(text(html)).toContain("1000 row(s) can be imported; 0 row(s) have problems");
    const tPreview = Date.now();
    const res = await importCsvConfirm(payload!);
    expect(text(await res.text())).toContain("Imported 1000 respondent(s)");
    const tImport = Date.now();
    await waitFor(() => smtp.received.length - before >= 1000, 120_000, "1000 emails");
    const tSent = Date.now();
    await new Promise((r) => setTimeout(r, 1000)); // nothing more arrives
    const bulk = smtp.received.slice(before).filter((m) => m.to.startsWith("bulk"));
    expect(bulk).toHaveLength(1000);
    expect(new Set(bulk.map((m) => m.to)).size).toBe(1000);
    const links = bulk.map((m) => linkFrom(m.parsed));
    expect(new Set(links).size).toBe(1000);
    // every link names exactly the respondent it was sent to
    const byHash = new Map(
      (
        await db.respondent.findMany({
          where: { studyId: demoStudyId, email: { startsWith: "bulk" } },
          select: { email: true, tokenHash: true },
        })
      ).map((r) => [r.tokenHash, r.email]),
    );
    for (const m of bulk) expect(byHash.get(hashToken(linkFrom(m.parsed).split("/s/")[1]))).toBe(m.to);
    // the DB holds no raw token
    const dump = JSON.stringify(await db.respondent.findMany({ where: { studyId: demoStudyId } }));
    for (const l of links.slice(0, 50)) expect(dump).not.toContain(l.split("/s/")[1]);
    // the links open the survey (all of them)
    const tLinks = Date.now();
    const client = new HttpClient(server.url);
    for (let i = 0; i < links.length; i += 50) {
      const statuses = await Promise.all(
        links.slice(i, i + 50).map(async (l) => (await client.get(new URL(l).pathname)).status),
      );
      expect(statuses.every((s) => s === 200)).toBe(true);
    }
    const sent = await db.emailOutbox.count({
      where: {
        studyId: demoStudyId,
        status: "sent",
        messageId: { not: null },
        respondent: { email: { startsWith: "bulk" } },
      },
    });
    expect(sent).toBe(1000);
    console.log(
      `[${engine}] 1000 invitations: preview ${tPreview - t0} ms, import+queue ${tImport - tPreview} ms, all delivered ${tSent - tImport} ms after import, 1000 links opened in ${Date.now() - tLinks} ms`,
    );
  }, 240_000);

  const inviteOne = (studyId: string, email: string, segment = "smb") =>
    inviteOneByMail(app, studyId, { email, name: "Sam", segment });

  it("runs the whole survey without JavaScript, resumes, explains bad answers and stores every answer once", async () => {
    const path = await inviteOne(demoStudyId, "survey1@example.com", "tech");
    const client = new HttpClient(server.url);
    const start = await client.get(path);
    expect(start.status).toBe(200);
    expect(start.headers.get("referrer-policy")).toBe("no-referrer");
    const startHtml = await start.text();
    expect(pageKeyOf(startHtml)).toBe("start");
    expect(startHtml).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:\/\//); // no third-party assets
    const respondent = await db.respondent.findFirstOrThrow({
      where: { email: "survey1@example.com", studyId: demoStudyId },
    });
    expect(respondent.status).toBe("invited");
    expect((await client.post(path, { page: "start" })).status).toBe(303);
    expect((await db.respondent.findUniqueOrThrow({ where: { id: respondent.id } })).status).toBe("started");
    // answer concept 1, then "lose" the session: a fresh client resumes on concept:2
    await answerPages(client, path, "concept:2");
    const resumed = await new HttpClient(server.url).get(path);
    const resumedHtml = await resumed.text();
    expect(pageKeyOf(resumedHtml)).toBe("concept:2");
    // 14 pages + the 2 competitors pages + the demo's 8-rung Gabor–Granger ladder (at most 8 steps)
    expect(resumedHtml).toMatch(/<progress[^>]+max="24"[^>]+value="1"/);
    // missing answers are named; nothing is saved
    const missing = await client.post(path, { page: "concept:2", appeal: "4" });
    expect(missing.status).toBe(400);
    expect(text(await missing.text())).toContain("Choose an answer for “How relevant is this product to your needs?”");
    // 20 concurrent identical submits: one stored, none fails
    const answers = answersFor(resumedHtml);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => client.post(path, answers).then((r) => r.status)),
    );
    expect(statuses.every((s) => s === 303)).toBe(true);
    const response = await db.response.findUniqueOrThrow({ where: { respondentId: respondent.id } });
    expect(await db.conceptRating.count({ where: { responseId: response.id } })).toBe(2);
    expect(await db.pageSubmission.count({ where: { responseId: response.id, page: "concept:2" } })).toBe(1);
    expect(response.currentPage).toBe("concept:3");
    // back button: re-posting concept:1 changes nothing
    expect((await client.post(path, { ...answers, page: "concept:1", appeal: "1" })).status).toBe(303);
    expect((await db.conceptRating.findFirstOrThrow({ where: { responseId: response.id, position: 1 } })).appeal).toBe(
      4,
    );
    await answerPages(client, path, "maxdiff:1");
    // MaxDiff: same item as most and least important → clear error, answer kept
    const md = await (await client.get(path)).text();
    const item = answersFor(md).best;
    const same = await client.post(path, { page: "maxdiff:1", best: item, worst: item });
    expect(same.status).toBe(400);
    const sameHtml = await same.text();
    expect(text(sameHtml)).toContain("You chose the same item as most and least important.");
    expect(sameHtml).toMatch(new RegExp(`name="best"[^>]*checked=""[^>]*value="${item}"`));
    await answerPages(client, path, "price");
    // Van Westendorp out of order: explained, values kept, may confirm
    const bad = { page: "price", tooCheap: "30", cheap: "20", expensive: "40", tooExpensive: "60" };
    const ooo = await client.post(path, bad);
    expect(ooo.status).toBe(400);
    const oooHtml = await ooo.text();
    expect(text(oooHtml)).toContain("Usually the prices go up");
    expect(oooHtml).toContain('value="30"');
    expect(text(oooHtml)).toContain("USD");
    const notNumber = await client.post(path, { ...bad, cheap: "2O" });
    expect(text(await notNumber.text())).toContain("Enter a number for “A bargain”");
    expect((await client.post(path, { ...bad, confirmOrder: "yes" })).status).toBe(303);
    const nmsHtml = await (await client.get(path)).text();
    expect(pageKeyOf(nmsHtml)).toBe("nms");
    expect(text(nmsHtml)).toContain("If the product cost $20 ");
    // the NMS submit 20× concurrently: saved once; then the ladder (yes every time: 45, 55, 65, 79, 99)
    // completes the survey once: dataVersion +1
    const version = (await db.study.findUniqueOrThrow({ where: { id: demoStudyId } })).dataVersion;
    const finals = await Promise.all(
      Array.from({ length: 20 }, () =>
        client.post(path, { page: "nms", piCheap: "4", piExpensive: "2" }).then((r) => r.status),
      ),
    );
    expect(finals.every((s) => s === 303)).toBe(true);
    expect(await answerPages(client, path)).toEqual(["gg:1", "gg:2", "gg:3", "gg:4", "gg:5"]);
    expect((await db.study.findUniqueOrThrow({ where: { id: demoStudyId } })).dataVersion).toBe(version + 1);
    const done = await db.response.findUniqueOrThrow({
      where: { respondentId: respondent.id },
      include: { ratings: true, maxdiff: true, price: true, pages: true },
    });
    expect(done.status).toBe("completed");
    expect(done.currentPage).toBe("done");
    expect(done.ratings).toHaveLength(3);
    expect(done.maxdiff).toHaveLength(9);
    expect(done.price).toMatchObject({
      tooCheap: 30,
      cheap: 20,
      expensive: 40,
      tooExpensive: 60,
      piCheap: 4,
      piExpensive: 2,
    });
    expect(done.pages).toHaveLength(14 + 2 + 5);
    expect(new Set(JSON.parse(done.conceptOrder))).toEqual(new Set(done.ratings.map((r) => r.conceptId)));
    expect((await db.respondent.findUniqueOrThrow({ where: { id: respondent.id } })).status).toBe("completed");
    expect(text(await (await client.get(path)).text())).toContain("Thank you!");
    // a completed response cannot change
    expect(
      (await client.post(path, { page: "price", tooCheap: "1", cheap: "2", expensive: "3", tooExpensive: "4" })).status,
    ).toBe(303);
    expect((await db.priceAnswer.findUniqueOrThrow({ where: { responseId: done.id } })).tooCheap).toBe(30);
  });

  it("sends reminders only to non-completers who did not unsubscribe", async () => {
    const paths = {
      done: await inviteOne(mini.studyId, "done@example.com"),
      started: await inviteOne(mini.studyId, "started@example.com"),
      invited: await inviteOne(mini.studyId, "invited@example.com"),
      unsub: await inviteOne(mini.studyId, "unsub@example.com"),
    };
    const c = new HttpClient(server.url);
    await answerPages(c, paths.done);
    expect((await db.respondent.findFirstOrThrow({ where: { email: "done@example.com" } })).status).toBe("completed");
    await c.post(paths.started, { page: "start" });
    // unsubscribe with the List-Unsubscribe link of the invitation: its own token, not the survey link
    const unsubMail = smtp.received.find((m) => m.to === "unsub@example.com")!;
    const unsubUrl = /^List-Unsubscribe: <([^>]+)>/m.exec(unsubMail.raw.replace(/\r?\n[ \t]+/g, " "))![1];
    const token = new URL(unsubUrl).pathname.split("/u/")[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(unsubMail.raw).not.toContain(`/u/${paths.unsub.split("/s/")[1]}`);
    expect(token).not.toBe(paths.unsub.split("/s/")[1]);
    // GET shows a button and changes nothing
    const u = await c.get(`/u/${token}`);
    expect(text(await u.text())).toContain("Stop emails about the survey “Mini <b>study</b>”?");
    expect((await db.respondent.findFirstOrThrow({ where: { email: "unsub@example.com" } })).unsubscribedAt).toBeNull();
    // the RFC 8058 one-click POST comes from the mail provider's origin
    const oneClick = await fetch(`${server.url}/u/${token}`, {
      method: "POST",
      headers: { origin: "https://mail.provider.example" },
      body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }),
    });
    expect(oneClick.status).toBe(200);
    expect(text(await oneClick.text())).toContain("You are unsubscribed");
    expect(
      (await db.respondent.findFirstOrThrow({ where: { email: "unsub@example.com" } })).unsubscribedAt,
    ).not.toBeNull();
    // any other cross-site post is still refused
    const crossSite = await fetch(`${server.url}/studies/${mini.studyId}/respondents`, {
      method: "POST",
      headers: { origin: "https://mail.provider.example", cookie: researcher.cookieHeader() },
      body: new URLSearchParams({ intent: "remind", confirmed: "yes" }),
    });
    expect(crossSite.status).toBe(403);

    // "Send reminders" asks first, saying how many emails it sends; nothing is queued yet
    const ask = await researcher.post(`/studies/${mini.studyId}/respondents`, { intent: "remind", intervalDays: "3" });
    expect(text(await ask.text())).toContain("This sends 2 emails: a reminder to each of the 2 respondents");
    expect(await db.emailOutbox.count({ where: { studyId: mini.studyId, kind: "reminder" } })).toBe(0);
    // a double click on the confirmation queues one reminder per person
    const before = smtp.received.length;
    const clicks = await Promise.all(
      [1, 2].map(async () =>
        text(
          await (
            await researcher.post(`/studies/${mini.studyId}/respondents`, {
              intent: "remind",
              intervalDays: "3",
              confirmed: "yes",
            })
          ).text(),
        ),
      ),
    );
    expect(clicks.filter((t) => t.includes("Queued 2 reminder(s)"))).toHaveLength(1);
    expect(await db.emailOutbox.count({ where: { studyId: mini.studyId, kind: "reminder" } })).toBe(2);
    await waitFor(() => smtp.received.length - before >= 2, 20_000, "2 reminders");
    await new Promise((r) => setTimeout(r, 800));
    const reminders = smtp.received.slice(before);
    expect(reminders.map((m) => m.to).sort()).toEqual(["invited@example.com", "started@example.com"]);
    expect(reminders[0].parsed.subject).toBe("Reminder: Mini <b>study</b>");
    // within the interval, another click reminds nobody
    const third = await researcher.post(`/studies/${mini.studyId}/respondents`, {
      intent: "remind",
      intervalDays: "3",
      confirmed: "yes",
    });
    expect(text(await third.text())).toContain("Nobody can get a reminder now");
    expect(await db.emailOutbox.count({ where: { studyId: mini.studyId, kind: "reminder" } })).toBe(2);
    // the researcher sees each status, the same in the counts and in the rows
    const page = text(await (await researcher.get(`/studies/${mini.studyId}/respondents`)).text());
    expect(page).toContain("4 respondent(s): 1 invited, 1 started, 1 completed, 1 unsubscribed.");
    expect(page).toMatch(/done@example\.com Sam Small business completed invitation sent/);
    expect(page).toMatch(/unsub@example\.com Sam Small business unsubscribed invitation sent/);
    expect(page).toMatch(/started@example\.com Sam Small business started reminder sent/);
    expect(page).toMatch(/invited@example\.com Sam Small business invited reminder sent/);
    await expectCountsMatchRows(mini.studyId);
    // revoking the completed respondent's link: counted and shown as "completed, link revoked"
    const done = await db.respondent.findFirstOrThrow({ where: { email: "done@example.com" } });
    await researcher.post(`/studies/${mini.studyId}/respondents`, {
      intent: "revoke",
      respondentId: done.id,
      confirmed: "yes",
    });
    const revoked = text(await (await researcher.get(`/studies/${mini.studyId}/respondents`)).text());
    expect(revoked).toContain("4 respondent(s): 1 invited, 1 started, 1 completed (link revoked), 1 unsubscribed.");
    expect(revoked).toMatch(/done@example\.com Sam Small business completed \(link revoked\)/);
    await expectCountsMatchRows(mini.studyId);
  });

  /** Every status in the counts line has exactly as many rows saying so (one page of rows). */
  async function expectCountsMatchRows(studyId: string) {
    const html = await (await researcher.get(`/studies/${studyId}/respondents`)).text();
    const counts = JSON.parse(/data-counts="([^"]*)"/.exec(html)![1].replace(/&quot;/g, '"'));
    const rows: Record<string, number> = {};
    for (const m of html.matchAll(/<span class="badge [a-z]+" data-status="([a-z_]+)"/g))
      rows[m[1]] = (rows[m[1]] ?? 0) + 1;
    expect(rows).toEqual(counts);
  }

  it("shows a friendly page for a closed study and for a revoked link", async () => {
    const owner = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.email } });
    const closed = await createMiniStudy(db, owner.id, { status: "closed", name: "Closed study" });
    const link = newLink("respondent", LINK_SECRET);
    await db.respondent.create({
      data: {
        studyId: closed.studyId,
        email: "late@example.com",
        segmentId: closed.segmentId,
        tokenHash: link.hash,
        tokenSalt: link.salt,
      },
    });
    const c = new HttpClient(server.url);
    const res = await c.get(`/s/${link.token}`);
    expect(res.status).toBe(410);
    const body = text(await res.text());
    expect(body).toContain("This survey has closed");
    expect(body).not.toContain("Closed study");
    expect((await c.post(`/s/${link.token}`, { page: "start" })).status).toBe(410);
    // revoking: the old link is unknown at once
    const path = await inviteOne(mini.studyId, "revoke-me@example.com");
    const r = await db.respondent.findFirstOrThrow({ where: { email: "revoke-me@example.com" } });
    // a confirmation first: nothing changes yet
    const ask = await researcher.post(`/studies/${mini.studyId}/respondents`, { intent: "revoke", respondentId: r.id });
    expect(text(await ask.text())).toContain("The survey link of revoke-me@example.com stops working at once");
    expect((await c.get(path)).status).toBe(200);
    await researcher.post(`/studies/${mini.studyId}/respondents`, {
      intent: "revoke",
      respondentId: r.id,
      confirmed: "yes",
    });
    expect((await c.get(path)).status).toBe(404);
  });

  it("keeps researcher pages private", async () => {
    const other = new HttpClient(server.url);
    await other.post("/signup", { name: "Other", email: "other@example.com", password: "long enough pw" });
    expect((await other.get(respondentsPath())).status).toBe(404);
    expect((await other.post(respondentsPath(), { intent: "remind" })).status).toBe(404);
    expect((await other.get(`/studies/${demoStudyId}/outbox`)).status).toBe(404);
    const viewer = await logInClient(server.url, DEMO_LOGIN.viewerEmail);
    expect((await viewer.post(respondentsPath(), { intent: "remind" })).status).toBe(403);
  });

  it("answers an unknown link with a friendly 404 and throttles guessing with 429", async () => {
    const c = new HttpClient(server.url);
    const res = await c.get(`/s/${"A".repeat(43)}`);
    expect(res.status).toBe(404);
    const body = text(await res.text());
    expect(body).toContain("We couldn't find this survey link");
    let last = 0;
    for (let i = 0; i < 20; i++) last = (await c.get(`/s/${newLink().token}`)).status;
    expect(last).toBe(429);
    // the login counter is separate: logging in still works
    expect((await new HttpClient(server.url).login(DEMO_LOGIN.email, DEMO_LOGIN.password)).status).toBe(302);
  });
  // last: the server answers 413 before reading the whole body, which resets that connection
  it("refuses an oversized upload and a bad header with a clear message", async () => {
    const big = `email\n${"a@example.com\n".repeat(200_000)}`;
    const r1 = await importCsv(demoStudyId, big);
    expect(r1.preview.status).toBe(413);
    expect(text(r1.html)).toContain("larger than 2 MB");
    const r2 = await importCsv(demoStudyId, "mail,name\nx@example.com,X\n");
    expect(text(r2.html)).toContain("The header has no “email” column");
  });
});
