/**
 * Survey languages: BCP-47 codes (validated with Intl.getCanonicalLocales, ECMA-402), the choice of a
 * respondent's language among a study's languages, and the writing direction.
 * Negotiation follows RFC 4647 "lookup" on the Accept-Language list (RFC 9110 §12.5.4), by quality.
 */
import { z } from "zod";

/** The canonical form of a BCP-47 tag ("de-de" → "de-DE"), or null when it is not one. */
export function canonicalLanguage(tag: string): string | null {
  const t = tag.trim();
  if (!t || t.length > 35 || !/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(t)) return null;
  try {
    return Intl.getCanonicalLocales(t)[0] ?? null;
  } catch {
    return null;
  }
}

export const languageTag = z
  .string()
  .trim()
  .min(1, "Enter a language code, like de or pt-BR.")
  .max(35, "A language code is at most 35 characters.")
  .transform((v, ctx) => {
    const c = canonicalLanguage(v);
    if (!c) {
      ctx.addIssue({
        code: "custom",
        message: `“${v.slice(0, 40)}” is not a BCP-47 language code (like de or pt-BR).`,
      });
      return z.NEVER;
    }
    return c;
  });

/** Scripts written right to left (by the language subtag, or an explicit Arab/Hebr script subtag). */
const RTL_LANGUAGES = new Set(["ar", "he", "iw", "fa", "ur", "ps", "sd", "yi", "ckb", "dv", "ug"]);
const RTL_SCRIPTS = new Set(["arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"]);

export function isRtl(language: string): boolean {
  const parts = language.toLowerCase().split("-");
  if (parts.slice(1).some((p) => p.length === 4 && RTL_SCRIPTS.has(p))) return true;
  if (parts.slice(1).some((p) => p.length === 4)) return false; // e.g. az-Latn
  return RTL_LANGUAGES.has(parts[0]);
}

export function textDirection(language: string): "rtl" | "ltr" {
  return isRtl(language) ? "rtl" : "ltr";
}

/** The language's own name ("Deutsch", "العربية"), falling back to the code. */
export function languageName(language: string, inLanguage = language): string {
  try {
    const name = new Intl.DisplayNames([inLanguage], { type: "language" }).of(language);
    return name ?? language;
  } catch {
    return language;
  }
}

/** Accept-Language entries by descending quality (q=0 dropped; ties keep their order). */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .slice(0, 30)
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      const quality = q ? Number(q[1]) : 1;
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, i };
    })
    .filter((x) => x.tag && x.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.i - b.i)
    .map((x) => x.tag);
}

/**
 * The best of `available` for one wanted tag: exact match (case-insensitive), else the wanted tag
 * truncated subtag by subtag ("de-CH" → "de"), else an available regional form of the wanted
 * language ("pt" → "pt-BR"). "*" matches nothing (the caller's default applies).
 */
export function matchLanguage(wanted: string, available: readonly string[]): string | null {
  const w = wanted.toLowerCase();
  if (!w || w === "*") return null;
  const lower = available.map((a) => a.toLowerCase());
  const parts = w.split("-");
  for (let n = parts.length; n > 0; n--) {
    const prefix = parts.slice(0, n).join("-");
    const i = lower.indexOf(prefix);
    if (i >= 0) return available[i];
  }
  const i = lower.findIndex((a) => a.split("-")[0] === parts[0]);
  return i >= 0 ? available[i] : null;
}

/**
 * The respondent's language: their stored choice (CSV column or the language switch), else the
 * browser's Accept-Language best match among the study's languages, else the study's default.
 */
export function negotiateLanguage(opts: {
  chosen?: string | null;
  acceptLanguage?: string | null;
  available: readonly string[];
  fallback: string;
}): string {
  const { available, fallback } = opts;
  if (opts.chosen) {
    const m = matchLanguage(opts.chosen, available);
    if (m) return m;
  }
  for (const tag of parseAcceptLanguage(opts.acceptLanguage)) {
    const m = matchLanguage(tag, available);
    if (m) return m;
  }
  return fallback;
}

/** A study's languages, default first, from its two columns (bad stored JSON counts as none). */
export function studyLanguages(defaultLanguage: string, stored: string): string[] {
  let extra: unknown = [];
  try {
    extra = JSON.parse(stored);
  } catch {
    extra = [];
  }
  const list = Array.isArray(extra) ? extra.filter((x): x is string => typeof x === "string") : [];
  return [defaultLanguage, ...list.filter((l) => l !== defaultLanguage)];
}
