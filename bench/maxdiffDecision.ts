/**
 * Decision-grade MaxDiff benchmark: the anchored (dual-response) aggregate logit for 2,000
 * respondents (target < 1 s), and Hierarchical Bayes with segment covariates, split R-hat and the
 * random-responder quality step for 400 respondents × 12 items × 9 tasks of 4 at 20,000 iterations.
 *
 *   npx tsx bench/maxdiffDecision.ts                      # full run
 *   npx tsx bench/maxdiffDecision.ts --iterations 2000    # quick run (or MAXDIFF_BENCH_ITERATIONS=2000)
 */
import { codeChoiceSets } from "../research/maxdiff/choiceSets.ts";
import { buildChoiceData } from "../research/maxdiff/data.ts";
import { generateDesign } from "../research/maxdiff/design.ts";
import { hierarchicalBayes } from "../research/maxdiff/hbSummary.ts";
import { anchoredBestWorstLogit } from "../research/maxdiff/logit.ts";
import { simulateAnswers, simulateRespondents } from "../research/maxdiff/simulate.ts";
import { createRng } from "../research/random.ts";

function timed<T>(f: () => T): { value: T; seconds: number } {
  const t0 = performance.now();
  const value = f();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const at = argv.indexOf("--iterations");
  const iterations = Number(at >= 0 ? argv[at + 1] : (process.env.MAXDIFF_BENCH_ITERATIONS ?? 20000));
  const rss = () => Math.round(process.memoryUsage().rss / 1048576);
  const log = (name: string, seconds: number, detail: string) =>
    console.log(
      `${name.padEnd(58)} ${seconds.toFixed(2).padStart(8)} s  rss ${String(rss()).padStart(5)} MB  ${detail}`,
    );

  const K = 12;
  const items = Array.from({ length: K }, (_, i) => `item${i + 1}`);
  const design = generateDesign({ items: K, itemsPerTask: 4, tasks: 9, versions: 10, seed: 2 });
  const mean = items.map((_, i) => 2 - (4 * i) / (K - 1));

  const truth = simulateRespondents(2000, { all: mean }, 0.8, 3);
  const tasks = simulateAnswers(design, truth, items, 4, { anchor: true });
  const fit = timed(() => anchoredBestWorstLogit(codeChoiceSets(buildChoiceData(tasks, items))));
  log(
    "anchored logit 2,000 resp × 12 items × 9 tasks of 4",
    fit.seconds,
    `target < 1 s; ${fit.value.iterations} Newton steps, LL ${fit.value.logLikelihood.toFixed(1)}`,
  );

  // Unequal segments 250 / 110 / 40 with different means, segment covariates in the upper level.
  const rng = createRng(5);
  const segMeans: Record<string, number[]> = {
    big: mean,
    mid: mean.map((m, i) => (i % 2 ? -m : m)),
    small: mean.map((m) => -m),
  };
  const resp = Object.entries({ big: 250, mid: 110, small: 40 }).flatMap(([segment, n]) =>
    Array.from({ length: n }, () => ({ segment, utilities: segMeans[segment].map((m) => m + 0.8 * rng.normal()) })),
  );
  const hbTasks = simulateAnswers(design, resp, items, 6);
  const hb = timed(() => hierarchicalBayes({ tasks: hbTasks, items, iterations, seed: 1, covariates: ["segment"] }));
  log(
    `HB + segment covariates 400 resp × 12 × 9 of 4, ${iterations} it`,
    hb.seconds,
    `incl. ${hb.value.quality.randomResponders} random responders; max split R-hat ${hb.value.convergence.maxRhat?.toFixed(3)}, ` +
      `flagged ${hb.value.quality.flagged} (RLH cutoff ${hb.value.quality.rlhCutoff.toFixed(3)}), acceptance ${hb.value.acceptance.toFixed(2)}`,
  );
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) await main();
