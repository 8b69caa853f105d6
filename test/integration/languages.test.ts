/**
 * Multi-language surveys over HTTP against the built server and a real database (SQLite, and
 * PostgreSQL with TEST_DATABASE_URL): the researcher sets the survey languages (BCP-47, validated);
 * a missing translation blocks launch with a message naming the language and the text; translating
 * every text in the builder lets the study launch; a respondent whose browser prefers German gets
 * the German survey, can switch to Arabic (stored for the response, right to left), and the export
 * carries each response's language while items stay matched by id (default-language labels).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../app/db.server.ts";
import { newLink } from "../../app/respondents/tokens.server.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { createTestDatabase, engines, type TestDatabase } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import { startServer, type TestServer } from "../helpers/server.ts";
import { createMiniStudy } from "./respondentsFixtures.ts";
import { answersFor, pageKeyOf } from "./respondentsSurvey.ts";

const LINK_SECRET = "languages-link-secret-0123456789";

describe.each(engines())("survey languages on %s", (engine) => {
  let database: TestDatabase;
  let server: TestServer;
  let db: Db;
  let study: Awaited<ReturnType<typeof createMiniStudy>>;
  let client: HttpClient;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    server = await startServer({
      databaseUrl: database.url,
      varDir: database.varDir,
      env: { LINK_SECRET, LINK_RATE_LIMIT: "100000", VALUESTACK_WORKERS: "0" },
    });
    db = createDb(database.url);
    const owner = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.email } });
    study = await createMiniStudy(db, owner.id, { name: "Team chat", status: "draft" });
    // complete for launch: the hypothesis targets the segment with one pre-registered criterion
    const h = await db.hypothesis.findFirstOrThrow({ where: { studyId: study.studyId } });
    await db.hypothesisSegment.create({ data: { hypothesisId: h.id, segmentId: study.segmentId } });
    await db.hypothesis.update({
      where: { id: h.id },
      data: {
        rule: JSON.stringify({
          confidence: 0.95,
          criteria: [{ kind: "concept", segment: "smb", metric: "purchase_intent", threshold: 0.5 }],
        }),
      },
    });
    client = new HttpClient(server.url);
    await client.login(DEMO_LOGIN.email, DEMO_LOGIN.password);
  });
  afterAll(async () => {
    if (process.env.DEBUG_SERVER_OUTPUT) console.log(server?.output().slice(-4000));
    await server?.stop();
    await db?.$disconnect();
    await database?.drop();
  });

  const builder = () => `/studies/${study.studyId}/build/languages`;

  it("refuses a language code that is not BCP-47, next to the field, keeping the input", async () => {
    const res = await client.post(builder(), { intent: "languages", defaultLanguage: "en", languages: "de, de_DE" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(text(html)).toContain("“de_DE” is not a BCP-47 language code");
    expect(html).toContain('value="de, de_DE"');
    const s = await db.study.findUniqueOrThrow({ where: { id: study.studyId } });
    expect(s.languages).toBe("[]");
  });

  it("a missing translation blocks launch with a message naming the language and the text", async () => {
    const ok = await client.post(builder(), { intent: "languages", defaultLanguage: "en", languages: "DE, ar, en" });
    expect(ok.status).toBe(302);
    const s = await db.study.findUniqueOrThrow({ where: { id: study.studyId } });
    expect([s.defaultLanguage, JSON.parse(s.languages)]).toEqual(["en", ["de", "ar"]]);

    const launch = await client.post(`/studies/${study.studyId}/build?index`, { intent: "launch" });
    expect(launch.status).toBe(400);
    const page = text(await launch.text());
    expect(page).toContain("The study is not complete yet");
    expect(page).toContain("Translate into German (de): Concept “Concept A” — name.");
    expect(page).toContain("Translate into Arabic (ar): MaxDiff item “Alpha”.");
    expect((await db.study.findUniqueOrThrow({ where: { id: study.studyId } })).status).toBe("draft");

    // the builder shows each default text next to an input, right to left for Arabic
    const editor = await (await client.get(builder())).text();
    expect(text(editor)).toContain("texts still need a Arabic (ar) translation");
    expect(editor).toMatch(
      /name="tr:study:name"[^>]*lang="ar"[^>]*dir="rtl"|lang="ar" dir="rtl"[^>]*name="tr:study:name"/,
    );
  });

  it("with every text translated the checklist is clear and the study launches", async () => {
    // the texts as the builder lists them: each input's field name, next to its default-language text
    const editor = await (await client.get(builder())).text();
    const form = editor.slice(editor.indexOf('id="lang-de"'), editor.indexOf('id="lang-ar"'));
    const sources = [...form.matchAll(/<p>([^<]*)<\/p><\/td><td><(?:input|textarea)[^>]*name="(tr:[^"]+)"/g)].map(
      (m) => ({ key: m[2], text: text(m[1]) }),
    );
    expect(sources.map((s) => s.key)).toContain("tr:study:productDescription");
    expect(sources.length).toBe(2 + 4 + 4); // study name and description, 2 concepts × 2, 4 items
    const de: Record<string, string> = { intent: "translations", language: "de" };
    const ar: Record<string, string> = { intent: "translations", language: "ar" };
    for (const s of sources) {
      de[s.key] = `DE ${s.text}`;
      ar[s.key] = `عربي ${s.text}`;
    }
    // one text left out: still blocked, naming exactly that text
    const { "tr:study:productDescription": _, ...partial } = ar;
    expect((await client.post(builder(), de)).status).toBe(302);
    expect((await client.post(builder(), partial)).status).toBe(302);
    let launch = await client.post(`/studies/${study.studyId}/build?index`, { intent: "launch" });
    const blocked = text(await launch.text());
    expect(blocked).toContain("Translate into Arabic (ar): Product description.");
    expect(blocked).not.toContain("Translate into German");
    expect((await client.post(builder(), ar)).status).toBe(302);
    const rows = await db.translation.count({ where: { studyId: study.studyId } });
    expect(rows).toBe(2 * sources.length);
    launch = await client.post(`/studies/${study.studyId}/build?index`, { intent: "launch" });
    expect(launch.status).toBe(302);
    expect((await db.study.findUniqueOrThrow({ where: { id: study.studyId } })).status).toBe("live");
  });

  it("negotiates the browser's language, switches on request, and exports the language per response", async () => {
    const link = newLink("respondent", LINK_SECRET);
    const r = await db.respondent.create({
      data: {
        studyId: study.studyId,
        email: "lang@example.com",
        segmentId: study.segmentId,
        tokenHash: link.hash,
        tokenSalt: link.salt,
      },
    });
    const path = `/s/${link.token}`;
    const c = new HttpClient(server.url);
    const accept = { headers: { "accept-language": "de-CH, fr;q=0.8" } };
    let html = await (await c.get(path, accept)).text();
    expect(html).toMatch(/<html lang="de" dir="ltr"/);
    expect(text(html)).toContain("Umfrage starten");
    expect(text(html)).toContain("DE A tiny product.");
    // start in German, answer the first concept
    expect((await c.post(path, answersFor(html), accept)).status).toBe(303);
    html = await (await c.get(path, accept)).text();
    expect(text(html)).toMatch(/Idee 1 von 2: DE Concept [AB]/);
    expect((await db.response.findUniqueOrThrow({ where: { respondentId: r.id } })).language).toBe("de");

    // switch to Arabic (the browser still prefers German): stored, and every later page is Arabic, rtl
    const page = pageKeyOf(html)!;
    const token = /name="formToken" value="([^"]+)"/.exec(html)![1];
    const sw = await c.post(path, { page, formToken: token, language: "ar" }, accept);
    expect(sw.status).toBe(303);
    html = await (await c.get(path, accept)).text();
    expect(html).toMatch(/<html lang="ar" dir="rtl"/);
    expect(html).toContain('class="survey" lang="ar" dir="rtl"');
    expect(text(html)).toMatch(/الفكرة 1 من 2: عربي Concept [AB]/);
    expect(pageKeyOf(html)).toBe(page); // nothing was answered by switching
    expect((await db.response.findUniqueOrThrow({ where: { respondentId: r.id } })).language).toBe("ar");

    // an unanswered page: the error in Arabic
    const err = await c.post(path, { page, formToken: token }, accept);
    expect(err.status).toBe(400);
    expect(text(await err.text())).toContain("اختر إجابة عن");

    for (let i = 0; i < 20; i++) {
      html = await (await c.get(path, accept)).text();
      const key = pageKeyOf(html);
      if (!key) break;
      if (key.startsWith("maxdiff:")) expect(text(html)).toContain("عربي ");
      expect((await c.post(path, answersFor(html), accept)).status).toBe(303);
    }
    expect(text(html)).toContain("شكرًا لك!");
    const response = await db.response.findUniqueOrThrow({ where: { respondentId: r.id }, include: { maxdiff: true } });
    expect(response.status).toBe("completed");
    // answers are stored by id: the shown items are the study's own item ids
    for (const t of response.maxdiff) expect(study.items).toContain(t.bestItemId);

    const csv = await (await client.get(`/studies/${study.studyId}/export/maxdiff.csv`)).text();
    const [header, first] = csv.trim().split(/\r?\n/);
    expect(header).toBe("respondent,segment,task,item,best,worst,language");
    expect(first).toMatch(/,(Alpha|Beta|Gamma|Delta),[01],[01],ar$/);
  });
});
