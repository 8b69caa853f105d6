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

describe("message catalogs", () => {
  it("covers en, de, fr, es and ar, each with every key", () => {
    expect(CATALOG_LANGUAGES.sort()).toEqual(["ar", "de", "en", "es", "fr"]);
    for (const language of CATALOG_LANGUAGES)
      for (const key of Object.keys(en) as Array<keyof typeof en>) {
        const text = t(language, key);
        expect(text, `${language} ${key}`).toBeTruthy();
        if (language !== "en" && !["survey.maxdiffSet"].includes(key))
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
