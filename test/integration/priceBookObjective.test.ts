/**
 * The price book's objective: the results page (and its results.json) with `?objective=…&minHappy=…` equals
 * `research study export.json --price-book-objective … [--min-happy …]` on the downloaded export, on the demo
 * study without Hierarchical Bayes (no job runner: both use the count-based simulator); bad values exit 2 with one line.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatMoney } from "../../app/components/results/format.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { runCli } from "../../research/cli.ts";
import type { StudyResult } from "../../research/study.ts";
import { firstStudyId, logInClient, startApp, type TestApp } from "../helpers/app.ts";
import { engines } from "../helpers/databases.ts";
import type { HttpClient } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";

describe.each(engines())("price-book objective: page and CLI on %s", (engine) => {
  let app: TestApp;
  let server: TestServer;
  let client: HttpClient;
  let studyId = "";
  let doc = "";
  const cli = async (...flags: string[]) => {
    const r = await runCli(["study", "study.json", "--bootstrap", "0", ...flags, "--json"], () => doc);
    return { ...r, json: r.code === 0 ? (JSON.parse(r.stdout) as StudyResult) : null };
  };

  beforeAll(async () => {
    app = await startApp(engine, { VALUESTACK_WORKERS: "0", JOB_CONCURRENCY: "0" });
    ({ server } = app);
    client = await logInClient(server.url, DEMO_LOGIN.viewerEmail);
    studyId = await firstStudyId(client);
    doc = await (await client.get(`/studies/${studyId}/export/study.json`)).text();
  }, 120_000);
  afterAll(() => app?.stop());

  const cases: Array<{ query: string; flags: string[]; objective: string; floor: number | null }> = [
    { query: "", flags: [], objective: "happy", floor: null },
    { query: "?objective=revenue", flags: ["--price-book-objective", "revenue"], objective: "revenue", floor: null },
    {
      query: "?objective=revenue-with-happy-floor&minHappy=40",
      flags: ["--price-book-objective", "revenue-with-happy-floor", "--min-happy", "40"],
      objective: "revenue-with-happy-floor",
      floor: 0.4,
    },
  ];
  it.each(cases)(
    "results.json$query equals the CLI's price book",
    async ({ query, flags, objective, floor }) => {
      const res = await client.get(`/studies/${studyId}/export/results.json${query}`);
      expect(res.status).toBe(200);
      const page = JSON.parse(await res.text()) as StudyResult;
      const out = await cli(...flags);
      expect(out.stderr).toBe("");
      const book = out.json!.priceBook!;
      expect(book.objective).toBe(objective);
      expect(book.minHappyShare).toBe(floor);
      expect(page.priceBook).toEqual(book);
      // and the page shows the CLI's price per segment for that choice
      const page_ = await (await client.get(`/studies/${studyId}/results${query}`)).text();
      const html = /<section[^>]*data-section="price-book"[\s\S]*?<\/section>/.exec(page_)![0];
      // the page's "All results (JSON)" download is that same results.json
      const link = /href="([^"]*\/export\/results\.json[^"]*)"/.exec(page_)![1].replace(/&amp;/g, "&");
      expect(link).toBe(`/studies/${studyId}/export/results.json${query}`);
      for (const [key, s] of Object.entries(book.segments)) {
        if (s.price === null) continue;
        const row = new RegExp(`<tr data-segment="${key}">[\\s\\S]*?</tr>`).exec(html)![0];
        expect(row).toContain(`<span data-field="price">${formatMoney(s.price, out.json!.study.currency)}</span>`);
      }
    },
    120_000,
  );

  it("the objectives differ on the demo study (the test can tell them apart)", async () => {
    const happy = (await cli()).json!.priceBook!;
    const revenue = (await cli("--price-book-objective", "revenue")).json!.priceBook!;
    expect(revenue.segments).not.toEqual(happy.segments);
  }, 120_000);

  it.each([
    [["--price-book-objective", "profit"], "--price-book-objective must be one of happy, revenue"],
    [["--price-book-objective", "revenue-with-happy-floor"], "needs --min-happy PERCENT"],
    [["--price-book-objective", "revenue-with-happy-floor", "--min-happy", "140"], "--min-happy must be a whole"],
    [["--price-book-objective", "revenue-with-happy-floor", "--min-happy", "0.4"], "--min-happy must be a whole"],
    [["--min-happy", "40"], "--min-happy needs --price-book-objective revenue-with-happy-floor"],
  ])("%j exits 2 with one line", async (flags, message) => {
    const out = await cli(...flags);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe("");
    expect(out.stderr.trim().split("\n")).toHaveLength(1);
    expect(out.stderr).toContain(message);
  });

  it("results.json with a bad objective is refused with the reason", async () => {
    const res = await client.get(`/studies/${studyId}/export/results.json?objective=profit`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Choose what the price book should maximise.");
  });
});
