/**
 * The results page for the demo study, and the exports re-analysed by the research CLI
 * (runCli, in-process): every number the page shows equals what the CLI computes from the
 * downloaded files. The page first renders with the best-minus-worst simulator while
 * Hierarchical Bayes runs in the background; once HB is stored, the page equals
 * `research study --hb --iterations … --burn-in … --seed …` with the app's settings
 * (app/results/hbSettings.ts), simulator included.
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { runCli } from "../../research/cli.ts";
import type { StudyResult } from "../../research/study.ts";
import { formatMoney, formatProportion, formatShare } from "../../app/components/results/format.ts";
import { HB_SETTINGS, hbCliFlags } from "../../app/results/hbSettings.ts";
import { happyCustomers } from "../../research/simulator/index.ts";
import { firstStudyId, logInClient, refreshUntil, startApp, type TestApp } from "../helpers/app.ts";
import { engines, type TestDatabase } from "../helpers/databases.ts";
import { decodeEntities, type HttpClient, text } from "../helpers/http.ts";
import { ROOT, type TestServer } from "../helpers/server.ts";

async function cli(method: string, body: string, flags: string[] = []) {
  const r = await runCli([method, "input", ...flags, "--json"], () => body);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

/**
 * The `study --hb` CLI run in a child process (`npm run research`): minutes of HB in this process would block
 * its event loop, and the HTTP client's idle keep-alive sockets, closed by the server meanwhile, would fail.
 */
async function cliProcess(method: string, body: string, flags: string[], dir: string) {
  const file = path.join(dir, `${method}-input.json`);
  writeFileSync(file, body);
  const { stdout, stderr } = await promisify(execFile)(
    path.join(ROOT, "node_modules", ".bin", "tsx"),
    [path.join(ROOT, "research", "cli.ts"), method, file, ...flags, "--json"],
    { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 },
  );
  expect(stderr).toBe("");
  return JSON.parse(stdout);
}

describe.each(engines())("results and exports on %s", (engine) => {
  let app: TestApp;
  let database: TestDatabase;
  let server: TestServer;
  let client: HttpClient;
  let studyId = "";
  let html = "";
  let study: StudyResult;
  let firstPage = "";
  let hbSeconds = 0;

  beforeAll(async () => {
    app = await startApp(engine, { VALUESTACK_WORKERS: "0" });
    ({ database, server } = app);
    client = await logInClient(server.url, DEMO_LOGIN.viewerEmail);
    studyId = await firstStudyId(client);
    const page = await client.get(`/studies/${studyId}/results`);
    expect(page.status).toBe(200);
    firstPage = await page.text(); // starts HB in the background
    const started = Date.now();
    const exp = await client.get(`/studies/${studyId}/export/study.json`);
    expect(exp.status).toBe(200);
    expect(exp.headers.get("content-disposition")).toMatch(
      /^attachment; filename="Project-management-tool-segment-value-study-study.json"; filename\*=UTF-8''/,
    );
    const doc = await exp.text();
    expect(doc).not.toMatch(/@example\.org/);
    const analysed = cliProcess("study", doc, hbCliFlags(), database.varDir);
    // wait for the background run (the page polls itself with JavaScript; here we refresh)
    html = await refreshUntil(
      client,
      `/studies/${studyId}/results`,
      (page) => page.includes('data-utility-source="hb"'),
      {
        whileWaiting: (page) =>
          expect(page, "HB neither running nor ready").toMatch(/Computing individual utilities \(Hierarchical Bayes\)/),
        timeout: { at: started + 180_000, message: "HB did not finish in 180 s" },
      },
    );
    hbSeconds = (Date.now() - started) / 1000;
    study = (await analysed) as StudyResult;
  }, 300_000);
  afterAll(() => app?.stop());

  it("renders at once with the count-based simulator and a progress notice while HB runs, then uses HB", () => {
    expect(firstPage).toMatch(
      /role="status" aria-live="polite"[^>]*>\s*<p>Computing individual utilities \(Hierarchical Bayes\)… <span data-hb-progress="\d+">\d+(<!-- -->)?%/,
    );
    expect(firstPage).toContain('data-utility-source="best-minus-worst"');
    expect(firstPage).toMatch(/<a [^>]*href="\/studies\/[^"]+\/results"[^>]*>Refresh<\/a>/);
    expect(html).not.toContain("Computing individual utilities");
    expect(text(html)).toContain(
      `Utilities used: Hierarchical Bayes (individual utilities). ${HB_SETTINGS.iterations.toLocaleString("en-US")} iterations, ${HB_SETTINGS.burnIn.toLocaleString("en-US")} burn-in, seed ${HB_SETTINGS.seed}.`,
    );
    expect(study.simulator!.utilitySource).toBe("hb");
    expect(hbSeconds).toBeLessThan(180);
    console.info(`HB on the demo study (${engine}): ready after ${hbSeconds.toFixed(1)} s`);
  });

  it("shows the simulator's best bundles exactly as `study --hb` computes them", () => {
    const sim = study.simulator!;
    const body = text(html)
      .replace(/\s+([:,)])/g, "$1")
      .replace(/\(\s+/g, "(");
    const pct = (h: { happy: number; total: number; share: number | null }) =>
      `${h.happy} of ${h.total} (${formatProportion(h.share)})`;
    expect(body).toContain(`Overall: ${sim.best.overall.bundle.join(", ")} — ${pct(sim.best.overall)}`);
    for (const [key, b] of Object.entries(sim.best.segments))
      expect(body).toContain(`${study.responses.segments[key].name}: ${b.bundle.join(", ")} — ${pct(b)}`);
    expect(body).toContain(
      `Each segment's favourite together (${sim.onePerSegment!.bundle.join(", ")}): ${pct(sim.onePerSegment!)}`,
    );
  });

  it("counts happy customers for a chosen bundle from the same HB utilities as the CLI", async () => {
    const sim = study.simulator!;
    const bundle = sim.items.slice(0, 3);
    const res = await client.get(
      `/studies/${studyId}/results?${bundle.map((f) => `f=${encodeURIComponent(f)}`).join("&")}`,
    );
    const body = text(await res.text())
      .replace(/\s+([:,)])/g, "$1")
      .replace(/\(\s+/g, "(");
    const expected = happyCustomers(bundle, sim.respondents, {
      items: sim.items,
      topN: sim.topN,
      minInBundle: sim.minInBundle,
    });
    const pct = (h: { happy: number; total: number; share: number | null }) =>
      `${h.happy} of ${h.total} (${formatProportion(h.share)})`;
    expect(body).toContain(`All respondents ${pct(expected.overall)}`);
    for (const [key, h] of Object.entries(expected.segments))
      expect(body).toContain(`${study.responses.segments[key].name} ${pct(h)}`);
  });

  it("sends the browser only what the page renders", async () => {
    const res = await client.get(`/studies/${studyId}/results.data`);
    expect(res.status).toBe(200);
    const payload = await res.text();
    // 30 kB for the analysis sections, plus the respondent-quality section (≤ 20 flagged respondents with
    // reasons, HB covariate effects), the Gabor–Granger section (3 segments × 8 rungs: ~2.7 kB) and the
    // competitors section (~16 kB of rendered scorecard numbers)
    expect(payload.length).toBeLessThan(62_000);
    // no individual utilities, HB draws or curve internals in the payload
    expect(payload).not.toContain("populationCovariance");
    expect(payload).not.toContain("covariance");
    // respondent pseudonyms only in the quality section's list of flagged respondents (at most 20)
    const flagged = new Set(study.quality.respondents.map((r) => r.id));
    const sent = [...new Set(payload.match(/r-[0-9a-f]{12}/g) ?? [])];
    expect(sent.length).toBeLessThanOrEqual(20);
    expect(sent.filter((id) => !flagged.has(id))).toEqual([]);
  });

  it("shows the decisions (executive summary) and the verdicts the CLI computes", () => {
    const body = text(html);
    expect(study.decisions.executive).toHaveLength(4);
    for (const s of study.decisions.executive) expect(body).toContain(s);
    expect(study.hypotheses.map((h) => h.verdict)).toEqual(["validated", "invalidated", "inconclusive"]);
    for (const h of study.hypotheses) {
      const block = decodeEntities(new RegExp(`data-hypothesis="${h.id}"[\\s\\S]*?</article>`).exec(html)![0]);
      expect(block).toContain(`>${h.verdict}<`);
      for (const c of h.criteria) expect(block).toContain(c.explanation);
    }
  });

  it("shows each segment's price band exactly as the CLI computes it", () => {
    for (const [key, b] of Object.entries(study.vanWestendorp!.segments)) {
      const row = new RegExp(`<tr data-segment="${key}">[\\s\\S]*?</tr>`).exec(html)![0];
      for (const f of ["pmc", "opp", "ipp", "pme"] as const)
        expect(decodeEntities(new RegExp(`data-field="${f}">([^<]*)<`).exec(row)![1])).toBe(formatMoney(b[f], "USD"));
    }
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*>\s*<title[^>]*>Van Westendorp curves, Real estate<\/title>/);
  });

  it("shows MaxDiff shares per segment as the CLI computes them, with a table alternative", () => {
    for (const [key, block] of Object.entries(study.maxdiff!.segments)) {
      const name = study.responses.segments[key].name;
      const table = decodeEntities(
        new RegExp(`<caption class="sr-only">MaxDiff shares, ${name}</caption>[\\s\\S]*?</table>`).exec(html)![0],
      );
      for (const item of block.items)
        expect(table).toContain(
          `<td data-label="Item">${item.item}</td><td class="num" data-label="Share">${formatShare(item.share)}</td>`,
        );
    }
    expect(text(html)).toMatch(/Stacks in Real estate/);
  });

  it("re-analyses the CSV exports with the CLI to the same numbers", async () => {
    const get = async (file: string) => {
      const res = await client.get(`/studies/${studyId}/export/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/csv/);
      return res.text();
    };
    const vw = await cli("van-westendorp", await get("van-westendorp.csv"));
    for (const [key, b] of Object.entries(study.vanWestendorp!.segments))
      for (const f of ["pmc", "opp", "ipp", "pme"] as const) expect(vw.segments[key][f]).toBe(b[f]);
    const md = await cli("maxdiff", await get("maxdiff.csv"));
    for (const [key, block] of Object.entries(study.maxdiff!.segments)) {
      for (const item of block.items)
        expect(md.segments[key].items.find((i: { item: string }) => i.item === item.item).share).toBeCloseTo(
          item.share!,
          9,
        );
    }
    const ct = await cli("concept-test", await get("concept-test.csv"));
    for (const cell of study.conceptTest.cells) {
      const other = ct.cells.find(
        (c: { concept: string; segment: string | null; metric: string }) =>
          c.concept === cell.concept && c.segment === cell.segment && c.metric === cell.metric,
      );
      expect(other.top2Share).toBe(cell.top2Share);
    }
    const raw = parse(await get("responses.csv"), { columns: true }) as Record<string, string>[];
    expect(raw.length).toBe(study.responses.overall.total);
    expect(Object.keys(raw[0]).slice(0, 3)).toEqual(["respondent", "segment", "status"]);
  });

  it("filters by segment and runs the simulator from a GET form", async () => {
    const res = await client.get(
      `/studies/${studyId}/results?segment=real_estate&f=CRM+module&f=Client+portal&f=Listings+sync`,
    );
    const page = await res.text();
    const body = text(page);
    expect(res.status).toBe(200);
    expect(page).toContain('data-decision="real_estate"');
    expect(page).not.toContain('data-decision="tech"');
    expect(body).toMatch(/Happy customers with CRM module, Client portal, Listings sync/);
    const best = text(await (await client.get(`/studies/${studyId}/results?best=1`)).text());
    expect(best.replace(/\s+:/g, ":")).toContain(
      `Best bundle of 3: ${study.simulator!.best.overall.bundle.join(", ")}`,
    );
  });

  it("serves a printable report", async () => {
    const res = await client.get(`/studies/${studyId}/report`);
    expect(res.status).toBe(200);
    const body = text(await res.text());
    for (const s of study.decisions.executive) expect(body).toContain(s);
  });
});
