/**
 * Respondent covariates for the HB upper level (Rossi, Allenby & McCulloch 2005 §5.5; bayesm
 * `rhierMnlRwMixture` Z, which must be centred): a categorical column becomes L − 1 dummies (the
 * last level is the reference), a numeric column (every value a number) enters as is; every
 * column is centred over respondents, so the intercept is the population mean and the effect of
 * a level is Δᵀ(d_level − d̄): that level's upper-level mean minus the population mean.
 */
import { InputError } from "../inputError.ts";

export interface CovariateColumn {
  name: string;
  kind: "categorical" | "numeric";
  /** Categorical levels in order of first appearance (the last is the reference dummy). */
  levels: string[];
  /** First column of this covariate in Z and its number of columns. */
  start: number;
  width: number;
  /** Column means subtracted (length width). */
  centre: number[];
}

export interface CovariateDesign {
  /** N × nCovariates row-major, centred. */
  z: Float64Array;
  nCovariates: number;
  columns: CovariateColumn[];
}

/** Build the centred covariate matrix from per-respondent values (values[c][i] for column c, respondent i). */
export function covariateDesign(names: readonly string[], values: readonly (readonly string[])[]): CovariateDesign {
  const N = values[0]?.length ?? 0;
  const columns: CovariateColumn[] = [];
  const cols: Float64Array[] = [];
  names.forEach((name, c) => {
    const v = values[c];
    const numeric = v.length > 0 && v.every((x) => x.trim() !== "" && Number.isFinite(Number(x)));
    const start = cols.length;
    if (numeric) {
      const col = Float64Array.from(v, Number);
      cols.push(col);
      columns.push({ name, kind: "numeric", levels: [], start, width: 1, centre: [0] });
    } else {
      const levels = [...new Set(v)];
      if (levels.length < 2) throw new InputError(`covariate ${name} has only one value ("${levels[0] ?? ""}")`);
      for (let l = 0; l < levels.length - 1; l++) cols.push(Float64Array.from(v, (x) => (x === levels[l] ? 1 : 0)));
      columns.push({ name, kind: "categorical", levels, start, width: levels.length - 1, centre: [] });
    }
  });
  const m = cols.length;
  const z = new Float64Array(N * m);
  const means = cols.map((col) => col.reduce((s, x) => s + x, 0) / Math.max(1, N));
  for (let i = 0; i < N; i++) for (let c = 0; c < m; c++) z[i * m + c] = cols[c][i] - means[c];
  for (const col of columns) col.centre = means.slice(col.start, col.start + col.width);
  return { z, nCovariates: m, columns };
}

/** The centred covariate row (length width) of one level of a categorical column. */
export function levelRow(col: CovariateColumn, level: string): number[] {
  const l = col.levels.indexOf(level);
  return col.centre.map((c, j) => (j === l ? 1 : 0) - c);
}
