/**
 * Screener questions and anonymous panel links over HTTP against the built server and a real
 * database (SQLite, and PostgreSQL with TEST_DATABASE_URL):
 *
 * - a screener answer mapped to a segment assigns that segment and the survey continues;
 * - "None of these" ends politely (screened_out, no further pages, counted as screened out,
 *   never as completed, no reminder);
 * - a panel link (/p/<token>) creates a fresh respondent per visit and redirects to that
 *   respondent's own /s/ link; a revoked panel link answers with a friendly 404;
 * - the panel-link section of the respondents page creates, lists and revokes links.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { engines } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";
import { createMiniStudy, inviteOneByMail, startAppWithMail, type MailApp } from "./respondentsFixtures.ts";
import { answerPages, pageKeyOf } from "./respondentsSurvey.ts";

describe.each(engines())("screener and panel links on %s", (engine) => {
  let server: TestServer;
  let db: Db;
  let researcher: HttpClient;
  let study: Awaited<ReturnType<typeof createMiniStudy>>;
  let options: { smb: string; none: string };
  let startedViaPanel = "";

  let app: MailApp;

  beforeAll(async () => {
    app = await startAppWithMail(engine, {
      MAIL_POLL_MS: "100",
      MAIL_RATE_PER_MINUTE: "100000",
      LINK_SECRET: "screener-test-link-secret-012345",
      LINK_RATE_LIMIT: "100000",
    });
    ({ server, db, researcher } = app);
    study = await createMiniStudy(db, app.ownerId, { name: "Screener study", screener: true });
    const opts = await db.screenerOption.findMany({ where: { studyId: study.studyId } });
    options = {
      smb: opts.find((o) => o.segmentId === study.segmentId)!.id,
      none: opts.find((o) => o.segmentId === null)!.id,
    };
  });
  afterAll(() => app?.stop());

  const respondentsPath = () => `/studies/${study.studyId}/respondents`;

  /** Adds a respondent without a segment (the screener decides) and returns their link's path. */
  const inviteWithoutSegment = (email: string) => inviteOneByMail(app, study.studyId, { email, name: "", segment: "" });

  it("assigns the segment of the screener answer and continues the survey", async () => {
    const path = await inviteWithoutSegment("fits@example.com");
    const respondent = await db.respondent.findFirstOrThrow({ where: { email: "fits@example.com" } });
    expect(respondent.segmentId).toBeNull();
    const c = new HttpClient(server.url);
    expect((await c.post(path, { page: "start" })).status).toBe(303);
    const screener = await (await c.get(path)).text();
    expect(pageKeyOf(screener)).toBe("screener");
    expect(text(screener)).toContain("Which best describes you?");
    expect(text(screener)).toContain("None of these");
    // no answer, or an option of another study: a clear message, nothing saved
    const none = await c.post(path, { page: "screener" });
    expect(none.status).toBe(400);
    expect(text(await none.text())).toContain("Choose the answer that fits you best.");
    expect((await c.post(path, { page: "screener", option: "not-an-option" })).status).toBe(400);
    expect((await db.respondent.findUniqueOrThrow({ where: { id: respondent.id } })).segmentId).toBeNull();
    // the mapped answer: segment assigned, on to the first concept
    expect((await c.post(path, { page: "screener", option: options.smb })).status).toBe(303);
    expect((await db.respondent.findUniqueOrThrow({ where: { id: respondent.id } })).segmentId).toBe(study.segmentId);
    const next = await (await c.get(path)).text();
    expect(pageKeyOf(next)).toBe("concept:1");
    expect(next).toMatch(/<progress[^>]+max="6"[^>]+value="1"/); // screener, 2 concepts, 2 MaxDiff tasks, price
    // a replayed screener answer changes nothing
    expect((await c.post(path, { page: "screener", option: options.none })).status).toBe(303);
    const after = await db.respondent.findUniqueOrThrow({ where: { id: respondent.id } });
    expect(after.segmentId).toBe(study.segmentId);
    expect(after.status).toBe("started");
    // the rest of the survey, to the end
    const answered = await answerPages(c, path);
    expect(answered).toEqual(["concept:1", "concept:2", "maxdiff:1", "maxdiff:2", "price"]);
    const response = await db.response.findUniqueOrThrow({
      where: { respondentId: respondent.id },
      include: { pages: true },
    });
    expect(response.status).toBe("completed");
    expect(response.pagesDone).toBe(6);
    expect(response.pages.map((p) => p.page).sort()).toEqual([
      "concept:1",
      "concept:2",
      "maxdiff:1",
      "maxdiff:2",
      "price",
      "screener",
    ]);
    expect((await db.respondent.findUniqueOrThrow({ where: { id: respondent.id } })).status).toBe("completed");
  });

  it("ends politely on “None of these”: screened out, no further pages, not counted as completed", async () => {
    const path = await inviteWithoutSegment("other@example.com");
    const respondent = await db.respondent.findFirstOrThrow({ where: { email: "other@example.com" } });
    const c = new HttpClient(server.url);
    await c.post(path, { page: "start" });
    const version = (await db.study.findUniqueOrThrow({ where: { id: study.studyId } })).dataVersion;
    expect((await c.post(path, { page: "screener", option: options.none })).status).toBe(303);
    const end = await c.get(path);
    expect(end.status).toBe(200);
    const html = await end.text();
    expect(pageKeyOf(html)).toBeNull(); // no form, no further questions
    expect(text(html)).toContain("Thank you for your time");
    expect(text(html)).toContain("there are no more questions for you");
    expect(text(html)).not.toContain("Thank you!");
    // later pages cannot be posted
    expect(
      (
        await c.post(path, {
          page: "concept:1",
          appeal: "4",
          relevance: "4",
          uniqueness: "4",
          believability: "4",
          purchaseIntent: "4",
        })
      ).status,
    ).toBe(303);
    expect((await c.post(path, { page: "screener", option: options.smb })).status).toBe(303);
    const response = await db.response.findUniqueOrThrow({
      where: { respondentId: respondent.id },
      include: { ratings: true, pages: true },
    });
    expect(response.status).toBe("screened_out");
    expect(response.currentPage).toBe("screened_out");
    expect(response.ratings).toHaveLength(0);
    expect(response.pages.map((p) => p.page)).toEqual(["screener"]);
    const r = await db.respondent.findUniqueOrThrow({ where: { id: respondent.id } });
    expect(r.status).toBe("screened_out");
    expect(r.segmentId).toBeNull();
    // completions only: the results' data version is unchanged
    expect((await db.study.findUniqueOrThrow({ where: { id: study.studyId } })).dataVersion).toBe(version);
    // the researcher sees one completed and one screened out
    const page = text(await (await researcher.get(respondentsPath())).text());
    expect(page).toContain("2 respondent(s): 1 completed, 1 screened out.");
    expect(page).toMatch(/other@example\.com\s+—\s+screened out invitation sent/);
    // reminders skip both
    const remind = await researcher.post(respondentsPath(), { intent: "remind" });
    expect(text(await remind.text())).toContain("Nobody can get a reminder now");
  });

  async function panelLinksOnPage() {
    const html = await (await researcher.get(respondentsPath())).text();
    return {
      html,
      urls: [...html.matchAll(/<code>(https?:\/\/[^<]+\/p\/[A-Za-z0-9_-]{43})<\/code>/g)].map((m) => m[1]),
    };
  }

  it("creates panel links on the respondents page; each visit makes a fresh respondent with its own link", async () => {
    // a study without a screener needs a segment; a segment of another study is refused
    const owner = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.email } });
    const plain = await createMiniStudy(db, owner.id, { name: "No screener" });
    const noSeg = await researcher.post(`/studies/${plain.studyId}/respondents`, {
      intent: "panel-link",
      segmentId: "",
    });
    expect(noSeg.status).toBe(400);
    expect(text(await noSeg.text())).toContain("This study has no screener question, so a panel link needs a segment.");
    const foreign = await researcher.post(respondentsPath(), { intent: "panel-link", segmentId: plain.segmentId });
    expect(foreign.status).toBe(400);
    expect(text(await foreign.text())).toContain("Choose a segment of this study.");
    expect(await db.anonymousLink.count()).toBe(0);

    // "let the screener decide" and a fixed segment
    const created = await researcher.post(respondentsPath(), { intent: "panel-link", segmentId: "" });
    expect(created.status).toBe(200);
    expect(text(await created.text())).toContain("Created a panel link.");
    await researcher.post(respondentsPath(), { intent: "panel-link", segmentId: study.segmentId });
    const { html, urls } = await panelLinksOnPage();
    expect(urls).toHaveLength(2);
    expect(text(html)).toMatch(/\(screener decides\)\s*:\s*http/);
    expect(text(html)).toMatch(/Small business\s*:\s*http/);
    const links = await db.anonymousLink.findMany({ where: { studyId: study.studyId }, orderBy: { createdAt: "asc" } });
    // the database holds no raw panel token
    for (const u of urls) expect(JSON.stringify(links)).not.toContain(u.split("/p/")[1]);
    const [screenerLink, segmentLink] = urls.map((u) => new URL(u).pathname);

    // GET only shows a start button (link scanners create nobody)
    const visitor = new HttpClient(server.url);
    const start = await visitor.get(screenerLink);
    expect(start.status).toBe(200);
    expect(text(await start.text())).toContain("Screener study");
    expect(await db.respondent.count({ where: { studyId: study.studyId, source: "panel" } })).toBe(0);

    // two visits: two respondents, two different /s/ links, each already started on the screener
    const a = await visitor.post(screenerLink, {});
    const b = await new HttpClient(server.url).post(screenerLink, {});
    expect(a.status).toBe(303);
    expect(b.status).toBe(303);
    const locA = a.headers.get("location")!;
    const locB = b.headers.get("location")!;
    expect(locA).toMatch(/^\/s\/[A-Za-z0-9_-]{43}$/);
    expect(locB).toMatch(/^\/s\/[A-Za-z0-9_-]{43}$/);
    expect(locA).not.toBe(locB);
    const panel = await db.respondent.findMany({
      where: { studyId: study.studyId, source: "panel" },
      include: { response: true },
    });
    expect(panel).toHaveLength(2);
    for (const r of panel) {
      expect(r.email).toBeNull();
      expect(r.segmentId).toBeNull();
      expect(r.status).toBe("started");
      expect(r.response?.currentPage).toBe("screener");
    }
    expect(pageKeyOf(await (await visitor.get(locA)).text())).toBe("screener");
    // the respondent's own link resumes later, from any client
    await new HttpClient(server.url).post(locA, { page: "screener", option: options.smb });
    expect(pageKeyOf(await (await new HttpClient(server.url).get(locA)).text())).toBe("concept:1");

    // the segment link: the segment is set, no screener
    const s = await new HttpClient(server.url).post(segmentLink, {});
    expect(s.status).toBe(303);
    const viaSegment = new HttpClient(server.url);
    const first = await (await viaSegment.get(s.headers.get("location")!)).text();
    expect(pageKeyOf(first)).toBe("concept:1");
    const answered = await answerPages(viaSegment, s.headers.get("location")!);
    expect(answered).toEqual(["concept:1", "concept:2", "maxdiff:1", "maxdiff:2", "price"]);
    const r = await db.respondent.findFirstOrThrow({
      where: { studyId: study.studyId, source: "panel", segmentId: study.segmentId, status: "completed" },
    });
    expect(r.email).toBeNull();

    // the list shows anonymous panel respondents
    expect(text((await panelLinksOnPage()).html)).toMatch(/anonymous \(\s*panel\s*\)/);
    startedViaPanel = locA;
  });

  it("revokes a panel link from the respondents page; the link then answers with a friendly 404", async () => {
    const { urls } = await panelLinksOnPage();
    const link = await db.anonymousLink.findFirstOrThrow({ where: { studyId: study.studyId, segmentId: null } });
    const path = new URL(urls[0]).pathname;
    // another study's id cannot revoke it
    const owner = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.email } });
    const other = await createMiniStudy(db, owner.id, { name: "Other" });
    expect(
      (await researcher.post(`/studies/${other.studyId}/respondents`, { intent: "panel-revoke", linkId: link.id }))
        .status,
    ).toBe(404);
    expect((await db.anonymousLink.findUniqueOrThrow({ where: { id: link.id } })).revokedAt).toBeNull();

    const revoked = await researcher.post(respondentsPath(), { intent: "panel-revoke", linkId: link.id });
    expect(revoked.status).toBe(200);
    expect(text(await revoked.text())).toContain("The panel link was revoked.");
    const page = await panelLinksOnPage();
    expect(page.urls).toHaveLength(1); // only the segment link is still shown
    expect(text(page.html)).toMatch(/\(screener decides\)\s*:\s*revoked/);
    expect(page.html).not.toContain(path); // not even in the page's data

    const before = await db.respondent.count({ where: { studyId: study.studyId } });
    const visitor = new HttpClient(server.url);
    const get = await visitor.get(path);
    expect(get.status).toBe(404);
    const body = text(await get.text());
    expect(body).toContain("We couldn't find this survey link");
    expect(body).not.toContain("Screener study");
    const post = await visitor.post(path, {});
    expect(post.status).toBe(404);
    expect(await db.respondent.count({ where: { studyId: study.studyId } })).toBe(before);
    // respondents who started through it keep their own links
    const resumed = await visitor.get(startedViaPanel);
    expect(resumed.status).toBe(200);
    expect(pageKeyOf(await resumed.text())).toBe("concept:1");
  });

  it("accepts survey forms posted without JavaScript (Origin: null under no-referrer) only from this site", async () => {
    // Referrer-Policy: no-referrer makes browsers send `Origin: null` on plain form posts;
    // Sec-Fetch-Site (set by the browser, not by pages) tells our own form from another site's.
    const path = await inviteWithoutSegment("nojs@example.com");
    const c = new HttpClient(server.url);
    const crossSite = await c.post(
      path,
      { page: "start" },
      { origin: "null", headers: { "sec-fetch-site": "cross-site" } },
    );
    expect(crossSite.status).toBe(403);
    expect(await db.response.count({ where: { respondent: { email: "nojs@example.com" } } })).toBe(0);
    expect((await c.post(path, { page: "start" }, { origin: "null" })).status).toBe(403); // no evidence at all
    const sameOrigin = await c.post(
      path,
      { page: "start" },
      { origin: "null", headers: { "sec-fetch-site": "same-origin" } },
    );
    expect(sameOrigin.status).toBe(303);
    expect(await db.response.count({ where: { respondent: { email: "nojs@example.com" } } })).toBe(1);
    // the panel start button and unsubscribe confirm are such forms too
    const link = (await panelLinksOnPage()).urls[0];
    const panel = await c.post(
      new URL(link).pathname,
      {},
      { origin: "null", headers: { "sec-fetch-site": "same-origin" } },
    );
    expect(panel.status).toBe(303);
    const unsub = await c.post(
      `/u/${path.split("/s/")[1]}`,
      {},
      { origin: "null", headers: { "sec-fetch-site": "same-origin" } },
    );
    expect(unsub.status).toBe(200);
    expect(text(await unsub.text())).toContain("You are unsubscribed");
  });

  it("refuses panel links of a closed study politely", async () => {
    const owner = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.email } });
    const closed = await createMiniStudy(db, owner.id, { name: "Closed panel study", screener: true });
    await researcher.post(`/studies/${closed.studyId}/respondents`, { intent: "panel-link", segmentId: "" });
    const html = await (await researcher.get(`/studies/${closed.studyId}/respondents`)).text();
    const url = /<code>(https?:\/\/[^<]+\/p\/[A-Za-z0-9_-]{43})<\/code>/.exec(html)![1];
    await db.study.update({ where: { id: closed.studyId }, data: { status: "closed" } });
    const c = new HttpClient(server.url);
    const res = await c.get(new URL(url).pathname);
    expect(res.status).toBe(410);
    expect(text(await res.text())).toContain("This survey has closed");
    expect((await c.post(new URL(url).pathname, {})).status).toBe(410);
    expect(await db.respondent.count({ where: { studyId: closed.studyId } })).toBe(0);
  });
});
