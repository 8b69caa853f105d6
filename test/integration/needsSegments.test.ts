/**
 * "Segments in the data" on the results page of the demo study: a viewer opens the page, which
 * queues the latent-class job; the page shows progress until the job is done (we refresh the
 * page, as a reader without JavaScript would), then the number of groups, their names, sizes
 * and the validity verdict — equal to the research CLI on the downloaded MaxDiff CSV with the
 * page's flags (app/results/latentClassSettings.ts), and without any respondent identity.
 */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatProportion } from "../../app/components/results/format.ts";
import { latentClassCliFlags } from "../../app/results/latentClassSettings.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { runCli } from "../../research/cli.ts";
import { launchBrowser, requireBrowser } from "../helpers/browser.ts";
import { createTestDatabase, engines, type TestDatabase } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import { startServer, type TestServer } from "../helpers/server.ts";

const decode = (s: string) =>
  s
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** The section's HTML (from its heading to the section's end). */
const section = (html: string) => {
  const start = html.indexOf('aria-labelledby="ns-h"');
  return start < 0 ? "" : html.slice(start, html.indexOf("</section>", start));
};

describe.each(engines())("needs-based segments on the results page on %s", (engine) => {
  let database: TestDatabase;
  let server: TestServer;
  let client: HttpClient;
  let studyId = "";
  let firstPage = "";
  let html = "";

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    server = await startServer({
      databaseUrl: database.url,
      varDir: database.varDir,
      env: { VALUESTACK_WORKERS: "0" },
    });
    client = new HttpClient(server.url);
    await client.login(DEMO_LOGIN.viewerEmail, DEMO_LOGIN.password);
    studyId = /href="\/studies\/([a-z0-9]+)"/.exec(await (await client.get("/studies")).text())![1];
    firstPage = await (await client.get(`/studies/${studyId}/results`)).text();
    // refresh until the section leaves its progress state (or fails: then the assertion says why)
    for (;;) {
      const res = await client.get(`/studies/${studyId}/results`);
      expect(res.status).toBe(200);
      html = await res.text();
      const s = section(html);
      if (!s.includes("Looking for needs-based segments")) break;
      await new Promise((r) => setTimeout(r, 500)); // a refresh interval, not a stand-in for the event
    }
  }, 600_000);
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("shows progress while the job runs", () => {
    expect(section(firstPage)).toMatch(/Looking for needs-based segments in the MaxDiff answers \(latent classes\)/);
    expect(section(firstPage)).toMatch(/data-lc-progress="\d+"/);
  });

  it("shows the verdict, the chosen number of groups and their names and sizes, as the CLI computes them", async () => {
    const csv = await (await client.get(`/studies/${studyId}/export/maxdiff.csv`)).text();
    const out = await runCli(["maxdiff", "maxdiff.csv", ...latentClassCliFlags(), "--json"], () => csv);
    expect(out.stderr).toBe("");
    const lc = JSON.parse(out.stdout).latentClass;
    const body = decode(text(section(html)));
    expect(body).toContain("Segments in the data");
    expect(lc.verdict).toMatch(/^Your declared segments explain value differences/);
    expect(body).toContain(lc.verdict);
    expect(body).toMatch(new RegExp(`${lc.chosen} needs-based groups\\s*— chosen by BIC`));
    const chosen = lc.solutions.find((s: { classCount: number }) => s.classCount === lc.chosen);
    for (const c of chosen.classes) {
      expect(body).toContain(`${c.class}. ${c.name}`);
      expect(body).toContain(formatProportion(c.size));
    }
    expect(body).toContain(`Cramér's V = ${lc.crosstab.cramersV.toFixed(2)}`);
    // the cross-tab's counts per declared segment and group
    for (const [i, row] of (lc.crosstab.counts as number[][]).entries()) {
      const cells = row.map((n, j) => `${n} (${Math.round(lc.crosstab.rowPercent[i][j])}%)`);
      expect(body).toContain(cells.join(" "));
    }
  });

  it("shows a viewer no respondent identity", async () => {
    const csv = await (await client.get(`/studies/${studyId}/export/maxdiff.csv`)).text();
    const ids = new Set((parse(csv, { columns: true }) as { respondent: string }[]).map((r) => r.respondent));
    expect(ids.size).toBeGreaterThan(24);
    // the segments section lists no respondent (the quality section may name flagged ones by pseudonym only)
    const s = section(html);
    for (const id of ids) expect(s).not.toContain(id);
    expect(html).not.toMatch(/@example\.org/);
    expect(html).not.toContain("posterior");
  });

  it.skipIf(!requireBrowser("needs-based segments at 390 px"))(
    "is readable on a 390 px phone: inside the viewport, tables scroll in place, no text below 12 px",
    async () => {
      const browser = await launchBrowser();
      try {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
        await context.addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: server.url })));
        const page = await context.newPage();
        await page.goto(`${server.url}/studies/${studyId}/results`);
        const box = await page.locator("section.needs-segments").boundingBox();
        expect(box).not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(390);
        await expect(page.locator("section.needs-segments .verdict").textContent()).resolves.toMatch(
          /^Your declared segments explain value differences/,
        );
        const smallest = await page.$$eval("section.needs-segments *", (els) =>
          Math.min(
            ...els
              .filter((e) => (e.textContent ?? "").trim() !== "")
              .map((e) => parseFloat(getComputedStyle(e).fontSize)),
          ),
        );
        expect(smallest).toBeGreaterThanOrEqual(12);
        // wide tables scroll inside their wrapper instead of widening the page
        const wraps = await page.$$eval("section.needs-segments .table-wrap", (els) =>
          els.map((e) => ({ width: e.getBoundingClientRect().width, overflow: getComputedStyle(e).overflowX })),
        );
        expect(wraps.length).toBeGreaterThan(0);
        for (const w of wraps) {
          expect(w.width).toBeLessThanOrEqual(390);
          expect(w.overflow).toBe("auto");
        }
      } finally {
        await browser.close();
      }
    },
  );
});
