/**
 * The fixed respondent-facing strings (buttons, scale labels, error messages, end pages) per language:
 * one lookup, `t(language, key, vars)`. A language without a catalog, or a key its catalog lacks, falls back
 * to the base language ("de-AT" → "de") and then to English. Researcher-entered texts are not here: they are
 * translated per study (app/studies/translations.server.ts).
 */
import { ar } from "./messages/ar.ts";
import { de } from "./messages/de.ts";
import { type Catalog, en, type MessageKey } from "./messages/en.ts";
import { es } from "./messages/es.ts";
import { fr } from "./messages/fr.ts";
import { negotiateLanguage } from "./languages.ts";

export type { MessageKey };

const CATALOGS: Record<string, Catalog> = { en, de, fr, es, ar };

/** Languages with a built-in catalog of the fixed strings. */
export const CATALOG_LANGUAGES = Object.keys(CATALOGS);

/** The browser's language (Accept-Language) among the built-in catalogs: for pages shown without a respondent. */
export function catalogLanguage(acceptLanguage: string | null | undefined): string {
  return negotiateLanguage({ acceptLanguage, available: CATALOG_LANGUAGES, fallback: "en" });
}

function catalogFor(language: string): Catalog | undefined {
  const lower = language.toLowerCase();
  return CATALOGS[lower] ?? CATALOGS[lower.split("-")[0]];
}

/** Whether `language` (or its base language) has a built-in catalog. */
export function hasCatalog(language: string): boolean {
  return catalogFor(language) !== undefined;
}

export function t(language: string | undefined, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = (language ? catalogFor(language)?.[key] : undefined) ?? en[key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** A translator bound to one language, for components. */
export function translator(language: string | undefined) {
  return (key: MessageKey, vars?: Record<string, string | number>) => t(language, key, vars);
}
export type Translate = ReturnType<typeof translator>;
