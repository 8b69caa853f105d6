/**
 * Van Westendorp curves for the browser: only what VanWestendorpChart draws, losslessly.
 *
 * - The path: a point is dropped when, on all four curves, it lies on the straight segment
 *   between the last kept point and the next one (the drawn polyline is the same); long
 *   grids (more points than the plot has pixel columns) keep, per pixel column, its first
 *   and last point — the curves are cumulative shares, monotone in price, so those are each
 *   column's extremes.
 * - The "curve data as a table" rows: every `step`-th grid price and the last one, as the
 *   chart's table alternative lists them (those points are always kept; the table is a list
 *   of indices into the kept points).
 * - Shares are sent as whole counts with their total when count / total gives back exactly
 *   the same number (unweighted answers, as the app's are), else as they are.
 */
export interface VwCurves {
  prices: number[];
  tooCheap: number[];
  notCheap: number[];
  notExpensive: number[];
  tooExpensive: number[];
}

export interface VwTableRow {
  price: number;
  tooCheap: number;
  notCheap: number;
  notExpensive: number;
  tooExpensive: number;
}

const SERIES = ["tooCheap", "notCheap", "notExpensive", "tooExpensive"] as const;

/** Plot width of VanWestendorpChart in pixels (viewBox 640 minus margins). */
export const PLOT_WIDTH = 576;
/** Rows of the chart's table alternative (about 25). */
export const TABLE_ROWS = 25;

export function tableRows(c: VwCurves): VwTableRow[] {
  const n = c.prices.length;
  const step = Math.max(1, Math.ceil(n / TABLE_ROWS));
  const rows: VwTableRow[] = [];
  for (let i = 0; i < n; i++) {
    if (i % step === 0 || i === n - 1)
      rows.push({
        price: c.prices[i],
        tooCheap: c.tooCheap[i],
        notCheap: c.notCheap[i],
        notExpensive: c.notExpensive[i],
        tooExpensive: c.tooExpensive[i],
      });
  }
  return rows;
}

function pick(c: VwCurves, keep: number[]): VwCurves {
  return {
    prices: keep.map((i) => c.prices[i]),
    tooCheap: keep.map((i) => c.tooCheap[i]),
    notCheap: keep.map((i) => c.notCheap[i]),
    notExpensive: keep.map((i) => c.notExpensive[i]),
    tooExpensive: keep.map((i) => c.tooExpensive[i]),
  };
}

function tableIndices(n: number): number[] {
  const step = Math.max(1, Math.ceil(n / TABLE_ROWS));
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (i % step === 0 || i === n - 1) out.push(i);
  return out;
}

/** Indices of the grid points to keep (always the first, the last and `force`). */
export function thinIndices(c: VwCurves, width = PLOT_WIDTH, force: ReadonlySet<number> = new Set()): number[] {
  const n = c.prices.length;
  if (n <= 2) return Array.from({ length: n }, (_, i) => i);
  const x = c.prices;
  const keep: number[] = [0];
  for (let i = 1; i < n - 1; i++) {
    if (force.has(i)) {
      keep.push(i);
      continue;
    }
    const a = keep[keep.length - 1];
    const dx1 = x[i] - x[a],
      dx2 = x[i + 1] - x[i];
    const onLine = SERIES.every((s) => {
      const y = c[s];
      return Math.abs((y[i] - y[a]) * dx2 - (y[i + 1] - y[i]) * dx1) <= 1e-12 * (Math.abs(dx1) + Math.abs(dx2));
    });
    if (!onLine) keep.push(i);
  }
  keep.push(n - 1);
  if (keep.length <= 2 * width) return keep;
  // Per pixel column: its first and last point.
  const lo = x[0],
    span = x[n - 1] - x[0] || 1;
  const column = (i: number) => Math.min(width - 1, Math.floor(((x[i] - lo) / span) * width));
  const out: number[] = [];
  for (let k = 0; k < keep.length; k++) {
    const i = keep[k];
    const first = k === 0 || column(keep[k - 1]) !== column(i);
    const last = k === keep.length - 1 || column(keep[k + 1]) !== column(i);
    if (first || last || force.has(i)) out.push(i);
  }
  return out;
}

export function thinCurves(c: VwCurves, width = PLOT_WIDTH): VwCurves {
  return pick(c, thinIndices(c, width));
}

/** What the loader sends: thinned points, shares as counts of `total` when lossless, table rows as indices. */
export interface PackedCurves {
  prices: number[];
  /** null: the series are shares as they are; else whole counts of this total */
  total: number | null;
  tooCheap: number[];
  notCheap: number[];
  notExpensive: number[];
  tooExpensive: number[];
  /** indices (into `prices`) of the table alternative's rows */
  table: number[];
}

const share = (count: number, total: number) => Math.min(1, Math.max(0, count / total));

export function packCurves(c: VwCurves, total: number | null): PackedCurves {
  const rows = tableIndices(c.prices.length);
  const keep = thinIndices(c, PLOT_WIDTH, new Set(rows));
  const thin = pick(c, keep);
  const position = new Map(keep.map((i, k) => [i, k]));
  const table = rows.map((i) => position.get(i)!);
  const counts = (ys: number[]) => ys.map((y) => Math.round(y * total!));
  const lossless =
    total !== null && total > 0 && SERIES.every((s) => thin[s].every((y) => share(Math.round(y * total), total) === y));
  if (!lossless) return { ...thin, total: null, table };
  return {
    prices: thin.prices,
    total,
    tooCheap: counts(thin.tooCheap),
    notCheap: counts(thin.notCheap),
    notExpensive: counts(thin.notExpensive),
    tooExpensive: counts(thin.tooExpensive),
    table,
  };
}

export function unpackCurves(p: PackedCurves): { curves: VwCurves; table: VwTableRow[] } {
  const total = p.total;
  const ys = (v: number[]) => (total === null ? v : v.map((k) => share(k, total)));
  const curves = {
    prices: p.prices,
    tooCheap: ys(p.tooCheap),
    notCheap: ys(p.notCheap),
    notExpensive: ys(p.notExpensive),
    tooExpensive: ys(p.tooExpensive),
  };
  const table = p.table.map((i) => ({
    price: curves.prices[i],
    tooCheap: curves.tooCheap[i],
    notCheap: curves.notCheap[i],
    notExpensive: curves.notExpensive[i],
    tooExpensive: curves.tooExpensive[i],
  }));
  return { curves, table };
}
