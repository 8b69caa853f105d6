/**
 * `research study <export.json> [--segmentation NAME] [--hb] [--iterations N] [--burn-in N] [--bootstrap N] [--seed S]
 *  [--price-book-objective happy|revenue|revenue-with-happy-floor] [--min-happy PERCENT] [--json]`:
 * the whole analysis of the app's own JSON export (docs/research-cli.md, "study").
 */
import type { CliOptionValues, MethodCommand } from "./cliTypes.ts";
import { conceptTestTable } from "./conceptTest/cli.ts";
import { fmt, formatTable, pct } from "./conceptTest/format.ts";
import { formatMoney } from "./hypotheses/criteria.ts";
import { InputError } from "./inputError.ts";
import { priceBookTable } from "./priceBook/cli.ts";
import type { PriceBookObjective } from "./priceBook/recommend.ts";
import { applySegmentation } from "./segments/apply.ts";
import { analyseStudy, parseStudyExport, type StudyOptions, type StudyResult } from "./study.ts";

function wholeNumber(options: CliOptionValues, name: string, min: number): number | undefined {
  const raw = options[name];
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (typeof raw !== "string" || !Number.isInteger(v) || v < min)
    throw new InputError(`--${name} must be a whole number ≥ ${min} (got "${String(raw)}")`);
  return v;
}

/** Parses the export's text: invalid JSON → InputError with the parser's reason. */
export function parseStudyJson(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new InputError(`not valid JSON (${(e as Error).message})`);
  }
}

const OBJECTIVES = ["happy", "revenue", "revenue-with-happy-floor"] as const satisfies readonly PriceBookObjective[];

/**
 * The price book's objective, as the results page's choice: `--min-happy` is a whole percent 0–100 (like the page's
 * field), required with "revenue-with-happy-floor" and refused with the others.
 */
export function priceBookObjectiveFromCli(
  options: CliOptionValues,
): Pick<StudyOptions, "priceBookObjective" | "minHappyShare"> {
  const raw = options["price-book-objective"];
  const objective = OBJECTIVES.find((o) => o === raw);
  if (raw !== undefined && !objective)
    throw new InputError(`--price-book-objective must be one of ${OBJECTIVES.join(", ")} (got "${String(raw)}")`);
  const minRaw = options["min-happy"];
  if (objective !== "revenue-with-happy-floor") {
    if (minRaw !== undefined) throw new InputError("--min-happy needs --price-book-objective revenue-with-happy-floor");
    return objective ? { priceBookObjective: objective } : {};
  }
  if (minRaw === undefined)
    throw new InputError("--price-book-objective revenue-with-happy-floor needs --min-happy PERCENT (e.g. 40)");
  const text = typeof minRaw === "string" ? minRaw.trim().replace(/%$/, "") : "";
  if (!/^\d{1,3}$/.test(text) || Number(text) > 100)
    throw new InputError(`--min-happy must be a whole percentage from 0 to 100 (got "${String(minRaw)}")`);
  return { priceBookObjective: objective, minHappyShare: Number(text) / 100 };
}

export function studyOptionsFromCli(options: CliOptionValues): StudyOptions {
  const iterations = wholeNumber(options, "iterations", 2);
  const burnIn = wholeNumber(options, "burn-in", 0);
  const seed = wholeNumber(options, "seed", 0);
  if ((iterations !== undefined || burnIn !== undefined) && !options.hb)
    throw new InputError("--iterations and --burn-in need --hb");
  if (iterations !== undefined && burnIn !== undefined && burnIn >= iterations)
    throw new InputError("--burn-in must be less than --iterations");
  return {
    hb: options.hb ? { iterations: iterations ?? 20_000, burnIn: burnIn ?? undefined, seed } : false,
    bootstrap: wholeNumber(options, "bootstrap", 0),
    seed,
    ...priceBookObjectiveFromCli(options),
  };
}

export function studyTable(r: StudyResult): string {
  const money = (x: number | null) => (x === null ? "–" : formatMoney(x, r.study.currency));
  const out: string[] = [];
  out.push(
    `${r.study.name} (${r.study.currency}) — ${r.responses.overall.completed} completed of ${r.responses.overall.total} respondents`,
    "",
  );
  out.push(r.summary.overall, ...Object.values(r.summary.segments).map((s) => `  ${s}`), "");
  if (r.quality) {
    const q = r.quality;
    const kinds = q.byKind
      .filter((k) => k.flagged > 0)
      .map((k) => `${k.kind} ${k.flagged}${k.excludes ? " (excluded)" : ""}`);
    out.push(
      `Respondent quality: ${q.counts.overall.before} completed, ${q.counts.overall.after} after the gate` +
        `${kinds.length ? `; flagged: ${kinds.join(", ")}` : "; nobody flagged"}.`,
      "",
    );
  }
  if (r.weighting) {
    const w = r.weighting;
    const mix = Object.entries(w.targets)
      .map(([k, share]) => `${k} ${Number((share * 100).toFixed(1))}%`)
      .join(", ");
    out.push(
      w.applied
        ? `Overall figures weighted to the market mix (${mix}); design effect ${fmt(w.designEffect, 2)}, ` +
            `effective n ${fmt(w.effectiveN, 0)}.`
        : `Market mix (${mix}) not applied: ${w.reason}.`,
      "",
    );
  }
  if (!r.decisions.empty) {
    out.push("Decisions", "", ...r.decisions.executive.map((s) => `  ${s}`), "");
    for (const d of r.decisions.segments) out.push(`  ${d.name}`, ...d.sentences.map((s) => `    ${s}`), "");
  }
  out.push("Hypotheses", "");
  for (const h of r.hypotheses) {
    out.push(
      `[${h.verdict.toUpperCase()}] ${h.statement}${h.moreRespondentsNeeded !== null ? ` (≈${h.moreRespondentsNeeded} more respondents)` : ""}`,
    );
    if (h.criteria.length === 0) out.push(`    ${h.reason}`);
    for (const c of h.criteria) out.push(`    ${c.verdict.padEnd(12)} ${c.rule}`, `                 ${c.explanation}`);
  }
  out.push("", "Value map (MaxDiff share % by segment)", "");
  const segs = r.valueMap.segmentOrder;
  out.push(
    formatTable(
      ["feature", ...segs, "concentration", "label"],
      r.valueMap.features.map((f) => [
        f.item,
        ...segs.map((s) => fmt(f.shares[s], 1)),
        fmt(f.concentration, 2),
        f.label + (f.stacksIn ? ` (${f.stacksIn})` : ""),
      ]),
    ),
  );
  out.push("", "Segments", "");
  out.push(
    formatTable(
      ["segment", "completed", "target", "PMC", "OPP", "IPP", "PME", "top drivers"],
      segs.map((s) => {
        const b = r.valueMap.segments[s].priceBand;
        const resp = r.responses.segments[s];
        return [
          s,
          String(resp.completed),
          String(resp.target),
          money(b?.pmc ?? null),
          money(b?.opp ?? null),
          money(b?.ipp ?? null),
          money(b?.pme ?? null),
          r.valueMap.segments[s].topDrivers.join(", "),
        ];
      }),
    ),
  );
  if (r.simulator) {
    const sim = r.simulator;
    out.push(
      "",
      `Happy-customer simulator (bundle of ${sim.bundleSize}; happy = ≥ ${sim.minInBundle} of top ${sim.topN}; utilities: ${sim.utilitySource})`,
      "",
    );
    const rows = [
      [
        "overall",
        sim.best.overall.bundle.join(", "),
        `${sim.best.overall.happy}/${sim.best.overall.total}`,
        pct(sim.best.overall.share),
        sim.best.overall.search,
      ],
      ...Object.entries(sim.best.segments).map(([s, b]) => [
        s,
        b.bundle.join(", "),
        `${b.happy}/${b.total}`,
        pct(b.share),
        b.search,
      ]),
    ];
    if (sim.onePerSegment)
      rows.push([
        "one #1 per segment",
        sim.onePerSegment.bundle.join(", "),
        `${sim.onePerSegment.happy}/${sim.onePerSegment.total}`,
        pct(sim.onePerSegment.share),
        "fixed",
      ]);
    out.push(formatTable(["best for", "bundle", "happy", "share", "search"], rows));
    out.push("", sim.note);
  }
  if (r.priceBook) out.push("", priceBookTable(r.priceBook));
  out.push("", conceptTestTable(r.conceptTest));
  return out.join("\n");
}

export const command: MethodCommand = {
  usage:
    "study <export.json> [--segmentation NAME] [--hb] [--iterations N] [--burn-in N] [--bootstrap N] [--seed S] " +
    "[--price-book-objective happy|revenue|revenue-with-happy-floor] [--min-happy PERCENT] [--json]",
  options: {
    segmentation: { type: "string" },
    hb: { type: "boolean" },
    iterations: { type: "string" },
    "burn-in": { type: "string" },
    bootstrap: { type: "string" },
    seed: { type: "string" },
    "price-book-objective": { type: "string" },
    "min-happy": { type: "string" },
  },
  run(text, options) {
    const options_ = studyOptionsFromCli(options);
    const name = options.segmentation;
    if (name !== undefined && (typeof name !== "string" || name.trim() === ""))
      throw new InputError("--segmentation needs the name of a saved segmentation");
    const input = typeof name === "string" ? applySegmentation(parseStudyExport(parseStudyJson(text)), name) : null;
    const result = analyseStudy(input ?? parseStudyJson(text), options_);
    const note = input?.segmentation
      ? `Segments: the saved segmentation "${input.segmentation.name}" (found after the data: hypotheses are exploratory)` +
        `${input.segmentation.stale ? "; answers arrived after it was saved and are unassigned" : ""}.\n\n`
      : "";
    return { json: result, table: note + studyTable(result) };
  },
};
