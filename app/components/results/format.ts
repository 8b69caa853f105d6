/** Number formats shared by the results page, the report and the tests that compare them with the CLI. */
export function formatMoney(x: number | null | undefined, currency: string): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      minimumFractionDigits: 0,
      maximumFractionDigits: 2,
    }).format(x);
  } catch {
    return `${x.toFixed(2)} ${currency}`;
  }
}

export const formatShare = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? "–" : `${x.toFixed(1)}%`;
export const formatProportion = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? "–" : `${(x * 100).toFixed(1)}%`;
