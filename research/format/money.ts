/**
 * The one money formatter of Valuestack (research sentences, results, report, survey, emails):
 * ISO 4217 currency via Intl.NumberFormat (ECMA-402). Whole amounts print without cents ("$12"),
 * others with two decimals ("$12.50", "€1,234.50"); an unknown code prints "12.50 XYZ"; no currency
 * prints the plain number ("12.5"); a missing or non-finite amount prints "–".
 */
export function formatMoney(amount: number | null | undefined, currency?: string | null, locale = "en-US"): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return "–";
  const cents = Math.round(amount * 100);
  const digits = cents % 100 === 0 ? 0 : 2;
  const value = cents / 100;
  if (!currency) return new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: false }).format(value);
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  } catch {
    return `${value.toFixed(digits)} ${currency}`;
  }
}
