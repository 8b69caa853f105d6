/** Tests of independence in contingency tables and association measures. */
import jStat from "jstat";
import { chiSquarePValue } from "./tests.ts";

export interface IndependenceTest {
  /** Pearson X²; null when the table has fewer than 2 non-empty rows or columns. */
  statistic: number | null;
  /** (r − 1)(c − 1) over the non-empty rows and columns; null with the statistic. */
  df: number | null;
  pValue: number | null;
  /** Total count. */
  n: number;
  /** Non-empty rows and columns the test used. */
  rows: number;
  columns: number;
}

/**
 * Pearson's chi-square test of independence on an r × c table of counts (Pearson 1900;
 * Agresti, Categorical Data Analysis §3.2.1): X² = Σ (O − E)² / E, E = row total × column
 * total / n, df = (r − 1)(c − 1). Rows and columns that are entirely zero are dropped first
 * (R `chisq.test(x, correct = FALSE)` on the table without them).
 */
export function chiSquareIndependence(table: readonly (readonly number[])[]): IndependenceTest {
  const rowTotals = table.map((row) => row.reduce((a, b) => a + b, 0));
  const cols = table.reduce((m, row) => Math.max(m, row.length), 0);
  const colTotals = Array.from({ length: cols }, (_, j) => table.reduce((a, row) => a + (row[j] ?? 0), 0));
  const n = rowTotals.reduce((a, b) => a + b, 0);
  const rows = rowTotals.filter((t) => t > 0).length;
  const columns = colTotals.filter((t) => t > 0).length;
  if (rows < 2 || columns < 2) return { statistic: null, df: null, pValue: null, n, rows, columns };
  let statistic = 0;
  table.forEach((row, i) => {
    if (rowTotals[i] === 0) return;
    for (let j = 0; j < cols; j++) {
      if (colTotals[j] === 0) continue;
      const e = (rowTotals[i] * colTotals[j]) / n;
      statistic += ((row[j] ?? 0) - e) ** 2 / e;
    }
  });
  const df = (rows - 1) * (columns - 1);
  return { statistic, df, pValue: chiSquarePValue(statistic, df), n, rows, columns };
}

/**
 * Cramér's V = √(X² / (n · (min(r, c) − 1))) over the non-empty rows and columns (Cramér 1946,
 * Mathematical Methods of Statistics §21.9; Agresti §2.4): 0 = independent, 1 = each column
 * determined by the row. Null when X² cannot be computed.
 */
export function cramersV(table: readonly (readonly number[])[]): number | null {
  const t = chiSquareIndependence(table);
  if (t.statistic === null) return null;
  return Math.sqrt(t.statistic / (t.n * (Math.min(t.rows, t.columns) - 1)));
}

/** ln C(n, k) by log-gamma. */
function lnChoose(n: number, k: number): number {
  return jStat.gammaln(n + 1) - jStat.gammaln(k + 1) - jStat.gammaln(n - k + 1);
}

/**
 * One-sided Fisher exact test for over-representation (Fisher 1935; Agresti §3.5.1): in a
 * population of `total` with `marked` marked, a group of `group` contains `hits` marked; the
 * p-value is P(X ≥ hits) for X hypergeometric. R `fisher.test(matrix(c(hits, group − hits,
 * marked − hits, total − group − marked + hits), 2), alternative = "greater")$p.value`.
 */
export function fisherExactGreater(hits: number, group: number, marked: number, total: number): number {
  const lo = Math.max(0, group + marked - total),
    hi = Math.min(group, marked);
  if (hits <= lo) return 1;
  if (hits > hi) return 0;
  const base = lnChoose(total, group);
  let p = 0;
  for (let x = hits; x <= hi; x++) p += Math.exp(lnChoose(marked, x) + lnChoose(total - marked, group - x) - base);
  return Math.min(1, p);
}
