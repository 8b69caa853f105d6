/**
 * MaxDiff benchmark: design generation (30 items), counts + aggregate logit (300 and 2,000
 * respondents), Hierarchical Bayes (300 and 2,000 respondents × 12 items × 9 tasks of 4 at
 * 20,000 iterations), with recovery of simulated individual utilities.
 *
 *   npx tsx bench/maxdiff.ts                      # full run
 *   npx tsx bench/maxdiff.ts --iterations 2000    # quick run (or MAXDIFF_BENCH_ITERATIONS=2000)
 */
import { analyseMaxDiff } from "../research/maxdiff/analyse.ts";
import { generateDesign } from "../research/maxdiff/design.ts";
import { hierarchicalBayes } from "../research/maxdiff/hbSummary.ts";
import { correlation, simulateAnswers, simulateRespondents } from "../research/maxdiff/simulate.ts";

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

function timed<T>(f: () => T): { value: T; seconds: number } {
  const t0 = performance.now();
  const value = f();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

export interface MaxDiffBenchRow {
  name: string;
  seconds: number;
  rssMB: number;
  detail?: string;
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<MaxDiffBenchRow[]> {
  const at = argv.indexOf("--iterations");
  const iterations = Number(at >= 0 ? argv[at + 1] : (process.env.MAXDIFF_BENCH_ITERATIONS ?? 20000));
  const rows: MaxDiffBenchRow[] = [];
  const log = (row: MaxDiffBenchRow) => {
    rows.push(row);
    console.log(
      `${row.name.padEnd(44)} ${row.seconds.toFixed(2).padStart(8)} s  rss ${String(row.rssMB).padStart(5)} MB${row.detail ? `  ${row.detail}` : ""}`,
    );
  };
  const rss = () => Math.round(process.memoryUsage().rss / 1048576);

  const d = timed(() => generateDesign({ items: 30, itemsPerTask: 5, tasks: 18, versions: 10, seed: 1 }));
  const b = d.value.balance.overall;
  log({
    name: "design 30 items × 5 × 18 tasks × 10 versions",
    seconds: d.seconds,
    rssMB: rss(),
    detail: `one-way ${b.oneWay.min}–${b.oneWay.max}, two-way ${b.twoWay.min}–${b.twoWay.max}, positions ${b.positions.min}–${b.positions.max}`,
  });

  const K = 12;
  const items = Array.from({ length: K }, (_, i) => `item${i + 1}`);
  const design = generateDesign({ items: K, itemsPerTask: 4, tasks: 9, versions: 10, seed: 2 });
  // Two segments with different (partly opposed) means, individual spread sd 1.
  const meanA = items.map((_, i) => 1.5 - (3 * i) / (K - 1));
  const meanB = items.map((_, i) => (i % 3 === 0 ? 1 : -0.5) + 0.05 * i);
  for (const n of [300, 2000]) {
    const truth = simulateRespondents(n, { a: meanA, b: meanB }, 1, 10 + n);
    const tasks = simulateAnswers(design, truth, items, 20 + n);
    const agg = timed(() => analyseMaxDiff(tasks, { items }));
    log({
      name: `counts + logit + shares, ${n} respondents`,
      seconds: agg.seconds,
      rssMB: rss(),
      detail: `overall + 2 segments, LL ${agg.value.overall.logLikelihood?.toFixed(1)}`,
    });
    const hb = timed(() => hierarchicalBayes({ tasks, items, iterations, seed: 1 }));
    let rHb = 0,
      rAgg = 0,
      rSeg = 0;
    const overall = items.map((it) => agg.value.overall.items.find((x) => x.item === it)!.utility!);
    const seg: Record<string, number[]> = {};
    for (const s of ["a", "b"])
      seg[s] = items.map((it) => agg.value.segments[s].items.find((x) => x.item === it)!.utility!);
    hb.value.respondents.forEach((r, i) => {
      const u = items.map((it) => r.utilities[it]);
      rHb += correlation(u, truth[i].utilities);
      rAgg += correlation(overall, truth[i].utilities);
      rSeg += correlation(seg[truth[i].segment!], truth[i].utilities);
    });
    log({
      name: `HB ${n} resp × ${K} items × 9 tasks of 4, ${iterations} it`,
      seconds: hb.seconds,
      rssMB: rss(),
      detail: `recovery r(HB) ${(rHb / n).toFixed(3)} vs aggregate logit ${(rAgg / n).toFixed(3)} / segment logit ${(rSeg / n).toFixed(3)}; meanRLH ${hb.value.meanRLH.toFixed(3)}, acceptance ${hb.value.acceptance.toFixed(2)}`,
    });
  }
  console.log(`heap used ${mb(process.memoryUsage().heapUsed)}`);
  return rows;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) await main();
