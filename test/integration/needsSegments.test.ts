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
import { firstStudyId, logInClient, refreshUntil, startApp, type TestApp } from "../helpers/app.ts";
import { engines } from "../helpers/databases.ts";
import { decodeEntities, type HttpClient, text } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";

/** The section's HTML (from its heading to the section's end). */
const section = (html: string) => {
  const start = html.indexOf('aria-labelledby="ns-h"');
  return start < 0 ? "" : html.slice(start, html.indexOf("</section>", start));
};

describe.each(engines())("needs-based segments on the results page on %s", (engine) => {
  let app: TestApp;
  let server: TestServer;
  let client: HttpClient;
  let studyId = "";
  let firstPage = "";
  let html = "";

  beforeAll(async () => {
    app = await startApp(engine, { VALUESTACK_WORKERS: "0" });
    ({ server } = app);
    client = await logInClient(server.url, DEMO_LOGIN.viewerEmail);
    studyId = await firstStudyId(client);
    firstPage = await (await client.get(`/studies/${studyId}/results`)).text();
    // refresh until the section leaves its progress state (or fails: then the assertion says why)
    html = await refreshUntil(
      client,
      `/studies/${studyId}/results`,
      (page) => !section(page).includes("Looking for needs-based segments"),
    );
  }, 600_000);
  afterAll(() => app?.stop());

  it("shows progress while the job runs", () => {
    expect(section(firstPage)).toMatch(/Looking for needs-based segments in the MaxDiff answers \(latent classes\)/);
    expect(section(firstPage)).toMatch(/data-lc-progress="\d+"/);
  });

  it("shows the verdict, the chosen number of groups and their names and sizes, as the CLI computes them", async () => {
    const csv = await (await client.get(`/studies/${studyId}/export/maxdiff.csv`)).text();
    const out = await runCli(["maxdiff", "maxdiff.csv", ...latentClassCliFlags(), "--json"], () => csv);
    expect(out.stderr).toBe("");
    const lc = JSON.parse(out.stdout).latentClass;
    const body = decodeEntities(text(section(html)));
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

  it("is in the printable report too, the same as on the page", async () => {
    const report = await (await client.get(`/studies/${studyId}/report`)).text();
    const body = decodeEntities(text(section(report)));
    expect(body).toContain("Segments in the data");
    expect(body).toMatch(/needs-based groups\s*— chosen by BIC/);
    expect(body).toBe(decodeEntities(text(section(html))));
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
    "is readable on a 390 px phone: the tables reflow (no sideways scroll, every cell labelled), no text below 12 px",
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
        // text and the cells' column labels (drawn by CSS before each cell) are at least 12 CSS px
        const sizes = await page.$$eval("section.needs-segments *", (els) =>
          els
            .filter((e) => (e.textContent ?? "").trim() !== "" && e.getBoundingClientRect().width > 1)
            .flatMap((e) => {
              const own = {
                text: (e.textContent ?? "").trim().slice(0, 40),
                px: parseFloat(getComputedStyle(e).fontSize),
              };
              const before = getComputedStyle(e, "::before");
              return before.content && before.content !== "none" && before.content !== "normal"
                ? [own, { text: before.content, px: parseFloat(before.fontSize) }]
                : [own];
            }),
        );
        expect(sizes.length).toBeGreaterThan(20);
        expect(sizes.filter((s) => s.px < 12)).toEqual([]);
        // Both tables — the groups and the cross-tab of declared segment × group — reflow like the price-band
        // table: nothing scrolls sideways, and every cell shows its column's header text and its row's segment.
        const tables = await page.$$eval("section.needs-segments table", (ts) =>
          ts.map((t) => {
            const wrap = t.closest(".table-wrap") ?? t;
            const headers = [...t.querySelectorAll("thead th")].map((h) => (h.textContent ?? "").trim());
            const rows = [...t.querySelectorAll("tbody tr")].map((tr) => {
              const cells = [...tr.children] as HTMLElement[];
              const rowHeader = cells[0];
              const rh = rowHeader.getBoundingClientRect();
              return {
                row: (rowHeader.textContent ?? "").trim(),
                rowShown: rh.width > 1 && rh.left >= 0 && rh.right <= 390,
                cells: cells.map((c, j) => {
                  const r = c.getBoundingClientRect();
                  const label = getComputedStyle(c, "::before").content;
                  return {
                    column: headers[j],
                    // the header text the reader sees next to the cell: a real table's header row stays in view
                    // only when the table fits; on a phone it is the cell's own label
                    label: /^".*"$/.test(label) ? JSON.parse(label) : null,
                    text: (c.textContent ?? "").trim(),
                    left: r.left,
                    right: r.right,
                    width: r.width,
                  };
                }),
              };
            });
            return {
              caption: (t.querySelector("caption")?.textContent ?? "").trim(),
              captionWidth: t.querySelector("caption")?.getBoundingClientRect().width ?? 0,
              tableWidth: t.getBoundingClientRect().width,
              scrollWidth: wrap.scrollWidth,
              clientWidth: wrap.clientWidth,
              tableScrollWidth: t.scrollWidth,
              tableClientWidth: t.clientWidth,
              rows,
            };
          }),
        );
        expect(tables.map((t) => t.caption)).toEqual([
          "Each group is named by its top items",
          "Respondents (row %) by their most likely group",
        ]);
        const crosstab = tables[1];
        expect(crosstab.rows.length).toBeGreaterThanOrEqual(3);
        expect(crosstab.rows[0].cells.map((c) => c.column)).toEqual([
          "Segment",
          ...crosstab.rows[0].cells.slice(1).map((_, j) => `Group ${j + 1}`),
        ]);
        // every problem at once, as a reader would list them
        const problems: string[] = [];
        for (const t of tables) {
          // no sideways scroll: the wrapper and the table fit their width
          if (t.scrollWidth > t.clientWidth || t.tableScrollWidth > t.tableClientWidth)
            problems.push(`${t.caption}: scrolls sideways (${t.scrollWidth} px in ${t.clientWidth} px)`);
          // the caption spans the stacked rows instead of being squeezed to one word a line
          if (t.captionWidth < 0.9 * t.tableWidth)
            problems.push(
              `${t.caption}: caption squeezed to ${Math.round(t.captionWidth)} of ${Math.round(t.tableWidth)} px`,
            );
          for (const row of t.rows) {
            if (!row.rowShown) problems.push(`${t.caption}: row "${row.row}" is not on screen`);
            for (const c of row.cells) {
              const where = `${t.caption}: "${row.row}" × "${c.column}" (${c.text})`;
              if (c.label !== c.column) problems.push(`${where} is shown without its column header (label ${c.label})`);
              if (c.width <= 1 || c.left < 0 || c.right > 390)
                problems.push(`${where} is off screen (${Math.round(c.left)}–${Math.round(c.right)} px)`);
            }
          }
        }
        expect(problems).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      } finally {
        await browser.close();
      }
    },
  );

  it.skipIf(!requireBrowser("needs-based segments at 1280 px"))(
    "stays a real table on a desktop: header row shown, one row per declared segment",
    async () => {
      const browser = await launchBrowser();
      try {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        await context.addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: server.url })));
        const page = await context.newPage();
        await page.goto(`${server.url}/studies/${studyId}/results`);
        const crosstab = page.locator("section.needs-segments table").nth(1);
        expect(await crosstab.evaluate((t) => getComputedStyle(t).display)).toBe("table");
        const headers = crosstab.locator("thead th");
        expect(await headers.first().textContent()).toBe("Segment");
        for (const h of await headers.all()) {
          const b = await h.boundingBox();
          expect(b!.width).toBeGreaterThan(20);
          expect(b!.height).toBeGreaterThan(10);
        }
        // each body row sits on one line: its cells share a top edge
        const tops = await crosstab
          .locator("tbody tr")
          .evaluateAll((rows) =>
            rows.map((r) => new Set([...r.children].map((c) => c.getBoundingClientRect().top)).size),
          );
        expect(tops.length).toBeGreaterThanOrEqual(3);
        expect(tops.every((n) => n === 1)).toBe(true);
      } finally {
        await browser.close();
      }
    },
  );
});
