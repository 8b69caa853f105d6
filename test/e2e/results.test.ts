/**
 * The results page, report and exports of the demo study in a real browser (Debian's headless
 * Chromium via playwright-core), read as a product marketer reads them: the decision page, the
 * value map labels, the price charts, the simulator after in-app navigation and when Hierarchical
 * Bayes finishes, a phone-width layout (every chart text ≥ 12 CSS px, no table column hidden),
 * downloads, printing, a draft study's empty state and what a viewer does not see.
 *
 * Set RESULTS_SCREENSHOTS=<folder> to save screenshots of the decision page (1280 and 390 px) and
 * of the printed report there.
 *
 * Skips loudly when /usr/bin/chromium is missing, unless VALUESTACK_REQUIRE_BROWSER=1 (CI).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN, DEMO_STUDY_NAME } from "../../prisma/seed/demo.ts";
import type { StudyResult } from "../../research/study.ts";
import { formatMoney } from "../../app/components/results/format.ts";
import { type BrowserApp, logIn, PHONE, recordErrors, requireBrowser, startBrowserApp } from "../helpers/browser.ts";

const browserReady = requireBrowser("results end-to-end browser test");
const SHOTS = process.env.RESULTS_SCREENSHOTS ?? null;

describe.skipIf(!browserReady)("results a product marketer can act on, in a real browser", () => {
  let app: BrowserApp;
  let viewer: BrowserContext;
  let page: Page;
  let studyId = "";
  const errors: string[] = [];

  const login = async (context: BrowserContext, email: string) => {
    const p = await context.newPage();
    await logIn(p, app.server.url, email);
    return p;
  };
  const watch = (p: Page) => recordErrors(p, errors, { console: true });

  beforeAll(async () => {
    app = await startBrowserApp({ env: { VALUESTACK_WORKERS: "0" } });
    viewer = await app.browser.newContext({ baseURL: app.server.url, viewport: { width: 1280, height: 900 } });
    viewer.setDefaultTimeout(20_000);
    page = await login(viewer, DEMO_LOGIN.viewerEmail);
    watch(page);
    await page.getByRole("link", { name: DEMO_STUDY_NAME }).click();
    await page.waitForURL(/\/studies\/[^/]+$/);
    studyId = /\/studies\/([^/]+)/.exec(page.url())![1];
  }, 120_000);
  afterAll(() => app?.stop());

  const results = () => `/studies/${studyId}/results`;
  const analysis = async (): Promise<StudyResult> =>
    (await (await page.request.get(`/studies/${studyId}/export/results.json`)).json()) as StudyResult;

  it("refreshes the simulator visibly when Hierarchical Bayes finishes, and says which utilities it used", async () => {
    // The first visit starts HB in the background: until it is stored the simulator uses counts.
    await page.getByRole("navigation", { name: "Study sections" }).getByRole("link", { name: "Results" }).click();
    await page.waitForURL(/\/results$/);
    const sim = page.getByRole("region", { name: "Happy-customer roadmap simulator" });
    await sim.waitFor();
    const before = await sim.locator("[data-utility-source]").textContent();
    expect(before).toContain("Utilities used: best-minus-worst counts (Hierarchical Bayes not available yet).");
    // the page re-runs its loader while HB runs; the notice appears when the HB utilities arrive
    await sim.getByText("Updated with Hierarchical Bayes utilities").waitFor({ timeout: 240_000 });
    expect(await sim.locator("[data-utility-source]").textContent()).toContain(
      "Utilities used: Hierarchical Bayes (individual utilities).",
    );
    expect(await page.getByText("Computing individual utilities").count()).toBe(0);
  }, 300_000);

  it("puts a decision page on top: executive summary and, per segment, the numbers behind each sentence", async () => {
    await page.goto(results());
    const first = page.locator("section.card").first();
    expect(await first.getAttribute("aria-labelledby")).toBe("decisions-h");
    const r = await analysis();
    const exec = page.getByRole("region", { name: "Executive summary" });
    for (const line of r.decisions.executive) await exec.getByText(line, { exact: true }).waitFor();
    const money = (x: number | null) => formatMoney(x, "USD");
    for (const d of r.decisions.segments) {
      const card = page.locator(`[data-decision="${d.segment}"]`);
      const text = (await card.textContent()) ?? "";
      expect(text).toContain(`${money(d.price!.recommended)} (95% interval ${money(d.price!.interval![0])}–`);
      expect(text).toContain(`within the acceptable band ${money(d.price!.pmc)}–${money(d.price!.pme)}`);
      for (const f of d.stacking) expect(text).toContain(`${f.item} (${f.share!.toFixed(1)}%)`);
      expect(text).toContain(`${d.bestBundle!.bundle.join(", ")} — ${d.bestBundle!.happy} of ${d.bestBundle!.total}`);
      // "build next" names a feature only when it adds happy customers
      if (d.buildNext!.gain > 0) expect(text).toContain(`${d.buildNext!.item}: +${d.buildNext!.gain} happy`);
      else expect(text).toContain("No single feature adds happy customers here.");
      for (const o of d.notServed) expect(text).toContain(`${o.name} (${o.happy} of ${o.total}`);
      for (const h of d.hypotheses.inconclusive)
        expect(text).toContain(`about ${h.moreRespondentsNeeded} more respondents would likely settle it`);
    }
    // The demo's design: Real estate's value stacks in its CRM module and Client portal.
    const re = (await page.locator('[data-decision="real_estate"]').textContent()) ?? "";
    expect(re).toMatch(/Value that stacks here.*CRM module \(\d+\.\d%\).*Client portal \(\d+\.\d%\)/);
    if (SHOTS) await page.locator("#decisions-h").screenshot({ path: path.join(SHOTS, "decisions-1280-heading.png") });
    if (SHOTS)
      await page.screenshot({
        path: path.join(SHOTS, "decisions-1280.png"),
        clip: { x: 0, y: 0, width: 1280, height: 1400 },
      });
    expect(await page.title()).toBe(`${DEMO_STUDY_NAME} · Results`);
  });

  it("labels the value map: Stacks in <segment>, Valued everywhere, Niche, Low everywhere, with the rule above", async () => {
    await page.goto(results());
    const map = page.locator("table.value-map");
    const label = async (feature: string) =>
      (await map.locator(`tr[data-feature="${feature}"] .vm-label`).textContent())?.trim();
    expect(await label("CRM module")).toBe("Stacks in Real estate");
    expect(await label("Client portal")).toBe("Stacks in Real estate");
    expect(await label("Grant pipeline")).toBe("Stacks in Nonprofit");
    expect(await label("Donor reporting")).toBe("Stacks in Nonprofit");
    expect(await label("Single sign-on (SSO)")).toBe("Stacks in Tech");
    for (const l of await map.locator(".vm-label").allTextContents())
      expect(l).toMatch(/^(Stacks in (Tech|Real estate|Nonprofit)|Valued everywhere|Niche|Low everywhere)$/);
    // each share has its unit; the rule is one sentence above the table
    for (const cell of await map.locator("td.heat").allTextContents()) expect(cell).toMatch(/^\d+\.\d%$|^–$/);
    const rule = page.locator("p.vm-rule");
    expect(await rule.textContent()).toMatch(/^A feature stacks in a segment when .*\.$/);
    expect(
      await rule.evaluate((p) => !!(p.compareDocumentPosition(document.querySelector("table.value-map")!) & 4)),
    ).toBe(true);
    // rows grouped by the segment they stack in (segment order), then by share
    const rows = await map.locator("tbody tr").evaluateAll((trs) =>
      trs.map((tr) => ({
        label: tr.querySelector(".vm-label")!.textContent,
        shares: [...tr.querySelectorAll("td.heat")].map((td) => Number.parseFloat(td.textContent ?? "")),
      })),
    );
    const order = ["Stacks in Tech", "Stacks in Real estate", "Stacks in Nonprofit"];
    const stacked = rows.filter((r) => order.includes(r.label!));
    for (let i = 1; i < stacked.length; i++) {
      const a = order.indexOf(stacked[i - 1].label!);
      const b = order.indexOf(stacked[i].label!);
      expect(b).toBeGreaterThanOrEqual(a);
      if (a === b) expect(stacked[i].shares[b]).toBeLessThanOrEqual(stacked[i - 1].shares[a]);
    }
    // labels never clipped: every cell shows all its text
    const clipped = await map
      .locator("th, td")
      .evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent));
    expect(clipped).toEqual([]);
  });

  it("price charts: marker labels state their price and never overprint; valid answers say why; NMS explained", async () => {
    await page.goto(results());
    const r = await analysis();
    const money = (x: number | null) => formatMoney(x, "USD");
    for (const seg of ["tech", "real_estate", "nonprofit"]) {
      const b = r.vanWestendorp!.segments[seg];
      const svg = page.locator(`#vw-${seg}-svg`);
      const boxes = await svg.locator("[data-marker] text").evaluateAll((ts) =>
        ts.map((t) => {
          const b = t.getBoundingClientRect();
          return { text: t.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom };
        }),
      );
      expect(boxes.map((x) => x.text).sort()).toEqual(
        [`IPP ${money(b.ipp)}`, `OPP ${money(b.opp)}`, `PMC ${money(b.pmc)}`, `PME ${money(b.pme)}`].sort(),
      );
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const [p, q] = [boxes[i], boxes[j]];
          const overlap = p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom;
          expect(overlap, `${p.text} overprints ${q.text}`).toBe(false);
        }
      const row = page.locator(`table.price-bands tr[data-segment="${seg}"]`);
      const why = b.invalid.notOrdered ? ` (${b.invalid.notOrdered} not in order)` : "";
      expect(await row.locator('[data-label="Valid answers"]').textContent()).toBe(`${b.nValid} of ${b.n} valid${why}`);
    }
    // the demo's Tech OPP and IPP are both $38: the case that used to overprint
    expect(r.vanWestendorp!.segments.tech.opp).toBe(r.vanWestendorp!.segments.tech.ipp);
    expect(
      await page.locator('table.price-bands tr[data-segment="tech"] [data-label="Valid answers"]').textContent(),
    ).toBe("117 of 120 valid (3 not in order)");
    expect(await page.locator("[data-nms-explained]").textContent()).toMatch(
      /^NMS revenue-optimal: the price that maximises expected revenue/,
    );
    const comparisons = await page.locator("ul.comparisons li").allTextContents();
    const [np, re] = [r.vanWestendorp!.segments.nonprofit, r.vanWestendorp!.segments.real_estate];
    const expected = `Nonprofit's band ${money(np.pmc)}–${money(np.pme)} sits below Real estate's ${money(re.pmc)}–${money(re.pme)}`;
    expect(
      comparisons.filter((c) => c.startsWith(expected) && c.endsWith(".")),
      comparisons.join("\n"),
    ).toHaveLength(1);
  });

  it("keeps forms in step with the page after in-app navigation; the bundle size is its own control", async () => {
    await page.goto(results());
    const sim = page.getByRole("region", { name: "Happy-customer roadmap simulator" });
    const ticked = async () =>
      sim
        .locator('input[name="f"]')
        .evaluateAll((xs) =>
          xs.filter((x) => (x as HTMLInputElement).checked).map((x) => (x as HTMLInputElement).value),
        );
    for (const f of ["CRM module", "Client portal"]) await sim.getByLabel(f, { exact: true }).check();
    await sim.getByRole("button", { name: "Count happy customers" }).click();
    await page.waitForURL(/f=CRM/);
    await sim.getByText("Happy customers with CRM module, Client portal").waitFor();
    await sim.getByLabel("CRM module", { exact: true }).uncheck();
    await sim.getByLabel("Client portal", { exact: true }).uncheck();
    for (const f of ["Grant pipeline", "Donor reporting"]) await sim.getByLabel(f, { exact: true }).check();
    await sim.getByRole("button", { name: "Count happy customers" }).click();
    await sim.getByText("Happy customers with Grant pipeline, Donor reporting").waitFor();
    await page.goBack();
    await sim.getByText("Happy customers with CRM module, Client portal").waitFor();
    expect(await ticked()).toEqual(["CRM module", "Client portal"]);

    // bundle size: 4 ticked boxes, size 2 → a best bundle of 2
    for (const f of ["Timeline view", "Mobile app"]) await sim.getByLabel(f, { exact: true }).check();
    await sim.getByLabel("Bundle size").selectOption("2");
    await sim.getByRole("button", { name: "Find best bundle" }).click();
    await page.waitForURL(/best=1/);
    const found = await sim.locator("[data-found]").textContent();
    expect(found).toMatch(/^Best bundle of 2: [^,]+, [^,]+ — \d+ of 360/);
    expect(await sim.getByLabel("Bundle size").inputValue()).toBe("2");
    expect(await ticked()).toHaveLength(2);

    // segment filter: the dropdown says what the page shows, also after going back
    const filter = page.locator("form.segment-filter");
    await filter.getByLabel("Segment").selectOption("real_estate");
    await filter.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/segment=real_estate/);
    // the URL changes as the navigation commits; the page re-renders right after it
    await expect.poll(() => page.locator("[data-decision]").count()).toBe(1);
    await page.locator('[data-decision="real_estate"]').waitFor();
    expect(await filter.getByLabel("Segment").inputValue()).toBe("real_estate");
    expect(await page.title()).toBe(`${DEMO_STUDY_NAME} · Results · Real estate`);
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes("segment="));
    await page.locator('[data-decision="tech"]').waitFor();
    expect(await filter.getByLabel("Segment").inputValue()).toBe("");
    expect(await page.locator("[data-decision]").count()).toBe(3);
  });

  it("on a 390 px phone without JavaScript, every shown chart text is ≥ 12 px too", async () => {
    const phone = await app.browser.newContext({ baseURL: app.server.url, viewport: PHONE, javaScriptEnabled: false });
    phone.setDefaultTimeout(20_000);
    await phone.addCookies(await viewer.cookies());
    const p = await phone.newPage();
    await p.goto(results());
    const texts = await p.locator("svg.chart-svg text").evaluateAll((ts) =>
      ts
        .filter((t) => (t as SVGTextElement).ownerSVGElement!.getBoundingClientRect().width > 0)
        .map((t) => {
          const svg = (t as SVGTextElement).ownerSVGElement!;
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          const rect = t.getBoundingClientRect();
          return {
            text: t.textContent,
            px: Number.parseFloat(getComputedStyle(t).fontSize) * scale,
            right: rect.right,
          };
        }),
    );
    expect(texts.length).toBeGreaterThan(50);
    expect(texts.filter((t) => t.px < 12)).toEqual([]);
    expect(texts.filter((t) => t.right > 390)).toEqual([]);
    // the wide copies are not shown on a phone
    const wide = await p.locator("svg.chart-wide").evaluateAll((ss) => ss.map((s) => s.getBoundingClientRect().width));
    expect(wide.length).toBeGreaterThan(0);
    expect(wide.filter((w) => w > 0)).toEqual([]);
    await phone.close();
  });

  it("on a 390 px phone, chart text stays ≥ 12 px and every table column stays on screen", async () => {
    const phone = await app.browser.newContext({ baseURL: app.server.url, viewport: PHONE });
    phone.setDefaultTimeout(20_000);
    await phone.addCookies(await viewer.cookies());
    const p = await phone.newPage();
    watch(p);
    await p.goto(results());
    await p.locator("#vw-tech-svg").waitFor();
    // charts re-lay themselves out for the measured width (after hydration)
    await p.waitForFunction(() => document.querySelector("#vw-tech-svg")?.getAttribute("width") !== "720");
    const texts = await p.locator("svg.chart-svg text").evaluateAll((ts) =>
      ts.map((t) => {
        const svg = (t as SVGTextElement).ownerSVGElement!;
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        const rect = t.getBoundingClientRect();
        return {
          text: t.textContent,
          px: Number.parseFloat(getComputedStyle(t).fontSize) * scale,
          right: rect.right,
          left: rect.left,
        };
      }),
    );
    expect(texts.length).toBeGreaterThan(50);
    expect(texts.filter((t) => t.px < 12)).toEqual([]);
    expect(texts.filter((t) => t.left < 0 || t.right > 390)).toEqual([]);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // every visible table cell (not inside a closed <details>) is on screen with its column name
    const cells = await p.locator("table.reflow tbody :is(td, th)").evaluateAll((cs) =>
      cs
        .filter((c) => !c.closest("details:not([open])"))
        .map((c) => {
          const r = c.getBoundingClientRect();
          return { label: c.getAttribute("data-label"), w: r.width, left: r.left, right: r.right };
        }),
    );
    expect(cells.length).toBeGreaterThan(40);
    expect(cells.filter((c) => !c.label || c.w <= 0 || c.left < 0 || c.right > 390)).toEqual([]);
    for (const col of ["OPP", "IPP", "NMS revenue-optimal", "Acceptable range"])
      expect(cells.filter((c) => c.label === col)).toHaveLength(3);
    // a cell's value and what goes with it (an interval, a note) sit in the value column, never under the label
    const underLabel = await p.locator("table.reflow tbody :is(td, th[scope=row])").evaluateAll((cs) =>
      cs
        .filter((c) => !c.closest("details:not([open])") && getComputedStyle(c).display === "grid")
        .flatMap((c) => {
          const style = getComputedStyle(c);
          const labelWidth = Number.parseFloat(style.gridTemplateColumns.split(" ")[0]);
          const valueLeft =
            c.getBoundingClientRect().left +
            Number.parseFloat(style.paddingLeft) +
            labelWidth +
            Number.parseFloat(style.columnGap);
          return [...c.childNodes]
            .filter((n) => (n.textContent ?? "").trim() !== "")
            .map((n) => {
              const range = document.createRange();
              range.selectNode(n);
              const lefts = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.left);
              return {
                label: c.getAttribute("data-label"),
                text: (n.textContent ?? "").trim(),
                left: Math.min(...lefts),
                valueLeft,
              };
            })
            .filter((x) => x.left < x.valueLeft - 1)
            .map(
              (x) =>
                `${x.label}: "${x.text}" starts at ${Math.round(x.left)} px, the value column at ${Math.round(x.valueLeft)} px`,
            );
        }),
    );
    expect(underLabel).toEqual([]);
    // a visible caption spans its stacked table instead of being squeezed into a column, one word a line
    const captions = await p.locator("table.reflow caption:not(.sr-only)").evaluateAll((cs) =>
      cs
        .filter((c) => !c.closest("details:not([open])"))
        .map((c) => ({
          text: c.textContent,
          width: Math.round(c.getBoundingClientRect().width),
          table: Math.round(c.closest("table")!.getBoundingClientRect().width),
        })),
    );
    expect(captions.length).toBeGreaterThan(0);
    expect(captions.filter((c) => c.width < 0.9 * c.table)).toEqual([]);
    // no table scrolls sideways (the needs-based segments tables too, once their run is done:
    // test/integration/needsSegments.test.ts waits for it and checks every cell's label)
    const scrolled = await p
      .locator(".table-wrap")
      .evaluateAll(
        (ws) => ws.filter((w) => !w.closest("details:not([open])") && w.scrollWidth > w.clientWidth + 1).length,
      );
    expect(scrolled).toBe(0);
    // opening a chart's "… as a table" does not make the whole page scroll sideways
    for (const s of await p.locator("details > summary").all()) await s.click();
    await expect.poll(() => p.locator("details:not([open])").count()).toBe(0);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await p.goto(results());
    if (SHOTS) {
      await p.locator("#decisions-h").scrollIntoViewIfNeeded();
      await p.screenshot({ path: path.join(SHOTS, "decisions-390.png"), fullPage: false });
      await p.locator("#price-h").scrollIntoViewIfNeeded();
      await p.screenshot({ path: path.join(SHOTS, "price-390.png"), fullPage: false });
    }
    await phone.close();
  });

  it("at 1280 px every chart's text (tick labels at the ends of an axis too) is drawn inside its chart", async () => {
    await page.goto(results());
    await page.locator("#vw-tech-svg").waitFor();
    const outside = await page.locator("svg.chart-svg").evaluateAll((svgs) =>
      svgs
        .filter((s) => s.getBoundingClientRect().width > 0)
        .flatMap((s) => {
          const box = s.getBoundingClientRect();
          return [...s.querySelectorAll("text")]
            .map((t) => ({ id: s.id, text: t.textContent, r: t.getBoundingClientRect() }))
            .filter(
              ({ r }) =>
                r.width > 0 &&
                (r.left < box.left - 0.5 ||
                  r.right > box.right + 0.5 ||
                  r.top < box.top - 0.5 ||
                  r.bottom > box.bottom + 0.5),
            )
            .map(
              ({ id, text, r }) =>
                `${id}: "${text}" ${Math.round(r.left - box.left)}–${Math.round(r.right - box.left)} of ${Math.round(box.width)} px`,
            );
        }),
    );
    expect(outside).toEqual([]);
  });

  it("downloads charts as SVG and PNG (and as SVG without JavaScript)", async () => {
    await page.goto(results());
    const links = page.locator("#vw-real_estate-svg ~ .chart-downloads");
    const [svg] = await Promise.all([page.waitForEvent("download"), links.getByText("Download SVG").click()]);
    const svgText = readFileSync((await svg.path())!, "utf8");
    expect(svgText).toMatch(/^<\?xml[^>]*>\n<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svgText).toContain("Van Westendorp curves, Real estate");
    const [png] = await Promise.all([page.waitForEvent("download"), links.getByText("Download PNG").click()]);
    expect(png.suggestedFilename()).toBe("vw-real_estate.png");
    expect([...readFileSync((await png.path())!).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // without JavaScript the link downloads the server's SVG
    const noJs = await app.browser.newContext({ baseURL: app.server.url, javaScriptEnabled: false });
    await noJs.addCookies(await viewer.cookies());
    const q = await noJs.newPage();
    await q.goto(results());
    const href = await q.locator("#vw-real_estate-svg ~ .chart-downloads a").getAttribute("href");
    expect(await q.locator(".chart-downloads button").count()).toBe(0);
    const res = await q.request.get(href!);
    expect(res.headers()["content-type"]).toBe("image/svg+xml; charset=utf-8");
    expect(await res.text()).toContain('<title id="chart-t">Van Westendorp curves, Real estate</title>');
    await noJs.close();
  });

  it("exports the computed results as CSV and JSON, formula-neutralised, equal to the page", async () => {
    const r = await analysis();
    const get = async (f: string) => {
      const res = await page.request.get(`/studies/${studyId}/export/${f}`);
      expect(res.status()).toBe(200);
      expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename="/);
      return res.text();
    };
    const lines = (s: string) => s.trim().split("\r\n");
    const price = lines(await get("price-bands.csv"));
    expect(price[0]).toMatch(/^segment,segment_name,n,n_valid,not_in_order,incomplete,pmc,pmc_low,pmc_high,opp,/);
    const tech = r.vanWestendorp!.segments.tech;
    expect(price[1]).toMatch(new RegExp(`^tech,Tech,120,117,3,0,${tech.pmc},`));
    const vm = lines(await get("value-map.csv"));
    expect(vm.find((l) => l.startsWith("CRM module,"))).toMatch(/^CRM module,stacking,Real estate,/);
    const md = lines(await get("maxdiff-shares.csv"));
    expect(md[0]).toBe("segment,segment_name,item,utility,utility_low,utility_high,share_percent,share_low,share_high");
    expect(md.filter((l) => l.startsWith("real_estate,"))).toHaveLength(r.maxdiff!.items.length);
    const hyp = lines(await get("hypotheses.csv"));
    expect(hyp[0]).toMatch(/^hypothesis_id,statement,verdict,reason,criterion,criterion_verdict,explanation/);
    expect(hyp.length).toBeGreaterThan(r.hypotheses.length);
    const cells = lines(await get("concept-cells.csv"));
    expect(cells).toHaveLength(1 + r.conceptTest.cells.length);
    // nothing starts a cell with a formula character
    for (const f of [price, vm, md, hyp, cells]) for (const l of f) expect(l).not.toMatch(/(^|,)[=+@]/);
    const json = JSON.parse(await get("results.json"));
    expect(json.decisions.executive).toEqual(r.decisions.executive);
    expect(JSON.stringify(json)).not.toMatch(/@example\.(org|com)/);
  });

  it("prints the report with the decisions and the simulator, headings kept with their content", async () => {
    await page.goto(`/studies/${studyId}/report`);
    expect(await page.title()).toBe(`${DEMO_STUDY_NAME} · Report`);
    await page.getByRole("button", { name: "Print or save as PDF" }).waitFor();
    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("button", { name: "Print or save as PDF" }).isVisible()).toBe(false);
    await page.getByRole("region", { name: "Decisions" }).waitFor();
    expect(await page.getByRole("region", { name: "Happy-customer roadmap simulator" }).isVisible()).toBe(true);
    expect(await page.getByRole("heading", { name: /^Best bundles of 3$/ }).isVisible()).toBe(true);
    const breaks = await page
      .locator("main h2, main h3")
      .evaluateAll((hs) => [...new Set(hs.map((h) => getComputedStyle(h).breakAfter))]);
    expect(breaks).toEqual(["avoid"]);
    // the competitors section (issue 20): its sub-headings stay with the scorecard or chart they introduce
    expect(await page.getByRole("region", { name: "Competitors who matter" }).isVisible()).toBe(true);
    const h4 = await page.locator("#competitors h4").evaluateAll((hs) => hs.map((h) => getComputedStyle(h).breakAfter));
    expect(h4.length).toBeGreaterThan(6);
    expect([...new Set(h4)]).toEqual(["avoid"]);
    if (SHOTS) {
      await page.pdf({ path: path.join(SHOTS, "report.pdf"), format: "A4" });
      await page.screenshot({ path: path.join(SHOTS, "report-print.png"), fullPage: true });
    }
    await page.emulateMedia({ media: "screen" });
  });

  it("says each sentence of the hypotheses and decisions once", async () => {
    await page.goto(results());
    for (const name of ["Hypotheses", "Decisions"]) {
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text
      const text = await page.getByRole("region", { name, exact: true }).innerText();
      const sentences = text
        .split(/(?<=[.!?])\s+|\n+/)
        .map((s) => s.trim())
        .filter((s) => s.length > 20 && /[.!?]$/.test(s)) // sentences, not repeated labels
        .map((s) => s.replace(/^[—–-]\s*/, "").toLowerCase());
      // no sentence said twice, nor repeated inside another ("…; about 19 more respondents would likely settle it.")
      const repeated = sentences.filter((s, i) => sentences.some((t, j) => j !== i && t.includes(s)));
      expect(repeated).toEqual([]);
    }
  });

  it("shows a viewer no terminal commands and no respondent emails or names", async () => {
    for (const url of [results(), `/studies/${studyId}/report`]) {
      await page.goto(url);
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text
      const text = (await page.locator("body").innerText()) ?? "";
      expect(text).not.toMatch(/npm run|--json|\$ /);
      expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
      expect(await page.locator("code").count()).toBe(0);
    }
  });

  it("shows a draft study's empty state instead of empty tables", async () => {
    const owner = await app.browser.newContext({ baseURL: app.server.url });
    owner.setDefaultTimeout(20_000);
    const p = await login(owner, DEMO_LOGIN.email);
    watch(p);
    await p.goto("/studies/new");
    await p.getByLabel("Study name").fill("Empty draft");
    await p.getByLabel("Product description").fill("Nothing asked yet.");
    await p.getByRole("button", { name: "Create study" }).click();
    await p.waitForURL(/\/studies\/[^/]+\/build/);
    const id = /\/studies\/([^/]+)\/build/.exec(p.url())![1];
    for (const [url, title] of [
      [`/studies/${id}/results`, "Empty draft · Results"],
      [`/studies/${id}/report`, "Empty draft · Report"],
    ]) {
      await p.goto(url);
      expect(await p.title()).toBe(title);
      await p.getByRole("heading", { name: "No responses yet — launch the study and invite respondents" }).waitFor();
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text
      const text = await p.locator("main").innerText();
      expect(text).not.toMatch(/0 of 0|hypotheses validated|Segment price bands/);
      expect(await p.locator("main table").count()).toBe(0);
      // no sentence twice
      const sentences = text
        .split(/(?<=[.!?])\s+|\n+/)
        .map((s) => s.trim())
        .filter((s) => s.length > 20 && /[.!?]$/.test(s)); // sentences, not repeated labels
      expect(sentences.filter((s, i) => sentences.indexOf(s) !== i)).toEqual([]);
    }
    await owner.close();
    expect(errors).toEqual([]);
  });
});
