/**
 * Saved segmentations on the demo study: once "Segments in the data" is computed, the researcher
 * saves the groups as a named segmentation (bad input is refused next to the field, the typed
 * names kept); the results page, report and exports switch to it with `?segmentation=<id>`; the
 * research CLI's `study --segmentation <name>` on the downloaded study.json gives the same numbers;
 * a viewer can switch but not save; a stranger gets 404; once one more respondent completes the survey
 * the segmentation is "out of date" and that respondent is in no group (page, selector, report, CSV).
 */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatMoney } from "../../app/components/results/format.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { runCli } from "../../research/cli.ts";
import type { StudyResult } from "../../research/study.ts";
import {
  firstStudyId,
  logInClient,
  refreshUntil,
  signUpClient,
  startApp,
  surveyEnv,
  type TestApp,
} from "../helpers/app.ts";
import { engines } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";
import { createRespondent } from "./respondentsFixtures.ts";
import { answerPages } from "./respondentsSurvey.ts";

const NAME = "Needs groups (test)";
const LINK_SECRET = "segmentations-link-secret-0123456";

describe.each(engines())("saved segmentations on %s", (engine) => {
  let app: TestApp;
  let server: TestServer;
  let owner: HttpClient;
  let viewer: HttpClient;
  let stranger: HttpClient;
  let studyId = "";
  let html = "";
  let segId = "";
  let classNames: string[] = [];

  beforeAll(async () => {
    app = await startApp(engine, surveyEnv(LINK_SECRET));
    ({ server } = app);
    owner = await logInClient(server.url);
    viewer = await logInClient(server.url, DEMO_LOGIN.viewerEmail);
    stranger = new HttpClient(server.url);
    await stranger.post("/signup", {
      name: "Eve",
      email: "eve@example.com",
      password: "long enough pw",
      role: "researcher",
    });
    studyId = await firstStudyId(viewer);
    html = await refreshUntil(
      owner,
      `/studies/${studyId}/results`,
      (page) => !page.includes("Looking for needs-based segments"),
    );
  }, 600_000);
  afterAll(() => app?.stop());

  it("offers the researcher a save form with the groups named by their top items; a viewer sees none", async () => {
    const body = text(html);
    expect(body).toContain("Save the groups as a segmentation");
    classNames = [
      ...html.matchAll(/name="className\d+"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="className\d+"/g),
    ].map((m) => (m[1] ?? m[2]).replace(/&amp;/g, "&"));
    expect(classNames.length).toBeGreaterThan(1);
    const viewerPage = await (await viewer.get(`/studies/${studyId}/results`)).text();
    expect(text(viewerPage)).not.toContain("Save the groups as a segmentation");
  });

  it("refuses a viewer (403) and a stranger (404), saving nothing", async () => {
    const form = {
      intent: "save-segmentation",
      name: "Viewer's",
      classes: String(classNames.length),
      ...Object.fromEntries(classNames.map((n, i) => [`className${i + 1}`, n])),
    };
    expect((await viewer.post(`/studies/${studyId}/results`, form)).status).toBe(403);
    expect((await stranger.post(`/studies/${studyId}/results`, form)).status).toBe(404);
    expect((await stranger.get(`/studies/${studyId}/results`)).status).toBe(404);
    const doc = JSON.parse(await (await owner.get(`/studies/${studyId}/export/study.json`)).text());
    expect(doc.segmentations).toBeUndefined();
  });

  it("keeps the typed values and says what is wrong next to the field", async () => {
    const res = await owner.post(`/studies/${studyId}/results`, {
      intent: "save-segmentation",
      name: "",
      classes: String(classNames.length),
      className1: "Planners",
      ...Object.fromEntries(classNames.slice(1).map((n, i) => [`className${i + 2}`, i === 0 ? "planners" : n])),
    });
    expect(res.status).toBe(200);
    const body = text(await res.text());
    expect(body).toContain("Give the segmentation a name.");
    expect(body).toContain("Two groups have this name.");
  });

  it("saves the segmentation and shows the page by it", async () => {
    const names = ["Roadmap planners", ...classNames.slice(1)];
    const res = await owner.post(`/studies/${studyId}/results`, {
      intent: "save-segmentation",
      name: NAME,
      classes: String(classNames.length),
      ...Object.fromEntries(names.map((n, i) => [`className${i + 1}`, n])),
    });
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    segId = /segmentation=([^&]+)/.exec(location)![1];
    const page = await (await owner.get(location)).text();
    const body = text(page);
    expect(body).toContain(`Shown by the saved segmentation “${NAME}”`);
    expect(body).toContain("exploratory: segments found after the data");
    expect(body).toContain("Roadmap planners");
    // export, chart and report links carry the segmentation
    expect(page).toContain(`/export/price-bands.csv?segmentation=${segId}`);
    expect(page).toContain(`/report?segmentation=${segId}`);
    expect(page).toMatch(new RegExp(`chart-vw-c1\\.svg\\?segmentation=${segId}`));
    // the database holds every respondent of the run in a group
    const doc = JSON.parse(await (await owner.get(`/studies/${studyId}/export/study.json`)).text());
    expect(doc.segmentations).toHaveLength(1);
    const saved = doc.segmentations[0];
    expect(saved.name).toBe(NAME);
    expect(saved.stale).toBe(false);
    expect(saved.classes.map((c: { name: string }) => c.name)).toEqual(names);
    const withMaxDiff = doc.respondents.filter(
      (r: { status: string; maxdiff: unknown[] }) => r.status === "completed" && r.maxdiff.length > 0,
    );
    expect(Object.keys(saved.assignments).sort()).toEqual(withMaxDiff.map((r: { id: string }) => r.id).sort());
  });

  it("lets a viewer switch to it, and the report and exports follow", async () => {
    const page = await (await viewer.get(`/studies/${studyId}/results?segmentation=${segId}`)).text();
    expect(text(page)).toContain(`Shown by the saved segmentation “${NAME}”`);
    expect(page).toMatch(new RegExp(`<option value="${segId}" selected="">`));
    const report = text(await (await viewer.get(`/studies/${studyId}/report?segmentation=${segId}`)).text());
    expect(report).toContain(`Shown by the saved segmentation “${NAME}”`);
    const bands = parse(
      await (await viewer.get(`/studies/${studyId}/export/price-bands.csv?segmentation=${segId}`)).text(),
      { columns: true },
    ) as { segment: string; segment_name: string }[];
    expect(bands.map((b) => b.segment_name)).toContain("Roadmap planners");
    expect(bands.map((b) => b.segment_name)).not.toContain("Tech");
    const md = parse(await (await viewer.get(`/studies/${studyId}/export/maxdiff.csv?segmentation=${segId}`)).text(), {
      columns: true,
    }) as { segment: string }[];
    expect(new Set(md.map((r) => r.segment))).toEqual(new Set(classNames.map((_, i) => `c${i + 1}`)));
    // without the parameter: the declared segments
    const declared = text(await (await viewer.get(`/studies/${studyId}/results`)).text());
    expect(declared).not.toContain("Shown by the saved segmentation");
  });

  it("equals `research study study.json --segmentation <name>`; a bad name exits 2 with one line", async () => {
    const json = await (await viewer.get(`/studies/${studyId}/export/study.json`)).text();
    const out = await runCli(["study", "study.json", "--segmentation", NAME, "--json"], () => json);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    const cli = JSON.parse(out.stdout) as StudyResult;
    const page = JSON.parse(
      await (await viewer.get(`/studies/${studyId}/export/results.json?segmentation=${segId}`)).text(),
    ) as StudyResult;
    expect(page.vanWestendorp?.segments).toEqual(cli.vanWestendorp?.segments);
    expect(page.maxdiff?.segments).toEqual(cli.maxdiff?.segments);
    expect(page.hypotheses).toEqual(cli.hypotheses);
    expect(page.valueMap).toEqual(cli.valueMap);
    expect(page.conceptTest).toEqual(cli.conceptTest);
    expect(page.decisions).toEqual(cli.decisions);
    // and the page itself shows the CLI's price bands and counts per group
    const html = await (await viewer.get(`/studies/${studyId}/results?segmentation=${segId}`)).text();
    for (const key of Object.keys(cli.vanWestendorp!.segments)) {
      const b = cli.vanWestendorp!.segments[key];
      const row = new RegExp(`<tr data-segment="${key}">[\\s\\S]*?</tr>`).exec(html)![0];
      expect(row).toContain(`<span data-field="pmc">${formatMoney(b.pmc, cli.study.currency)}</span>`);
      expect(row).toContain(`<span data-field="pme">${formatMoney(b.pme, cli.study.currency)}</span>`);
    }
    const bad = await runCli(["study", "study.json", "--segmentation", "Nope", "--json"], () => json);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain(`no saved segmentation "Nope" (saved: "${NAME}")`);
  }, 300_000);

  it("is out of date once one more response completes, and that respondent is in no group", async () => {
    type Doc = {
      segmentations: { name: string; stale: boolean; classes: unknown[]; assignments: Record<string, string> }[];
      respondents: { id: string; status: string }[];
    };
    const studyJson = async () =>
      JSON.parse(await (await owner.get(`/studies/${studyId}/export/study.json`)).text()) as Doc;
    const before = await studyJson();
    expect(before.segmentations[0].stale).toBe(false);
    const pageBefore = await (await owner.get(`/studies/${studyId}/results?segmentation=${segId}`)).text();
    expect(text(pageBefore)).not.toContain("Out of date");
    expect(pageBefore).not.toContain("out of date");
    const groups = before.segmentations[0].classes.length;

    // one more respondent answers the whole survey over HTTP
    const segment = await app.db.segment.findFirstOrThrow({ where: { studyId }, orderBy: { sortOrder: "asc" } });
    const newcomer = await createRespondent(app.db, { studyId, segmentId: segment.id }, LINK_SECRET, {
      email: "late@example.com",
    });
    const respondent = new HttpClient(server.url);
    await answerPages(respondent, newcomer.path);
    expect(text(await (await respondent.get(newcomer.path)).text())).toContain("Thank you!");

    const after = await studyJson();
    const saved = after.segmentations[0];
    expect(saved.stale).toBe(true);
    const completedBefore = new Set(before.respondents.filter((r) => r.status === "completed").map((r) => r.id));
    const late = after.respondents.filter((r) => r.status === "completed" && !completedBefore.has(r.id));
    expect(late).toHaveLength(1);
    const lateId = late[0].id;
    expect(Object.hasOwn(saved.assignments, lateId)).toBe(false);
    expect(saved.assignments).toEqual(before.segmentations[0].assignments);

    // the page, its selector and the report say so, with the count
    const page = await (await owner.get(`/studies/${studyId}/results?segmentation=${segId}`)).text();
    const body = text(page);
    expect(body).toContain(
      "Out of date: answers arrived after it was saved, and 1 completed respondent is in no group. " +
        "They count in the overall figures only; save a new segmentation to include them.",
    );
    const option = (new RegExp(`<option value="${segId}"[^>]*>([\\s\\S]*?)</option>`).exec(page)?.[1] ?? "").replace(
      /<!-- -->/g,
      "",
    );
    expect(option).toBe(`${NAME} (${groups} groups found in the data, out of date)`);
    const report = text(await (await viewer.get(`/studies/${studyId}/report?segmentation=${segId}`)).text());
    expect(report).toContain(
      "Out of date: answers arrived after it was saved, and 1 completed respondent is in no group.",
    );

    // the exports: the late respondent's row has no group; everyone else who completed has one
    const rows = parse(
      await (await viewer.get(`/studies/${studyId}/export/responses.csv?segmentation=${segId}`)).text(),
      { columns: true },
    ) as { respondent: string; segment: string; status: string }[];
    const completedRows = rows.filter((r) => r.status === "completed");
    expect(completedRows.find((r) => r.respondent === lateId)?.segment).toBe("");
    expect(completedRows.filter((r) => r.segment === "").map((r) => r.respondent)).toEqual([lateId]);
    const results = JSON.parse(
      await (await viewer.get(`/studies/${studyId}/export/results.json?segmentation=${segId}`)).text(),
    ) as StudyResult;
    const inGroups = Object.values(results.responses.segments).reduce((a, s) => a + s.completed, 0);
    expect(results.responses.overall.completed - inGroups).toBe(1);
    // the CLI on study.json says so too
    const json = await (await viewer.get(`/studies/${studyId}/export/study.json`)).text();
    const cli = await runCli(["study", "study.json", "--segmentation", NAME], () => json);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain("answers arrived after it was saved and are unassigned");
  }, 300_000);

  it("lets the researcher remove it (a viewer may not); the page falls back to the declared segments", async () => {
    const form = { intent: "delete-segmentation", id: segId };
    expect((await viewer.post(`/studies/${studyId}/results`, form)).status).toBe(403);
    const res = await owner.post(`/studies/${studyId}/results`, form);
    expect(res.status).toBe(302);
    const doc = JSON.parse(await (await owner.get(`/studies/${studyId}/export/study.json`)).text());
    expect(doc.segmentations).toBeUndefined();
    const page = text(await (await viewer.get(`/studies/${studyId}/results?segmentation=${segId}`)).text());
    expect(page).not.toContain("Shown by the saved segmentation");
    expect(page).not.toContain("Segments by");
  });
});
