/**
 * Carry-over check for survey data collected while answers could stay ticked from one page to
 * the next (with JavaScript on, the same inputs were reused across pages, so pressing Next
 * without touching stored the previous page's answers again). Flags the respondents whose data
 * shows that pattern; a later quality gate decides whether to exclude them.
 *
 * - concept: two concepts rated on consecutive pages (positions k and k+1) with all five
 *   ratings identical;
 * - maxdiff: two consecutive tasks where both the best and the worst item of the first were
 *   shown again in the second and picked again as best and worst.
 *
 * A genuine straight-liner matches the concept rule too; the reason names what was seen.
 */
import { CONCEPT_METRICS, type ExportRespondent, type StudyExport } from "../studyExport.ts";

export interface CarryOverFlag {
  respondent: string;
  kind: "concept" | "maxdiff";
  reason: string;
}

/** Identical consecutive answers in the pattern of the survey's carry-over defect, one row per finding. */
export function carryOverFlags(doc: Pick<StudyExport, "respondents">): CarryOverFlag[] {
  return doc.respondents.flatMap((r) => [...conceptCarryOver(r), ...maxDiffCarryOver(r)]);
}

/** Concepts on consecutive pages rated identically on every question. */
export function conceptCarryOver(r: Pick<ExportRespondent, "id" | "concepts">): CarryOverFlag[] {
  const byPosition = [...r.concepts].sort((a, b) => a.position - b.position);
  const flags: CarryOverFlag[] = [];
  for (let i = 1; i < byPosition.length; i++) {
    const a = byPosition[i - 1];
    const b = byPosition[i];
    if (b.position !== a.position + 1) continue;
    if (!CONCEPT_METRICS.every((m) => a[m] === b[m])) continue;
    flags.push({
      respondent: r.id,
      kind: "concept",
      reason:
        `concepts on pages ${a.position} and ${b.position} (“${a.concept}”, “${b.concept}”) have identical ratings ` +
        `(${CONCEPT_METRICS.map((m) => a[m]).join(", ")})`,
    });
  }
  return flags;
}

/** Consecutive MaxDiff tasks where the previous best and worst were both shown again and picked again. */
export function maxDiffCarryOver(r: Pick<ExportRespondent, "id" | "maxdiff">): CarryOverFlag[] {
  const byTask = [...r.maxdiff].sort((a, b) => a.task - b.task);
  const flags: CarryOverFlag[] = [];
  for (let i = 1; i < byTask.length; i++) {
    const a = byTask[i - 1];
    const b = byTask[i];
    if (b.task !== a.task + 1) continue;
    if (!b.shown.includes(a.best) || !b.shown.includes(a.worst)) continue;
    if (a.best !== b.best || a.worst !== b.worst) continue;
    flags.push({
      respondent: r.id,
      kind: "maxdiff",
      reason: `MaxDiff tasks ${a.task} and ${b.task} repeat best “${a.best}” and worst “${a.worst}”, both shown again`,
    });
  }
  return flags;
}
