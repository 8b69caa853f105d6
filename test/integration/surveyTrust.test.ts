/**
 * The respondent survey over HTTP, like a browser without JavaScript, against the built server
 * and a real database (SQLite, and PostgreSQL with TEST_DATABASE_URL):
 *
 * - forms posted with `Origin: null` and no Sec-Fetch-Site (plain http, no-referrer) pass only
 *   with the page's signed form token; researcher forms stay refused;
 * - a post for a page that is no longer current stores nothing and shows the current page
 *   without errors; every page has its own URL and Back shows an earlier page's own answers;
 * - finished respondents see their thank-you page after the study closed;
 * - page timings: when each page was shown and submitted;
 * - an answerless post right after its page was shown (the second tap of a double tap) shows
 *   the page again without errors; the same post after a normal pause gets the errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { startApp, surveyEnv, type TestApp } from "../helpers/app.ts";
import { engines } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";
import { createDemoMiniStudy, createMiniStudy, createRespondent } from "./respondentsFixtures.ts";
import { answersFor, pageKeyOf } from "./respondentsSurvey.ts";

const LINK_SECRET = "survey-trust-link-secret-0123456";
/** A browser without JavaScript on plain http under a real hostname: Origin null, nothing else. */
const NO_EVIDENCE = { origin: "null" } as const;

const formTokenOf = (html: string) => /name="formToken" value="([^"]+)"/.exec(html)?.[1] ?? null;

describe.each(engines())("survey trust over HTTP on %s", (engine) => {
  let app: TestApp;
  let server: TestServer;
  let db: Db;
  let study: Awaited<ReturnType<typeof createMiniStudy>>;

  beforeAll(async () => {
    app = await startApp(engine, {
      ...surveyEnv(LINK_SECRET),
      // a wide double-tap window, so "quick" never depends on this machine's speed
      SURVEY_DOUBLE_TAP_MS: "60000",
    });
    ({ server, db } = app);
    study = await createDemoMiniStudy(db, { name: "Trust over HTTP", nms: true });
  });
  afterAll(() => app?.stop());

  let counter = 0;
  /** A respondent h<n>@example.com of `studyId` (default: the trust study) in the trust study's segment. */
  const newRespondent = (studyId = study.studyId) =>
    createRespondent(db, { studyId, segmentId: study.segmentId }, LINK_SECRET, { email: `h${++counter}@example.com` });

  /** GET the page and post its answers the way a browser without JavaScript would. */
  async function answer(c: HttpClient, path: string, change: Record<string, string> = {}) {
    const html = await (await c.get(path)).text();
    const body = { ...answersFor(html), formToken: formTokenOf(html) ?? "", ...change };
    return c.post(path, body, { origin: "null" });
  }

  it("accepts a respondent form without Origin evidence only with its signed form token", async () => {
    const r = await newRespondent();
    const c = new HttpClient(server.url);
    const html = await (await c.get(r.path)).text();
    const token = formTokenOf(html);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // no token, a wrong one, or the token of another page: refused, nothing stored
    for (const formToken of [undefined, "x".repeat(43), undefined]) {
      const body: Record<string, string> = { page: "start", ...(formToken ? { formToken } : {}) };
      const res = await c.post(r.path, body, NO_EVIDENCE);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("Cross-site request refused");
    }
    const other = await newRespondent();
    const otherToken = formTokenOf(await (await c.get(other.path)).text())!;
    expect((await c.post(r.path, { page: "start", formToken: otherToken }, NO_EVIDENCE)).status).toBe(403);
    expect(await db.response.count({ where: { respondentId: r.id } })).toBe(0);
    // a page from another site is refused before the route (its browser says so)
    const cross = await c.post(r.path, { page: "start", formToken: token! }, { origin: "https://evil.example" });
    expect(cross.status).toBe(403);
    const crossSite = await c.post(
      r.path,
      { page: "start", formToken: token! },
      { origin: "null", headers: { "sec-fetch-site": "cross-site" } },
    );
    expect(crossSite.status).toBe(403);
    expect(await db.response.count({ where: { respondentId: r.id } })).toBe(0);
    // the form's own token works
    const ok = await c.post(r.path, { page: "start", formToken: token! }, NO_EVIDENCE);
    expect(ok.status).toBe(303);
    expect(await db.response.count({ where: { respondentId: r.id } })).toBe(1);
    // and is bound to its page: concept:1 needs its own
    const concept = await c.post(
      r.path,
      { ...answersFor(await (await c.get(r.path)).text()), formToken: token! },
      NO_EVIDENCE,
    );
    expect(concept.status).toBe(403);
    expect((await answer(c, r.path)).status).toBe(303);
    expect(await db.conceptRating.count({ where: { response: { respondentId: r.id } } })).toBe(1);
    // researcher forms without Origin evidence are still refused, whatever they carry
    const login = await c.post(
      "/login",
      { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password, formToken: token! },
      NO_EVIDENCE,
    );
    expect(login.status).toBe(403);
  });

  it("gives each page its own URL; a post for an earlier page stores nothing and shows the current page", async () => {
    const r = await newRespondent();
    const c = new HttpClient(server.url);
    const start = await answer(c, r.path);
    expect(start.status).toBe(303);
    expect(start.headers.get("location")).toBe(`${r.path}?p=concept-1`);
    const first = await answer(c, r.path, { appeal: "1", relevance: "1" });
    expect(first.headers.get("location")).toBe(`${r.path}?p=concept-2`);
    // a second tap / an old tab posts concept:1 again with other answers
    const html = await (await c.get(`${r.path}?p=concept-2`)).text();
    expect(pageKeyOf(html)).toBe("concept:2");
    const stale = await c.post(
      r.path,
      { ...answersFor(html), page: "concept:1", appeal: "5", formToken: formTokenOf(html)! },
      { origin: server.url },
    );
    expect(stale.status).toBe(303);
    expect(stale.headers.get("location")).toBe(`${r.path}?p=concept-2`);
    const after = await c.get(stale.headers.get("location")!);
    const afterHtml = await after.text();
    expect(pageKeyOf(afterHtml)).toBe("concept:2");
    expect(afterHtml).not.toContain("field-error");
    expect(afterHtml).not.toMatch(/checked=""/);
    const response = await db.response.findUniqueOrThrow({
      where: { respondentId: r.id },
      include: { ratings: true, pages: true },
    });
    expect(response.ratings.map((x) => [x.position, x.appeal, x.relevance])).toEqual([[1, 1, 1]]);
    expect(response.pages.map((p) => p.page).sort()).toEqual(["concept:1"]);
    // Back: the earlier page with its own saved answers, read-only
    const back = await (await c.get(`${r.path}?p=concept-1`)).text();
    expect(text(back)).toContain("Answers on earlier pages can't be changed");
    expect(pageKeyOf(back)).toBeNull(); // no form to post
    expect(back).toMatch(/name="appeal"[^>]*checked=""[^>]*value="1"|name="appeal"[^>]*value="1"[^>]*checked=""/);
    expect(back).toContain(`href="${r.path}?p=concept-2"`);
    // a page not yet reached shows the current page
    expect(pageKeyOf(await (await c.get(`${r.path}?p=price`)).text())).toBe("concept:2");
  });

  it("lets Back return to a page with a validation error without resubmitting the form", async () => {
    const r = await newRespondent();
    const c = new HttpClient(server.url);
    await answer(c, r.path);
    const bad = await answer(c, r.path, { relevance: "" });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("cache-control")).toBe("private, no-cache");
    const html = await bad.text();
    expect(text(html)).toContain("Choose an answer for “How relevant is this product to your needs?”");
    // without JavaScript too, the page opens with the focus in the unanswered question, marked there
    expect(html.match(/autofocus/g)).toHaveLength(1);
    expect(html).toMatch(/<input(?=[^>]*name="relevance")(?=[^>]*value="1")[^>]*autofocus[^>]*>/);
    expect(html).toMatch(/<fieldset id="q-relevance"[^>]*aria-describedby="err-relevance"[^>]*aria-invalid="true"/);
    expect(html).not.toMatch(/<fieldset id="q-appeal"[^>]*aria-invalid/);
  });

  it("takes an answerless post right after the page appeared as a double tap, not a skipped page", async () => {
    const r = await newRespondent();
    const c = new HttpClient(server.url);
    await answer(c, r.path);
    const first = await answer(c, r.path, { appeal: "2" });
    expect(first.headers.get("location")).toBe(`${r.path}?p=concept-2`);
    // the second tap lands on concept 2, just shown: its form posted with no answer at all
    const html = await (await c.get(first.headers.get("location")!)).text();
    expect(pageKeyOf(html)).toBe("concept:2");
    const empty = { page: "concept:2", formToken: formTokenOf(html)! };
    const tap = await c.post(r.path, empty, NO_EVIDENCE);
    expect(tap.status).toBe(303);
    expect(tap.headers.get("location")).toBe(`${r.path}?p=concept-2`);
    const again = await (await c.get(tap.headers.get("location")!)).text();
    expect(pageKeyOf(again)).toBe("concept:2");
    expect(again).not.toContain("field-error");
    expect(text(again)).not.toContain("Choose an answer");
    let response = await db.response.findUniqueOrThrow({
      where: { respondentId: r.id },
      include: { ratings: true, pages: true },
    });
    expect(response.currentPage).toBe("concept:2");
    expect(response.ratings.map((x) => x.position)).toEqual([1]);
    expect(response.pages.map((p) => p.page)).toEqual(["concept:1"]);
    // one answer is enough to be a real submit: it is checked as usual
    const partial = await c.post(r.path, { ...empty, appeal: "3" }, NO_EVIDENCE);
    expect(partial.status).toBe(400);
    expect(text(await partial.text())).toContain("Choose an answer for “How relevant is this product to your needs?”");
    // after a normal pause, the same empty Next is a skipped page: the errors are shown, nothing stored
    await db.response.update({
      where: { id: response.id },
      data: { pageShownAt: new Date(Date.now() - 5 * 60_000) },
    });
    const skipped = await c.post(r.path, empty, NO_EVIDENCE);
    expect(skipped.status).toBe(400);
    const errorsHtml = await skipped.text();
    expect(errorsHtml).toContain("field-error");
    expect(text(errorsHtml)).toContain("Choose an answer for “How appealing is this product to you?”");
    response = await db.response.findUniqueOrThrow({
      where: { respondentId: r.id },
      include: { ratings: true, pages: true },
    });
    expect(response.ratings.map((x) => x.position)).toEqual([1]);
    expect(response.pages.map((p) => p.page)).toEqual(["concept:1"]);
    expect(response.currentPage).toBe("concept:2");
  });

  it("stores when each page was shown and submitted", async () => {
    const r = await newRespondent();
    const c = new HttpClient(server.url);
    await answer(c, r.path);
    for (let i = 0; i < 3; i++) expect((await answer(c, r.path)).status).toBe(303);
    const pages = await db.pageSubmission.findMany({ where: { response: { respondentId: r.id } } });
    expect(pages.map((p) => p.page).sort()).toEqual(["concept:1", "concept:2", "maxdiff:1"]);
    for (const p of pages) {
      expect(p.shownAt).not.toBeNull();
      expect(p.shownAt!.getTime()).toBeLessThanOrEqual(p.createdAt.getTime());
    }
    // shown once: reloading the page does not restart its clock
    await c.get(r.path);
    const response = await db.response.findUniqueOrThrow({ where: { respondentId: r.id } });
    expect(response.pageShownAt).not.toBeNull();
    await c.get(r.path);
    const again = await db.response.findUniqueOrThrow({ where: { respondentId: r.id } });
    expect(again.pageShownAt!.getTime()).toBe(response.pageShownAt!.getTime());
  });

  it("shows finished respondents their thank-you page after the study closed", async () => {
    const owner = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.email } });
    const closing = await createMiniStudy(db, owner.id, { name: "Closing later", nms: false });
    const done = await newRespondent(closing.studyId);
    const halfway = await newRespondent(closing.studyId);
    const c = new HttpClient(server.url);
    for (let i = 0; i < 10; i++) {
      const html = await (await c.get(done.path)).text();
      if (!pageKeyOf(html)) break;
      expect((await answer(c, done.path)).status).toBe(303);
    }
    await answer(c, halfway.path);
    await db.study.update({ where: { id: closing.studyId }, data: { status: "closed" } });
    const thanks = await c.get(done.path);
    expect(thanks.status).toBe(200);
    expect(text(await thanks.text())).toContain("Thank you!");
    const closed = await c.get(halfway.path);
    expect(closed.status).toBe(410);
    expect(text(await closed.text())).toContain("This survey has closed");
  });
});
