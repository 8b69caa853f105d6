export {};
/**
 * `npm run bench`: every benchmark, one after another (wall time and memory are printed by
 * each). Speed targets live here, not in timed unit tests.
 * Pass names to run a subset: `npm run bench -- maxdiff`.
 */
const suites: Record<string, () => Promise<{ main: () => unknown }>> = {
  "van-westendorp": () => import("./vanWestendorp.ts"),
  maxdiff: () => import("./maxdiff.ts"),
  fielding: () => import("./fielding.ts"),
  "price-book": () => import("./priceBook.ts"),
  "latent-class": () => import("./latentClass.ts"),
  "maxdiff-decision": () => import("./maxdiffDecision.ts"),
  "maxdiff-design-bounds": () => import("./design.ts"),
  "hb-vs-bayesm": () => import("./hbVsBayesm.ts"),
};

const wanted = process.argv.slice(2);
for (const [name, load] of Object.entries(suites)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  await (await load()).main();
}
