/**
 * The Hierarchical Bayes run behind the results page's happy-customer simulator (from
 * individual utilities). Modest so the demo study (360 respondents × 12 items) finishes in
 * about 5 s in a worker thread on one core; the seed equals the analysis's default seed (1),
 * so the page is reproduced exactly by
 *
 *   npm run --silent research -- study study.json --hb --iterations 10000 --burn-in 5000 --seed 1 --json
 *
 * (thin: the engine's default, about 1,000 saved draws). Changing a value here changes the
 * cache key (app/results/hb.server.ts), so stored runs with other settings are not reused.
 * Shared by the server and the tests; no server-only imports.
 */
export const HB_SETTINGS = { iterations: 10_000, burnIn: 5_000, seed: 1 } as const;

/** The research CLI's flags for the same run. */
export function hbCliFlags(): string[] {
  return [
    "--hb",
    "--iterations",
    String(HB_SETTINGS.iterations),
    "--burn-in",
    String(HB_SETTINGS.burnIn),
    "--seed",
    String(HB_SETTINGS.seed),
  ];
}

/** What the page shows while HB runs, when it is ready, or why it is not used. */
export type HbState =
  | { state: "ready"; iterations: number; burnIn: number; seed: number }
  | { state: "running"; progress: number }
  | { state: "failed"; message: string }
  | { state: "none" };
