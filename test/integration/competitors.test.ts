/**
 * Competitors who matter (issue 20) over HTTP against the built server and a real database:
 * the builder tab validates next to the fields and keeps typed values, and is locked at launch;
 * the survey block (no JavaScript) offers only the segment's alternatives and stores the answers;
 * the demo study's results page shows per segment the scorecard, the driver gap chart and the
 * price/value map, with numbers equal to the research functions run on the exported document; the printable
 * report has the same section; scorecard.csv and results.json carry the scorecard; the charts' no-JavaScript
 * "Download SVG" links serve server-drawn SVGs.
 */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { runCli } from "../../research/cli.ts";
import { analyseScorecard } from "../../research/scorecard/analyse.ts";
import { scorecardRows, studyWeights } from "../../research/scorecard/fromStudy.ts";
import { analyseStudy, parseStudyExport, type StudyResult } from "../../research/study.ts";
import { withSegmentName } from "../../app/results/scorecardView.server.ts";
import { firstStudyId, logInClient } from "../helpers/app.ts";
import { engines } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import { createMiniStudy, startAppWithMail, type MailApp } from "./respondentsFixtures.ts";
import { answersFor, pageKeyOf } from "./respondentsSurvey.ts";

describe.each(engines())("competitors on %s", (engine) => {
  let app: MailApp;
  let study: Awaited<ReturnType<typeof createMiniStudy>>;
  let otherSegment = "";

  beforeAll(async () => {
    app = await startAppWithMail(engine, {
      VALUESTACK_WORKERS: "0",
      LINK_SECRET: "competitors-test-link-secret-0123",
      LINK_RATE_LIMIT: "100000",
    });
    study = await createMiniStudy(app.db, app.ownerId, { name: "Rivals study", status: "draft" });
    otherSegment = (
      await app.db.segment.create({ data: { studyId: study.studyId, key: "ent", name: "Enterprise", sortOrder: 1 } })
    ).id;
  });
  afterAll(() => app?.stop());

  const tab = () => `/studies/${study.studyId}/build/competitors`;

  it("validates the builder form next to the fields, keeping what was typed", async () => {
    const page = text(await (await app.researcher.get(tab())).text());
    expect(page).toContain("Competitors who matter");
    expect(page).toContain("Build it ourselves / spreadsheet"); // suggested rows on a new setup
    const bad = await app.researcher.post(tab(), {
      intent: "save",
      ourName: "",
      ourPrice: "cheap",
      drivers: [study.items[0]],
      "a0.name": "Rivalo",
      "a0.listPrice": "12,x",
      "a1.name": "rivalo",
      "a2.name": "",
    });
    expect(bad.status).toBe(400);
    const raw = await bad.text();
    const body = text(raw);
    expect(body).toContain("Enter our product's name as respondents know it.");
    expect(body).toContain("Enter a price like 49 or 19.99, or leave it empty.");
    expect(body).toContain("“rivalo” is listed twice.");
    expect(raw).toContain('value="12,x"'); // kept as typed
    expect(await app.db.competitorSetup.count({ where: { studyId: study.studyId } })).toBe(0);
  });

  it("saves the alternatives with prices and segments", async () => {
    const ok = await app.researcher.post(tab(), {
      intent: "save",
      ourName: "Minio",
      ourPrice: "40",
      drivers: [study.items[0], study.items[2]],
      "a0.name": "Rivalo",
      "a0.listPrice": "35",
      "a1.name": "Spreadsheet",
      "a2.name": "Enterprise Suite",
      "a2.listPrice": "99",
      "a2.segments": otherSegment,
    });
    expect(ok.status).toBe(302);
    const setup = await app.db.competitorSetup.findUniqueOrThrow({ where: { studyId: study.studyId } });
    expect(setup.ourName).toBe("Minio");
    expect(setup.ourPrice).toBe(40);
    expect(JSON.parse(setup.driverIds)).toEqual([study.items[0], study.items[2]]);
    const rows = await app.db.competitor.findMany({ where: { studyId: study.studyId }, orderBy: { sortOrder: "asc" } });
    expect(rows.map((r) => [r.name, r.listPrice, JSON.parse(r.segmentIds)])).toEqual([
      ["Rivalo", 35, []],
      ["Spreadsheet", null, []],
      ["Enterprise Suite", 99, [otherSegment]],
    ]);
    expect(text(await (await app.researcher.get(`${tab()}?saved`)).text())).toContain("Competitors saved.");
  });

  it("pre-registers a lead criterion in the hypothesis builder, checked against the alternatives", async () => {
    const h = await app.db.hypothesis.findFirstOrThrow({ where: { studyId: study.studyId } });
    const path = `/studies/${study.studyId}/build/hypotheses/${h.id}`;
    expect(text(await (await app.researcher.get(path)).text())).toContain("Competitor: we lead X on a value driver");
    const rule = (competitor: string) => ({
      intent: "rule",
      confidence: "0.95",
      "criteria[0].kind": "lead",
      "criteria[0].segment": "smb",
      "criteria[0].competitor": competitor,
      "criteria[0].driver": "Alpha",
      "criteria[0].margin": "0.5",
    });
    const bad = await app.researcher.post(path, rule("Nobody"));
    expect(bad.status).toBe(400);
    expect(text(await bad.text())).toContain('Unknown competitor "Nobody"');
    expect((await app.researcher.post(path, rule("Rivalo"))).status).toBeLessThan(400);
    const saved = JSON.parse((await app.db.hypothesis.findUniqueOrThrow({ where: { id: h.id } })).rule);
    expect(saved.criteria).toEqual([
      { kind: "lead", segment: "smb", competitor: "Rivalo", driver: "Alpha", margin: 0.5 },
    ]);
  });

  it("is locked at launch: a change is refused with the reason and nothing changes", async () => {
    await app.db.study.update({ where: { id: study.studyId }, data: { status: "live", launchedAt: new Date() } });
    const res = await app.researcher.post(tab(), { intent: "save", ourName: "Changed", "a0.name": "Other" });
    expect(res.status).toBe(409);
    expect(text(await res.text())).toContain("respondents have chosen among these alternatives");
    expect((await app.db.competitorSetup.findUniqueOrThrow({ where: { studyId: study.studyId } })).ourName).toBe(
      "Minio",
    );
    const removed = await app.researcher.post(tab(), { intent: "remove" });
    expect(removed.status).toBe(409);
    expect(await app.db.competitor.count({ where: { studyId: study.studyId } })).toBe(3);
  });

  it("asks the segment's alternatives without JavaScript and stores the answers", async () => {
    await app.researcher.post(`/studies/${study.studyId}/respondents`, {
      intent: "panel-link",
      segmentId: study.segmentId,
    });
    const html = await (await app.researcher.get(`/studies/${study.studyId}/respondents`)).text();
    const link = new URL(/<code>(https?:\/\/[^<]+\/p\/[A-Za-z0-9_-]{43})<\/code>/.exec(html)![1]).pathname;
    const c = new HttpClient(app.server.url);
    const start = await c.post(link, {});
    expect(start.status).toBe(303);
    const path = start.headers.get("location")!;
    let page = "";
    for (let i = 0; i < 20; i++) {
      page = await (await c.get(path)).text();
      if (pageKeyOf(page) === "alternative") break;
      expect((await c.post(path, answersFor(page))).status).toBe(303);
    }
    expect(pageKeyOf(page)).toBe("alternative");
    const shown = text(page);
    expect(shown).toContain("Rivalo");
    expect(shown).toContain("Spreadsheet");
    expect(shown).toContain("None of these");
    expect(shown).not.toContain("Enterprise Suite"); // offered only to the other segment

    const rivalo = (await app.db.competitor.findFirstOrThrow({ where: { name: "Rivalo" } })).id;
    const missing = await c.post(path, { page: "alternative", pricePaid: "a lot" });
    expect(missing.status).toBe(400);
    const errs = text(await missing.text());
    expect(errs).toContain("Choose what you use today, or “None of these”.");
    expect(errs).toContain("Enter a number like 25 or 19.99, or leave it empty.");
    expect(await app.db.competitorAnswer.count({ where: { response: { studyId: study.studyId } } })).toBe(0);
    expect((await c.post(path, { page: "alternative", alternative: rivalo, pricePaid: "€ 30" })).status).toBe(303);
    // a second tap of the same page stores nothing more
    expect((await c.post(path, { page: "alternative", alternative: rivalo, pricePaid: "31" })).status).toBe(303);

    page = await (await c.get(path)).text();
    expect(pageKeyOf(page)).toBe("performance");
    expect(text(page)).toContain("Rivalo");
    const [alpha, , gamma] = study.items;
    const partial = await c.post(path, { page: "performance", [`ours_${alpha}`]: "8" });
    expect(partial.status).toBe(400);
    const partialText = text(await partial.text());
    expect(partialText).toContain("Choose 0–10 or “Don't know” for “Rivalo: Alpha”.");
    expect(partialText).toContain("Choose 0–10 or “Don't know” for “Minio: Gamma”.");
    const ok = await c.post(path, {
      page: "performance",
      [`ours_${alpha}`]: "8",
      [`alt_${alpha}`]: "5",
      [`ours_${gamma}`]: "dk",
      [`alt_${gamma}`]: "10",
    });
    expect(ok.status).toBe(303);
    const response = await app.db.response.findFirstOrThrow({ where: { studyId: study.studyId } });
    const answer = await app.db.competitorAnswer.findUniqueOrThrow({ where: { responseId: response.id } });
    expect(answer).toMatchObject({ competitorId: rivalo, pricePaid: 30 });
    const ratings = await app.db.performanceRating.findMany({ where: { responseId: response.id } });
    expect(
      ratings
        .map(
          (r) => `${r.product === "ours" ? "ours" : "Rivalo"}:${r.driverId === alpha ? "Alpha" : "Gamma"}=${r.rating}`,
        )
        .sort(),
    ).toEqual(["Rivalo:Alpha=5", "Rivalo:Gamma=10", "ours:Alpha=8", "ours:Gamma=null"]);
    // Back shows the saved ratings read-only
    const back = await (await c.get(`${path.split("?")[0]}?p=performance`)).text();
    expect(back).toContain("This page is already saved.");
    expect(back).toMatch(new RegExp(`name="alt_${gamma}"[^>]* checked=""[^>]* value="10"`));
    expect(back).toMatch(new RegExp(`name="ours_${gamma}"[^>]* checked=""[^>]* value="dk"`));
  });

  describe("the demo study's results", () => {
    let viewer: HttpClient;
    let html = "";
    let raw = "";
    let base = "";
    let doc: unknown;
    let cli: StudyResult;

    beforeAll(async () => {
      viewer = await logInClient(app.server.url, DEMO_LOGIN.viewerEmail);
      const studyId = await firstStudyId(viewer);
      base = `/studies/${studyId}`;
      raw = await (await viewer.get(`/studies/${studyId}/results`)).text();
      html = text(raw);
      const body = await (await viewer.get(`/studies/${studyId}/export/study.json`)).text();
      doc = JSON.parse(body);
      const r = await runCli(["study", "study.json", "--json"], () => body);
      expect(r.code).toBe(0);
      cli = JSON.parse(r.stdout);
    }, 240_000);

    it("shows the scorecard, the driver gap chart and the price/value map per segment, in a PMM's words", () => {
      const section = html.slice(html.indexOf("Competitors who matter"));
      expect(section.split("Value scorecard Value driver Weight Planwise (ours)").length - 1).toBe(3);
      expect(section.split("Weighted value score").length - 1).toBe(3);
      for (const name of ["Tech", "Real estate", "Nonprofit"]) {
        expect(section).toContain(`Driver gaps vs the strongest competitor, ${name}`);
        expect(section).toContain(`Price/value map, ${name}`);
      }
      expect(section).toContain("invest here");
      expect(section).toContain("promote here");
      expect(section).toContain("fair-value line");
      expect(section).toMatch(/value advantage|fair value|value disadvantage/);
      expect(section).toContain("Relative value vs Boardly");
    });

    it("equals the research functions on the exported document", () => {
      const sc = cli.scorecard!;
      expect(sc.ours).toBe("Planwise");
      expect(Object.keys(sc.segments).sort()).toEqual(["nonprofit", "real_estate", "tech"]);
      // the scorecard from the ratings and the MaxDiff shares directly
      const parsed = parseStudyExport(doc);
      const weights = studyWeights(cli.maxdiff, parsed.competitors!.drivers, null)!;
      const direct = analyseScorecard(scorecardRows(parsed), weights, {
        ours: "Planwise",
        ourPrice: 45,
        currency: parsed.study.currency,
        listPrices: { Boardly: 29 },
        priceBands: Object.fromEntries(
          Object.entries(cli.vanWestendorp!.segments).map(([k, b]) => [k, { pmc: b.pmc, pme: b.pme }]),
        ),
      });
      for (const k of Object.keys(sc.segments)) {
        expect(direct.segments[k]).toEqual(sc.segments[k]);
        const b = sc.segments[k];
        const name = parsed.segments.find((s) => s.key === k)!.name;
        expect(html).toContain(withSegmentName(b.summary, k, name));
        expect(html).toContain(withSegmentName(b.priceValue.ours.sentence, k, name));
        for (const p of b.products) expect(html).toContain((p.valueScore as number).toFixed(2));
        for (const c of b.comparisons)
          expect(html).toContain(
            `Relative value vs ${c.competitor}: ${(c.valueScoreDifference as number) >= 0 ? "+" : ""}${(c.valueScoreDifference as number).toFixed(2)} points`,
          );
      }
      // and the app's own analysis of the same document (analyseStudy, as the page ran it)
      expect(analyseStudy(doc, { bootstrap: 0 }).scorecard?.segments).toEqual(sc.segments);
    });

    it("puts the section in the printable report, each segment's scorecard, gap chart and price/value map", async () => {
      const res = await viewer.get(`${base}/report`);
      expect(res.status).toBe(200);
      const report = text(await res.text());
      const section = report.slice(report.indexOf("Competitors who matter"));
      expect(report).toContain("Competitors who matter");
      expect(section.split("Value scorecard Value driver Weight Planwise (ours)").length - 1).toBe(3);
      const parsed = parseStudyExport(doc);
      for (const [k, b] of Object.entries(cli.scorecard!.segments)) {
        const name = parsed.segments.find((x) => x.key === k)!.name;
        expect(section).toContain(`Driver gaps vs the strongest competitor, ${name}`);
        expect(section).toContain(`Price/value map, ${name}`);
        expect(section).toContain(withSegmentName(b.summary, k, name));
        expect(section).toContain(withSegmentName(b.priceValue.ours.sentence, k, name));
      }
      // the price sentence in the study's currency (formatMoney), not raw numbers
      expect(section).toMatch(/our price \$45 in \w/);
    });

    it("exports scorecard.csv (one row per segment, product and driver) and the scorecard in results.json", async () => {
      expect(raw).toContain(`href="${base}/export/scorecard.csv"`);
      const res = await viewer.get(`${base}/export/scorecard.csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/csv");
      const rows: Record<string, string>[] = parse(await res.text(), { columns: true });
      const sc = cli.scorecard!;
      const parsed = parseStudyExport(doc);
      const cell = (x: number | null | undefined) => (x === null || x === undefined ? "" : String(x));
      const expected: Record<string, string>[] = [];
      const blocks = [
        ...(sc.overall ? [["", "All", sc.overall] as const] : []),
        ...parsed.segments.filter((x) => sc.segments[x.key]).map((x) => [x.key, x.name, sc.segments[x.key]] as const),
      ];
      for (const [key, name, b] of blocks)
        for (const p of b.products)
          for (const d of sc.drivers) {
            const perf = p.drivers.find((x) => x.driver === d)!;
            const c = b.comparisons.find((x) => x.competitor === p.product);
            const paired = c?.drivers.find((x) => x.driver === d);
            expected.push({
              segment: key,
              segment_name: name,
              product: p.product,
              driver: d,
              importance_weight: cell(b.weights[d]),
              mean_performance: cell(perf.mean),
              mean_low: cell(perf.interval?.[0]),
              mean_high: cell(perf.interval?.[1]),
              value_score: cell(p.valueScore),
              relative_value_score: cell(c?.valueScoreDifference),
              p_holm: cell(paired?.pHolm),
              gap_label: b.driverGaps.find((g) => g.driver === d)!.label,
            });
          }
      expect(rows.length).toBe(expected.length);
      expect(rows.map((r) => Object.fromEntries(Object.keys(expected[0]).map((h) => [h, r[h]])))).toEqual(expected);
      expect(rows.some((r) => r.product === "Boardly" && r.relative_value_score !== "")).toBe(true);

      const json = JSON.parse(await (await viewer.get(`${base}/export/results.json`)).text());
      expect(json.scorecard.segments).toEqual(JSON.parse(JSON.stringify(sc.segments)));
    });

    it("serves the gap chart and the price/value map as SVG files for the no-JavaScript Download SVG link", async () => {
      for (const kind of ["gaps", "pv"]) {
        const href = `${base}/export/chart-${kind}-tech.svg`;
        expect(raw).toContain(`href="${href}"`); // the server-rendered page links the file
        const res = await viewer.get(href);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toContain("image/svg+xml");
        const svg = await res.text();
        expect(svg).toMatch(/^<\?xml[^>]*>\n<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
        expect(svg).toContain(
          kind === "gaps" ? "Driver gaps vs the strongest competitor, Tech" : "Price/value map, Tech",
        );
        const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
        expect(sizes.length).toBeGreaterThan(3);
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
        expect(svg).not.toMatch(/<script|<style/);
      }
      expect((await viewer.get(`${base}/export/chart-pv-nosuchsegment.svg`)).status).toBe(404);
      // without JavaScript the page also draws each chart at phone width (shown on narrow screens), so its text
      // stays 12 px at 390 px instead of the 720 px drawing scaled down
      for (const kind of ["gaps", "pv"])
        expect(raw).toMatch(new RegExp(`id="sc-tech-${kind}-phone-svg"[^>]*chart-phone`));
    });
  });
});
