/**
 * The respondent import's confirm step gets its rows back from the browser (a hidden field). A
 * tampered payload (500 attribute keys, huge cells, bad column names, too many rows) is refused
 * with a clear message by the same rule the CSV upload uses, and nothing is stored; the honest
 * preview → confirm round trip still imports.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { MAX_ATTRIBUTES, MAX_CSV_ROWS } from "../../app/respondents/import.server.ts";
import { DEMO_STUDY_NAME } from "../../prisma/seed/demo.ts";
import { logInClient, startApp, type TestApp } from "../helpers/app.ts";
import { type HttpClient, text } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";

const htmlDecode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

describe("the import confirm step re-checks its rows", () => {
  let app: TestApp;
  let server: TestServer;
  let db: Db;
  let studyId: string;
  let researcher: HttpClient;
  const path = () => `/studies/${studyId}/respondents`;

  beforeAll(async () => {
    app = await startApp("sqlite", { VALUESTACK_WORKERS: "0", LOGIN_RATE_LIMIT: "1000" });
    ({ server, db } = app);
    studyId = (await db.study.findFirstOrThrow({ where: { name: DEMO_STUDY_NAME } })).id;
    researcher = await logInClient(server.url);
  });
  afterAll(() => app?.stop());

  const row = (i: number, attributes: Record<string, string>) => ({
    line: i + 2,
    email: `tampered${i}@example.com`,
    name: "",
    segment: "tech",
    attributes,
  });

  it("refuses tampered payloads with a clear message and stores nothing", async () => {
    const before = await db.respondent.count({ where: { studyId } });
    const manyKeys = Object.fromEntries(Array.from({ length: 500 }, (_, k) => [`k${k}`, "x".repeat(500)]));
    const spread = Array.from({ length: MAX_ATTRIBUTES + 1 }, (_, i) => row(i, { [`col${i}`]: "v" }));
    const cases: Array<[string, unknown, RegExp]> = [
      ["500 attribute keys", [row(0, manyKeys)], /Too many extra columns \(500\); at most 20/],
      ["21 keys spread over rows", spread, /Too many extra columns \(21\); at most 20/],
      ["a bad column name", [row(0, { "<script>": "x" })], /Column name “<script>” is not allowed/],
      ["a 100 KB cell", [row(0, { notes: "x".repeat(100_000) })], /A cell is longer than 500 characters/],
      ["too many rows", Array.from({ length: MAX_CSV_ROWS + 1 }, (_, i) => row(i, {})), /More than 10000 rows/],
      ["not rows at all", { rows: 1 }, /The preview expired or was changed/],
    ];
    for (const [what, payload, message] of cases) {
      const res = await researcher.post(path(), { intent: "confirm", payload: JSON.stringify(payload) });
      const body = text(await res.text());
      expect(res.status, what).toBe(400);
      expect(body, what).toMatch(message);
      expect(body, what).toContain("Nothing was imported: upload the file again.");
    }
    const broken = await researcher.post(path(), { intent: "confirm", payload: "[{" });
    expect(broken.status).toBe(400);
    expect(text(await broken.text())).toContain("The preview expired or was changed.");
    expect(await db.respondent.count({ where: { studyId } })).toBe(before);
    expect(await db.respondent.count({ where: { email: { startsWith: "tampered" } } })).toBe(0);
  });

  it("still imports an honest preview, attributes and all", async () => {
    const form = new FormData();
    form.set("intent", "preview");
    form.set("file", new File(["email,name,segment,city\nhonest@example.com,Honest,tech,Oslo\n"], "people.csv"));
    const html = await (await researcher.post(path(), form)).text();
    const payload = htmlDecode(/name="payload" value="([^"]*)"/.exec(html)![1]);
    const res = await researcher.post(path(), { intent: "confirm", payload });
    expect(text(await res.text())).toContain("Imported 1 respondent(s).");
    const stored = await db.respondent.findFirstOrThrow({ where: { studyId, email: "honest@example.com" } });
    expect(JSON.parse(stored.attributes)).toEqual({ city: "Oslo" });
  });
});
