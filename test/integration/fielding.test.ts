/**
 * Issue 19 items 1, 3 and 4 over HTTP against the built server and a real database (SQLite, and PostgreSQL with
 * TEST_DATABASE_URL):
 *
 * - the builder's sample-size planner shows, per segment, the research planner's numbers for the study's own
 *   design, names the criterion that drives the target, keeps a bad expected value with an error next to it, and
 *   sets the segment's target with one form post;
 * - it takes a segment's pilot price answers (four means and the SD; a negative SD, means out of order or a partly
 *   filled segment show an error next to the field and store nothing) and then plans the price band "from your
 *   pilot" instead of the default spread;
 * - a live study with partial data shows "keep going" on a hypothesis the naive fixed-sample test would already
 *   validate, states the method, and shows the pre-registered verdict once the study is closed;
 * - the fielding dashboard shows completes, projection, waves, median time, drop-off, email failures and quotas;
 *   another researcher gets 404 and a viewer sees no respondent email addresses;
 * - it lists the respondent-quality gate's flagged respondents with their reasons and, per segment, how many
 *   completes are flagged and excluded (viewers see pseudonyms only), in the live-refresh data too, without ever
 *   starting Hierarchical Bayes: the MaxDiff fit flag is pending until the results page's HB run is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { documentHash } from "../../app/results/exportDocument.server.ts";
import { HB_KIND, hbKey } from "../../app/results/hb.server.ts";
import { planStudySampleSize } from "../../research/planning/sampleSize.ts";
import type { StudyExport } from "../../research/studyExport.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { logInClient, signUpClient } from "../helpers/app.ts";
import { engines } from "../helpers/databases.ts";
import { type HttpClient, text } from "../helpers/http.ts";
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

  describe("pilot price answers in the planner", () => {
    let studyId: string;
    beforeAll(async () => {
      const s = await createMiniStudy(db, app.ownerId, { status: "draft", name: "Pilot study" });
      studyId = s.studyId;
      await db.hypothesis.updateMany({ where: { studyId }, data: { targetPrice: 100 } });
    });
    const path = () => `/studies/${studyId}/build/planner`;
    const sentence = async () =>
      said(
        /<p data-plan-sentence[^>]*>([\s\S]*?)<\/p>/.exec(await (await app.researcher.get(path())).text())?.[1] ?? "",
      );
    const pilot = (o: Partial<Record<"tooCheap" | "cheap" | "expensive" | "tooExpensive" | "sd", string>>) =>
      Object.fromEntries(Object.entries(o).map(([k, v]) => [`pilot-smb-${k}`, v]));
    const stored = async () =>
      JSON.parse((await db.study.findUniqueOrThrow({ where: { id: studyId } })).planExpectations);

    it("saves a segment's pilot means and SD, shows errors next to the fields, and plans from the pilot", async () => {
      // 50 exposures per item (34 respondents) leaves the price band to drive the target: with the default spread
      // around 100 that is 123 (research/planning test: (1.959964·28.1775/5)² = 122.0 → 123)
      expect(
        (await app.researcher.post(path(), { intent: "expect", exposures: "50", priceHalfWidth: "5" })).status,
      ).toBe(302);
      expect(await sentence()).toMatch(
        /^Small business needs 123 respondents \(now 100\), driven by the requirement "PMC and PME within ±5% of 100 .*\(default answer spread: SD 25% of the price\)\.$/,
      );
      const form = { intent: "expect", exposures: "50", priceHalfWidth: "5" };
      const means = { tooCheap: "40", cheap: "60", expensive: "90", tooExpensive: "120" };

      const negative = await app.researcher.post(path(), { ...form, ...pilot({ ...means, sd: "-5" }) });
      expect(negative.status).toBe(400);
      const badHtml = await negative.text();
      expect(/<p id="f-pilot-smb-sd-error"[^>]*>([^<]*)<\/p>/.exec(badHtml)?.[1]).toBe("Enter an SD greater than 0.");
      expect(badHtml).toMatch(/<input[^>]*name="pilot-smb-sd"[^>]*aria-invalid="true"[^>]*value="-5"/);
      expect(badHtml).toMatch(/<input[^>]*name="pilot-smb-tooCheap"[^>]*value="40"/); // what was typed is kept
      const unordered = await app.researcher.post(path(), { ...form, ...pilot({ ...means, cheap: "30", sd: "20" }) });
      expect(unordered.status).toBe(400);
      expect(text(await unordered.text())).toContain(
        "Must be above the “too cheap” mean (40): valid answers increase.",
      );
      const partial = await app.researcher.post(path(), { ...form, ...pilot({ tooCheap: "40" }) });
      expect(partial.status).toBe(400);
      expect(text(await partial.text())).toContain("Enter all four means and the SD, or leave all five blank.");
      expect((await stored()).priceModels).toBeUndefined();

      const ok = await app.researcher.post(path(), { ...form, ...pilot({ ...means, sd: "20" }) });
      expect(ok.status).toBe(302);
      expect((await stored()).priceModels).toEqual({
        smb: { tooCheap: 40, cheap: 60, expensive: 90, tooExpensive: 120, sd: 20 },
      });
      // the hand case of test/research/planning: ±5% of (60 + 90)/2 = 75 needs (1.959964·22.3566/3.75)² → 137
      expect(await sentence()).toBe(
        'Small business needs 137 respondents (now 100), driven by the requirement "PMC and PME within ±5% of 75 ' +
          '(95% intervals) in smb": expected PMC 50 ± 3.74, PME 105 ± 3.74 at n = 137 (from your pilot: means 40, ' +
          "60, 90, 120, SD 20).",
      );
      const html = await (await app.researcher.get(path())).text();
      expect(html).toMatch(/<input[^>]*name="pilot-smb-sd"[^>]*value="20"/);

      // blank again: back to the default spread
      expect((await app.researcher.post(path(), form)).status).toBe(302);
      expect((await stored()).priceModels).toBeUndefined();
      expect(await sentence()).toContain("(default answer spread: SD 25% of the price).");
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
      const stranger = await signUpClient(app.server.url, { name: "Other", email: `other-${engine}@example.com` });
      expect((await stranger.get(path())).status).toBe(404);
      const pmm = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.viewerEmail } });
      await db.studyMember.create({ data: { studyId, userId: pmm.id, role: "viewer" } });
      const viewer = await logInClient(app.server.url, DEMO_LOGIN.viewerEmail);
      const res = await viewer.get(path());
      expect(res.status).toBe(200);
      const page = said(await res.text());
      expect(page).toContain("Emails bounced 1");
      expect(page).not.toContain("@example.com");
    });
  });

  describe("flagged respondents on the dashboard", () => {
    let studyId: string;
    let smbId: string;
    let entId: string;
    let viewer: HttpClient;
    const path = () => `/studies/${studyId}/fielding`;
    /** The loader data as the page's live refresh fetches it (single fetch revalidation). */
    const dataPath = () => `${path()}.data?_routes=${encodeURIComponent("routes/studies.$studyId.fielding")}`;
    const section = (html: string) =>
      said(/<section[^>]*aria-labelledby="flagged-h"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "");

    /**
     * A completed respondent: concept ratings (appeal … purchase intent as five digits) for Concept A then B,
     * two MaxDiff tasks without repeated picks, Van Westendorp prices, and page timings adding up to `seconds`.
     */
    async function respondent(
      segmentId: string,
      tag: string,
      o: { seconds: number; ratings: [string, string]; prices?: [number, number, number, number] },
    ) {
      const [items, concepts] = await Promise.all([
        db.maxDiffItem.findMany({ where: { studyId }, orderBy: { sortOrder: "asc" } }),
        db.concept.findMany({ where: { studyId }, orderBy: { sortOrder: "asc" } }),
      ]);
      const r = await db.respondent.create({
        data: { studyId, segmentId, email: `${tag}@example.com`, tokenHash: `${studyId}-${tag}`, status: "completed" },
      });
      const at = Date.now() - DAY;
      const response = await db.response.create({
        data: {
          respondentId: r.id,
          studyId,
          status: "completed",
          startedAt: new Date(at - o.seconds * 1000),
          completedAt: new Date(at),
          currentPage: "done",
        },
      });
      for (const [i, digits] of o.ratings.entries()) {
        const [appeal, relevance, uniqueness, believability, purchaseIntent] = [...digits].map(Number);
        await db.conceptRating.create({
          data: {
            responseId: response.id,
            conceptId: concepts[i].id,
            position: i + 1,
            ...{ appeal, relevance, uniqueness, believability, purchaseIntent },
          },
        });
      }
      const [alpha, beta, gamma, delta] = items.map((x) => x.id);
      for (const [task, shown, best, worst] of [
        [1, [alpha, beta, gamma], alpha, gamma],
        [2, [delta, alpha, beta], delta, beta],
      ] as const)
        await db.maxDiffAnswer.create({
          data: { responseId: response.id, task, shown: JSON.stringify(shown), bestItemId: best, worstItemId: worst },
        });
      const [tooCheap, cheap, expensive, tooExpensive] = o.prices ?? [20, 40, 80, 120];
      await db.priceAnswer.create({ data: { responseId: response.id, tooCheap, cheap, expensive, tooExpensive } });
      const pages = ["concept:1", "concept:2", "maxdiff:1", "maxdiff:2", "price"];
      for (const [i, page] of pages.entries()) {
        const createdAt = new Date(at - ((pages.length - 1 - i) * o.seconds * 1000) / pages.length);
        const shownAt = new Date(createdAt.getTime() - (o.seconds * 1000) / pages.length);
        await db.pageSubmission.create({ data: { responseId: response.id, page, shownAt, createdAt } });
      }
      return r;
    }

    beforeAll(async () => {
      const s = await createMiniStudy(db, app.ownerId, { status: "live", name: "Quality dashboard study" });
      studyId = s.studyId;
      smbId = s.segmentId;
      entId = (await db.segment.create({ data: { studyId, key: "ent", name: "Enterprise", sortOrder: 1 } })).id;
      await db.study.update({
        where: { id: studyId },
        data: {
          launchedAt: new Date(Date.now() - 3 * DAY),
          qualityGate: JSON.stringify({ exclude: ["speeder", "straight_lining"], speederShare: 0.33 }),
        },
      });
      const normal: [string, string] = ["45345", "23432"];
      for (const i of [1, 2, 3]) await respondent(smbId, `smb${i}`, { seconds: 300, ratings: normal });
      await respondent(smbId, "speeder", { seconds: 30, ratings: normal });
      for (const i of [1, 2]) await respondent(entId, `ent${i}`, { seconds: 300, ratings: normal });
      await respondent(entId, "flat", { seconds: 300, ratings: ["33333", "33333"] });
      // flagged for prices out of order, which this gate does not exclude
      await respondent(entId, "unordered", { seconds: 300, ratings: normal, prices: [50, 40, 80, 120] });
      const pmm = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.viewerEmail } });
      await db.studyMember.create({ data: { studyId, userId: pmm.id, role: "viewer" } });
      viewer = await logInClient(app.server.url, DEMO_LOGIN.viewerEmail);
    });

    it("lists the speeder and the straight-liner with their reasons and counts flagged/excluded per segment", async () => {
      const html = await (await app.researcher.get(path())).text();
      const q = section(html);
      expect(q).toContain(
        "Pre-registered at launch: respondents flagged for speeder, straight-lining in the concept ratings are " +
          "excluded from every result on the Results page.",
      );
      // Segment, completes before the gate, flagged, excluded, after
      expect(q).toContain("All respondents 8 3 2 6");
      expect(q).toContain("Small business 4 1 1 3");
      expect(q).toContain("Enterprise 4 2 1 3");
      expect(q).toContain("Speeder: finished in 30 s, under 33% of the median 5 min 00 s");
      expect(q).toContain("Straight-lining in the concept ratings: rated all 2 concepts 3 of 5 on every question");
      expect(q).toContain("Van Westendorp prices not in order: prices not increasing: too cheap 50, bargain 40");
      expect(q).toMatch(/r-[0-9a-f]{12} \(speeder@example\.com\) Small business Speeder: .* Excluded/);
      expect(q).toMatch(/\(unordered@example\.com\) Enterprise Van Westendorp prices not in order: .* Kept/);
      // no HB run for these answers: the fit flag is pending, and the dashboard started none
      expect(q).toContain("MaxDiff fit is checked once Hierarchical Bayes has finished.");
      expect(q).toContain("this page does not start one");
      expect(await db.job.count({ where: { studyId } })).toBe(0);
    });

    it("a viewer sees pseudonyms only, on the page and in the live-refresh data", async () => {
      const ids = (await db.respondent.findMany({ where: { studyId }, select: { id: true } })).map((r) => r.id);
      const html = await (await viewer.get(path())).text();
      const data = await (await viewer.get(dataPath())).text();
      expect(section(html)).toContain("Speeder: finished in 30 s");
      expect(data).toContain("rated all 2 concepts 3 of 5 on every question");
      for (const body of [html, data]) {
        expect(body).not.toContain("@example.com");
        for (const id of ids) expect(body).not.toContain(id);
        expect(body).toMatch(/r-[0-9a-f]{12}/);
      }
    });

    it("the live refresh carries the flagged respondents and picks up a new one without reloading", async () => {
      const before = await (await app.researcher.get(dataPath())).text();
      expect(before).toContain("finished in 30 s, under 33% of the median 5 min 00 s");
      expect(before).toContain("speeder@example.com");
      expect(before).toContain("rated all 2 concepts 3 of 5 on every question");
      await respondent(entId, "speeder2", { seconds: 40, ratings: ["45345", "23432"] });
      const after = await (await app.researcher.get(dataPath())).text();
      expect(after).toContain("finished in 40 s, under 33% of the median 5 min 00 s");
      expect(after).toContain("speeder2@example.com");
      const page = section(await (await app.researcher.get(path())).text());
      expect(page).toContain("All respondents 9 4 3 6");
      expect(page).toContain("Enterprise 5 3 2 3");
    });

    it("shows the MaxDiff fit flag once the results page's HB run for these answers is stored", async () => {
      // The HB job the results page would queue for this document (hb.server.ts); stored here as done, with one
      // smb respondent's fit under the cutoff, so the dashboard only has to read it.
      const doc = (await (await app.researcher.get(`/studies/${studyId}/export/study.json`)).json()) as StudyExport;
      const slow = doc.respondents.find((r) => r.segment === "smb" && r.seconds === 300)!;
      await db.job.create({
        data: {
          kind: HB_KIND,
          key: hbKey(studyId, documentHash(doc), !!doc.maxdiff?.hbCovariates),
          studyId,
          status: "done",
          input: "{}",
          result: JSON.stringify({
            respondents: [{ respondent: slow.id, rlh: 0.2 }],
            quality: { rlhCutoff: 0.35, randomResponders: 200 },
          }),
        },
      });
      const q = section(await (await app.researcher.get(path())).text());
      expect(q).toContain("MaxDiff fit cutoff (RLH): 0.350, the 95th percentile of simulated random respondents.");
      expect(q).not.toContain("this page does not start one");
      expect(q).toContain(
        `${slow.id} (smb`, // the researcher sees who it is
      );
      expect(q).toContain(
        "MaxDiff fit below the random-responder cutoff: MaxDiff fit (RLH) 0.200 is below the random-responder cutoff 0.350",
      );
      expect(q).toContain("Small business 4 2 1 3"); // flagged for fit, kept: this gate does not exclude it
    });
  });
});
