/**
 * Gabor–Granger end to end over HTTP, like a browser without JavaScript, against the built server and
 * a real database (SQLite, and PostgreSQL with TEST_DATABASE_URL): the researcher sets the price ladder
 * in the pricing builder (bad ladders get an error next to the field; locked after launch); each
 * respondent walks the adaptive ladder one price per page (up after "would buy", down after "would
 * not", stop when bracketed or at an end); double posts and stale pages store nothing; Back shows a
 * step read-only; the answers are stored, the results page's demand at each rung equals a hand count,
 * and the `gabor-granger` CLI on the exported CSV prints the page's numbers.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { formatMoney } from "../../research/format/money.ts";
import { logInClient, startApp, surveyEnv, type TestApp } from "../helpers/app.ts";
import { engines, type TestDatabase } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";
import { createDemoMiniStudy, createRespondent, type createMiniStudy } from "./respondentsFixtures.ts";
import { answerPages, pageKeyOf } from "./respondentsSurvey.ts";

const LINK_SECRET = "gabor-granger-link-secret-0123456";
const LADDER = [10, 20, 30, 40, 50];
const eur = (x: number) => formatMoney(x, "EUR");

describe.each(engines())("Gabor–Granger over HTTP on %s", (engine) => {
  let app: TestApp;
  let database: TestDatabase;
  let server: TestServer;
  let db: Db;
  let study: Awaited<ReturnType<typeof createMiniStudy>>;
  const researcher = () => logInClient(server.url);
  const pricingForm = (gg: Record<string, string>) => ({
    currency: "EUR",
    productDescription: "A tiny product.",
    minPrice: "0",
    maxPrice: "1000",
    ...gg,
  });

  beforeAll(async () => {
    app = await startApp(engine, surveyEnv(LINK_SECRET));
    ({ database, server, db } = app);
    study = await createDemoMiniStudy(db, { name: "Ladder study", status: "draft" });
  });
  afterAll(() => app?.stop());

  let counter = 0;
  /** A respondent g<n>@example.com of the study (in `segmentId`, default its segment); returns their link's path. */
  const newRespondent = async (segmentId = study.segmentId) =>
    (
      await createRespondent(db, { studyId: study.studyId, segmentId }, LINK_SECRET, {
        email: `g${++counter}@example.com`,
      })
    ).path;
  /** The price the current ladder page asks (from its fieldset), and the page key. */
  async function ladderPage(r: HttpClient, url: string) {
    const html = await (await r.get(url)).text();
    const price = /data-gg-price="([\d.]+)"/.exec(html)?.[1];
    return { html, key: pageKeyOf(html), price: price === undefined ? null : Number(price) };
  }
  const stored = async (url: string) => {
    const respondent = await db.respondent.findFirstOrThrow({
      where: { studyId: study.studyId, email: `g${url}@example.com` },
      select: { response: { select: { id: true } } },
    });
    return db.gaborGrangerAnswer.findMany({
      where: { responseId: respondent.response!.id },
      orderBy: { step: "asc" },
      select: { step: true, price: true, likelihood: true },
    });
  };

  it("the builder checks the ladder next to its field, saves it while a draft and refuses changes after launch", async () => {
    const c = await researcher();
    const builder = `/studies/${study.studyId}/build/pricing`;
    expect(text(await (await c.get(builder)).text())).toContain("Gabor–Granger price ladder");

    const cases: [string, RegExp][] = [
      ["30, 20, 40", /List the prices from lowest to highest, each once: 20 comes after 30\./],
      ["10, 20", /Give 3 to 12 prices \(you gave 2\)\./],
      ["10, 20, ten", /“ten” is not a price/],
      [Array.from({ length: 13 }, (_, i) => i + 1).join(","), /you gave 13/],
    ];
    for (const [ladder, message] of cases) {
      const res = await c.post(builder, pricingForm({ ggEnabled: "on", ggLadder: ladder, ggStart: "middle" }));
      expect(res.status).toBe(400);
      const html = await res.text();
      // the message sits next to the ladder field, which keeps what was typed
      const field = /<input[^>]*name="ggLadder"[^>]*>/.exec(html)?.[0] ?? "";
      expect(field).toContain('aria-invalid="true"');
      expect(field).toContain(`value="${ladder}"`);
      expect(text(html)).toMatch(message);
      const p = await db.pricingSettings.findUnique({ where: { studyId: study.studyId } });
      expect(p?.ggEnabled ?? false).toBe(false);
    }

    const ok = await c.post(builder, pricingForm({ ggEnabled: "on", ggLadder: "10, 20 30;40 50", ggStart: "middle" }));
    expect(ok.status).toBe(302);
    const saved = await db.pricingSettings.findUniqueOrThrow({ where: { studyId: study.studyId } });
    expect([saved.ggEnabled, JSON.parse(saved.ggLadder), saved.ggStart]).toEqual([true, LADDER, "middle"]);

    await db.study.update({ where: { id: study.studyId }, data: { status: "live", launchedAt: new Date() } });
    const refused = await c.post(builder, pricingForm({ ggEnabled: "on", ggLadder: "1, 2, 3", ggStart: "random" }));
    expect(refused.status).toBe(409);
    const after = await db.pricingSettings.findUniqueOrThrow({ where: { studyId: study.studyId } });
    expect([JSON.parse(after.ggLadder), after.ggStart]).toEqual([LADDER, "middle"]);
    const locked = await (await c.get(builder)).text();
    expect(locked).toMatch(/name="ggEnabled"[^>]*disabled/);
    expect(locked).toMatch(/name="ggLadder"[^>]*readOnly|name="ggLadder"[^>]*readonly/i);
  });

  it("walks the ladder one price per page: up after yes, down after no, stops when bracketed", async () => {
    // A: 30 yes → 40 no → stop (acceptance 30)
    const a = await newRespondent();
    const ra = new HttpClient(server.url);
    await answerPages(ra, a, "gg:1");
    let p = await ladderPage(ra, a);
    expect([p.key, p.price]).toEqual(["gg:1", 30]); // the middle rung
    expect(text(p.html)).toContain(`If the product cost ${eur(30)}, how likely would you be to buy it?`);
    const labels = [...p.html.matchAll(/name="likelihood"[^>]*value="(\d)"/g)].map((m) => m[1]);
    expect(labels).toEqual(["5", "4", "3", "2", "1"]); // “Definitely would buy” first

    // no answer: an error next to the question, nothing stored
    const empty = await ra.post(a, { page: "gg:1" });
    expect(empty.status).toBe(400);
    const emptyHtml = await empty.text();
    expect(/<fieldset id="q-likelihood"[^>]*aria-invalid="true"/.test(emptyHtml)).toBe(true);
    expect(text(emptyHtml)).toContain("Choose how likely you would be to buy at this price.");
    expect(await stored("1")).toEqual([]);

    const first = await ra.post(a, { page: "gg:1", likelihood: "4" });
    expect([first.status, first.headers.get("location")?.endsWith("?p=gg-2")]).toEqual([303, true]);
    // a double tap of the same page: nothing more stored, still on step 2
    const again = await ra.post(a, { page: "gg:1", likelihood: "1" });
    expect(again.status).toBe(303);
    p = await ladderPage(ra, a);
    expect([p.key, p.price]).toEqual(["gg:2", 40]);
    // Back: step 1 read-only with its saved answer
    const back = await (await ra.get(`${a}?p=gg-1`)).text();
    expect(back).toContain("data-read-only");
    expect(back).toMatch(/data-gg-price="30"/);
    const checked = [...back.matchAll(/<input[^>]*name="likelihood"[^>]*>/g)].filter((m) => m[0].includes("checked"));
    expect(checked.map((m) => /value="(\d)"/.exec(m[0])?.[1])).toEqual(["4"]);

    const second = await ra.post(a, { page: "gg:2", likelihood: "2" });
    expect(second.status).toBe(303);
    expect(text(await (await ra.get(a)).text())).toContain("Thank you!");
    expect(await stored("1")).toEqual([
      { step: 1, price: 30, likelihood: 4 },
      { step: 2, price: 40, likelihood: 2 },
    ]);
    // the ladder stopped after 2 of its 5 steps: 2 concepts + 2 MaxDiff tasks + price + 2 steps answered
    const aResponse = await db.response.findFirstOrThrow({
      where: { respondent: { email: "g1@example.com" } },
      select: { status: true, pagesDone: true, pagesTotal: true },
    });
    expect(aResponse).toEqual({ status: "completed", pagesDone: 7, pagesTotal: 7 });

    // B: 30 no → 20 no → 10 yes → stop (acceptance 10)
    const b = await newRespondent();
    const rb = new HttpClient(server.url);
    await answerPages(rb, b, "gg:1");
    const walkB: [number, string][] = [
      [30, "1"],
      [20, "3"],
      [10, "5"],
    ];
    for (const [price, answer] of walkB) {
      p = await ladderPage(rb, b);
      expect(p.price).toBe(price);
      expect((await rb.post(b, { page: p.key!, likelihood: answer })).status).toBe(303);
    }
    expect((await stored("2")).map((x) => [x.price, x.likelihood])).toEqual([
      [30, 1],
      [20, 3],
      [10, 5],
    ]);

    // C: yes all the way → 30, 40, 50, stop at the top (acceptance 50); D: no all the way → 30, 20, 10 (none)
    for (const [answer, expected] of [
      ["5", [30, 40, 50]],
      ["2", [30, 20, 10]],
    ] as const) {
      const u = await newRespondent();
      const r = new HttpClient(server.url);
      await answerPages(r, u, "gg:1");
      const asked: number[] = [];
      for (let i = 0; i < 6; i++) {
        p = await ladderPage(r, u);
        if (p.price === null) break;
        asked.push(p.price);
        expect((await r.post(u, { page: p.key!, likelihood: answer })).status).toBe(303);
      }
      expect(asked).toEqual(expected);
      expect(text(p.html)).toContain("Thank you!");
    }
    expect(await db.response.count({ where: { studyId: study.studyId, status: "completed" } })).toBe(4);
  });

  it("the results page's demand at each rung equals a hand count, and the CLI on the exported CSV prints the page", async () => {
    // acceptance prices: A 30, B 10, C 50, D none → demand(p) = share with acceptance ≥ p
    const hand = new Map([
      [10, 3 / 4],
      [20, 2 / 4],
      [30, 2 / 4],
      [40, 1 / 4],
      [50, 1 / 4],
    ]);
    const c = await researcher();
    const html = await (await c.get(`/studies/${study.studyId}/results`)).text();
    const section = /<section[^>]*data-section="gabor-granger"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
    expect(text(section)).toContain("Demand and revenue by price (Gabor–Granger)");
    const block = /data-gg-segment="smb"[\s\S]*?<\/table>/.exec(section)?.[0] ?? "";
    const rows = [...block.matchAll(/<tr data-price="([\d.]+)"[\s\S]*?<\/tr>/g)].map((m) => ({
      price: Number(m[1]),
      demand: /data-field="demand">([^<]+)</.exec(m[0])?.[1],
      revenue: text(/data-field="revenue">([\s\S]*?)<\/td>/.exec(m[0])?.[1] ?? "").trim(),
    }));
    expect(rows.map((r) => r.price)).toEqual(LADDER);
    for (const r of rows) expect(r.demand).toBe(`${(hand.get(r.price)! * 100).toFixed(1)}%`);
    // revenue per 100 = 100 × price × demand: 75, 100, 150, 100, 125 → best 30
    expect(rows.map((r) => r.revenue)).toEqual([750, 1000, 1500, 1000, 1250].map(eur));
    expect(text(/data-field="gg-best"[\s\S]*?<\/p>/.exec(block)?.[0] ?? "")).toContain(eur(30));

    // the exported CSV through the research CLI
    const res = await c.get(`/studies/${study.studyId}/export/gabor-granger.csv`);
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv.split(/\r?\n/)[0]).toBe("respondent,price,response,segment,weight");
    expect(csv.trim().split(/\r?\n/)).toHaveLength(1 + 2 + 3 + 3 + 3);
    // no market mix: every respondent weighs 1
    expect(
      new Set(
        csv
          .trim()
          .split(/\r?\n/)
          .slice(1)
          .map((l) => l.split(",")[4]),
      ),
    ).toEqual(new Set(["1"]));
    const file = path.join(database.varDir, "gabor-granger.csv");
    await writeFile(file, csv);
    const { stdout } = await promisify(execFile)(
      "npm",
      ["run", "--silent", "research", "--", "gabor-granger", file, "--segment-column", "segment", "--json"],
      { cwd: process.cwd() },
    );
    const cli = JSON.parse(stdout).segments.smb;
    expect(cli.prices.map((p: { demand: number }) => `${(p.demand * 100).toFixed(1)}%`)).toEqual(
      rows.map((r) => r.demand),
    );
    expect(cli.prices.map((p: { revenue: number }) => eur(p.revenue * 100))).toEqual(rows.map((r) => r.revenue));
    const best = text(/data-field="gg-best"[\s\S]*?<\/p>/.exec(block)?.[0] ?? "");
    expect(best).toContain(`Revenue-maximising price: ${eur(cli.revenueMaxPrice)}`);
    expect(best).toContain(`95% interval ${eur(cli.revenueMaxInterval[0])}–${eur(cli.revenueMaxInterval[1])}`);
    // the charts download as SVG without JavaScript
    const svg = await c.get(`/studies/${study.studyId}/export/chart-gg-demand-smb.svg`);
    expect([svg.status, svg.headers.get("content-type")]).toEqual([200, "image/svg+xml; charset=utf-8"]);
    expect(await svg.text()).toContain("Demand by price, Small business");
    // the simulator's price scenario shows the Gabor–Granger demand at that price beside it
    const scenario = await (await c.get(`/studies/${study.studyId}/results?f=Alpha&f=Beta&price=25`)).text();
    const gg = /data-scenario-segment="smb"[\s\S]*?data-field="gg">([\s\S]*?)<\/td>/.exec(scenario)?.[1] ?? "";
    expect(text(gg)).toContain("50.0%"); // demand at the rung 30, the lowest at or above 25
    const elasticities = [...block.matchAll(/data-field="elasticity">([^<]+)</g)].map((m) => m[1]);
    expect(elasticities).toEqual([
      "–",
      ...cli.elasticities.map((e: { elasticity: number | null }) =>
        e.elasticity === null ? "–" : e.elasticity.toFixed(2).replace("-", "−"),
      ),
    ]);
  });
  it("with a market mix, gabor-granger.csv carries each respondent's weight and the CLI prints the page's weighted all-respondents block", async () => {
    // a second segment, and a market mix of 30% small business / 70% enterprise
    const ent = await db.segment.create({ data: { studyId: study.studyId, key: "ent", name: "Enterprise" } });
    await db.segment.update({ where: { id: study.segmentId }, data: { marketShare: 30 } });
    await db.segment.update({ where: { id: ent.id }, data: { marketShare: 70 } });
    // E: yes all the way (acceptance 50); F: no all the way (none)
    for (const answer of ["5", "2"]) {
      const u = await newRespondent(ent.id);
      const r = new HttpClient(server.url);
      await answerPages(r, u, "gg:1");
      for (let i = 0; i < 6; i++) {
        const p = await ladderPage(r, u);
        if (p.price === null) break;
        expect((await r.post(u, { page: p.key!, likelihood: answer })).status).toBe(303);
      }
    }
    // weights (raked on segment, mean 1): small business 0.3·6/4 = 0.45, enterprise 0.7·6/2 = 2.1.
    // Acceptance prices: small business 30, 10, 50, none; enterprise 50, none. Weighted demand (Σw = 6):
    // 10 → (3·0.45 + 2.1)/6 = 57.5%; 20 and 30 → (2·0.45 + 2.1)/6 = 50.0%; 40 and 50 → (0.45 + 2.1)/6 = 42.5%
    const hand = [0.575, 0.5, 0.5, 0.425, 0.425];
    const c = await researcher();
    const html = await (await c.get(`/studies/${study.studyId}/results`)).text();
    const section = /<section[^>]*data-section="gabor-granger"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
    const block = /data-gg-segment="__all"[\s\S]*?<\/table>/.exec(section)?.[0] ?? "";
    expect(text(block)).toContain("All respondents, weighted to the market mix");
    const rows = [...block.matchAll(/<tr data-price="([\d.]+)"[\s\S]*?<\/tr>/g)].map((m) => ({
      price: Number(m[1]),
      demand: /data-field="demand">([^<]+)</.exec(m[0])?.[1],
      interval: text(/data-field="demand">[^<]+<\/span><div[^>]*>([\s\S]*?)<\/div>/.exec(m[0])?.[1] ?? "").replace(
        /\s/g,
        "",
      ),
      revenue: text(/data-field="revenue">([\s\S]*?)<\/td>/.exec(m[0])?.[1] ?? "").trim(),
    }));
    expect(rows.map((r) => r.price)).toEqual(LADDER);
    expect(rows.map((r) => r.demand)).toEqual(hand.map((d) => `${(d * 100).toFixed(1)}%`));

    const res = await c.get(`/studies/${study.studyId}/export/gabor-granger.csv`);
    expect(res.status).toBe(200);
    const csv = await res.text();
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe("respondent,price,response,segment,weight");
    const weightOf = new Map(lines.slice(1).map((l) => [l.split(",")[3], Number(l.split(",")[4])]));
    expect(weightOf.get("smb")).toBeCloseTo(0.45, 12);
    expect(weightOf.get("ent")).toBeCloseTo(2.1, 12);
    const file = path.join(database.varDir, "gabor-granger-weighted.csv");
    await writeFile(file, csv);
    const { stdout } = await promisify(execFile)(
      "npm",
      [
        "run",
        "--silent",
        "research",
        "--",
        "gabor-granger",
        file,
        "--segment-column",
        "segment",
        "--weight-column",
        "weight",
        "--json",
      ],
      { cwd: process.cwd() },
    );
    const cli = JSON.parse(stdout);
    const overall = cli.overall;
    expect(overall.intervalMethod).toBe("wilson-kish");
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    expect(overall.prices.map((p: { demand: number }) => pct(p.demand))).toEqual(rows.map((r) => r.demand));
    expect(
      overall.prices.map((p: { demandInterval: [number, number] }) => p.demandInterval.map(pct).join("–")),
    ).toEqual(rows.map((r) => r.interval));
    expect(overall.prices.map((p: { revenue: number }) => eur(p.revenue * 100))).toEqual(rows.map((r) => r.revenue));
    // revenue per 100 = 575, 1000, 1500, 1700, 2125 → best 50
    expect(rows.map((r) => r.revenue)).toEqual([575, 1000, 1500, 1700, 2125].map(eur));
    const best = text(/data-field="gg-best"[\s\S]*?<\/p>/.exec(block)?.[0] ?? "");
    expect(best).toContain(`Revenue-maximising price: ${eur(overall.revenueMaxPrice)}`);
    expect(overall.revenueMaxPrice).toBe(50);
    expect(best).toContain(`95% interval ${eur(overall.revenueMaxInterval[0])}–${eur(overall.revenueMaxInterval[1])}`);
    expect(best).toContain(`${overall.respondents} respondents`);
    // each segment's own block is the same as the page's (equal weights within a segment)
    const smb = /data-gg-segment="smb"[\s\S]*?<\/table>/.exec(section)?.[0] ?? "";
    const smbDemand = [...smb.matchAll(/data-field="demand">([^<]+)</g)].map((m) => m[1]);
    expect(cli.segments.smb.prices.map((p: { demand: number }) => pct(p.demand))).toEqual(smbDemand);
    expect(smbDemand).toEqual(["75.0%", "50.0%", "50.0%", "25.0%", "25.0%"]);
  });
});
