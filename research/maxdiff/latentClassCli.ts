/**
 * The maxdiff CLI's `--latent-class A-B [--starts N] [--seed S]` options: parsing, running
 * the latent-class analysis on validated tasks, and the readable table.
 */
import type { CliOptionValues } from "../cliTypes.ts";
import { InputError } from "../inputError.ts";
import { buildChoiceData } from "./data.ts";
import { type LatentClassResult, MAX_CLASSES, MAX_STARTS, latentClassAnalysis } from "./latentClassSummary.ts";
import type { MaxDiffTask } from "./types.ts";

export const latentClassCliOptions = {
  "latent-class": { type: "string" },
  starts: { type: "string" },
} as const;

export const latentClassUsage = "[--latent-class A-B [--starts N]]";

/** "A-B" (or a single "C") → [A, B]; InputError naming the option otherwise. */
export function parseClassRange(value: string): [number, number] {
  const m = /^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$/.exec(value);
  const lo = m ? Number(m[1]) : Number.NaN,
    hi = m ? Number(m[2] ?? m[1]) : Number.NaN;
  if (!m || lo < 1 || hi < lo || hi > MAX_CLASSES)
    throw new InputError(
      `--latent-class must be a range A-B of class counts with 1 ≤ A ≤ B ≤ ${MAX_CLASSES} (e.g. 1-6), got "${value.slice(0, 40)}"`,
    );
  return [lo, hi];
}

/** Parse the options; null when --latent-class is absent (then --starts is an error). */
export function latentClassOptions(
  options: CliOptionValues,
): { minClasses: number; maxClasses: number; starts: number; seed: number } | null {
  const range = options["latent-class"];
  const startsRaw = options.starts;
  if (range === undefined) {
    if (startsRaw !== undefined) throw new InputError("--starts needs --latent-class");
    return null;
  }
  const [minClasses, maxClasses] = parseClassRange(String(range));
  const starts = startsRaw === undefined ? 10 : Number(startsRaw);
  if (!Number.isInteger(starts) || starts < 1 || starts > MAX_STARTS)
    throw new InputError(`--starts must be a whole number from 1 to ${MAX_STARTS}, got "${String(startsRaw)}"`);
  const seedRaw = options.seed;
  const seed = seedRaw === undefined ? 1 : Number(seedRaw);
  return { minClasses, maxClasses, starts, seed };
}

/** Latent classes for validated tasks over `items` (the maxdiff result's item order). */
export function runLatentClass(
  tasks: readonly MaxDiffTask[],
  items: readonly string[],
  opts: { minClasses: number; maxClasses: number; starts: number; seed: number },
): LatentClassResult {
  return latentClassAnalysis(buildChoiceData(tasks, items), opts);
}

const f = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? "–" : x.toFixed(d));

export function formatLatentClass(lc: LatentClassResult): string {
  const lines = [
    `Latent classes (sequential best–worst logit, EM): chosen ${lc.chosen ?? "none"} by ${lc.criterion.toUpperCase()}`,
    "classes        LL  params        AIC        BIC       CAIC  sizes",
  ];
  for (const s of lc.solutions)
    lines.push(
      `${String(s.classCount).padStart(7)} ${f(s.logLikelihood, 1).padStart(9)} ${String(s.parameters).padStart(7)} ${f(s.aic, 1).padStart(10)} ${f(s.bic, 1).padStart(10)} ${f(s.caic, 1).padStart(10)}  ${s.sizes.map((x) => f(x)).join(" / ")}${s.converged ? "" : " (not converged)"}`,
    );
  const chosen = lc.solutions.find((s) => s.classCount === lc.chosen);
  if (chosen)
    for (const c of chosen.classes) {
      const top = [...c.items].sort((a, b) => (b.utility ?? -Infinity) - (a.utility ?? -Infinity));
      lines.push(
        `Class ${c.class} (${f(100 * c.size, 0)}%): ${c.name}`,
        ...top.map((i) => `  ${i.item}: utility ${f(i.utility)} (se ${f(i.se)}), share ${f(i.share, 1)}`),
      );
    }
  if (lc.crosstab) {
    const x = lc.crosstab;
    lines.push(
      `Declared segment × class (row %): chi-square ${f(x.chiSquare)} (df ${x.df ?? "–"}), p ${f(x.pValue, 4)}, Cramér's V ${f(x.cramersV)}`,
      ...x.segments.map((s, i) => `  ${s}: ${x.rowPercent[i].map((p) => `${f(p, 0)}%`).join(" / ")}`),
    );
  }
  if (lc.verdict) lines.push(lc.verdict);
  for (const m of lc.messages) lines.push(`Note: ${m}`);
  return lines.join("\n");
}
