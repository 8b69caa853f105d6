/**
 * Anchored (dual-response) MaxDiff end to end over HTTP, like a browser without JavaScript, against
 * the built server and a real database (SQLite, and PostgreSQL with TEST_DATABASE_URL): the researcher
 * switches anchoring on in the builder (refused once the study is live); each MaxDiff page asks the
 * follow-up question on the same page; without an answer the page shows an error next to that question
 * and stores nothing; the answer is stored, exported per task, and the research CLI on that export
 * reports an anchored MaxDiff.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { logInClient, startApp, surveyEnv, type TestApp } from "../helpers/app.ts";
import { engines, type TestDatabase } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";
import { createDemoMiniStudy, createRespondent, type createMiniStudy } from "./respondentsFixtures.ts";
import { answerPages, answersFor, pageKeyOf } from "./respondentsSurvey.ts";

const LINK_SECRET = "anchored-maxdiff-link-secret-0123";
const QUESTION = "Thinking only of these features, are they worth paying for?";

describe.each(engines())("anchored MaxDiff over HTTP on %s", (engine) => {
  let app: TestApp;
  let database: TestDatabase;
  let server: TestServer;
  let db: Db;
  let study: Awaited<ReturnType<typeof createMiniStudy>>;
  const researcher = () => logInClient(server.url);

  beforeAll(async () => {
    app = await startApp(engine, surveyEnv(LINK_SECRET));
    ({ database, server, db } = app);
    study = await createDemoMiniStudy(db, { name: "Anchored study", status: "draft" });
  });
  afterAll(() => app?.stop());

  const mine = () => ({ response: { studyId: study.studyId } });
  let counter = 0;
  const newRespondent = async () =>
    (await createRespondent(db, study, LINK_SECRET, { email: `a${++counter}@example.com` })).path;

  it("the builder switches anchoring on with its own wording while a draft, and refuses it after launch", async () => {
    const c = await researcher();
    const builder = `/studies/${study.studyId}/build/maxdiff`;
    const page = text(await (await c.get(builder)).text());
    expect(page).toContain("Anchored MaxDiff");
    const ok = await c.post(builder, { intent: "anchor", anchored: "on", anchorQuestion: QUESTION });
    expect(ok.status).toBe(302);
    const s = await db.study.findUniqueOrThrow({ where: { id: study.studyId } });
    expect([s.maxDiffAnchored, s.maxDiffAnchorQuestion]).toEqual([true, QUESTION]);

    await db.study.update({ where: { id: study.studyId }, data: { status: "live", launchedAt: new Date() } });
    const refused = await c.post(builder, { intent: "anchor", anchorQuestion: "Changed" });
    expect(refused.status).toBe(409);
    expect(text(await refused.text())).toMatch(/can no longer change: respondents have answered the MaxDiff pages/);
    const after = await db.study.findUniqueOrThrow({ where: { id: study.studyId } });
    expect([after.maxDiffAnchored, after.maxDiffAnchorQuestion]).toEqual([true, QUESTION]);
    // The locked form shows the setting read-only.
    const locked = await (await c.get(builder)).text();
    expect(locked).toMatch(/name="anchored"[^>]*disabled/);
  });

  it("asks the follow-up on the MaxDiff page, requires it, stores it and exports it per task", async () => {
    const path1 = await newRespondent();
    const r = new HttpClient(server.url);
    await answerPages(r, path1, "maxdiff:1");
    const html = await (await r.get(path1)).text();
    expect(pageKeyOf(html)).toBe("maxdiff:1");
    // Same page as the best/worst picks: one fieldset with the study's wording and three radios.
    const fieldset = /<fieldset id="q-anchor"[\s\S]*?<\/fieldset>/.exec(html)?.[0] ?? "";
    expect(text(fieldset)).toContain(QUESTION);
    expect([...fieldset.matchAll(/type="radio" name="anchor"[^>]*value="(\w+)"/g)].map((m) => m[1])).toEqual([
      "all",
      "some",
      "none",
    ]);
    expect(text(fieldset)).toContain("None of them are valuable to me");
    expect(html).toContain('name="best"');

    const picks = answersFor(html);
    const { anchor: _omitted, ...withoutAnchor } = picks;
    const missing = await r.post(path1, withoutAnchor);
    expect(missing.status).toBeGreaterThanOrEqual(400);
    const errorPage = await missing.text();
    const errorFieldset = /<fieldset id="q-anchor"[\s\S]*?<\/fieldset>/.exec(errorPage)?.[0] ?? "";
    expect(errorFieldset).toContain('aria-invalid="true"');
    expect(text(errorFieldset)).toContain("Say whether all, some or none of these features are valuable to you.");
    // The picks are shown again, and nothing was stored.
    const bestInput = [...errorPage.matchAll(/<input[^>]*name="best"[^>]*>/g)].find((m) =>
      m[0].includes(`value="${picks.best}"`),
    );
    expect(bestInput?.[0]).toContain("checked");
    expect(await db.maxDiffAnswer.count({ where: mine() })).toBe(0);

    const bogus = await r.post(path1, { ...picks, anchor: "maybe" });
    expect(bogus.status).toBeGreaterThanOrEqual(400);
    expect(await db.maxDiffAnswer.count({ where: mine() })).toBe(0);

    const saved = await r.post(path1, { ...picks, anchor: "none" });
    expect(saved.status).toBe(303);
    const stored = await db.maxDiffAnswer.findMany({ where: mine() });
    expect(stored.map((a) => [a.task, a.anchor])).toEqual([[1, "none"]]);
    await answerPages(r, path1); // the rest, anchor "some" on task 2
    // Two more respondents for a data set to analyse.
    for (let i = 0; i < 2; i++) await answerPages(new HttpClient(server.url), await newRespondent());
    expect(await db.response.count({ where: { studyId: study.studyId, status: "completed" } })).toBe(3);

    const c = await researcher();
    const res = await c.get(`/studies/${study.studyId}/export/study.json`);
    expect(res.status).toBe(200);
    const body = await res.text();
    const doc = JSON.parse(body);
    expect(doc.maxdiff.anchored).toBe(true);
    expect(doc.maxdiff.anchorQuestion).toBe(QUESTION);
    const anchors = doc.respondents
      .flatMap((x: { maxdiff: { anchor?: string }[] }) => x.maxdiff.map((t) => t.anchor))
      .sort();
    expect(anchors).toEqual(["none", "some", "some", "some", "some", "some"]);

    // The research CLI on the downloaded file: the MaxDiff result is anchored.
    const file = path.join(database.varDir, "anchored-export.json");
    await writeFile(file, body);
    const { stdout } = await promisify(execFile)(
      "npm",
      ["run", "--silent", "research", "--", "study", file, "--bootstrap", "0", "--json"],
      { cwd: process.cwd() },
    );
    const json = JSON.parse(stdout);
    expect(json.maxdiff.overall.anchored).toBe(true);
  });
});
