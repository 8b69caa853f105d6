/**
 * Hierarchical Bayes with segment covariates against `bayesm::rhierMnlRwMixture` (Rossi 2023,
 * bayesm 3.1) on the same simulated MaxDiff data: 400 respondents in unequal segments 250 / 110
 * / 40 × 12 items × 9 tasks of 4, 20,000 iterations; then 2,000 respondents (target < 30 s).
 * Ours is timed twice: the sampler alone (what bayesm does) and `hierarchicalBayes` as the app
 * runs it (sampler + the random-responder quality step). bayesm runs when `Rscript` with
 * bayesm is installed (`apt-get install r-base-core r-cran-bayesm`), else it is skipped.
 *
 *   npm run bench -- hb-vs-bayesm
 *   npx tsx bench/hbVsBayesm.ts --iterations 2000     # quick run
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { covariateDesign } from "../research/maxdiff/covariates.ts";
import { buildChoiceData } from "../research/maxdiff/data.ts";
import { generateDesign } from "../research/maxdiff/design.ts";
import { runHb } from "../research/maxdiff/hb.ts";
import { hierarchicalBayes } from "../research/maxdiff/hbSummary.ts";
import { simulateAnswers } from "../research/maxdiff/simulate.ts";
import type { MaxDiffTask } from "../research/maxdiff/types.ts";
import { createRng } from "../research/random.ts";

const K = 12;
const items = Array.from({ length: K }, (_, i) => `item${i + 1}`);

/** Unequal segments (250 : 110 : 40 of every 400) with different means, individual sd 0.8. */
function segmentedTasks(n: number): MaxDiffTask[] {
  const design = generateDesign({ items: K, itemsPerTask: 4, tasks: 9, versions: 10, seed: 2 });
  const mean = items.map((_, i) => 2 - (4 * i) / (K - 1));
  const segMeans: Record<string, number[]> = {
    big: mean,
    mid: mean.map((m, i) => (i % 2 ? -m : m)),
    small: mean.map((m) => -m),
  };
  const rng = createRng(5);
  const sizes = { big: (n * 250) / 400, mid: (n * 110) / 400, small: (n * 40) / 400 };
  const resp = Object.entries(sizes).flatMap(([segment, m]) =>
    Array.from({ length: Math.round(m) }, () => ({
      segment,
      utilities: segMeans[segment].map((u) => u + 0.8 * rng.normal()),
    })),
  );
  return simulateAnswers(design, resp, items, 6);
}

function toCsv(tasks: readonly MaxDiffTask[]): string {
  const rows = ["respondent,segment,task,position,item,best,worst"];
  for (const t of tasks)
    for (const [p, it] of t.shown.entries())
      rows.push(
        `${t.respondent},${t.segment},${t.task},${p + 1},${it},${it === t.best ? 1 : 0},${it === t.worst ? 1 : 0}`,
      );
  return `${rows.join("\n")}\n`;
}

function sampler(tasks: readonly MaxDiffTask[], iterations: number) {
  const data = buildChoiceData(tasks, items);
  const segments = data.segments.map((s) => s ?? "");
  const design = covariateDesign(["segment"], [segments]);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const raw = runHb({ data, iterations, seed: 1, covariates: design.z, nCovariates: design.nCovariates });
  const cpu = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6, acceptance: raw.acceptance };
}

function bayesm(tasks: readonly MaxDiffTask[], iterations: number): { elapsed: number; user: number } | string {
  const probe = spawnSync("Rscript", ["-e", "suppressPackageStartupMessages(library(bayesm))"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return "skipped: Rscript with bayesm is not installed";
  const dir = mkdtempSync(path.join(os.tmpdir(), "bayesm-"));
  try {
    const csv = path.join(dir, "data.csv");
    writeFileSync(csv, toCsv(tasks));
    const script = fileURLToPath(new URL("./r/bayesm-hb.R", import.meta.url));
    const run = spawnSync("Rscript", [script, csv, String(iterations)], { encoding: "utf8" });
    if (run.status !== 0) return `failed: ${run.stderr.trim().split("\n").at(-1)}`;
    return JSON.parse(run.stdout.trim().split("\n").at(-1)!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const at = argv.indexOf("--iterations");
  const iterations = Number(at >= 0 ? argv[at + 1] : (process.env.MAXDIFF_BENCH_ITERATIONS ?? 20000));
  const [load] = os.loadavg();
  console.log(`${os.availableParallelism()} cores, load average ${load.toFixed(2)}; ${iterations} iterations`);
  const line = (name: string, seconds: number, detail = "") =>
    console.log(`${name.padEnd(52)} ${seconds.toFixed(2).padStart(8)} s  ${detail}`);

  const tasks400 = segmentedTasks(400);
  const ours = sampler(tasks400, iterations);
  line(
    "ours: sampler, 400 resp, segment covariates",
    ours.seconds,
    `(CPU ${ours.cpu.toFixed(2)} s) acceptance ${ours.acceptance.toFixed(2)}`,
  );
  const t0 = performance.now();
  hierarchicalBayes({ tasks: tasks400, items, iterations, seed: 1, covariates: ["segment"] });
  line("ours: as the app runs it (+ random-responder step)", (performance.now() - t0) / 1000);
  const ref = bayesm(tasks400, iterations);
  if (typeof ref === "string") console.log(`bayesm: ${ref}`);
  else {
    line("bayesm rhierMnlRwMixture, 400 resp, Z = segments", ref.elapsed, `(CPU ${ref.user.toFixed(2)} s)`);
    console.log(
      `speed-up of the sampler: ${(ref.elapsed / ours.seconds).toFixed(1)}× wall, ${(ref.user / ours.cpu).toFixed(1)}× CPU (target ≥ 5× wall)`,
    );
  }
  const big = sampler(segmentedTasks(2000), iterations);
  line("ours: sampler, 2,000 resp, segment covariates", big.seconds, `(CPU ${big.cpu.toFixed(2)} s) target < 30 s`);
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) await main();
