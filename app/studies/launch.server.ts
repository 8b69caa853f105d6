/** draft → live (locks rules and the MaxDiff design) → closed → (reopened) live. */
import { db } from "../db.server.ts";
import { OutboxStatus, parseStudyStatus, ResponseStatus, StudyStatus } from "../domain/status.ts";
import { missingForLaunch, type MissingItem } from "./completeness.server.ts";
import { DESIGN_WAIT_MS, designRows, studyDesign } from "./design.server.ts";

export type LaunchOutcome = { ok: true } | { ok: false; message: string; missing?: MissingItem[]; status: number };

export async function launchStudy(studyId: string): Promise<LaunchOutcome> {
  const study = await db.study.findUniqueOrThrow({ where: { id: studyId }, select: { status: true } });
  const status = parseStudyStatus(study.status);
  if (status !== StudyStatus.draft) return { ok: false, message: `This study is already ${status}.`, status: 409 };
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
    db.study.updateMany({
      where: { id: studyId, status: StudyStatus.draft },
      data: { status: StudyStatus.live, launchedAt: now },
    }),
  ]);
  return { ok: true };
}

export async function closeStudy(studyId: string): Promise<LaunchOutcome> {
  const n = await db.study.updateMany({
    where: { id: studyId, status: StudyStatus.live },
    data: { status: StudyStatus.closed, closedAt: new Date() },
  });
  if (n.count === 0) return { ok: false, message: "Only a live study can be closed.", status: 409 };
  return { ok: true };
}

/** closed → live again: links work again; rules and the design stay locked as launched. */
export async function reopenStudy(studyId: string): Promise<LaunchOutcome> {
  const n = await db.study.updateMany({
    where: { id: studyId, status: StudyStatus.closed },
    data: { status: StudyStatus.live, closedAt: null },
  });
  if (n.count === 0) return { ok: false, message: "Only a closed study can be reopened.", status: 409 };
  return { ok: true };
}

/** What closing (or reopening) touches, for the confirm step: people mid-survey and emails waiting. */
export async function statusChangeImpact(studyId: string) {
  const [study, midSurvey, completed, waitingEmails] = await Promise.all([
    db.study.findUniqueOrThrow({ where: { id: studyId }, select: { status: true, name: true } }),
    db.response.count({ where: { studyId, status: ResponseStatus.started } }),
    db.response.count({ where: { studyId, status: ResponseStatus.completed } }),
    db.emailOutbox.count({
      where: { studyId, status: { in: [OutboxStatus.queued, OutboxStatus.sending] } },
    }),
  ]);
  return { status: parseStudyStatus(study.status), name: study.name, midSurvey, completed, waitingEmails };
}
