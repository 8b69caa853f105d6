/**
 * Saved needs-based segmentations: a latent-class solution of the results page's run
 * (latentClass.server.ts) kept as Segmentation + SegmentationAssignment rows, every respondent
 * assigned to their most likely class. The export document carries them (exportDocument.server.ts),
 * and the results page, report and exports analyse by one of them through research/segments/apply.ts,
 * exactly as `research study study.json --segmentation <name>` does. A segmentation is stale once a
 * response completes after it was saved (Study.dataVersion moved); those respondents are unassigned.
 */
import { z } from "zod";
import type { SavedSegmentation } from "../../research/studyExport.ts";
import { db, isUniqueViolation } from "../db.server.ts";
import { buildStudyExport, documentHash, pseudonym } from "./exportDocument.server.ts";
import { cachedLatentClass } from "./latentClass.server.ts";

const classesSchema = z.array(z.object({ key: z.string(), name: z.string() }));

export const classKey = (n: number) => `c${n}`;

/** Every saved segmentation of a study, as the export document carries them (respondents by pseudonym). */
export async function savedSegmentations(
  studyId: string,
  dataVersion: number,
  secret?: string,
): Promise<SavedSegmentation[]> {
  const rows = await db.segmentation.findMany({
    where: { studyId },
    orderBy: [{ createdAt: "asc" }, { name: "asc" }],
    include: { assignments: { select: { respondentId: true, class: true } } },
  });
  return rows.map((s) => {
    const ids = s.assignments
      .map((a) => [pseudonym(studyId, a.respondentId, secret), classKey(a.class)] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return {
      name: s.name,
      classes: classesSchema.parse(JSON.parse(s.classes)),
      assignments: Object.fromEntries(ids),
      stale: s.dataVersion !== dataVersion,
    };
  });
}

export interface SegmentationChoice {
  id: string;
  name: string;
  classCount: number;
  stale: boolean;
}

/** The selector's list (no assignments). */
export async function listSegmentations(studyId: string): Promise<SegmentationChoice[]> {
  const [study, rows] = await Promise.all([
    db.study.findUniqueOrThrow({ where: { id: studyId }, select: { dataVersion: true } }),
    db.segmentation.findMany({
      where: { studyId },
      orderBy: [{ createdAt: "asc" }, { name: "asc" }],
      select: { id: true, name: true, classCount: true, dataVersion: true },
    }),
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    classCount: r.classCount,
    stale: r.dataVersion !== study.dataVersion,
  }));
}

/** The saved segmentation picked by `?segmentation=<id>` (null: the declared segments; unknown id: null). */
export async function segmentationParam(studyId: string, url: URL): Promise<SegmentationChoice | null> {
  const id = url.searchParams.get("segmentation");
  if (!id) return null;
  return (await listSegmentations(studyId)).find((s) => s.id === id) ?? null;
}

export const MAX_NAME = 80;

/** The save form: a name, the number of classes, and one name per class (defaults: the class's top items). */
export function saveSegmentationSchema(classCounts: number[]) {
  return z
    .object({
      name: z.string().trim().min(1, "Give the segmentation a name.").max(MAX_NAME, `At most ${MAX_NAME} characters.`),
      classes: z.coerce
        .number()
        .int()
        .refine((c) => classCounts.includes(c), "Pick a number of groups the run estimated."),
      classNames: z.array(z.string().trim().max(MAX_NAME, `At most ${MAX_NAME} characters.`)),
    })
    .superRefine((v, ctx) => {
      if (v.classNames.length !== v.classes)
        ctx.addIssue({ code: "custom", path: ["classNames"], message: `Name each of the ${v.classes} groups.` });
      v.classNames.forEach((n, i) => {
        if (n === "") ctx.addIssue({ code: "custom", path: [`className${i + 1}`], message: "Name this group." });
      });
      const seen = new Set<string>();
      v.classNames.forEach((n, i) => {
        if (n !== "" && seen.has(n.toLowerCase()))
          ctx.addIssue({ code: "custom", path: [`className${i + 1}`], message: "Two groups have this name." });
        seen.add(n.toLowerCase());
      });
    });
}
export type SaveSegmentationInput = z.infer<ReturnType<typeof saveSegmentationSchema>>;

export type SaveResult = { ok: true; id: string } | { ok: false; errors: Record<string, string> };

/**
 * Saves the solution with `classes` classes of the stored latent-class run for the study's current
 * answers: each respondent of the run gets their most likely class. Refuses while that run is not
 * stored (new answers since), so a segmentation always comes from the data it says it does.
 */
export async function saveSegmentation(studyId: string, input: SaveSegmentationInput): Promise<SaveResult> {
  // dataVersion before the document: a response completing in between then leaves the segmentation out of date
  // (that respondent in no group) instead of current without them.
  const study = await db.study.findUniqueOrThrow({ where: { id: studyId }, select: { dataVersion: true } });
  const doc = await buildStudyExport(studyId);
  const hash = documentHash(doc);
  const run = await cachedLatentClass(studyId, hash);
  if (!run)
    return {
      ok: false,
      errors: { form: "The segments for the newest answers are still being computed. Try again when they are shown." },
    };
  const solution = run.solutions.find((s) => s.classCount === input.classes);
  const assignments =
    solution?.assignments ?? (input.classes === run.chosen ? run.respondents.map((r) => r.class) : null);
  if (!solution || !assignments || assignments.length !== run.respondents.length)
    return { ok: false, errors: { classes: "That number of groups cannot be saved from this run." } };
  const respondents = await db.respondent.findMany({ where: { studyId }, select: { id: true } });
  const byPseudonym = new Map(respondents.map((r) => [pseudonym(studyId, r.id), r.id]));
  const rows = run.respondents.flatMap((r, i) => {
    const respondentId = byPseudonym.get(r.respondent);
    return respondentId ? [{ respondentId, class: assignments[i] }] : [];
  });
  try {
    const created = await db.$transaction(async (tx) => {
      const seg = await tx.segmentation.create({
        data: {
          studyId,
          name: input.name,
          classCount: input.classes,
          classes: JSON.stringify(input.classNames.map((name, i) => ({ key: classKey(i + 1), name }))),
          dataVersion: study.dataVersion,
          sourceHash: hash,
        },
      });
      await tx.segmentationAssignment.createMany({ data: rows.map((r) => ({ ...r, segmentationId: seg.id })) });
      return seg;
    });
    return { ok: true, id: created.id };
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, errors: { name: "A segmentation with this name already exists." } };
    throw e;
  }
}

/** Removes a saved segmentation (false: none with that id in this study). */
export async function deleteSegmentation(studyId: string, id: string): Promise<boolean> {
  const r = await db.segmentation.deleteMany({ where: { studyId, id } });
  // its cached analysis (analysis.server.ts segmentedAnalysis)
  await db.analysisCache.deleteMany({ where: { studyId, kind: { endsWith: `:segmentation:${id}` } } });
  return r.count > 0;
}
