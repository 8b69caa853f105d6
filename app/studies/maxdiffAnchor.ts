/**
 * Anchored (dual-response) MaxDiff (Orme 2009): after the best/worst picks of each MaxDiff page the
 * respondent says whether all, some or none of the shown features are valuable to them. The answer
 * places the items relative to an anchor (0 = "valuable" line), so results can show a must-have share.
 */

export const ANCHOR_ANSWERS = ["all", "some", "none"] as const;
export type AnchorAnswer = (typeof ANCHOR_ANSWERS)[number];

export const DEFAULT_ANCHOR_QUESTION = "Considering only these features, are they valuable to you?";

/** Labels of the three answers, in display order. */
export const ANCHOR_LABELS: Record<AnchorAnswer, string> = {
  all: "All of them are valuable to me",
  some: "Some of them are valuable to me",
  none: "None of them are valuable to me",
};

export const MAX_ANCHOR_QUESTION_LENGTH = 300;

/** The wording shown to respondents: the study's own, or the default when empty. */
export function anchorQuestion(stored: string | null | undefined): string {
  const text = (stored ?? "").trim();
  return text === "" ? DEFAULT_ANCHOR_QUESTION : text;
}

export function isAnchorAnswer(v: unknown): v is AnchorAnswer {
  return typeof v === "string" && (ANCHOR_ANSWERS as readonly string[]).includes(v);
}
