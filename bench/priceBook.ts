/**
 * Benchmark of the price-book recommender: `npx tsx bench/priceBook.ts` (also `npm run bench -- price-book`).
 * 2,000 synthetic respondents in 3 segments, 15 items, 20 price points per segment's range.
 * Target: < 2 s for the whole recommendation (per-segment optima, one package per segment, one price book).
 * Both wall and CPU seconds are printed: on a shared, loaded machine wall time overstates the cost.
 */
import { bandsFromAnswers, recommendPriceBook } from "../research/priceBook/recommend.ts";
import { syntheticPricedRespondents } from "../research/priceBook/synthetic.ts";

export function main() {
  const { respondents, items } = syntheticPricedRespondents(2000, 20260101);
  const bands = bandsFromAnswers(respondents);
  const rows = [];
  for (const [objective, maxSize] of [
    ["happy", 3],
    ["revenue", 3],
    ["revenue-with-happy-floor", 3],
    ["revenue", 4],
  ] as const) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = recommendPriceBook(respondents, { maxSize, objective, minHappyShare: 0.2, items, bands, gridPoints: 20 });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    rows.push({
      case: `${objective}, ≤ ${maxSize} items`,
      seconds: Math.round(seconds * 1000) / 1000,
      cpuSeconds: Math.round((cpu.user + cpu.system) / 1000) / 1000,
      segmentSearch: Object.values(r.segments)[0].search,
      bookSearch: r.one?.search ?? null,
      bookGapToUpperBound:
        r.one?.score != null ? `${((100 * (r.one.upperBound - r.one.score)) / r.one.upperBound).toFixed(1)}%` : null,
      winner: r.winner,
    });
  }
  console.table(rows);
  return rows;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) main();
