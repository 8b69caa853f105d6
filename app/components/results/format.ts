/** Number formats shared by the results page, the report and the tests that compare them with the CLI. */
export { formatMoney } from "../../../research/format/money.ts";

export const formatShare = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? "–" : `${x.toFixed(1)}%`;
export const formatProportion = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? "–" : `${(x * 100).toFixed(1)}%`;
