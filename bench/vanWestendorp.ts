/**
 * Benchmark of the Van Westendorp engine: `npx tsx bench/vanWestendorp.ts` (also run by
 * bench/index.ts through `main()`). Synthetic seeded respondents are generated in memory and
 * only the analysis is timed. Target: 1M respondents (no bootstrap) in ≤ 0.45 s (R's
 * pricesensitivitymeter takes 0.44 s).
 */
import { analyseVanWestendorp, analyseVanWestendorpColumns } from "../research/vanWestendorp/analyse.ts";
import { toColumns } from "../research/vanWestendorp/clean.ts";
import { syntheticAnswers } from "../research/vanWestendorp/synthetic.ts";
import type { VwOptions } from "../research/vanWestendorp/types.ts";

export interface BenchRow {
  case: string;
  n: number;
  ms: number;
  /** Wall time / (n · log2 n), in nanoseconds. */
  nsPerNLogN: number;
  heapUsedMB: number;
  rssMB: number;
}

function time(label: string, n: number, run: () => unknown, repeats: number): BenchRow {
  run(); // warm up (JIT) on the same input
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    run();
    best = Math.min(best, performance.now() - t0);
  }
  const mem = process.memoryUsage();
  return {
    case: label,
    n,
    ms: round(best),
    nsPerNLogN: round((best * 1e6) / (n * Math.log2(n))),
    heapUsedMB: round(mem.heapUsed / 2 ** 20),
    rssMB: round(mem.rss / 2 ** 20),
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export function main(): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const n of [10_000, 100_000, 1_000_000]) {
    const answers = syntheticAnswers(n, 20240611 + n);
    const repeats = n >= 1_000_000 ? 3 : 5;
    rows.push(time(`analyse ${n} answers (objects)`, n, () => analyseVanWestendorp(answers), repeats));
    const cols = toColumns(answers);
    rows.push(time(`analyse ${n} answers (columns)`, n, () => analyseVanWestendorpColumns(cols), repeats));
    rows.push(
      time(
        `analyse ${n} answers, interpolated`,
        n,
        () => analyseVanWestendorp(answers, { interpolate: true }),
        repeats,
      ),
    );
  }
  // Prices with tenths of a cent: still the keyed grid (at 1/1000), with a wider key span.
  const odd = syntheticAnswers(1_000_000, 99).map((a) => ({ ...a, cheap: a.cheap === null ? null : a.cheap + 0.001 }));
  rows.push(time("analyse 1000000 answers, prices in 0.001", 1_000_000, () => analyseVanWestendorp(odd), 3));
  // Prices with more than four decimals: the grid is built by sorting 4n values (O(n log n)).
  const irrational = syntheticAnswers(1_000_000, 98).map((a) => ({
    ...a,
    cheap: a.cheap === null ? null : a.cheap + Math.SQRT2 / 1000,
  }));
  rows.push(
    time(
      "analyse 1000000 answers, sorted grid (arbitrary decimals)",
      1_000_000,
      () => analyseVanWestendorp(irrational),
      3,
    ),
  );
  const small = syntheticAnswers(10_000, 7);
  const boot: VwOptions = { bootstrap: 1000, seed: 1 };
  rows.push(
    time("analyse 10000 answers + 1000 bootstrap resamples", 10_000, () => analyseVanWestendorp(small, boot), 1),
  );
  console.log("Van Westendorp benchmark (best of repeats; memory after the case)");
  console.table(rows);
  const target = rows.find((r) => r.case === "analyse 1000000 answers (objects)");
  if (target) console.log(`1M respondents: ${target.ms} ms (target ≤ 450 ms: ${target.ms <= 450 ? "met" : "NOT met"})`);
  return rows;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) main();
