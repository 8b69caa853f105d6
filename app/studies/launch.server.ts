/** draft → live (locks rules and the MaxDiff design) → closed. */
import { db } from "../db.server.ts";
import { missingForLaunch, type MissingItem } from "./completeness.server.ts";
import { DESIGN_WAIT_MS, designRows, studyDesign } from "./design.server.ts";

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
  // the design job (usually long done: every save generates it) — never computed on this request
  const { items, state } = await studyDesign(studyId, { waitMs: DESIGN_WAIT_MS.launch });
  if (state.state !== "ready")
    return {
      ok: false,
      message:
        state.state === "generating"
          ? "The MaxDiff design is still being generated. Try launching again in a minute."
          : state.state === "failed"
            ? `The MaxDiff design could not be generated: ${state.message}`
            : state.problems.join(" "),
      status: 409,
    };
  const now = new Date();
  const rows = designRows(studyId, state.design, items);
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
