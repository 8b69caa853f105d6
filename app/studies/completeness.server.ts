/** What a study still needs before it can launch: a list a researcher can act on. */
import { validateRule } from "../../research/hypotheses/validateRule.ts";
import { db } from "../db.server.ts";
import { languageLabel, missingTranslations } from "./translations.server.ts";

export interface MissingItem {
  message: string;
  /** Builder page that fixes it, relative to /studies/:id/build. */
  fix: string;
}

export async function missingForLaunch(studyId: string): Promise<MissingItem[]> {
  const study = await db.study.findUniqueOrThrow({
    where: { id: studyId },
    include: {
      segments: true,
      maxDiffItems: true,
      maxDiffSettings: true,
      pricing: true,
      concepts: true,
      hypotheses: { include: { concepts: true, items: { include: { item: true } }, segments: true } },
    },
  });
  const missing: MissingItem[] = [];
  if (!study.productDescription.trim())
    missing.push({ message: "Describe the product (shown to respondents with the pricing questions).", fix: "" });
  if (study.segments.length === 0) missing.push({ message: "Add at least one segment.", fix: "segments" });
  if (study.hypotheses.length === 0)
    missing.push({ message: "Write at least one value hypothesis.", fix: "hypotheses" });
  const ctx = {
    segments: study.segments.map((s) => s.key),
    items: study.maxDiffItems.map((i) => i.label),
    concepts: study.concepts.map((c) => c.name),
  };
  for (const [i, h] of study.hypotheses.entries()) {
    const name = `Hypothesis ${i + 1}`;
    const fix = `hypotheses/${h.id}`;
    if (h.concepts.length === 0) missing.push({ message: `${name} needs at least one concept.`, fix });
    if (h.segments.length === 0) missing.push({ message: `${name} needs at least one target segment.`, fix });
    let rule: unknown;
    try {
      rule = JSON.parse(h.rule);
    } catch {
      rule = null;
    }
    const v = validateRule(rule, {
      ...ctx,
      hypothesis: {
        items: h.items.map((x) => x.item.label),
        concepts: h.concepts.map((c) => c.name),
        targetPrice: h.targetPrice,
      },
    });
    if (!v.ok)
      missing.push({
        message: `${name}'s decision rule has a problem: ${v.issues[0].path ? `${v.issues[0].path}: ` : ""}${v.issues[0].message}.`,
        fix,
      });
    else if (v.rule.criteria.length === 0)
      missing.push({ message: `${name} needs a decision rule with at least one criterion.`, fix });
  }
  const settings = study.maxDiffSettings;
  if (!settings)
    missing.push({ message: "Configure the MaxDiff block (items per task, tasks, versions).", fix: "maxdiff" });
  const perTask = settings?.itemsPerTask ?? 4;
  if (study.maxDiffItems.length < perTask + 1) {
    missing.push({
      message: `Add MaxDiff items: at least ${perTask + 1} (items per task + 1); there are ${study.maxDiffItems.length}.`,
      fix: "maxdiff",
    });
  }
  if (!study.pricing) missing.push({ message: "Configure the Van Westendorp pricing block.", fix: "pricing" });
  for (const m of await missingTranslations(studyId))
    missing.push({ message: `Translate into ${languageLabel(m.language)}: ${m.label}.`, fix: "languages" });
  return missing;
}
