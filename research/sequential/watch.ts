/**
 * Interim verdicts of a live study's hypotheses, safe to watch every day: each share criterion
 * (concept top-2-box, "not too expensive") is checked at one look per day on which its segment
 * gained completes, against the Lan–DeMets O'Brien–Fleming-type boundary (Lan & DeMets 1983)
 * with information fraction t = completes / target n of the segment (./interim.ts). Once the
 * segment reaches its target n, or the study is closed, the pre-registered test (the results
 * page's verdict) decides. Criteria without a sequential statistic (value drivers, price in the
 * acceptable range) are decided only at the planned n.
 */
import { evaluateConceptCriterion, evaluateNotTooExpensiveCriterion, type Verdict } from "../hypotheses/criteria.ts";
import type { HypothesisResult } from "../hypotheses/evaluate.ts";
import { conceptRatingsOf, validPriceAnswersOf } from "../study.ts";
import type { StudyExport } from "../studyExport.ts";
import { interimVerdict, proportionScoreStatistic } from "./interim.ts";

export type WatchVerdict = "validated" | "invalidated" | "keepGoing";

export { WATCH_METHOD } from "./method.ts";

export interface WatchedCriterion {
  rule: string;
  segment: string | null;
  /** true: the pre-registered test decided (target reached or study closed); false: an interim look. */
  final: boolean;
  /** Interim: validated / invalidated / keepGoing. Final: the pre-registered verdict. */
  verdict: WatchVerdict | Verdict;
  /** What the naive fixed-sample test says on the data so far (the results page's verdict). */
  naive: Verdict;
  completes: number;
  target: number;
  /** Current statistic and the boundary it must cross (interim share criteria only). */
  z: number | null;
  boundary: number | null;
  sentence: string;
}

export interface WatchedHypothesis {
  id: string;
  statement: string;
  final: boolean;
  verdict: WatchVerdict | Verdict;
  criteria: WatchedCriterion[];
}

const r2 = (x: number) => (Math.round(100 * x) / 100).toFixed(2);

/** Any invalidated → invalidated; all validated → validated; else keep going (interim) / inconclusive (final). */
export function combineWatch(verdicts: readonly (WatchVerdict | Verdict)[], final: boolean): WatchVerdict | Verdict {
  if (verdicts.length === 0) return final ? "inconclusive" : "keepGoing";
  if (verdicts.includes("invalidated")) return "invalidated";
  if (verdicts.every((v) => v === "validated")) return "validated";
  return final ? "inconclusive" : "keepGoing";
}

/**
 * @param doc the study export document the result was computed from
 * @param hypotheses analyseStudy(doc).hypotheses (the pre-registered verdicts on all data so far)
 * @param completedOn respondent id (as in the document) → the day (YYYY-MM-DD, UTC) they completed
 */
export function watchHypotheses(
  doc: StudyExport,
  hypotheses: readonly HypothesisResult[],
  completedOn: Readonly<Record<string, string>>,
): WatchedHypothesis[] {
  const closed = doc.study.status === "closed";
  const completed = doc.respondents.filter((r) => r.status === "completed");
  const day = (id: string) => (Object.hasOwn(completedOn, id) ? completedOn[id] : "0000-00-00");
  const ratings = conceptRatingsOf(completed);
  const prices = validPriceAnswersOf(completed);
  const byId = new Map(completed.map((r) => [r.id, r]));
  const targets = new Map(doc.segments.map((s) => [s.key, s.targetN]));

  /** Looks of one segment: cumulative respondent sets at the end of each day with new completes. */
  const looksOf = (segment: string) => {
    const days = [...new Set(completed.filter((r) => r.segment === segment).map((r) => day(r.id)))].sort();
    return days.map((d) => {
      const ids = new Set(completed.filter((r) => r.segment === segment && day(r.id) <= d).map((r) => r.id));
      return { day: d, completes: ids.size, ids };
    });
  };

  return hypotheses.map((h) => {
    const criteria = h.criteria.map((c): WatchedCriterion => {
      const ev = c.evidence as Record<string, unknown>;
      const segment = typeof ev.segment === "string" ? ev.segment : null;
      const target = segment ? (targets.get(segment) ?? 0) : 0;
      const completes = segment ? completed.filter((r) => r.segment === segment).length : 0;
      const base = { rule: c.rule, segment, naive: c.verdict, completes, target, z: null, boundary: null };
      if (closed || completes >= target || target <= 0) {
        return {
          ...base,
          final: true,
          verdict: c.verdict,
          sentence: `${closed ? "The study is closed" : `The target of ${target} completes is reached`}: the pre-registered test says ${c.verdict}.`,
        };
      }
      const share = c.kind === "concept" || (c.kind === "price" && ev.test === "notTooExpensive");
      if (!share || segment === null) {
        return {
          ...base,
          final: false,
          verdict: "keepGoing",
          sentence: `Decided only at the planned ${target} completes (${completes} so far).`,
        };
      }
      const threshold = ev.threshold as number;
      const confidence = (ev.confidence as number) ?? 0.95;
      const looks: { n: number; x: number; completes: number }[] = [];
      for (const l of looksOf(segment)) {
        let n: number;
        let x: number;
        if (c.kind === "concept") {
          const e = evaluateConceptCriterion(
            {
              segment,
              metric: ev.metric as Parameters<typeof evaluateConceptCriterion>[0]["metric"],
              threshold,
              concepts: ev.concepts as string[],
            },
            ratings.filter((r) => l.ids.has(r.respondent)),
            confidence,
          ).evidence;
          n = e.n as number;
          x = e.top2 as number;
        } else {
          const e = evaluateNotTooExpensiveCriterion(
            { segment, price: ev.price as number, threshold },
            prices.filter((p) => l.ids.has(p.respondent) && byId.has(p.respondent)),
            confidence,
          ).evidence;
          n = e.n as number;
          x = e.notTooExpensive as number;
        }
        if (n > 0) looks.push({ n, x, completes: l.completes });
      }
      if (looks.length === 0) {
        return { ...base, final: false, verdict: "keepGoing", sentence: "No answers yet for this criterion." };
      }
      // Information = completes / target (the look's n is the segment's completes; the statistic uses the answers).
      const res = interimVerdict(
        looks.map((l) => ({ n: l.completes, statistic: proportionScoreStatistic(l.x, l.n, threshold) })),
        target,
        { confidence },
      );
      const last = looks[looks.length - 1];
      const z = proportionScoreStatistic(last.x, last.n, threshold);
      const verdict: WatchVerdict =
        res.verdict === "validated" || res.verdict === "invalidated" ? res.verdict : "keepGoing";
      const sentence =
        verdict === "keepGoing"
          ? `${last.x} of ${last.n} (${Math.round((100 * last.x) / last.n)}%) at ${completes} of ${target} completes: ` +
            `z = ${r2(z)} has not crossed the boundary ±${r2(res.boundary.validate)}; keep going.`
          : `Crossed the boundary at ${looks[res.look].completes} of ${target} completes ` +
            `(z = ${r2(res.statistic)} vs ±${r2(res.boundary.validate)}): ${verdict}.`;
      return { ...base, final: false, verdict, z, boundary: res.boundary.validate, sentence };
    });
    const final = criteria.length > 0 && criteria.every((c) => c.final);
    return {
      id: h.id,
      statement: h.statement,
      final,
      verdict: combineWatch(
        criteria.map((c) => c.verdict),
        final,
      ),
      criteria,
    };
  });
}
