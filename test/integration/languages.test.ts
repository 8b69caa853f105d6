/**
 * Multi-language surveys over HTTP against the built server and a real database (SQLite, and
 * PostgreSQL with TEST_DATABASE_URL): the researcher sets the survey languages (BCP-47, validated);
 * a missing translation blocks launch with a message naming the language and the text; translating
 * every text in the builder lets the study launch; a respondent whose browser prefers German gets
 * the German survey, can switch to Arabic (stored for the response, right to left), and the export
 * carries each response's language while items stay matched by id (default-language labels).
 * The attention check's question and answers, our product's and the competitors' names are translated
 * like every other text; the Gabor–Granger and competitors questions' fixed wording comes from the catalogs,
 * and the attention check is scored against its default-language answer whatever the language shown. A panel
 * link's pages (start, segment full, study closed) and unknown panel and unsubscribe links follow the browser's
 * language too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { newLink } from "../../app/respondents/tokens.server.ts";
import { logInClient, startApp, surveyEnv, type TestApp } from "../helpers/app.ts";
import { engines } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";
import { createDemoMiniStudy, createRespondent, type createMiniStudy, makeLaunchable } from "./respondentsFixtures.ts";
import { answersFor, pageKeyOf } from "./respondentsSurvey.ts";

const LINK_SECRET = "languages-link-secret-0123456789";

describe.each(engines())("survey languages on %s", (engine) => {
  let app: TestApp;
  let server: TestServer;
  let db: Db;
  let study: Awaited<ReturnType<typeof createMiniStudy>>;
  let client: HttpClient;

  beforeAll(async () => {
    app = await startApp(engine, surveyEnv(LINK_SECRET));
    ({ server, db } = app);
    study = await createDemoMiniStudy(db, { name: "Team chat", status: "draft" });
    await makeLaunchable(db, study);
    client = await logInClient(server.url);
  });
  afterAll(() => app?.stop());

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
    const r = await createRespondent(db, study, LINK_SECRET, { email: "lang@example.com" });
    const path = r.path;
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
  describe("attention check, Gabor–Granger and competitors in German", () => {
    let second: Awaited<ReturnType<typeof createMiniStudy>>;
    const build = () => `/studies/${second.studyId}/build/languages`;
    const ATTENTION = {
      question: "To show you read this, choose “Blue”.",
      options: ["Red", "Blue", "Green"],
      answer: "Blue",
    };

    beforeAll(async () => {
      second = await createDemoMiniStudy(db, { name: "Rival chat", status: "draft" });
      await makeLaunchable(db, second);
      await db.study.update({ where: { id: second.studyId }, data: { attentionCheck: JSON.stringify(ATTENTION) } });
      await db.pricingSettings.update({
        where: { studyId: second.studyId },
        data: { ggEnabled: true, ggLadder: "[10,20,30]", ggStart: "middle" },
      });
      await db.competitorSetup.create({
        data: { studyId: second.studyId, ourName: "Chatly", driverIds: JSON.stringify(second.items.slice(0, 2)) },
      });
      await db.competitor.create({ data: { studyId: second.studyId, name: "Rivalo", sortOrder: 0 } });
      const langs = await client.post(build(), { intent: "languages", defaultLanguage: "en", languages: "de" });
      expect(langs.status).toBe(302);
    });

    it("missing translations of these texts block launch, naming them; the builder lists them", async () => {
      const launch = await client.post(`/studies/${second.studyId}/build?index`, { intent: "launch" });
      expect(launch.status).toBe(400);
      const page = text(await launch.text());
      expect(page).toContain("Translate into German (de): Attention check — question.");
      expect(page).toContain("Translate into German (de): Attention check — answer 2 “Blue”.");
      expect(page).toContain("Translate into German (de): Competitors — our product's name.");
      expect(page).toContain("Translate into German (de): Competitor “Rivalo”.");
      const editor = await (await client.get(build())).text();
      expect(editor).toContain('name="tr:attention:question"');
      expect(editor).toContain('name="tr:attention:option:Blue"');
      expect(editor).toContain('name="tr:competitors:ourName"');
      expect(text(editor)).toContain("To show you read this, choose “Blue”.");
    });

    it("once translated, the German survey shows them in German and scores the check by its own answer", async () => {
      const editor = await (await client.get(build())).text();
      const sources = [...editor.matchAll(/<p>([^<]*)<\/p><\/td><td><(?:input|textarea)[^>]*name="(tr:[^"]+)"/g)].map(
        (m) => ({ key: m[2], text: text(m[1]) }),
      );
      const GERMAN: Record<string, string> = {
        "tr:attention:question": "Um zu zeigen, dass Sie dies lesen, wählen Sie „Blau“.",
        "tr:attention:option:Red": "Rot",
        "tr:attention:option:Blue": "Blau",
        "tr:attention:option:Green": "Grün",
        "tr:competitors:ourName": "Plauderly",
      };
      const de: Record<string, string> = { intent: "translations", language: "de" };
      for (const s of sources) de[s.key] = GERMAN[s.key] ?? `DE ${s.text}`;
      expect(Object.keys(GERMAN).every((k) => k in de)).toBe(true);
      expect((await client.post(build(), de)).status).toBe(302);
      const launch = await client.post(`/studies/${second.studyId}/build?index`, { intent: "launch" });
      expect(launch.status).toBe(302);

      const r = await createRespondent(db, second, LINK_SECRET, { email: "rival@example.com" });
      const path = r.path;
      const c = new HttpClient(server.url);
      const accept = { headers: { "accept-language": "de" } };
      const seen = new Set<string>();
      let html = "";
      for (let i = 0; i < 30; i++) {
        html = await (await c.get(path, accept)).text();
        const key = pageKeyOf(html);
        if (!key) break;
        seen.add(key.replace(/:\d+$/, ""));
        const page = text(html);
        expect(html).toContain("<title>DE Rival chat · Umfrage</title>");
        if (key === "attention") {
          expect(page).toContain("Um zu zeigen, dass Sie dies lesen, wählen Sie „Blau“.");
          expect(page).toContain("Rot");
          const shown = text(html.slice(html.indexOf("<main"), html.indexOf("</main>")));
          expect(shown).not.toMatch(/\b(Red|Blue|Green)\b/);
          const empty = await c.post(path, { page: key }, accept);
          expect(empty.status).toBe(400);
          expect(text(await empty.text())).toContain("Wählen Sie eine der Antworten aus.");
          // the radio labelled "Blau" posts the default-language answer
          const blau = /value="([^"]+)"[^>]*\/?>(?:<\/input>)?<span>Blau<\/span>/.exec(html);
          expect(blau?.[1]).toBe("Blue");
          expect((await c.post(path, { page: key, attention: blau![1] }, accept)).status).toBe(303);
          continue;
        }
        if (key === "alternative") {
          expect(page).toContain("Was nutzen Sie heute für das, was Plauderly leistet");
          expect(page).toContain("DE Rivalo");
          expect(page).toContain("Keine davon");
          expect(page).toContain("Was zahlen Sie dafür pro Monat?");
          const rivalo = /name="alternative"[^>]*value="([^"]+)"/.exec(html)![1];
          const bad = await c.post(path, { page: key, pricePaid: "viel" }, accept);
          expect(bad.status).toBe(400);
          const errors = text(await bad.text());
          expect(errors).toContain("Wählen Sie aus, was Sie heute nutzen, oder „Keine davon“.");
          expect(errors).toContain("Geben Sie eine Zahl wie 25 oder 19,99 ein oder lassen Sie das Feld leer.");
          const tooMuch = await c.post(path, { page: key, alternative: rivalo, pricePaid: "20000000" }, accept);
          expect(tooMuch.status).toBe(400);
          expect(text(await tooMuch.text())).toContain(
            "Geben Sie einen Preis von höchstens 10.000.000 ein oder lassen Sie das Feld leer.",
          );
          expect((await c.post(path, { page: key, alternative: rivalo, pricePaid: "30" }, accept)).status).toBe(303);
          continue;
        }
        if (key === "performance") {
          expect(page).toContain("Wie gut schneidet jedes ab?");
          expect(page).toContain("Bewerten Sie Plauderly (wie oben beschrieben) und DE Rivalo in jedem Punkt");
          expect(page).toContain("DE Alpha");
          expect(page).toContain("Weiß nicht");
          const fields = [...new Set([...html.matchAll(/name="((?:ours|alt)_[^"]+)"/g)].map((m) => m[1]))];
          expect(fields.length).toBe(4);
          const partial = await c.post(path, { page: key, [fields[0]]: "7" }, accept);
          expect(partial.status).toBe(400);
          expect(text(await partial.text())).toContain("Wählen Sie 0–10 oder „Weiß nicht“ für „Plauderly: DE ");
          const all = Object.fromEntries(fields.map((f) => [f, "7"]));
          expect((await c.post(path, { page: key, ...all }, accept)).status).toBe(303);
          continue;
        }
        if (key === "price") {
          // out of order: the explanation in German, with the German labels
          const disordered = { page: key, tooCheap: "10", cheap: "50", expensive: "40", tooExpensive: "60" };
          const warn = await c.post(path, disordered, accept);
          expect(warn.status).toBe(400);
          expect(text(await warn.text())).toContain(
            "aber hier ist „Günstig“ (50) nicht niedriger als „Wird teuer“ (40)",
          );
        }
        if (key.startsWith("gg:")) {
          expect(page).toContain("Würden Sie es zu diesem Preis kaufen?");
          expect(page).toMatch(/Wenn das Produkt \d+\s€ kosten würde, wie wahrscheinlich würden Sie es kaufen\?/);
          expect(page).toContain("Würde es bestimmt kaufen");
          const none = await c.post(path, { page: key }, accept);
          expect(text(await none.text())).toContain(
            "Wählen Sie aus, wie wahrscheinlich Sie zu diesem Preis kaufen würden.",
          );
        }
        expect((await c.post(path, answersFor(html), accept)).status).toBe(303);
      }
      expect(text(html)).toContain("Vielen Dank!");
      expect([...seen]).toEqual(expect.arrayContaining(["attention", "alternative", "performance", "price", "gg"]));
      const response = await db.response.findUniqueOrThrow({ where: { respondentId: r.id } });
      expect(response.status).toBe("completed");
      // stored in the default language, so it passes the check
      expect(response.attentionAnswer).toBe(ATTENTION.answer);
    });

    it("a panel link's start, over-quota and closed pages, and unknown panel and unsubscribe links are in German", async () => {
      const link = newLink("panel", LINK_SECRET);
      await db.anonymousLink.create({
        data: { studyId: second.studyId, segmentId: second.segmentId, tokenHash: link.hash, tokenSalt: link.salt },
      });
      const panel = `/p/${link.token}`;
      const c = new HttpClient(server.url);
      const de = { headers: { "accept-language": "de-DE, en;q=0.5" } };
      const start = await c.get(panel, de);
      expect(start.status).toBe(200);
      const html = await start.text();
      expect(html).toMatch(/<html lang="de" dir="ltr"/);
      expect(html).toContain("<title>DE Rival chat · Umfrage</title>");
      const page = text(html);
      expect(page).toContain(
        "Vielen Dank für Ihre Teilnahme. Ihre Antworten werden auf jeder Seite gespeichert; setzen Sie nach dem " +
          "Start ein Lesezeichen auf die Seite, um später weiterzumachen.",
      );
      expect(page).toContain("Umfrage starten");
      expect(page).not.toMatch(/Thank you|Start the survey/);
      // a browser that prefers a language the study does not offer gets the default (English)
      const en = text(await (await c.get(panel, { headers: { "accept-language": "ja" } })).text());
      expect(en).toContain("Thank you for taking part.");
      expect(en).toContain("Start the survey");
      // starting leads into the German survey
      const formToken = /name="formToken" value="([^"]+)"/.exec(html)![1];
      const go = await c.post(panel, { page: "panel", formToken }, de);
      expect(go.status).toBe(303);
      const survey = await (await c.get(go.headers.get("location")!, de)).text();
      expect(survey).toMatch(/<html lang="de"/);
      expect(text(survey)).toContain("Wie ansprechend finden Sie dieses Produkt?"); // started: the first concept page
      // the segment is full: the over-quota page in German
      await db.segment.update({ where: { id: second.segmentId }, data: { quota: 0 } });
      try {
        const full = text(await (await c.get(panel, de)).text());
        expect(full).toContain("Vielen Dank — wir haben bereits genug Antworten von Menschen wie Ihnen");
        expect(full).toContain(
          "Es gibt keine Fragen für Sie. Sie müssen nichts weiter tun und können diese Seite schließen.",
        );
      } finally {
        await db.segment.update({ where: { id: second.segmentId }, data: { quota: null } });
      }
      // unknown panel and unsubscribe links: the browser's language
      const unknown = await c.get("/p/not-a-real-token-at-all", de);
      expect(unknown.status).toBe(404);
      const unknownHtml = await unknown.text();
      expect(unknownHtml).toContain("<title>Umfrage</title>");
      expect(unknownHtml).toMatch(/<html lang="de"/);
      expect(text(unknownHtml)).toContain(
        "Wir konnten diesen Umfragelink nicht finden Der Link ist möglicherweise unvollständig oder nicht mehr gültig.",
      );
      const unsubscribe = await c.get("/u/not-a-real-token-at-all", de);
      expect(unsubscribe.status).toBe(404);
      const unsubscribeHtml = await unsubscribe.text();
      expect(unsubscribeHtml).toContain("<title>Abmelden</title>");
      expect(text(unsubscribeHtml)).toContain(
        "Wir konnten diesen Link nicht finden Der Link ist möglicherweise unvollständig oder nicht mehr gültig.",
      );
      // the study closed: the panel link says so in German
      await db.study.update({ where: { id: second.studyId }, data: { status: "closed" } });
      try {
        const closed = await c.get(panel, de);
        expect(closed.status).toBe(410);
        expect(text(await closed.text())).toContain(
          "Diese Umfrage ist beendet Vielen Dank für Ihr Interesse. Die Umfrage nimmt keine Antworten mehr an.",
        );
      } finally {
        await db.study.update({ where: { id: second.studyId }, data: { status: "live" } });
      }
    });

    it("shows an unknown link's page and its tab title in the browser's language", async () => {
      const c = new HttpClient(server.url);
      const res = await c.get("/s/not-a-real-token-at-all", { headers: { "accept-language": "fr-CA, en;q=0.5" } });
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toContain("<title>Enquête</title>");
      expect(html).toMatch(/<html lang="fr" dir="ltr"/);
      expect(text(html)).toContain("Nous n’avons pas trouvé ce lien d’enquête");
    });
  });
});
