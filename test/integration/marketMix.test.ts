/**
 * The market mix on the segments tab (no JavaScript): a launched study still takes it, a mix
 * not summing to 100 is refused with the message next to the shares, and the results page then
 * says the overall figures are weighted to it, with the design effect and effective n that the
 * exported document gives when re-analysed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyseStudy } from "../../research/study.ts";
import { firstStudyId, logInClient, startApp, type TestApp } from "../helpers/app.ts";
import { engines } from "../helpers/databases.ts";
import { type HttpClient, text } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";

describe.each(engines())("market mix on %s", (engine) => {
  let app: TestApp;
  let server: TestServer;
  let client: HttpClient;
  let studyId = "";
  let fields: string[] = [];

  beforeAll(async () => {
    app = await startApp(engine, { VALUESTACK_WORKERS: "0" });
    ({ server } = app);
    client = await logInClient(server.url);
    studyId = await firstStudyId(client);
  }, 120_000);
  afterAll(() => app?.stop());

  it("offers one share field per segment on the segments tab of the launched study", async () => {
    const html = await (await client.get(`/studies/${studyId}/build/segments`)).text();
    expect(text(html)).toContain("Market mix");
    fields = [...html.matchAll(/name="(share_[^"]+)"/g)].map((m) => m[1]);
    expect(fields.length).toBe(3);
    for (const name of ["Tech (%)", "Real estate (%)", "Nonprofit (%)"]) expect(text(html)).toContain(name);
  });

  it("refuses a mix that does not add up to 100, next to the shares, keeping what was typed", async () => {
    const res = await client.post(`/studies/${studyId}/build/segments`, {
      intent: "market",
      [fields[0]]: "30",
      [fields[1]]: "40",
      [fields[2]]: "20",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    const form = html.slice(html.indexOf('id="market-mix"'), html.indexOf('id="add-segment"'));
    expect(text(form)).toContain("The shares add up to 90%; they must add up to 100%.");
    expect(form).toMatch(/<p id="f-market-error" class="field-error">/);
    expect(form).toContain('aria-describedby="f-market-error"');
    expect(form).toMatch(new RegExp(`name="${fields[2]}"[^>]*value="20"|value="20"[^>]*name="${fields[2]}"`));
    // Nothing was stored: the export has no market mix.
    const doc = await (await client.get(`/studies/${studyId}/export/study.json`)).json();
    expect(doc.market).toBeNull();
  });

  it("saves a mix that adds up to 100 and shows it again", async () => {
    const res = await client.post(`/studies/${studyId}/build/segments`, {
      intent: "market",
      [fields[0]]: "30",
      [fields[1]]: "45.5",
      [fields[2]]: "24.5",
    });
    expect(res.status).toBe(302);
    const html = await (await client.get(`/studies/${studyId}/build/segments`)).text();
    expect(html).toMatch(new RegExp(`name="${fields[1]}"[^>]*value="45.5"|value="45.5"[^>]*name="${fields[1]}"`));
  });

  it("weights the overall results to the mix and says so with the design effect and effective n", async () => {
    const doc = await (await client.get(`/studies/${studyId}/export/study.json`)).json();
    expect(doc.market).toEqual({ segments: { tech: 0.3, real_estate: 0.455, nonprofit: 0.245 } });
    const expected = analyseStudy(doc, { bootstrap: 0 }).weighting!;
    expect(expected.applied).toBe(true);
    const page = text(await (await client.get(`/studies/${studyId}/results`)).text());
    expect(page).toContain(
      `Overall figures weighted to your market mix (Tech 30%, Real estate 45.5%, Nonprofit 24.5%); ` +
        `design effect ${expected.designEffect!.toFixed(2)}, effective n ${Math.round(expected.effectiveN!)}.`,
    );
    expect(expected.designEffect!).toBeGreaterThan(1);
  }, 120_000);

  it("clears the mix when every share is left empty", async () => {
    const res = await client.post(`/studies/${studyId}/build/segments`, {
      intent: "market",
      [fields[0]]: "",
      [fields[1]]: "",
      [fields[2]]: "",
    });
    expect(res.status).toBe(302);
    const page = text(await (await client.get(`/studies/${studyId}/results`)).text());
    expect(page).not.toContain("weighted to your market mix");
  }, 120_000);
});
