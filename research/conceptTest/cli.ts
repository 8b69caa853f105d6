/** `research concept-test <file.csv> [--json]` (docs/research-cli.md). */
import type { MethodCommand } from "../cliTypes.ts";
import { numberCell, optionalNumberCell, readCsv } from "../csv.ts";
import { InputError } from "../inputError.ts";
import {
  analyseConceptTest,
  CONCEPT_METRICS,
  type ConceptRating,
  type ConceptTestResult,
  type PairTest,
} from "./analyse.ts";
import { fmt, formatTable, interval, pct, pValue } from "./format.ts";

/** Parses the concept-test CSV: respondent,segment,concept,<5 metrics>[,position]; an empty segment = none. */
export function parseConceptCsv(text: string): ConceptRating[] {
  const table = readCsv(text, {
    required: ["respondent", "segment", "concept", ...CONCEPT_METRICS],
    optional: ["position"],
  });
  return table.rows.map((row) => {
    const text = (c: string) => (row.get(c) ?? "").trim();
    const respondent = text("respondent");
    const concept = text("concept");
    if (!respondent) throw new InputError("respondent is empty", row.line);
    if (!concept) throw new InputError("concept is empty", row.line);
    const rating: Record<string, number> = {};
    for (const metric of CONCEPT_METRICS) {
      const v = numberCell(row, metric, { integer: true });
      if (v < 1 || v > 5) throw new InputError(`${metric} must be from 1 to 5: "${row.get(metric)}"`, row.line);
      rating[metric] = v;
    }
    const position = table.columns.has("position")
      ? optionalNumberCell(row, "position", { integer: true, min: 1 })
      : undefined;
    return {
      respondent,
      segment: text("segment") || null,
      concept,
      appeal: rating.appeal,
      relevance: rating.relevance,
      uniqueness: rating.uniqueness,
      believability: rating.believability,
      purchase_intent: rating.purchase_intent,
      position,
      line: row.line,
    };
  });
}

/**
 * The lines of one table of chi-square pair tests (a vs b on one metric) under its title, none when there
 * are no tests; the first column (`column`) is what both sides of a pair share, `within(test)`.
 */
function pairTable<T extends PairTest & { metric: string; a: string; b: string }>(
  title: string,
  column: string,
  tests: readonly T[],
  within: (t: T) => string,
): string[] {
  if (tests.length === 0) return [];
  return [
    "",
    title,
    "",
    formatTable(
      [column, "metric", "a", "b", "X²", "p", "p Holm"],
      tests.map((t) => [within(t), t.metric, t.a, t.b, fmt(t.statistic, 3), pValue(t.pValue), pValue(t.pHolm)]),
    ),
  ];
}

export function conceptTestTable(r: ConceptTestResult): string {
  const out: string[] = [];
  out.push(`Concept test (${Math.round(r.confidence * 100)}% intervals; top-2-box = 4 or 5)`, "");
  out.push(
    formatTable(
      ["concept", "segment", "metric", "n", "top-2", "top-2 interval", "mean", "mean interval"],
      r.cells.map((c) => [
        c.concept,
        c.segment ?? "(all)",
        c.metric,
        String(c.n),
        pct(c.top2Share),
        interval(c.top2Interval, (x) => pct(x)),
        fmt(c.mean),
        interval(c.meanInterval, (x) => fmt(x)),
      ]),
    ),
  );
  out.push(
    ...pairTable(
      "Segment pairs (chi-square on top-2-box, Holm per metric)",
      "concept",
      r.segmentTests,
      (t) => t.concept,
    ),
    ...pairTable(
      "Concept pairs within a segment (chi-square on top-2-box, Holm per metric)",
      "segment",
      r.conceptTests,
      (t) => t.segment,
    ),
  );
  if (r.orderEffects) {
    out.push("", "Order effects (shown first vs later)", "");
    out.push(
      formatTable(
        [
          "concept",
          "metric",
          "n first",
          "n later",
          "top-2 first",
          "top-2 later",
          "p",
          "p Holm",
          "mean diff",
          "p (means)",
        ],
        r.orderEffects.map((o) => [
          o.concept,
          o.metric,
          String(o.first.n),
          String(o.later.n),
          pct(o.first.top2Share),
          pct(o.later.top2Share),
          pValue(o.pValue),
          pValue(o.pHolm),
          fmt(o.meanDifference),
          pValue(o.meanPValue),
        ]),
      ),
    );
  } else {
    out.push("", "Order effects: no position column.");
  }
  return out.join("\n");
}

export const command: MethodCommand = {
  usage: "concept-test <file.csv> [--json]",
  options: {},
  run(text) {
    const result = analyseConceptTest(parseConceptCsv(text));
    return { json: result, table: conceptTestTable(result) };
  },
};
