/** Storing a hypothesis's pre-registered decision rule, validated against the study by research. */
import { validateRule } from "../../research/hypotheses/validateRule.ts";
import type { DecisionRule } from "../../research/studyExport.ts";
import { db } from "../db.server.ts";
import { StudyStatus } from "../domain/status.ts";
import type { FieldErrors } from "../forms.ts";
import { competitorChoices } from "./competitors.server.ts";
import { LockedError } from "./lock.server.ts";
import { guard, type Outcome } from "./outcome.server.ts";

/**
 * Validates the rule against the study (research validateRule) and stores it. Errors are keyed by the issue's rule
 * path (`criteria[0].segment`), which is the rule form's field name (app/studies/ruleForm.ts, rowErrors).
 */
export function saveRule(studyId: string, hypothesisId: string, rule: DecisionRule): Promise<Outcome> {
  return guard(async (): Promise<Outcome> => {
    const h = await db.hypothesis.findFirst({
      where: { id: hypothesisId, studyId },
      include: { items: { include: { item: true } }, concepts: true, study: { select: { status: true } } },
    });
    if (!h) return { ok: false, errors: { form: "That hypothesis no longer exists." }, status: 404 };
    if (h.ruleLockedAt || h.study.status !== StudyStatus.draft)
      throw new LockedError("rule", h.study.status === StudyStatus.draft ? StudyStatus.live : h.study.status);
    const [segments, items, concepts] = await Promise.all([
      db.segment.findMany({ where: { studyId }, select: { key: true } }),
      db.maxDiffItem.findMany({ where: { studyId }, select: { label: true } }),
      db.concept.findMany({ where: { studyId }, select: { name: true } }),
    ]);
    const choices = await competitorChoices(studyId);
    const v = validateRule(rule, {
      segments: segments.map((s) => s.key),
      items: items.map((i) => i.label),
      concepts: concepts.map((c) => c.name),
      competitors: choices.competitors,
      drivers: choices.drivers,
      hypothesis: {
        items: h.items.map((x) => x.item.label),
        concepts: h.concepts.map((c) => c.name),
        targetPrice: h.targetPrice,
      },
    });
    if (!v.ok) {
      const errors: FieldErrors = {};
      for (const issue of v.issues) {
        const key = issue.path || "form";
        if (!(key in errors)) errors[key] = sentence(issue.message);
      }
      return { ok: false, errors };
    }
    await db.hypothesis.update({ where: { id: h.id }, data: { rule: JSON.stringify(v.rule) } });
    return { ok: true, id: h.id };
  });
}

function sentence(s: string): string {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
