/**
 * What may change once a study is live. Respondents' answers refer to the questions,
 * concepts, MaxDiff items and design, the pre-registered rules and the segments' keys;
 * changing any of them after launch would corrupt collected data, so the server refuses
 * with a reason (the buttons are hidden too, but this is the check that counts).
 */
import { db } from "../db.server.ts";
import { parseStudyStatus, StudyStatus } from "../domain/status.ts";

export type LockedPart =
  | "study-details"
  | "segment-key"
  | "segment-remove"
  | "hypothesis"
  | "rule"
  | "concept"
  | "item"
  | "maxdiff-settings"
  | "maxdiff-anchor"
  | "pricing"
  | "languages"
  | "quality"
  | "hb-covariates"
  | "competitors";

const REASONS: Record<LockedPart, string> = {
  "study-details": "the product description and currency are shown in the survey",
  "segment-key": "segment keys identify respondents' segments in the collected data and the rules",
  "segment-remove": "respondents and rules refer to this segment",
  hypothesis: "hypotheses and their links were pre-registered at launch",
  rule: "decision rules are pre-registered: they were locked at launch",
  concept: "respondents have rated the concepts as written",
  item: "respondents have chosen among these MaxDiff items",
  "maxdiff-settings": "the MaxDiff design was locked at launch",
  "maxdiff-anchor": "respondents have answered the MaxDiff pages with or without the anchor question",
  pricing: "respondents have answered the pricing questions as configured",
  languages: "respondents take the survey in the languages it launched with",
  quality: "the respondent-quality gate and attention check were pre-registered at launch",
  "hb-covariates": "the analysis plan (HB with or without segment covariates) was pre-registered at launch",
  competitors: "respondents have chosen among these alternatives and rated these value drivers",
};

export class LockedError extends Error {
  status = 409;
  constructor(
    readonly part: LockedPart,
    status: string,
  ) {
    super(`This study is ${status}, so this can no longer change: ${REASONS[part]}.`);
  }
}

export function lockReason(status: string, part: LockedPart): string | null {
  return status === StudyStatus.draft ? null : new LockedError(part, status).message;
}

/** The short note printed next to a locked control: "Locked after launch: …", or null for a draft. */
export function lockNote(status: string, part: LockedPart): string | null {
  return status === StudyStatus.draft ? null : `Locked after launch: ${REASONS[part]}.`;
}

/** Throws LockedError unless the study is still a draft. */
export async function assertUnlocked(studyId: string, part: LockedPart): Promise<void> {
  const status = await studyStatus(studyId);
  if (status !== StudyStatus.draft) throw new LockedError(part, status);
}

export async function studyStatus(studyId: string): Promise<StudyStatus> {
  const { status } = await db.study.findUniqueOrThrow({ where: { id: studyId }, select: { status: true } });
  return parseStudyStatus(status);
}
