/**
 * Fielding benchmark: group-sequential boundaries for daily looks (30, 100 and 200 looks),
 * and the value scorecard on 5,000 respondents × 2 products × 8 drivers.
 *
 *   npx tsx bench/fielding.ts
 */
import { createRng } from "../research/random.ts";
import { analyseScorecard } from "../research/scorecard/analyse.ts";
import type { PerformanceRating } from "../research/scorecard/types.ts";
import { groupSequentialBoundaries } from "../research/stats/groupSequential.ts";

function timed<T>(f: () => T): { value: T; seconds: number } {
  const t0 = performance.now();
  const value = f();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

export async function main(): Promise<void> {
  const rss = () => Math.round(process.memoryUsage().rss / 1048576);
  const log = (name: string, seconds: number, detail: string) =>
    console.log(
      `${name.padEnd(44)} ${seconds.toFixed(2).padStart(8)} s  rss ${String(rss()).padStart(5)} MB  ${detail}`,
    );
  for (const looks of [30, 100, 200]) {
    const r = timed(() =>
      groupSequentialBoundaries(
        Array.from({ length: looks }, (_, i) => (i + 1) / looks),
        0.025,
      ),
    );
    log(`boundaries, ${looks} equally spaced looks`, r.seconds, `final z ${r.value[looks - 1].z.toFixed(3)}`);
  }
  const drivers = Array.from({ length: 8 }, (_, i) => `D${i + 1}`);
  const rng = createRng(1);
  const rows: PerformanceRating[] = [];
  for (let i = 0; i < 5000; i++)
    for (const product of ["Us", i % 2 ? "X" : "Y"])
      for (const driver of drivers)
        rows.push({
          respondent: `r${i}`,
          segment: `s${i % 4}`,
          product,
          driver,
          rating: Math.min(10, Math.max(0, Math.round(6 + 2 * rng.normal()))),
          pricePaid: product === "Us" ? null : 100 + rng.int(50),
        });
  const weights = Object.fromEntries(drivers.map((d, i) => [d, i + 1]));
  const s = timed(() => analyseScorecard(rows, { segments: {}, overall: weights, respondents: null }, { ours: "Us" }));
  log("value scorecard 5,000 resp × 2 products × 8", s.seconds, `${rows.length} ratings, 4 segments + overall`);
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) await main();
