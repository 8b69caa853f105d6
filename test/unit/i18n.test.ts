/** Survey languages: negotiation, the fixed-string catalogs and their fallback, numbers typed in a locale. */
import { describe, expect, it } from "vitest";
import { CATALOG_LANGUAGES, t } from "../../app/i18n/index.ts";
import {
  canonicalLanguage,
  isRtl,
  languageTag,
  matchLanguage,
  negotiateLanguage,
  parseAcceptLanguage,
  studyLanguages,
} from "../../app/i18n/languages.ts";
import { en } from "../../app/i18n/messages/en.ts";
import { parseLocalNumber } from "../../app/i18n/numbers.ts";
import { formatMoney } from "../../research/format/money.ts";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { AttentionCheck } from "../../app/components/survey/AttentionCheck.tsx";
import { CompetitorQuestions } from "../../app/components/survey/CompetitorQuestions.tsx";
import { GaborGrangerQuestion } from "../../app/components/survey/GaborGrangerQuestion.tsx";
import { translator } from "../../app/i18n/index.ts";
import { attentionOptionKey, localizeDefinition } from "../../app/studies/translations.server.ts";
import type { SurveyDefinition } from "../../app/survey/pages.server.ts";
import { pageView } from "../../app/survey/pages.server.ts";
import { priceDisorder } from "../../app/survey/save.server.ts";

describe("language codes", () => {
  it("canonicalises BCP-47 tags and refuses what is not one", () => {
    expect(canonicalLanguage("de-de")).toBe("de-DE");
    expect(canonicalLanguage("PT-br")).toBe("pt-BR");
    expect(canonicalLanguage("zh-hant-tw")).toBe("zh-Hant-TW");
    expect(canonicalLanguage("german")).toBe("german"); // a well-formed 5–8 letter subtag
    expect(canonicalLanguage("d")).toBeNull();
    expect(canonicalLanguage("de_DE")).toBeNull();
    expect(canonicalLanguage("<script>")).toBeNull();
    expect(languageTag.safeParse("xx-").success).toBe(false);
    const bad = languageTag.safeParse("en us");
    expect(bad.success ? "" : bad.error.issues[0].message).toContain("not a BCP-47 language code");
  });

  it("knows right-to-left scripts", () => {
    for (const l of ["ar", "ar-EG", "he", "fa", "ur", "az-Arab"]) expect(isRtl(l), l).toBe(true);
    for (const l of ["en", "de", "fr-CA", "es", "uz-Latn", "ku-Latn"]) expect(isRtl(l), l).toBe(false);
  });

  it("keeps the default first among a study's languages and survives bad stored JSON", () => {
    expect(studyLanguages("en", '["de","ar","en"]')).toEqual(["en", "de", "ar"]);
    expect(studyLanguages("de", "not json")).toEqual(["de"]);
  });
});

describe("language negotiation", () => {
  const available = ["en", "de", "ar", "pt-BR"];
  it("orders Accept-Language by quality", () => {
    expect(parseAcceptLanguage("fr;q=0.4, de-CH, en;q=0.8, *;q=0.1, es;q=0")).toEqual(["de-CH", "en", "fr", "*"]);
    expect(parseAcceptLanguage("")).toEqual([]);
  });
  it("matches exactly, then by truncating subtags, then a regional form", () => {
    expect(matchLanguage("de", available)).toBe("de");
    expect(matchLanguage("de-AT", available)).toBe("de");
    expect(matchLanguage("AR-eg", available)).toBe("ar");
    expect(matchLanguage("pt", available)).toBe("pt-BR");
    expect(matchLanguage("fr", available)).toBeNull();
    expect(matchLanguage("*", available)).toBeNull();
  });
  it("prefers the stored choice, then the browser, then the default", () => {
    const base = { available, fallback: "en" };
    expect(negotiateLanguage({ ...base, chosen: "ar", acceptLanguage: "de" })).toBe("ar");
    expect(negotiateLanguage({ ...base, chosen: "", acceptLanguage: "fr-FR, de;q=0.9, en;q=0.8" })).toBe("de");
    expect(negotiateLanguage({ ...base, chosen: "ja", acceptLanguage: "ja, fr" })).toBe("en");
    expect(negotiateLanguage({ ...base, acceptLanguage: null })).toBe("en");
    expect(negotiateLanguage({ available: ["de", "fr"], fallback: "de", acceptLanguage: "fr-CA;q=0.5, it" })).toBe(
      "fr",
    );
  });
});

/** Strings that are the same word in a language as in English. */
const SAME_AS_ENGLISH: Record<string, string[]> = { fr: ["competitors.excellent"] };

describe("message catalogs", () => {
  it("covers en, de, fr, es and ar, each with every key", () => {
    expect(CATALOG_LANGUAGES.sort()).toEqual(["ar", "de", "en", "es", "fr"]);
    for (const language of CATALOG_LANGUAGES)
      for (const key of Object.keys(en) as Array<keyof typeof en>) {
        const text = t(language, key);
        expect(text, `${language} ${key}`).toBeTruthy();
        if (language !== "en" && !["survey.maxdiffSet", ...(SAME_AS_ENGLISH[language] ?? [])].includes(key))
          // a copied English string would be a missing translation
          expect(text === en[key] && /[a-z]{4}/.test(text), `${language} ${key} is English`).toBe(false);
        // the same placeholders as English
        const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect(vars(text), `${language} ${key}`).toEqual(vars(en[key]));
      }
  });
  it("fills placeholders and falls back: region → base language → English", () => {
    expect(t("de", "survey.next")).toBe("Weiter");
    expect(t("de-AT", "survey.next")).toBe("Weiter");
    expect(t("ar", "survey.next")).toBe("التالي");
    expect(t("ja", "survey.next")).toBe("Next");
    expect(t(undefined, "survey.next")).toBe("Next");
    expect(t("de", "survey.idea", { index: 1, of: 2, name: "Pro" })).toBe("Idee 1 von 2: Pro");
    expect(t("en", "survey.idea", { index: 1 })).toBe("Idea 1 of {of}: {name}");
  });
});

describe("numbers and money in the respondent's locale", () => {
  it("reads decimal commas, grouping and Arabic-Indic digits", () => {
    expect(parseLocalNumber("19,99", "de")).toBe("19.99");
    expect(parseLocalNumber("1.250,50 €", "de")).toBe("1250.50");
    expect(parseLocalNumber("1.000", "de")).toBe("1000");
    expect(parseLocalNumber("19.99", "de")).toBe("19.99");
    expect(parseLocalNumber("1,250.50", "en")).toBe("1250.50");
    expect(parseLocalNumber("$25", "en")).toBe("25");
    expect(parseLocalNumber("20 EUR", "de")).toBe("20");
    expect(parseLocalNumber("2O", "en")).toBe("2O"); // a typo stays a typo (refused by the price check)
    expect(parseLocalNumber("٢٥", "ar")).toBe("25");
    expect(parseLocalNumber("١٩٫٩٩", "ar")).toBe("19.99");
    expect(parseLocalNumber("12 345,5", "fr")).toBe("12345.5");
  });
  it("formats money with the locale's conventions", () => {
    expect(formatMoney(1234.5, "EUR", "de")).toBe("1.234,50\u00a0€");
    expect(formatMoney(20, "USD", "en")).toBe("$20");
    expect(formatMoney(20, "EUR", "fr")).toBe("20\u00a0€");
    // Arabic (CLDR): a right-to-left mark first, the amount before the currency
    expect(formatMoney(20, "USD", "ar")).toBe("\u200f20\u00a0US$");
  });
});

describe("respondent language from the CSV and in emails", () => {
  it("accepts an empty or matching language column and names the problem otherwise", async () => {
    const { csvLanguageProblem } = await import("../../app/respondents/import.server.ts");
    expect(csvLanguageProblem("", ["en", "de"])).toBeNull();
    expect(csvLanguageProblem("de-AT", ["en", "de"])).toBeNull();
    expect(csvLanguageProblem("fr", ["en"])).toBeNull(); // single-language study: kept for later
    expect(csvLanguageProblem("fr", ["en", "de"])).toBe(
      "Language “fr” is not a language of this study. Use one of: en, de.",
    );
    expect(csvLanguageProblem("deutsch!", ["en", "de"])).toMatch(/is not a BCP-47 language code/);
  });

  it("writes the invitation in the respondent's language, right to left for Arabic", async () => {
    const { renderSurveyEmail } = await import("../../app/email/templates.server.ts");
    const input = { kind: "invitation" as const, studyName: "Teamchat", name: "Jo", link: "L", unsubscribeLink: "U" };
    const de = renderSurveyEmail({ ...input, language: "de" });
    expect(de.subject).toBe("Ihre Meinung, bitte: Teamchat");
    expect(de.text).toContain("Hallo Jo,");
    expect(de.text).toContain("Umfrage starten: L");
    expect(de.html).toContain('<html lang="de" dir="ltr">');
    const ar = renderSurveyEmail({ ...input, kind: "reminder", language: "ar" });
    expect(ar.subject).toBe("تذكير: Teamchat");
    expect(ar.html).toContain('<html lang="ar" dir="rtl">');
    expect(renderSurveyEmail(input).subject).toBe("Your opinion, please: Teamchat");
  });
});

/** Visible text of rendered markup. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ") // (no-break spaces too)
    .trim();

describe("the newer question types in the respondent's language", () => {
  const de = translator("de");

  it("asks the Gabor–Granger step in German with the price in German format and the German scale", () => {
    const page = { kind: "gaborGranger" as const, step: 2, price: 1234.5, currency: "EUR", productDescription: "" };
    const html = textOf(renderToStaticMarkup(createElement(GaborGrangerQuestion, { page, t: de, language: "de" })));
    expect(html).toContain("Würden Sie es zu diesem Preis kaufen?");
    expect(html).toContain("Wenn das Produkt 1.234,50 € kosten würde, wie wahrscheinlich würden Sie es kaufen?");
    expect(html).toContain("Würde es bestimmt kaufen");
    expect(html).not.toMatch(/would|Definitely/);
  });

  it("shows the competitors pages in Arabic: question, none-of-these, scale ends and don't know", () => {
    const ar = translator("ar");
    const alt = textOf(
      renderToStaticMarkup(
        createElement(CompetitorQuestions, {
          page: { kind: "alternative", ourName: "تشات", currency: "EUR", options: [{ id: "c1", name: "سلاك" }] },
          errors: {},
          values: {},
          t: ar,
        }),
      ),
    );
    expect(alt).toContain("لما يقوم به تشات، ماذا تستخدم اليوم");
    expect(alt).toContain("لا شيء من هذه");
    expect(alt).toContain("كم تدفع مقابل ذلك شهريًا؟");
    const perf = textOf(
      renderToStaticMarkup(
        createElement(CompetitorQuestions, {
          page: {
            kind: "performance",
            ourName: "Chat",
            productDescription: "x",
            alternative: { id: "c1", name: "Slack" },
            drivers: [{ id: "d1", label: "Suche", description: "" }],
          },
          errors: {},
          values: {},
          t: de,
        }),
      ),
    );
    expect(perf).toContain("Wie gut schneidet jedes ab?");
    expect(perf).toContain("Bewerten Sie Chat (wie oben beschrieben) und Slack in jedem Punkt");
    expect(perf).toContain("0 = sehr schlecht");
    expect(perf).toContain("Weiß nicht");
    expect(perf).not.toMatch(/Don't know|Rate |excellent/);
  });

  it("says in German when the competitors questions can no longer be answered", async () => {
    const { competitorSubmit } = await import("../../app/survey/competitors.server.ts");
    for (const kind of ["alternative", "performance"]) {
      const r = await competitorSubmit({ competitors: null }, kind, "response", null, {}, "de");
      expect(r).toEqual({
        ok: false,
        errors: { form: "Diese Fragen können nicht mehr beantwortet werden. Bitte laden Sie die Seite neu." },
      });
    }
    const fr = await competitorSubmit({ competitors: null }, "alternative", "response", null, {}, "fr");
    expect(fr.ok === false && fr.errors.form).toBe(
      "Il n’est plus possible de répondre à ces questions. Veuillez recharger la page.",
    );
  });

  it("explains prices out of order in German, naming the German labels", () => {
    const d = priceDisorder({ tooCheap: 10, cheap: 50, expensive: 40, tooExpensive: 60 }, "de");
    expect(d?.fields).toEqual(["cheap", "expensive"]);
    expect(d?.message).toContain("aber hier ist „Günstig“ (50) nicht niedriger als „Wird teuer“ (40)");
    expect(d?.message).toContain("Bitte prüfen Sie diese beiden Preise.");
    expect(priceDisorder({ tooCheap: 10, cheap: 50, expensive: 40, tooExpensive: 60 })?.message).toContain(
      "“A bargain” (50) is not lower than “Getting expensive” (40). Please check these two prices.",
    );
  });

  it("localizes the attention check and competitor names, keeping the answers' default-language values", () => {
    const def: SurveyDefinition = {
      studyId: "s",
      name: "Chat",
      status: "fielding",
      currency: "EUR",
      productDescription: "",
      screener: null,
      concepts: [],
      items: new Map([["d1", { id: "d1", label: "Search", description: "" }]]),
      defaultLanguage: "en",
      languages: ["en", "de"],
      attention: { question: "Pick Blue", options: ["Red", "Blue"], answer: "Blue" },
      design: new Map(),
      pricing: { nmsEnabled: false, minPrice: 0, maxPrice: 100 },
      competitors: {
        ourName: "Chat",
        drivers: [{ id: "d1", label: "Search", description: "" }],
        alternatives: [{ id: "c1", name: "Mail", segmentIds: [] }],
      },
      translations: new Map([
        [
          "de",
          new Map([
            ["attention:question", "Wählen Sie Blau"],
            [attentionOptionKey("Red"), "Rot"],
            [attentionOptionKey("Blue"), "Blau"],
            ["competitors:ourName", "Plaudern"],
            ["competitor:c1:name", "Post"],
            ["item:d1:label", "Suche"],
          ]),
        ],
      ]),
    };
    const german = localizeDefinition(def, "de");
    expect(german.attention).toMatchObject({ question: "Wählen Sie Blau", options: ["Red", "Blue"], answer: "Blue" });
    const page = pageView(german, "attention", { conceptOrder: [], designVersion: 0 });
    expect(page).toEqual({
      kind: "attention",
      question: "Wählen Sie Blau",
      options: [
        { value: "Red", label: "Rot" },
        { value: "Blue", label: "Blau" },
      ],
    });
    const html = renderToStaticMarkup(
      createElement(AttentionCheck, {
        page: page as Extract<typeof page, { kind: "attention" }>,
        errors: {},
        values: {},
      }),
    );
    expect(html).toContain('value="Blue"');
    expect(textOf(html)).toBe("Wählen Sie Blau Rot Blau");
    expect(german.competitors).toEqual({
      ourName: "Plaudern",
      drivers: [{ id: "d1", label: "Suche", description: "" }],
      alternatives: [{ id: "c1", name: "Post", segmentIds: [] }],
    });
    // the default language shows the source texts
    expect(pageView(localizeDefinition(def, "en"), "attention", { conceptOrder: [], designVersion: 0 })).toMatchObject({
      options: [
        { value: "Red", label: "Red" },
        { value: "Blue", label: "Blue" },
      ],
    });
  });
});
