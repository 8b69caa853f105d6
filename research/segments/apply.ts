/**
 * Analyse a study by a saved needs-based segmentation instead of its declared segments: the
 * export document with every respondent relabelled to their saved class, so every section of
 * analyseStudy() (price bands, MaxDiff shares, value map, concept test, hypotheses, decisions,
 * simulator, price book) follows. Used by the results page and by `research study --segmentation`.
 *
 * Hypotheses were pre-registered for declared segments, which the classes are not. Each hypothesis
 * is evaluated, with its rule unchanged, in each discovered class (every criterion's segment
 * replaced by the class): one verdict per hypothesis and class, exploratory because the classes
 * were found after the data (docs/decisions/0007-saved-segmentations.md).
 */
import { InputError } from "../inputError.ts";
import type { StudyExport } from "../studyExport.ts";

/** Separates a hypothesis id from the class key in the per-class copies (`h1~c2`). */
export const CLASS_HYPOTHESIS_SEPARATOR = "~";

export function applySegmentation(doc: StudyExport, name: string): StudyExport {
  const saved = doc.segmentations ?? [];
  const seg = saved.find((s) => s.name === name);
  if (!seg) {
    const known = saved.map((s) => `"${s.name}"`).join(", ");
    throw new InputError(
      `--segmentation: no saved segmentation "${name}" (${known ? `saved: ${known}` : "the study has none"})`,
    );
  }
  const keys = new Set(seg.classes.map((c) => c.key));
  for (const [id, key] of Object.entries(seg.assignments))
    if (!keys.has(key)) throw new InputError(`segmentations "${name}": respondent ${id} has unknown class "${key}"`);
  let unassigned = 0;
  const respondents = doc.respondents.map((r) => {
    const segment = Object.hasOwn(seg.assignments, r.id) ? seg.assignments[r.id] : null;
    if (segment === null && r.status === "completed") unassigned++;
    return { ...r, segment };
  });
  const hypotheses = doc.hypotheses.flatMap((h) =>
    seg.classes.map((c) => ({
      ...h,
      id: `${h.id}${CLASS_HYPOTHESIS_SEPARATOR}${c.key}`,
      statement: `${h.statement} — in ${c.name}`,
      segments: [c.key],
      // the concepts linked by hypothesisId, which the copy's id no longer matches
      concepts: [
        ...new Set([...h.concepts, ...doc.concepts.filter((x) => x.hypothesisId === h.id).map((x) => x.name)]),
      ],
      rule: { ...h.rule, criteria: h.rule.criteria.map((k) => ({ ...k, segment: c.key })) },
    })),
  );
  const { segmentations: _saved, ...rest } = doc;
  return {
    ...rest,
    segments: seg.classes.map((c) => ({
      key: c.key,
      name: c.name,
      description: "Found in the MaxDiff answers (latent class)",
      targetN: 0,
    })),
    hypotheses,
    // The market mix is of the declared segments; the classes have none.
    market: null,
    respondents,
    segmentation: { name: seg.name, stale: seg.stale, unassigned },
  };
}
