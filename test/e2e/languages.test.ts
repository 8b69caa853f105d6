/**
 * Multi-language surveys in a real browser (Debian's headless Chromium via playwright-core) on a
 * 390 px phone: German- and Arabic-speaking respondents complete the whole survey with JavaScript on
 * and off. German comes from the respondent list ("language" column) or the browser's language, Arabic
 * from the browser or the language switch on the start page. Each page shows the study's translated
 * texts and the built-in strings of that language; Arabic pages are right to left (<html dir="rtl">
 * and the survey container) and never scroll sideways; prices are typed the local way (19,99 in German,
 * Arabic-Indic digits in Arabic) and shown back formatted for the locale; the answers are stored by id
 * with the response's language.
 *
 * Skips loudly when /usr/bin/chromium is missing, unless VALUESTACK_REQUIRE_BROWSER=1 (CI).
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { type MessageKey, t } from "../../app/i18n/index.ts";
import { CONCEPT_QUESTIONS } from "../../app/survey/types.ts";
import { formatMoney } from "../../research/format/money.ts";
import { surveyEnv } from "../helpers/app.ts";
import { type BrowserApp, PHONE, requireBrowser, startBrowserApp } from "../helpers/browser.ts";
import { createDemoMiniStudy, createRespondent } from "../integration/respondentsFixtures.ts";

const browserReady = requireBrowser("survey languages browser tests");
const LINK_SECRET = "e2e-languages-secret-0123456789ab";
const PREFIX: Record<string, string> = { de: "DE ", ar: "عربي " };
/** What each respondent types as the "bargain" price, and the number it means. */
const BARGAIN: Record<string, { typed: string; value: number }> = {
  de: { typed: "19,99", value: 19.99 },
  ar: { typed: "٢٠", value: 20 },
};

describe.skipIf(!browserReady)("survey languages in a real browser", () => {
  let app: BrowserApp;
  let db: Db;
  let study: Awaited<ReturnType<typeof createDemoMiniStudy>>;
  let counter = 0;

  beforeAll(async () => {
    app = await startBrowserApp({ env: surveyEnv(LINK_SECRET) });
    db = app.db;
    study = await createDemoMiniStudy(db, { name: "Team chat", nms: true });
    await db.study.update({ where: { id: study.studyId }, data: { languages: JSON.stringify(["de", "ar"]) } });
    const s = await db.study.findUniqueOrThrow({
      where: { id: study.studyId },
      include: { concepts: true, maxDiffItems: true },
    });
    const sources: Array<[string, string]> = [
      ["study:name", s.name],
      ["study:productDescription", s.productDescription],
      ...s.concepts.flatMap(
        (c): Array<[string, string]> => [
          [`concept:${c.id}:name`, c.name],
          [`concept:${c.id}:body`, c.body],
        ],
      ),
      ...s.maxDiffItems.map((i): [string, string] => [`item:${i.id}:label`, i.label]),
    ];
    await db.translation.createMany({
      data: ["de", "ar"].flatMap((language) =>
        sources.map(([key, text]) => ({ studyId: study.studyId, language, key, text: `${PREFIX[language]}${text}` })),
      ),
    });
  });
  afterAll(() => app?.stop());

  async function newRespondent(language = "") {
    const r = await createRespondent(db, study, LINK_SECRET, { email: `l${++counter}@example.com`, language });
    return { id: r.id, url: `${app.server.url}${r.path}` };
  }

  /** The page key of the survey form shown now ("done" on the thank-you page). */
  async function pageKey(page: Page, lang: string): Promise<string> {
    await page.waitForLoadState("load");
    for (let i = 0; i < 100; i++) {
      if ((await page.getByRole("heading", { name: t(lang, "end.doneTitle") }).count()) > 0) return "done";
      const input = page.locator('form.survey-card input[name="page"]');
      if ((await input.count()) === 1) return (await input.getAttribute("value"))!;
      await page.waitForTimeout(50);
    }
    throw new Error(`no survey page at ${page.url()}:\n${(await page.locator("body").innerText()).slice(0, 500)}`);
  }

  async function next(page: Page, lang: string) {
    const before = await pageKey(page, lang);
    await page.locator(".survey-actions button[type=submit]").click();
    await expect
      .poll(() => pageKey(page, lang).catch(() => null), { timeout: 10_000 })
      .toSatisfy((k: string | null) => k !== null && k !== before);
  }

  /** The page is in `lang`: lang and dir on <html> and the survey container, and nothing wider than the phone. */
  async function checkLayout(page: Page, lang: string) {
    const dir = lang === "ar" ? "rtl" : "ltr";
    expect(await page.locator("html").getAttribute("lang")).toBe(lang);
    expect(await page.locator("html").getAttribute("dir")).toBe(dir);
    expect(await page.locator(".survey").getAttribute("dir")).toBe(dir);
    const layout = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      width: window.innerWidth,
      direction: getComputedStyle(document.querySelector(".survey-main h1, .survey-main legend")!).direction,
    }));
    expect(layout.scroll).toBeLessThanOrEqual(layout.width);
    expect(layout.direction).toBe(dir);
    // LANGUAGE_SCREENSHOTS=<dir>: one full-page PNG per page, to look at the layout by eye
    const shots = process.env.LANGUAGE_SCREENSHOTS;
    if (shots) await page.screenshot({ path: `${shots}/${lang}-${++shot}.png`, fullPage: true });
  }
  let shot = 0;

  async function completeSurvey(page: Page, lang: string) {
    const tr = (key: MessageKey, vars?: Record<string, string | number>) => t(lang, key, vars);
    await page.getByRole("heading", { name: tr("survey.welcome") }).waitFor();
    await checkLayout(page, lang);
    await page.getByText(`${PREFIX[lang]}A tiny product.`).first().waitFor();
    expect(await page.locator(".survey-study").innerText()).toBe(`${PREFIX[lang]}Team chat`);
    await page.getByRole("button", { name: tr("survey.start") }).waitFor();
    await next(page, lang);
    for (let step = 0; step < 20; step++) {
      const key = await pageKey(page, lang);
      if (key === "done") break;
      await checkLayout(page, lang);
      if (key.startsWith("concept:")) {
        const n = Number(key.split(":")[1]);
        const heading = (await page.locator("h1").innerText()).trim();
        expect(heading).toMatch(
          new RegExp(`^${tr("survey.idea", { index: n, of: 2, name: `${PREFIX[lang]}Concept [AB]` })}$`),
        );
        for (const [i, q] of CONCEPT_QUESTIONS.entries()) {
          const v = ((i + n) % 5) + 1;
          await page
            .getByRole("group", { name: tr(`concept.${q.name}` as MessageKey) })
            .getByRole("radio", { name: `${v} ${tr(`concept.${q.name}.${v}` as MessageKey)}` })
            .click();
        }
      } else if (key.startsWith("maxdiff:")) {
        await page.getByRole("heading", { name: new RegExp(tr("survey.maxdiffTitle").replace("?", "\\?")) }).waitFor();
        const most = page.getByRole("group", { name: tr("survey.most") });
        const least = page.getByRole("group", { name: tr("survey.least") });
        const labels = await most
          .getByRole("radio")
          .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).labels![0].innerText.trim()));
        expect(labels).toHaveLength(3);
        for (const l of labels) expect(l.startsWith(PREFIX[lang])).toBe(true);
        await most.getByRole("radio", { name: labels[0] }).click();
        await least.getByRole("radio", { name: labels[2] }).click();
      } else if (key === "price") {
        await page.getByRole("heading", { name: tr("survey.priceTitle") }).waitFor();
        await page.getByLabel(tr("price.tooCheap")).fill("10");
        await page.getByLabel(tr("price.cheap")).fill(BARGAIN[lang].typed);
        await page.getByLabel(tr("price.expensive")).fill("40");
        await page.getByLabel(tr("price.tooExpensive")).fill("60");
      } else if (key === "nms") {
        // the respondent's own prices, formatted for their locale
        const cheap = tr("survey.nmsCheap", { price: formatMoney(BARGAIN[lang].value, "EUR", lang) });
        const expensive = tr("survey.nmsExpensive", { price: formatMoney(40, "EUR", lang) });
        await page
          .getByRole("group", { name: cheap })
          .getByRole("radio", { name: `4 ${tr("concept.purchaseIntent.4")}` })
          .click();
        await page
          .getByRole("group", { name: expensive })
          .getByRole("radio", { name: `2 ${tr("concept.purchaseIntent.2")}` })
          .click();
        await page.getByRole("button", { name: tr("survey.submit") }).waitFor();
      } else throw new Error(`unexpected page ${key}`);
      await next(page, lang);
    }
    await page.getByRole("heading", { name: tr("end.doneTitle") }).waitFor();
    await page.getByText(tr("end.done")).waitFor();
    await checkLayout(page, lang);
  }

  async function checkStored(respondentId: string, lang: string) {
    const response = await db.response.findUniqueOrThrow({
      where: { respondentId },
      include: { ratings: true, maxdiff: true, price: true },
    });
    expect(response.status).toBe("completed");
    expect(response.language).toBe(lang);
    expect(response.ratings).toHaveLength(2);
    expect(response.maxdiff).toHaveLength(2);
    for (const a of response.maxdiff) {
      expect(study.items).toContain(a.bestItemId);
      expect(study.items).toContain(a.worstItemId);
    }
    expect(response.price).toMatchObject({
      tooCheap: 10,
      cheap: BARGAIN[lang].value,
      expensive: 40,
      tooExpensive: 60,
      piCheap: 4,
      piExpensive: 2,
    });
  }

  async function run(opts: {
    lang: "de" | "ar";
    js: boolean;
    /** the respondent list's language column */
    listed?: string;
    /** the browser's language */
    locale: string;
    /** switch to `lang` on the start page */
    switchTo?: boolean;
  }) {
    const r = await newRespondent(opts.listed);
    const context = await app.browser.newContext({
      viewport: PHONE,
      deviceScaleFactor: 2,
      javaScriptEnabled: opts.js,
      locale: opts.locale,
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      expect((await page.goto(r.url))!.status()).toBe(200);
      if (opts.switchTo) {
        await page.getByRole("heading", { name: "Welcome" }).waitFor();
        await page.locator(`.survey-languages button[value="${opts.lang}"]`).click();
        await page.locator(`html[lang="${opts.lang}"]`).waitFor();
        expect((await db.respondent.findUniqueOrThrow({ where: { id: r.id } })).language).toBe(opts.lang);
      }
      await completeSurvey(page, opts.lang);
      // reopening the link: the thank-you page, still in the respondent's language
      await page.goto(r.url);
      await page.getByRole("heading", { name: t(opts.lang, "end.doneTitle") }).waitFor();
      expect(errors).toEqual([]);
      await checkStored(r.id, opts.lang);
    } finally {
      await context.close();
    }
  }

  it("a German respondent from the list's language column, JavaScript on", async () => {
    await run({ lang: "de", js: true, listed: "de", locale: "en-US" });
  });

  it("a German respondent by the browser's language, JavaScript off", async () => {
    await run({ lang: "de", js: false, locale: "de-AT" });
  });

  it("an Arabic respondent who switches language on the start page, JavaScript on", async () => {
    await run({ lang: "ar", js: true, locale: "en-US", switchTo: true });
  });

  it("an Arabic respondent by the browser's language, JavaScript off", async () => {
    await run({ lang: "ar", js: false, locale: "ar-EG" });
  });
});
