/**
 * The results page for the demo study, and the exports re-analysed by the research CLI
 * (runCli, in-process): every number the page shows equals what the CLI computes from the
 * downloaded files.
 */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { runCli } from "../../research/cli.ts";
import type { StudyResult } from "../../research/study.ts";
import { formatMoney, formatShare } from "../../app/components/results/format.ts";
import { createTestDatabase, engines, type TestDatabase } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import { startServer, type TestServer } from "../helpers/server.ts";

async function cli(method: string, body: string) {
  const r = await runCli([method, "input", "--json"], () => body);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

const decode = (s: string) => s.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

describe.each(engines())("results and exports on %s", (engine) => {
  let database: TestDatabase;
  let server: TestServer;
  let client: HttpClient;
  let studyId = "";
  let html = "";
  let study: StudyResult;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    server = await startServer({ databaseUrl: database.url, varDir: database.varDir, env: { VALUESTACK_WORKERS: "0" } });
    client = new HttpClient(server.url);
    await client.login(DEMO_LOGIN.viewerEmail, DEMO_LOGIN.password);
    studyId = /href="\/studies\/([a-z0-9]+)"/.exec(await (await client.get("/studies")).text())![1];
    const page = await client.get(`/studies/${studyId}/results`);
    expect(page.status).toBe(200);
    html = await page.text();
    const exp = await client.get(`/studies/${studyId}/export/study.json`);
    expect(exp.status).toBe(200);
    expect(exp.headers.get("content-disposition")).toMatch(/^attachment; filename="Project-management-tool-segment-value-study-study.json"; filename\*=UTF-8''/);
    const doc = await exp.text();
    expect(doc).not.toMatch(/@example\.org/);
    study = (await cli("study", doc)) as StudyResult;
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("shows the plain-language summary and the verdicts the CLI computes", () => {
    const body = text(html);
    expect(body).toContain(study.summary.overall);
    for (const s of Object.values(study.summary.segments)) expect(body).toContain(s);
    expect(study.hypotheses.map((h) => h.verdict)).toEqual(["validated", "invalidated", "inconclusive"]);
    for (const h of study.hypotheses) {
      const block = decode(new RegExp(`data-hypothesis="${h.id}"[\\s\\S]*?</article>`).exec(html)![0]);
      expect(block).toContain(`>${h.verdict}<`);
      for (const c of h.criteria) expect(block).toContain(c.explanation);
    }
  });

  it("shows each segment's price band exactly as the CLI computes it", () => {
    for (const [key, b] of Object.entries(study.vanWestendorp!.segments)) {
      const row = new RegExp(`<tr data-segment="${key}">[\\s\\S]*?</tr>`).exec(html)![0];
      for (const f of ["pmc", "opp", "ipp", "pme"] as const) expect(decode(new RegExp(`data-field="${f}">([^<]*)<`).exec(row)![1])).toBe(formatMoney(b[f], "USD"));
    }
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*>\s*<title[^>]*>Van Westendorp curves, Real estate<\/title>/);
  });

  it("shows MaxDiff shares per segment as the CLI computes them, with a table alternative", () => {
    for (const [key, block] of Object.entries(study.maxdiff!.segments)) {
      const name = study.responses.segments[key].name;
      const table = decode(new RegExp(`<caption class="sr-only">MaxDiff shares, ${name}</caption>[\\s\\S]*?</table>`).exec(html)![0]);
      for (const item of block.items) expect(table).toContain(`<td>${item.item}</td><td class="num">${formatShare(item.share)}</td>`);
    }
    expect(text(html)).toMatch(/stacking/);
  });

  it("re-analyses the CSV exports with the CLI to the same numbers", async () => {
    const get = async (file: string) => {
      const res = await client.get(`/studies/${studyId}/export/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/csv/);
      return res.text();
    };
    const vw = await cli("van-westendorp", await get("van-westendorp.csv"));
    for (const [key, b] of Object.entries(study.vanWestendorp!.segments)) for (const f of ["pmc", "opp", "ipp", "pme"] as const) expect(vw.segments[key][f]).toBe(b[f]);
    const md = await cli("maxdiff", await get("maxdiff.csv"));
    for (const [key, block] of Object.entries(study.maxdiff!.segments)) {
      for (const item of block.items) expect(md.segments[key].items.find((i: { item: string }) => i.item === item.item).share).toBeCloseTo(item.share!, 9);
    }
    const ct = await cli("concept-test", await get("concept-test.csv"));
    for (const cell of study.conceptTest.cells) {
      const other = ct.cells.find((c: { concept: string; segment: string | null; metric: string }) => c.concept === cell.concept && c.segment === cell.segment && c.metric === cell.metric);
      expect(other.top2Share).toBe(cell.top2Share);
    }
    const raw = parse(await get("responses.csv"), { columns: true }) as Record<string, string>[];
    expect(raw.length).toBe(study.responses.overall.total);
    expect(Object.keys(raw[0]).slice(0, 3)).toEqual(["respondent", "segment", "status"]);
  });

  it("filters by segment and runs the simulator from a GET form", async () => {
    const res = await client.get(`/studies/${studyId}/results?segment=real_estate&f=CRM+module&f=Client+portal&f=Listings+sync`);
    const body = text(await res.text());
    expect(body).toContain(study.summary.segments.real_estate);
    expect(body).not.toContain(study.summary.segments.tech);
    expect(body).toMatch(/Happy customers with CRM module, Client portal, Listings sync/);
    const best = text(await (await client.get(`/studies/${studyId}/results?best=1`)).text());
    expect(best.replace(/\s+:/g, ":")).toContain(`Best bundle: ${study.simulator!.best.overall.bundle.join(", ")}`);
  });

  it("serves a printable report", async () => {
    const res = await client.get(`/studies/${studyId}/report`);
    expect(res.status).toBe(200);
    expect(text(await res.text())).toContain(study.summary.overall);
  });
});
