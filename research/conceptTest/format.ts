/** Plain-text tables for the CLI's readable output. */

/** Left-aligns the first column, right-aligns the rest, two spaces between columns. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  const line = (r: readonly string[]) =>
    r
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function fmt(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(digits);
}

export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined ? "–" : `${(100 * x).toFixed(digits)}%`;
}

export function interval(iv: readonly [number, number] | null, f: (x: number) => string): string {
  return iv === null ? "–" : `[${f(iv[0])}, ${f(iv[1])}]`;
}

export function pValue(p: number | null): string {
  if (p === null) return "–";
  return p < 0.0001 ? "<0.0001" : p.toFixed(4);
}
