/**
 * `research maxdiff <file.csv> [--segment-column segment] [--hb] [--hb-covariates segment[,col…]] [--iterations N] [--burn-in N] [--seed S] [--json]`
 * Input: long format, one row per item shown in a task: respondent,task,item,best,worst[,segment][,anchor].
 * An `anchor` column (all|some|none, one value per task) switches anchored (dual-response) MaxDiff on.
 */
import type { MethodCommand } from "../cliTypes.ts";
import { InputError } from "../inputError.ts";
import { analyseMaxDiff } from "./analyse.ts";
import {
  formatLatentClass,
  latentClassCliOptions,
  latentClassOptions,
  latentClassUsage,
  runLatentClass,
} from "./latentClassCli.ts";
import { tasksFromCsv } from "./tasks.ts";
import type { Block, MaxDiffResult } from "./types.ts";

function wholeOption(value: string | boolean | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== "string" || !Number.isInteger(n) || n < min)
    throw new InputError(`--${name} must be a whole number of at least ${min}, got "${String(value)}"`);
  return n;
}

export const command: MethodCommand = {
  usage: `maxdiff <file.csv> [--segment-column segment] [--hb] [--hb-covariates segment[,col…]] [--iterations N] [--burn-in N] [--seed S] ${latentClassUsage} [--json]`,
  options: {
    "segment-column": { type: "string" },
    hb: { type: "boolean" },
    "hb-covariates": { type: "string" },
    iterations: { type: "string" },
    "burn-in": { type: "string" },
    seed: { type: "string" },
    ...latentClassCliOptions,
  },
  run(text, options) {
    const iterations = wholeOption(options.iterations, "iterations", 2);
    const burnIn = wholeOption(options["burn-in"], "burn-in", 0);
    const seed = wholeOption(options.seed, "seed", 0);
    if (burnIn !== undefined && iterations !== undefined && burnIn >= iterations)
      throw new InputError("--burn-in must be less than --iterations");
    const segmentColumn = typeof options["segment-column"] === "string" ? options["segment-column"] : undefined;
    const lcOptions = latentClassOptions(options);
    const covRaw = options["hb-covariates"];
    if (covRaw !== undefined && !options.hb) throw new InputError("--hb-covariates needs --hb");
    if (covRaw !== undefined && (typeof covRaw !== "string" || covRaw.trim() === ""))
      throw new InputError("--hb-covariates needs a comma-separated list of columns, e.g. segment");
    const segName = (segmentColumn ?? "segment").toLowerCase();
    const covariates =
      typeof covRaw === "string"
        ? covRaw
            .split(",")
            .map((c) => c.trim().toLowerCase())
            .filter((c) => c !== "")
            .map((c) => (c === segName ? "segment" : c))
        : undefined;
    const tasks = tasksFromCsv(text, {
      segmentColumn,
      attributeColumns: covariates?.filter((c) => c !== "segment"),
    });
    if (covariates?.includes("segment") && !tasks.some((t) => t.segment))
      throw new InputError(`--hb-covariates segment: no segment column ${segmentColumn ?? "segment"} in the file`);
    const result = analyseMaxDiff(tasks, {
      seed,
      hb: options.hb ? { iterations, burnIn, seed, covariates } : false,
    });
    if (lcOptions) {
      const latentClass = runLatentClass(tasks, result.items, lcOptions);
      return { json: { ...result, latentClass }, table: `${formatTable(result)}\n\n${formatLatentClass(latentClass)}` };
    }
    return { json: result, table: formatTable(result) };
  },
};

const f = (x: number | null, d = 2) => (x === null ? "–" : x.toFixed(d));

function blockTable(title: string, b: Block): string {
  const rows = [...b.items].sort((x, y) => (y.share ?? -1) - (x.share ?? -1));
  const w = Math.max(4, ...rows.map((r) => r.item.length));
  const lines = [
    `${title} — ${b.respondents} respondents, ${b.tasks} tasks${b.converged ? "" : " (logit did not converge: an item is never chosen best or never worst)"}`,
    `${"item".padEnd(w)}  shown  best  worst  score  utility     se  share  share 95%`,
  ];
  for (const r of rows) {
    lines.push(
      `${r.item.padEnd(w)}  ${String(r.shown).padStart(5)}  ${String(r.best).padStart(4)}  ${String(r.worst).padStart(5)}  ${f(r.score).padStart(5)}  ${f(r.utility).padStart(7)}  ${f(r.se).padStart(5)}  ${f(r.share, 1).padStart(5)}  ${r.shareInterval ? `${f(r.shareInterval[0], 1)}–${f(r.shareInterval[1], 1)}` : "–"}`,
    );
  }
  return lines.join("\n");
}

export function formatTable(r: MaxDiffResult): string {
  const parts = [
    `MaxDiff (best–worst scaling), ${r.itemsPerTask} items per task; utilities ${r.overall.anchored ? "relative to the anchor (0 = must-have line)" : "zero-centred"}, shares probability-rescaled (sum 100)`,
    blockTable("Overall", r.overall),
  ];
  for (const [name, b] of Object.entries(r.segments)) parts.push(blockTable(`Segment ${name}`, b));
  const sig = r.comparisons.filter((c) => c.significant);
  if (r.comparisons.length) {
    parts.push(
      sig.length
        ? `Significant segment differences (Wald, Holm-adjusted p < 0.05):\n${sig.map((c) => `  ${c.item}: ${c.a} − ${c.b} = ${f(c.difference)} (pHolm ${f(c.pHolm, 4)})`).join("\n")}`
        : "No significant segment differences (Wald, Holm-adjusted p < 0.05).",
    );
  }
  if (r.valueMap) {
    parts.push(
      `Value map (equal share ${f(r.valueMap.equalShare, 1)}%):\n${r.valueMap.features.map((x) => `  ${x.label.padEnd(10)} ${x.rule}`).join("\n")}`,
    );
  }
  if (r.hb) {
    const h = r.hb;
    parts.push(
      `Hierarchical Bayes: ${h.iterations} iterations (${h.burnIn} burn-in), acceptance ${f(h.acceptance)}, mean RLH ${f(h.meanRLH, 3)} (chance ${f(Math.sqrt(1 / (r.itemsPerTask * (r.itemsPerTask - 1))), 3)})\n` +
        h.overall.items
          .map(
            (x) =>
              `  ${x.item}: utility ${f(x.utility)}, share ${f(x.share, 1)} (${x.shareInterval ? `${f(x.shareInterval[0], 1)}–${f(x.shareInterval[1], 1)}` : "–"})` +
              (x.aboveAnchorShare !== undefined && x.aboveAnchorShare !== null
                ? `, above anchor ${f(100 * x.aboveAnchorShare, 0)}% of respondents`
                : ""),
          )
          .join("\n") +
        `\nConvergence: max split R-hat of the population mean ${f(h.convergence.maxRhat, 3)}${h.convergence.warning ? ` — WARNING: ${h.convergence.warning}` : ""}` +
        `\nQuality: RLH cutoff ${f(h.quality.rlhCutoff, 3)} (random responders' 95th percentile); ${h.quality.flagged} of ${h.respondents.length} respondents flagged random_rlh` +
        // a MaxDiff CSV has no page timings, concept ratings, prices or attention answers: only the fit flag
        "\nOnly the fit flag (random_rlh) is computed from a MaxDiff CSV; `research study` applies the whole " +
        "respondent-quality gate (speeders, straight-lining, price order, copied answers, attention)." +
        (h.covariates
          ? `\nCovariates (${h.covariates.columns.map((c) => c.name).join(", ")}): ${h.covariates.effects.length} level × item effects in the JSON (hb.covariates)`
          : ""),
    );
  }
  return parts.join("\n\n");
}
