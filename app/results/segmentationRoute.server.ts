/**
 * The results route's part of saved segmentations (segmentation.server.ts): reading
 * `?segmentation=<id>` and `?saveClasses=C`, and the "Save segmentation" form (zod-checked,
 * errors next to the fields, the typed values kept), and removing one (`intent=delete-segmentation`, `id`).
 */
import { MAX_CLASSES } from "../../research/maxdiff/latentClassSummary.ts";
import type { SaveFeedback } from "../components/results/Segmentations.tsx";
import {
  deleteSegmentation,
  listSegmentations,
  type SegmentationChoice,
  saveSegmentation,
  saveSegmentationSchema,
} from "./segmentation.server.ts";

export async function segmentationLoader(
  studyId: string,
  url: URL,
): Promise<{
  segmentation: SegmentationChoice | null;
  segmentations: SegmentationChoice[];
  saveClasses: number | null;
}> {
  const segmentations = await listSegmentations(studyId);
  const id = url.searchParams.get("segmentation");
  const c = Number(url.searchParams.get("saveClasses"));
  return {
    segmentation: (id && segmentations.find((s) => s.id === id)) || null,
    segmentations,
    saveClasses: Number.isInteger(c) && c >= 2 && c <= MAX_CLASSES ? c : null,
  };
}

const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");

export async function saveSegmentationAction(
  studyId: string,
  form: FormData,
): Promise<{ ok: true; id: string } | { ok: false; feedback: SaveFeedback }> {
  const classes = Number(text(form.get("classes")));
  const count = Number.isInteger(classes) && classes >= 1 && classes <= MAX_CLASSES ? classes : 0;
  const values = {
    name: text(form.get("name")),
    classes: count,
    classNames: Array.from({ length: count }, (_, i) => text(form.get(`className${i + 1}`))),
  };
  if (text(form.get("intent")) === "delete-segmentation") {
    const deleted = await deleteSegmentation(studyId, text(form.get("id")));
    return deleted
      ? { ok: true, id: "" }
      : { ok: false, feedback: { errors: { form: "No such segmentation." }, values } };
  }
  if (text(form.get("intent")) !== "save-segmentation")
    return { ok: false, feedback: { errors: { form: "Unknown action." }, values } };
  const counts = Array.from({ length: MAX_CLASSES - 1 }, (_, i) => i + 2);
  const parsed = saveSegmentationSchema(counts).safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "form");
      errors[key] ??= issue.message;
    }
    return { ok: false, feedback: { errors, values } };
  }
  const r = await saveSegmentation(studyId, parsed.data);
  return r.ok ? r : { ok: false, feedback: { errors: r.errors, values } };
}
