/**
 * Numbers typed by respondents, read in their language: Arabic-Indic digits (٠١٢…, ۰۱۲…) and the
 * Arabic separators (٫ decimal, ٬ grouping) become ASCII; in languages that write a decimal comma
 * (de, fr, es…: Intl.NumberFormat's own decimal symbol) "19,99" is 19.99 and "1.000" is 1000; elsewhere
 * commas group thousands ("1,000"). A currency sign or code before or after the number is dropped. The result is
 * the plain text the price check then validates ("" when nothing numeric was typed).
 */
const ARABIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

export function decimalSeparator(language: string): string {
  try {
    return new Intl.NumberFormat(language).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
  } catch {
    return ".";
  }
}

export function parseLocalNumber(raw: string, language: string): string {
  let v = raw
    .trim()
    .replace(ARABIC_DIGITS, (d) => String((d.charCodeAt(0) & 0xf) % 10))
    .replace(/\u066B/g, ".")
    .replace(/[\s\u00A0\u202F\u066C']/g, "")
    .replace(/^[^\d.,-]+/, "")
    // a currency sign or ISO code after the number ("19,99 €", "20EUR"); any other trailing text stays and fails
    .replace(/(\p{Sc}|[A-Za-z]{3})$/u, "");
  if (decimalSeparator(language) === ",") {
    if (v.includes(",")) v = v.replace(/\./g, "").replace(",", ".");
    else if (/^\d{1,3}(\.\d{3})+$/.test(v)) v = v.replace(/\./g, "");
  } else {
    v = v.replace(/,/g, "");
  }
  return v;
}
