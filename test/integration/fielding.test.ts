/**
 * Issue 19 items 1, 3 and 4 over HTTP against the built server and a real database (SQLite, and PostgreSQL with
 * TEST_DATABASE_URL):
 *
 * - the builder's sample-size planner shows, per segment, the research planner's numbers for the study's own
 *   design, names the criterion that drives the target, keeps a bad expected value with an error next to it, and
 *   sets the segment's target with one form post;
 * - a live study with partial data shows "keep going" on a hypothesis the naive fixed-sample test would already
 *   validate, states the method, and shows the pre-registered verdict once the study is closed;
 * - the fielding dashboard shows completes, projection, waves, median time, drop-off, email failures and quotas;
 *   another researcher gets 404 and a viewer sees no respondent email addresses.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { planStudySampleSize } from "../../research/planning/sampleSize.ts";
import type { StudyExport } from "../../research/studyExport.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { engines } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import { createMiniStudy, startAppWithMail, type MailApp } from "./respondentsFixtures.ts";

const DAY = 86_400_000;
/** The page's text as read: no space before punctuation that only separates React nodes. */
const said = (html: string) =>
  text(html)
    .replace(/ ([.,:;!?)])/g, "$1")
    .replace(/\( /g, "(");

/** Each hypothesis's verdict badge in the Hypotheses section, by hypothesis id. */
const hypothesisVerdicts = (html: string) =>
  Object.fromEntries(
    [...html.matchAll(/data-hypothesis="([^"]+)"[^>]*><h3><span class="badge [^"]*"[^>]*>([^<]*)<\/span>/g)].map(
      (m) => [m[1], m[2]],
    ),
  );
/** The decision cards and executive summary, as read. */
const decisionsText = (html: string) =>
  said(
    /<section class="card decisions"[\s\S]*?(?=<section class="card" aria-labelledby="responses-h")/.exec(html)?.[0] ??
      "",
  );
/** The verdict badges of the decision cards, in order. */
const decisionBadges = (html: string) =>
  [
    ...(
      /<section class="card decisions"[\s\S]*?(?=<section class="card" aria-labelledby="responses-h")/.exec(
        html,
      )?.[0] ?? ""
    ).matchAll(/<li><span class="badge [^"]*"[^>]*>([\s\S]*?)<\/span>/g),
  ].map((m) => said(m[1]));

describe.each(engines())("fielding cockpit on %s", (engine) => {
  let app: MailApp;
  let db: Db;

  beforeAll(async () => {
    app = await startAppWithMail(engine, {});
    db = app.db;
  }, 180_000);
  afterAll(() => app?.stop());

  /** A hypothesis on the study's first concept: top-2-box purchase intent ≥ 50% in smb. */
  async function conceptRule(studyId: string) {
    const h = await db.hypothesis.findFirstOrThrow({ where: { studyId } });
    await db.hypothesis.update({
      where: { id: h.id },
      data: {
        rule: JSON.stringify({
          confidence: 0.95,
          criteria: [
            { kind: "concept", segment: "smb", metric: "purchase_intent", threshold: 0.5, concept: "Concept A" },
          ],
        }),
      },
    });
    return h.id;
  }

  /** `count` completed respondents in smb, `top2` of them rating Concept A 5 (else 2), completed at `at`. */
  async function completes(
    studyId: string,
    segmentId: string,
    count: number,
    top2: number,
    at: Date,
    minutes = 10,
    tag = "c",
  ) {
    const concept = await db.concept.findFirstOrThrow({ where: { studyId, name: "Concept A" } });
    for (let i = 0; i < count; i++) {
      const r = await db.respondent.create({
        data: {
          studyId,
          segmentId,
          email: `${tag}${i}-${at.getTime()}@example.com`,
          tokenHash: `${studyId}-${tag}-${at.getTime()}-${i}`,
          status: "completed",
        },
      });
      const response = await db.response.create({
        data: {
          respondentId: r.id,
          studyId,
          status: "completed",
          startedAt: new Date(at.getTime() - minutes * 60_000),
          completedAt: at,
          currentPage: "done",
        },
      });
      await db.conceptRating.create({
        data: {
          responseId: response.id,
          conceptId: concept.id,
          position: 1,
          appeal: 3,
          relevance: 3,
          uniqueness: 3,
          believability: 3,
          purchaseIntent: i < top2 ? 5 : 2,
        },
      });
      for (const page of ["concept:1", "concept:2", "maxdiff:1", "maxdiff:2", "price"])
        await db.pageSubmission.create({ data: { responseId: response.id, page } });
    }
  }

  describe("sample-size planner", () => {
    let studyId: string;
    let hypothesisId: string;
    beforeAll(async () => {
      const s = await createMiniStudy(db, app.ownerId, { status: "draft", name: "Planner study" });
      studyId = s.studyId;
      hypothesisId = await conceptRule(studyId);
    });
    const path = () => `/studies/${studyId}/build/planner`;

    it("shows the research planner's numbers and names the criterion that drives each segment's target", async () => {
      // Without an expected share, the MaxDiff exposures drive: 4 items, 3 per task, 2 tasks → 1.5 exposures per
      // respondent → ⌈500/1.5⌉ = 334 respondents; HB is not adequate (1.5 < 3).
      let page = said(await (await app.researcher.get(path())).text());
      expect(page).toContain("Required: 334 respondents, driven by each of 4 items shown ≥ 500 times in smb");
      expect(page).toMatch(/HB not adequate: 1\.5 exposures per item per respondent \(< 3\); 4 tasks would be/);
      expect(page).toContain("enter the share you expect to plan this criterion");

      const field = `expected-${hypothesisId}-0`;
      const bad = await app.researcher.post(path(), { intent: "expect", [field]: "lots", exposures: "500" });
      expect(bad.status).toBe(400);
      const badHtml = await bad.text();
      expect(said(badHtml)).toContain("Enter the share you expect as a number, e.g. 55.");
      expect(badHtml).toMatch(new RegExp(`name="${field}"[^>]*value="lots"|value="lots"[^>]*name="${field}"`));
      expect(JSON.parse((await db.study.findUniqueOrThrow({ where: { id: studyId } })).planExpectations)).toEqual({});

      const ok = await app.researcher.post(path(), { intent: "expect", [field]: "55", exposures: "500" });
      expect(ok.status).toBe(302);
      page = said(await (await app.researcher.get(path())).text());
      // The research planner on the same study document (the JSON export) with the stored expectation
      const doc = (await (await app.researcher.get(`/studies/${studyId}/export/study.json`)).json()) as StudyExport;
      const plan = planStudySampleSize(doc, { power: 0.8, criteria: { [`${hypothesisId}#0`]: { expected: 0.55 } } });
      const smb = plan.segments.smb;
      expect(smb.target).toBe(783); // Chow, Shao & Wang §4.1 at .55 vs .50, one-sided .025, power .8
      expect(smb.drivingCriterion?.id).toBe(`${hypothesisId}#0`);
      expect(page).toContain(
        `Required: ${smb.target} respondents, driven by top-2-box purchase intent ≥ 50% in smb. Current target: 100.`,
      );
      for (const r of smb.requirements)
        expect(page).toContain(`${r.rule}${r.id === smb.drivingCriterion?.id ? " (drives the target)" : ""} ${r.n}`);
    });

    it("sets the segment's target to the plan with one form post", async () => {
      const res = await app.researcher.post(path(), { intent: "target", id: "smb" });
      expect(res.status).toBe(302);
      expect((await db.segment.findFirstOrThrow({ where: { studyId, key: "smb" } })).targetN).toBe(783);
      const page = said(await (await app.researcher.get(path())).text());
      expect(page).toContain("The target already equals the plan.");
    });
  });

  describe("interim verdicts on the results page", () => {
    let studyId: string;
    beforeAll(async () => {
      const s = await createMiniStudy(db, app.ownerId, { status: "live", name: "Interim study" });
      studyId = s.studyId;
      await db.study.update({ where: { id: studyId }, data: { launchedAt: new Date(Date.now() - 3 * DAY) } });
      await conceptRule(studyId);
      // 24 of 30 top-2-box at 30 of 100 completes: Wilson 95% lower bound .627 ≥ .5 validates a fixed-sample test,
      // but z = 3.29 is below the O'Brien–Fleming-type boundary 3.93 at t = .3.
      await completes(studyId, s.segmentId, 30, 24, new Date(Date.now() - DAY));
    });

    it("a live study with partial data says keep going where the naive test validates, and says why", async () => {
      const html = await (await app.researcher.get(`/studies/${studyId}/results`)).text();
      const page = said(html);
      expect(page).toContain("Interim verdict while fielding: keep going");
      expect(page).toContain(
        "Checked with an O'Brien–Fleming-type boundary so daily looks don't inflate false validations; the final verdict at the planned n is the pre-registered test.",
      );
      expect(page).toContain("z = 3.29 has not crossed the boundary ±3.93; keep going.");
      // the fixed-sample evidence is still shown, and by itself would validate
      expect(page).toMatch(/24 of 30 ratings in Small business were top-2-box \(80%; 95% interval 62\.7%–90\.5%\)/);
      expect(page).toContain("entirely at or above the 50% threshold.");
      // the decision card and executive summary on top say the same, not the fixed-sample "validated"
      const decisions = said(
        /<section class="card decisions"[\s\S]*?(?=<section class="card" aria-labelledby="responses-h")/.exec(
          html,
        )?.[0] ?? "",
      );
      expect(decisions).toContain("keep going (interim) s");
      expect(decisions).not.toMatch(/\bvalidated s\b/);
      expect(decisions).toContain("Fielding is in progress: 1 of 1 hypotheses are still watched");
    });

    it("the printable report says what the page says while fielding: interim verdicts and the fielding line", async () => {
      const pageHtml = await (await app.researcher.get(`/studies/${studyId}/results`)).text();
      const reportHtml = await (await app.researcher.get(`/studies/${studyId}/report`)).text();
      const hypothesisId = (await db.hypothesis.findFirstOrThrow({ where: { studyId } })).id;
      expect(hypothesisVerdicts(pageHtml)).toEqual({ [hypothesisId]: "keep going" });
      expect(hypothesisVerdicts(reportHtml)).toEqual(hypothesisVerdicts(pageHtml));
      const report = said(reportHtml);
      expect(report).toContain("Interim verdict while fielding: keep going");
      expect(report).toContain("z = 3.29 has not crossed the boundary ±3.93; keep going.");
      expect(decisionBadges(pageHtml)).toEqual(["keep going (interim)"]);
      expect(decisionBadges(reportHtml)).toEqual(decisionBadges(pageHtml));
      const fieldingLine = (html: string) => /Fielding is in progress: [^.]*\./.exec(decisionsText(html))?.[0];
      expect(fieldingLine(reportHtml)).toBe(
        "Fielding is in progress: 1 of 1 hypotheses are still watched with the interim boundary (1 say keep going).",
      );
      expect(fieldingLine(reportHtml)).toBe(fieldingLine(pageHtml));
      expect(report).not.toMatch(/\binconclusive s\b/);
    });

    it("once the study is closed the pre-registered verdict is shown, on the page and in the report", async () => {
      await db.study.update({ where: { id: studyId }, data: { status: "closed", closedAt: new Date() } });
      const html = await (await app.researcher.get(`/studies/${studyId}/results`)).text();
      expect(text(html)).not.toContain("Interim verdict while fielding");
      expect(html).toMatch(/<span class="badge validated">validated<\/span> (<!-- -->)?s<\/h3>/);
      const reportHtml = await (await app.researcher.get(`/studies/${studyId}/report`)).text();
      expect(text(reportHtml)).not.toContain("Interim verdict while fielding");
      expect(text(reportHtml)).not.toContain("Fielding is in progress");
      expect(reportHtml).toMatch(/<span class="badge validated">validated<\/span> (<!-- -->)?s<\/h3>/);
      expect(hypothesisVerdicts(reportHtml)).toEqual(hypothesisVerdicts(html));
      expect(decisionBadges(reportHtml)).toEqual(["validated"]);
      expect(decisionBadges(reportHtml)).toEqual(decisionBadges(html));
    });
  });

  describe("fielding dashboard", () => {
    let studyId: string;
    beforeAll(async () => {
      const s = await createMiniStudy(db, app.ownerId, { status: "live", name: "Dashboard study" });
      studyId = s.studyId;
      const now = Date.now();
      await db.study.update({ where: { id: studyId }, data: { launchedAt: new Date(now - 10 * DAY) } });
      await db.segment.update({ where: { id: s.segmentId }, data: { targetN: 40, quota: 50 } });
      // 6 completes 9 days ago (20 minutes each), 14 in the last 7 days (10 minutes each): median 10 minutes,
      // 14/7 = 2 a day, 20 left → 10 days.
      await completes(studyId, s.segmentId, 6, 3, new Date(now - 9 * DAY), 20, "old");
      await completes(studyId, s.segmentId, 14, 7, new Date(now - 2 * DAY), 10, "new");
      // 2 respondents stopped: one after the screener-less first concept page, one on the price page
      const stopAt = async (pages: string[], i: number) => {
        const r = await db.respondent.create({
          data: { studyId, segmentId: s.segmentId, tokenHash: `${studyId}-stop-${i}`, status: "started" },
        });
        const resp = await db.response.create({ data: { respondentId: r.id, studyId, status: "started" } });
        for (const page of pages) await db.pageSubmission.create({ data: { responseId: resp.id, page } });
      };
      await stopAt(["concept:1"], 1);
      await stopAt(["concept:1", "concept:2", "maxdiff:1", "maxdiff:2"], 2);
      // one invitation wave: 4 sent 8 days ago (2 of them to respondents who completed), one failed, one bounced
      const invitees = await db.respondent.findMany({ where: { studyId, status: "completed" }, take: 2 });
      const sentAt = new Date(now - 8 * DAY);
      for (const r of invitees)
        await db.emailOutbox.create({
          data: { studyId, respondentId: r.id, kind: "invitation", status: "sent", sentAt },
        });
      for (const [i, status] of ["sent", "sent", "failed"].entries()) {
        const r = await db.respondent.create({
          data: {
            studyId,
            segmentId: s.segmentId,
            email: `bounce${i}@example.com`,
            tokenHash: `${studyId}-inv-${i}`,
            bouncedAt: i === 0 ? new Date() : null,
          },
        });
        await db.emailOutbox.create({
          data: { studyId, respondentId: r.id, kind: "invitation", status, sentAt: status === "sent" ? sentAt : null },
        });
      }
    });

    const path = () => `/studies/${studyId}/fielding`;

    it("shows completes, projection, waves, median time, drop-off, email failures and the quota", async () => {
      const html = await (await app.researcher.get(path())).text();
      const page = said(html);
      const day = (ms: number) => new Date(Date.now() + ms).toISOString().slice(0, 10);
      expect(page).toContain("Small business 20 of 40");
      expect(page).toMatch(new RegExp(`${day(10 * DAY)}|${day(10 * DAY - 60_000)}`));
      expect(page).toContain("2 completes a day over the last 7 days");
      expect(page).toContain("Median completion time 10 min");
      expect(page).toContain("Emails bounced 1");
      expect(page).toContain("Emails failed 1");
      expect(page).toContain("22 of 50 places taken");
      expect(page).toContain(`${day(-8 * DAY)} 4 2 2 50%`); // invitations 4, started 2, completed 2, 50%
      // 22 started; concept 1 submitted by all 22; concept 2 by 21 (1 stopped); MaxDiff by 21; price by 20 (1 stopped)
      expect(page).toContain("Concept 2 22 21 1 (4.5%)");
      expect(page).toContain("Price questions 21 20 1 (4.8%)");
      expect(html).toContain('aria-label="Completes per segment over time"');
      expect(page).toContain("bounce0@example.com");
    });

    it("is the owner's and members': another researcher gets 404, a viewer sees no respondent emails", async () => {
      const stranger = new HttpClient(app.server.url);
      await stranger.post("/signup", {
        name: "Other",
        email: `other-${engine}@example.com`,
        password: "long enough pw",
        role: "researcher",
      });
      expect((await stranger.get(path())).status).toBe(404);
      const pmm = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.viewerEmail } });
      await db.studyMember.create({ data: { studyId, userId: pmm.id, role: "viewer" } });
      const viewer = new HttpClient(app.server.url);
      expect((await viewer.login(DEMO_LOGIN.viewerEmail, DEMO_LOGIN.password)).status).toBe(302);
      const res = await viewer.get(path());
      expect(res.status).toBe(200);
      const page = said(await res.text());
      expect(page).toContain("Emails bounced 1");
      expect(page).not.toContain("@example.com");
    });
  });
});
