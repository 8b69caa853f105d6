/**
 * Latent-class MaxDiff benchmark: EM for C = 1…5 classes × 10 random starts on 600 and 2,000
 * simulated respondents × 12 items × 9 tasks of 4 (three true classes, 45/35/20 %), with the
 * class count BIC picks and memory. Targets: 600 respondents < 10 s, 2,000 < 30 s.
 *
 *   npm run bench -- latent-class       # or: npx tsx bench/latentClass.ts
 */
import { buildChoiceData } from "../research/maxdiff/data.ts";
import { generateDesign } from "../research/maxdiff/design.ts";
import { latentClassAnalysis } from "../research/maxdiff/latentClassSummary.ts";
import { simulateAnswers } from "../research/maxdiff/simulate.ts";
import { createRng } from "../research/random.ts";

const K = 12;
const items = Array.from({ length: K }, (_, i) => `item${i + 1}`);
const truth = [
  items.map((_, i) => 2 - (4 * i) / (K - 1)),
  items.map((_, i) => (i % 3 === 0 ? 1.5 : -0.75)),
  items.map((_, i) => -2 + (4 * i) / (K - 1) + (i % 2 ? 0.5 : -0.5)),
];
const segments = ["tech", "real_estate", "nonprofit"];

function simulate(n: number, seed: number) {
  const rng = createRng(seed);
  const design = generateDesign({ items: K, itemsPerTask: 4, tasks: 9, versions: 10, seed: seed + 1 });
  const respondents = Array.from({ length: n }, (_, i) => {
    const c = i < 0.45 * n ? 0 : i < 0.8 * n ? 1 : 2;
    const s = rng.next() < 0.5 ? c : rng.int(3);
    return { segment: segments[s], utilities: truth[c].map((u) => u + 0.5 * rng.normal()) };
  });
  return simulateAnswers(design, respondents, items, seed + 2);
}

export async function main(): Promise<void> {
  const mb = (b: number) => `${Math.round(b / 1048576)} MB`;
  for (const [n, target] of [
    [600, 10],
    [2000, 30],
  ] as const) {
    const tasks = simulate(n, n);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const data = buildChoiceData(tasks, items);
    const lc = latentClassAnalysis(data, { minClasses: 1, maxClasses: 5, starts: 10, seed: 1 });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const mem = process.memoryUsage();
    const chosen = lc.solutions.find((s) => s.classCount === lc.chosen);
    console.log(
      `latent class ${n} resp × ${K} items × 9 tasks of 4, C = 1…5 × 10 starts`.padEnd(62),
      `${seconds.toFixed(2).padStart(7)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (target < ${target} s)`,
      `rss ${mb(mem.rss)}, heap ${mb(mem.heapUsed)}`,
      `| BIC picks ${lc.chosen} (truth 3), sizes ${chosen?.sizes.map((s) => s.toFixed(2)).join("/")},`,
      `EM iterations ${lc.solutions.map((s) => s.iterations).join("/")}`,
    );
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) await main();
