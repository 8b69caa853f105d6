/**
 * The respondent-quality gate end to end over HTTP, like a browser without JavaScript, against the
 * built server and a real database (SQLite, and PostgreSQL with TEST_DATABASE_URL): the researcher
 * pre-registers which flags exclude and writes an attention check; after launch the settings are
 * read-only and a post to change them is refused; respondents answer (one speeder, one
 * straight-liner, one who fails the attention check); the results page shows n before/after per
 * segment and the flagged respondents with reasons (viewers see pseudonyms only); the exports and
 * the research CLI carry the same flags.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { logInClient, startApp, surveyEnv, type TestApp } from "../helpers/app.ts";
import { engines, type TestDatabase } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";
import { createDemoMiniStudy, createRespondent, type createMiniStudy } from "./respondentsFixtures.ts";
import { answersFor, pageKeyOf } from "./respondentsSurvey.ts";

const LINK_SECRET = "quality-gate-link-secret-0123456789";
const QUESTION = "To show you're reading, choose “Somewhat disagree”.";
const OPTIONS = ["Strongly disagree", "Somewhat disagree", "Somewhat agree", "Strongly agree"];

describe.each(engines())("respondent-quality gate over HTTP on %s", (engine) => {
  let app: TestApp;
  let database: TestDatabase;
  let server: TestServer;
  let db: Db;
  let study: Awaited<ReturnType<typeof createMiniStudy>>;
  let entId: string;
  const login = (email: string) => logInClient(server.url, email);
  const researcher = () => login(DEMO_LOGIN.email);

  beforeAll(async () => {
    app = await startApp(engine, { ...surveyEnv(LINK_SECRET), JOB_CONCURRENCY: "0" });
    ({ database, server, db } = app);
    study = await createDemoMiniStudy(db, { name: "Quality study", status: "draft" });
    entId = (
      await db.segment.create({ data: { studyId: study.studyId, key: "ent", name: "Enterprise", sortOrder: 1 } })
    ).id;
    const pmm = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.viewerEmail } });
    await db.studyMember.create({ data: { studyId: study.studyId, userId: pmm.id, role: "viewer" } });
  }, 120_000);
  afterAll(() => app?.stop());

  let counter = 0;
  async function newRespondent(segmentId: string) {
    const email = `q${++counter}@example.com`;
    const { path } = await createRespondent(db, { studyId: study.studyId, segmentId }, LINK_SECRET, { email });
    return { path, email };
  }

  /** Answers every page; `concept` overrides the ratings, `attention` picks the attention answer. */
  async function complete(p: string, opts: { attention: string; flat?: boolean }) {
    const r = new HttpClient(server.url);
    for (let i = 0; i < 30; i++) {
      const html = await (await r.get(p)).text();
      const key = pageKeyOf(html);
      if (!key) return;
      let answers: Record<string, string>;
      if (key === "attention") answers = { page: key, attention: opts.attention };
      else if (key.startsWith("concept:")) {
        // a straight-liner rates everything 3; others rate the two concepts differently
        const v = opts.flat ? "33333" : key === "concept:1" ? "45345" : "23432";
        const [appeal, relevance, uniqueness, believability, purchaseIntent] = [...v];
        answers = { page: key, appeal, relevance, uniqueness, believability, purchaseIntent };
      } else answers = answersFor(html);
      const post = await r.post(p, answers);
      if (post.status !== 303) throw new Error(`page ${key}: ${post.status}`);
    }
  }

  /** Sets the respondent's page timings so the total time is `seconds` (what the browser's visits recorded). */
  async function setTotalTime(email: string, seconds: number) {
    const resp = await db.response.findFirstOrThrow({ where: { respondent: { email } } });
    const pages = await db.pageSubmission.findMany({ where: { responseId: resp.id } });
    for (const pg of pages)
      await db.pageSubmission.update({
        where: { responseId_page: { responseId: resp.id, page: pg.page } },
        data: { shownAt: new Date(pg.createdAt.getTime() - (seconds * 1000) / pages.length) },
      });
  }

  it("saves the gate and the attention check with errors next to the fields, then locks them at launch", async () => {
    const c = await researcher();
    const url = `/studies/${study.studyId}/build/quality`;
    const page = text(await (await c.get(url)).text());
    expect(page).toContain("Respondent-quality gate");
    expect(page).toContain("Speeder (total time below a share of the median)");

    const form = {
      intent: "quality",
      exclude: ["speeder", "straight_lining", "attention"],
      speederPercent: "33",
      attentionOn: "on",
      attentionQuestion: QUESTION,
      attentionOptions: OPTIONS.join("\n"),
      attentionAnswer: "Somewhat disagre",
    };
    const bad = await c.post(url, form);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(text(badHtml)).toContain("The correct answer must be one of the answers above, written the same way.");
    expect(badHtml).toContain("Somewhat disagre"); // what was typed is kept
    expect((await db.study.findUniqueOrThrow({ where: { id: study.studyId } })).attentionCheck).toBe("");

    const ok = await c.post(url, { ...form, attentionAnswer: "Somewhat disagree" });
    expect(ok.status).toBe(302);
    const s = await db.study.findUniqueOrThrow({ where: { id: study.studyId } });
    expect(JSON.parse(s.qualityGate)).toEqual({
      exclude: ["speeder", "straight_lining", "attention"],
      speederShare: 0.33,
    });
    expect(JSON.parse(s.attentionCheck)).toEqual({ question: QUESTION, options: OPTIONS, answer: "Somewhat disagree" });

    // The HB covariates switch (MaxDiff tab): on by default, off and on again while a draft.
    const md = `/studies/${study.studyId}/build/maxdiff`;
    const covOn = async () =>
      (await db.maxDiffSettings.findUniqueOrThrow({ where: { studyId: study.studyId } })).hbCovariates;
    expect(await covOn()).toBe(true);
    expect(text(await (await c.get(md)).text())).toContain("Use the study's segments as covariates");
    expect((await c.post(md, { intent: "hb-covariates" })).status).toBe(302);
    expect(await covOn()).toBe(false);
    expect((await c.post(md, { intent: "hb-covariates", hbCovariates: "on" })).status).toBe(302);
    expect(await covOn()).toBe(true);

    await db.study.update({ where: { id: study.studyId }, data: { status: "live", launchedAt: new Date() } });
    const refused = await c.post(url, { ...form, exclude: [], attentionAnswer: "Somewhat disagree" });
    expect(refused.status).toBe(409);
    expect(text(await refused.text())).toContain(
      "This study is live, so this can no longer change: the respondent-quality gate and attention check were " +
        "pre-registered at launch.",
    );
    expect((await db.study.findUniqueOrThrow({ where: { id: study.studyId } })).qualityGate).toBe(s.qualityGate);
    // Read-only, saying why, and no save button.
    const locked = await (await c.get(url)).text();
    const boxes = [...locked.matchAll(/<input[^>]*name="exclude"[^>]*>/g)].map((m) => m[0]);
    expect(boxes).toHaveLength(6);
    expect(boxes.every((b) => b.includes("disabled"))).toBe(true);
    expect(text(locked)).toContain("Locked after launch: the respondent-quality gate and attention check");
    expect(text(locked)).not.toContain("Save the quality settings");
    // The HB covariates switch is locked too.
    const cov = await c.post(`/studies/${study.studyId}/build/maxdiff`, { intent: "hb-covariates" });
    expect(cov.status).toBe(409);
    expect((await db.maxDiffSettings.findUniqueOrThrow({ where: { studyId: study.studyId } })).hbCovariates).toBe(true);
  });

  it("asks the attention check once, without JavaScript: blank shows an error next to it and stores nothing", async () => {
    const { path: p } = await newRespondent(study.segmentId);
    const r = new HttpClient(server.url);
    const keys: string[] = [];
    for (let i = 0; i < 30; i++) {
      const html = await (await r.get(p)).text();
      const key = pageKeyOf(html);
      if (!key || key === "attention") {
        if (key) keys.push(key);
        break;
      }
      keys.push(key);
      await r.post(p, answersFor(html));
    }
    expect(keys).toEqual(["start", "concept:1", "concept:2", "attention"]);
    const html = await (await r.get(p)).text();
    const fieldset = /<fieldset id="q-attention"[\s\S]*?<\/fieldset>/.exec(html)?.[0] ?? "";
    expect(text(fieldset)).toContain(QUESTION);
    expect([...fieldset.matchAll(/type="radio" name="attention"[^>]*value="([^"]+)"/g)].map((m) => m[1])).toEqual(
      OPTIONS,
    );
    expect(html).not.toContain('"answer"'); // the correct answer is not sent to the browser
    const blank = await r.post(p, { page: "attention" });
    expect(blank.status).toBeGreaterThanOrEqual(400);
    const errorFieldset = /<fieldset id="q-attention"[\s\S]*?<\/fieldset>/.exec(await blank.text())?.[0] ?? "";
    expect(errorFieldset).toContain('aria-invalid="true"');
    expect(text(errorFieldset)).toContain("Choose one of the answers.");
    const made = await r.post(p, { page: "attention", attention: "Not an option" });
    expect(made.status).toBeGreaterThanOrEqual(400);
    const resp = await db.response.findFirstOrThrow({ where: { respondent: { email: "q1@example.com" } } });
    expect(resp.attentionAnswer).toBeNull();
    expect(resp.currentPage).toBe("attention");
    await complete(p, { attention: "Somewhat disagree" });
    // (its concept pages were answered alike above: a "copied answers" flag, not excluded by this gate)
    const done = await db.response.findFirstOrThrow({ where: { id: resp.id } });
    expect([done.status, done.attentionAnswer]).toEqual(["completed", "Somewhat disagree"]);
  });

  it("shows n before/after per segment and the flagged respondents with reasons; exports and CLI agree, per-method CSVs included", async () => {
    // q1 (above) is a normal respondent; three more normal ones across both segments
    const normal = [await newRespondent(study.segmentId), await newRespondent(entId), await newRespondent(entId)];
    for (const n of normal) await complete(n.path, { attention: "Somewhat disagree" });
    const speeder = await newRespondent(study.segmentId);
    await complete(speeder.path, { attention: "Somewhat disagree" });
    const flat = await newRespondent(entId);
    await complete(flat.path, { attention: "Somewhat disagree", flat: true });
    const careless = await newRespondent(study.segmentId);
    await complete(careless.path, { attention: "Strongly agree" });
    for (const e of ["q1@example.com", ...normal.map((n) => n.email), flat.email, careless.email])
      await setTotalTime(e, 300);
    await setTotalTime(speeder.email, 30);

    const c = await researcher();
    const html = await (await c.get(`/studies/${study.studyId}/results`)).text();
    const section = text(/<section[^>]*aria-labelledby="quality-h"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "");
    expect(section).toContain(
      "Pre-registered at launch: respondents flagged for speeder, straight-lining in the concept ratings, " +
        "failed the attention check are excluded from every result on this page.",
    );
    // Before / excluded / after: Small business 4 → 2, Enterprise 3 → 2, all 7 → 4
    expect(section).toContain("All respondents 7 3 4");
    expect(section).toContain("Small business 4 2 2");
    expect(section).toContain("Enterprise 3 1 2");
    expect(section).toContain("Speeder: finished in 30 s, under 33% of the median 5 min 00 s");
    expect(section).toContain("Straight-lining in the concept ratings: rated all 2 concepts 3 of 5 on every question");
    expect(section).toContain(
      "Failed the attention check: chose a different answer than the attention check asked for",
    );
    // the researcher sees who it is; every other section counts the respondents after the gate
    expect(section).toContain(`(${speeder.email})`);
    expect(section).toContain("Copied answers on consecutive pages: 2 flagged, kept");
    const responses = text(/<section[^>]*aria-labelledby="responses-h"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "");
    expect(responses).toContain("4 completed");

    // A viewer sees pseudonyms only.
    const viewer = await login(DEMO_LOGIN.viewerEmail);
    const vhtml = text(await (await viewer.get(`/studies/${study.studyId}/results`)).text());
    expect(vhtml).toContain("Failed the attention check: chose a different answer");
    expect(vhtml).not.toContain("@example.com");
    expect(vhtml).toMatch(/r-[0-9a-f]{12}/);

    // The printable report carries the same section: the researcher sees who it is, a viewer pseudonyms only.
    const reportSection = async (client: HttpClient) =>
      text(
        /<section[^>]*aria-labelledby="quality-h"[\s\S]*?<\/section>/.exec(
          await (await client.get(`/studies/${study.studyId}/report`)).text(),
        )?.[0] ?? "",
      );
    const report = await reportSection(c);
    expect(report).toContain("All respondents 7 3 4");
    expect(report).toContain("Enterprise 3 1 2");
    expect(report).toContain("Speeder (total time below a share of the median): 1 flagged, excluded");
    expect(report).toContain("Straight-lining in the concept ratings: rated all 2 concepts 3 of 5 on every question");
    expect(report).toContain(`(${speeder.email})`);
    const viewerReport = await reportSection(viewer);
    expect(viewerReport).toContain("Failed the attention check: chose a different answer");
    expect(viewerReport).not.toContain("@example.com");
    expect(viewerReport).toMatch(/r-[0-9a-f]{12}/);

    // Exports: responses.csv columns, results.json flags, study.json settings and timings.
    const get = async (f: string) => (await c.get(`/studies/${study.studyId}/export/${f}`)).text();
    const rows = parse(await get("responses.csv"), { columns: true }) as Record<string, string>[];
    const flagsOf = (flags: string) => rows.filter((r) => r.quality_flags === flags);
    expect(flagsOf("speeder").map((r) => r.excluded)).toEqual(["yes"]);
    expect(flagsOf("attention").map((r) => r.excluded)).toEqual(["yes"]);
    expect(flagsOf("straight_lining | carry_over").map((r) => r.excluded)).toEqual(["yes"]);
    expect(flagsOf("carry_over").map((r) => r.excluded)).toEqual(["no"]); // q1, flagged but kept
    expect(rows.filter((r) => r.excluded === "no")).toHaveLength(4);
    const results = JSON.parse(await get("results.json"));
    expect(results.quality.counts.overall).toEqual({ before: 7, after: 4 });
    const studyJson = await get("study.json");
    const doc = JSON.parse(studyJson);
    expect(doc.quality).toEqual({ exclude: ["speeder", "straight_lining", "attention"], speederShare: 0.33 });
    expect(doc.respondents.map((r: { seconds: number }) => r.seconds).sort((a: number, b: number) => a - b)).toEqual([
      30, 300, 300, 300, 300, 300, 300,
    ]);
    expect(doc.respondents.filter((r: { attention: string }) => r.attention === "fail")).toHaveLength(1);

    // Each method's CSV holds the respondents the page's numbers use (the four the gate keeps), so
    // the CLI on it gives the page's numbers; responses.csv above still lists all seven.
    const kept = rows
      .filter((r) => r.excluded === "no")
      .map((r) => r.respondent)
      .sort();
    const csvOf = async (f: string) => parse(await get(f), { columns: true }) as Record<string, string>[];
    for (const f of ["van-westendorp.csv", "concept-test.csv", "maxdiff.csv"])
      expect([...new Set((await csvOf(f)).map((r) => r.respondent))].sort(), f).toEqual(kept);
    const cli = async (method: string, f: string) => {
      const csvFile = path.join(database.varDir, `quality-${f}`);
      await writeFile(csvFile, await get(f));
      const args = ["run", "--silent", "research", "--", method, csvFile, "--json"];
      return JSON.parse((await promisify(execFile)("npm", args, { cwd: process.cwd() })).stdout);
    };
    const vw = await cli("van-westendorp", "van-westendorp.csv");
    const pagePrice = results.vanWestendorp.overall;
    expect(vw.overall.n).toBe(4);
    for (const k of ["n", "nValid", "pmc", "opp", "ipp", "pme"]) expect(vw.overall[k], k).toEqual(pagePrice[k]);
    const concepts = await cli("concept-test", "concept-test.csv");
    const cellKey = (x: { concept: string; segment: string | null; metric: string; n: number; top2: number }) =>
      `${x.concept}/${x.segment}/${x.metric}: ${x.n} ${x.top2}`;
    expect(concepts.cells.map(cellKey).sort()).toEqual(results.conceptTest.cells.map(cellKey).sort());
    expect(concepts.cells.filter((x: { segment: string | null }) => x.segment === null)[0].n).toBe(4);

    // The research CLI applies the same gate from the document's settings.
    const file = path.join(database.varDir, "quality-export.json");
    await writeFile(file, studyJson);
    const { stdout } = await promisify(execFile)(
      "npm",
      ["run", "--silent", "research", "--", "study", file, "--bootstrap", "0", "--json"],
      { cwd: process.cwd() },
    );
    const json = JSON.parse(stdout);
    expect(json.quality.counts).toEqual(results.quality.counts);
    expect(json.quality.respondents).toEqual(results.quality.respondents);
    expect(json.responses.overall.completed).toBe(4);
  }, 120_000);
});
