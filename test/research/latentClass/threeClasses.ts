/**
 * Simulated MaxDiff answers from three known needs-based classes (45 / 35 / 20 % of
 * respondents) with distinct utilities, only partly aligned with three declared segments:
 * each class draws its respondents' declared segment from its own mix.
 */
import { generateDesign } from "../../../research/maxdiff/design.ts";
import { simulateAnswers } from "../../../research/maxdiff/simulate.ts";
import type { MaxDiffTask } from "../../../research/maxdiff/types.ts";
import { createRng } from "../../../research/random.ts";

export const ITEMS = [
  "SSO",
  "Timeline view",
  "API access",
  "Audit log",
  "CRM module",
  "Listings sync",
  "Tenant portal",
  "Grant pipeline",
  "Donor reports",
  "Mobile app",
  "Offline mode",
  "Priority support",
];
export const SEGMENTS = ["tech", "real_estate", "nonprofit"];
export const SIZES = [0.45, 0.35, 0.2];

/** True class utilities (zero-centred below by the tests); each class prefers different items. */
export const TRUE_UTILITIES: number[][] = [
  [2.2, 1.8, 1.5, 1.0, -0.5, -1.0, -0.8, -1.5, -1.2, 0.2, -0.6, -1.1],
  [-1.0, -0.4, -1.3, -0.6, 2.0, 1.8, 1.4, -1.6, -1.0, 0.9, -0.4, 0.2],
  [-1.2, -0.6, -1.5, 0.4, -0.8, -1.4, -0.9, 2.1, 1.9, -0.3, 1.2, 0.1],
];
/** P(declared segment | true class): mostly the "matching" segment, but far from all. */
const SEGMENT_MIX = [
  [0.6, 0.25, 0.15],
  [0.3, 0.5, 0.2],
  [0.25, 0.25, 0.5],
];

export interface ThreeClassData {
  tasks: MaxDiffTask[];
  /** True class (0-based) per respondent, in respondent order r1, r2, … */
  trueClass: number[];
  segment: string[];
}

/** n respondents, 9 tasks of 4 items (10 design versions), within-class spread sd; optionally dual-response anchored. */
export function simulateThreeClasses(
  n: number,
  seed = 1,
  sd = 0.3,
  options: { anchor?: boolean } = {},
): ThreeClassData {
  const rng = createRng(seed);
  const design = generateDesign({ items: ITEMS.length, itemsPerTask: 4, tasks: 9, versions: 10, seed: seed + 1 });
  const trueClass: number[] = [],
    segment: string[] = [];
  const cut = [Math.round(SIZES[0] * n), Math.round((SIZES[0] + SIZES[1]) * n)];
  const respondents = Array.from({ length: n }, (_, i) => {
    const c = i < cut[0] ? 0 : i < cut[1] ? 1 : 2;
    const u = rng.next();
    const s = u < SEGMENT_MIX[c][0] ? 0 : u < SEGMENT_MIX[c][0] + SEGMENT_MIX[c][1] ? 1 : 2;
    trueClass.push(c);
    segment.push(SEGMENTS[s]);
    return { segment: SEGMENTS[s], utilities: TRUE_UTILITIES[c].map((x) => x + sd * rng.normal()) };
  });
  return { tasks: simulateAnswers(design, respondents, ITEMS, seed + 2, options), trueClass, segment };
}

/** Long-format CSV (`respondent,segment,task,item,best,worst`) of the tasks. */
export function toCsv(tasks: readonly MaxDiffTask[]): string {
  const anchored = tasks.some((t) => t.anchor);
  const lines = [`respondent,segment,task,item,best,worst${anchored ? ",anchor" : ""}`];
  for (const t of tasks)
    for (const it of t.shown)
      lines.push(
        `${t.respondent},${t.segment ?? ""},${t.task},${it},${it === t.best ? 1 : 0},${it === t.worst ? 1 : 0}${anchored ? `,${t.anchor ?? ""}` : ""}`,
      );
  return `${lines.join("\n")}\n`;
}

/** The value, or a test failure when it is missing. */
export function must<T>(value: T | null | undefined, what = "value"): T {
  if (value === null || value === undefined) throw new Error(`${what} is missing`);
  return value;
}
