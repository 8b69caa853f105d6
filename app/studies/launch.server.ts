/** draft → live (locks rules and the MaxDiff design) → closed. */
import { db } from "../db.server.ts";
import { missingForLaunch, type MissingItem } from "./completeness.server.ts";
import { designFor, loadDesignInputs } from "./design.server.ts";

export type LaunchOutcome = { ok: true } | { ok: false; message: string; missing?: MissingItem[]; status: number };

export async function launchStudy(studyId: string): Promise<LaunchOutcome> {
  const study = await db.study.findUniqueOrThrow({ where: { id: studyId }, select: { status: true } });
  if (study.status !== "draft") return { ok: false, message: `This study is already ${study.status}.`, status: 409 };
  const missing = await missingForLaunch(studyId);
  if (missing.length)
    return {
      ok: false,
      message: "The study is not complete yet: fix the items listed below, then launch.",
      missing,
      status: 400,
    };
  const { items, settings } = await loadDesignInputs(studyId);
  const design = designFor(items.length, settings);
  const now = new Date();
  const rows = design.versions.flatMap((tasks, v) =>
    tasks.flatMap((task, t) =>
      task.map((item, p) => ({ studyId, version: v + 1, task: t + 1, position: p + 1, itemId: items[item].id })),
    ),
  );
  // One batch: the design, the locked rules and the status change land together. The
  // design is deterministic (seeded), so a concurrent second launch writes the same rows.
  await db.$transaction([
    db.maxDiffDesignTask.deleteMany({ where: { studyId } }),
    db.maxDiffDesignTask.createMany({ data: rows }),
    db.hypothesis.updateMany({ where: { studyId, ruleLockedAt: null }, data: { ruleLockedAt: now } }),
    db.study.updateMany({ where: { id: studyId, status: "draft" }, data: { status: "live", launchedAt: now } }),
  ]);
  return { ok: true };
}

export async function closeStudy(studyId: string): Promise<LaunchOutcome> {
  const n = await db.study.updateMany({
    where: { id: studyId, status: "live" },
    data: { status: "closed", closedAt: new Date() },
  });
  if (n.count === 0) return { ok: false, message: "Only a live study can be closed.", status: 409 };
  return { ok: true };
}
