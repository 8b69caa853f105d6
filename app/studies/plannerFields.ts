/**
 * The sample-size planner form's field names and the Van Westendorp questions it asks pilot values for: shared by
 * the form's schema (planner.server.ts) and the page, so no server-only import (the browser bundle gets this file).
 */

/** Form field of a criterion's expected share (criterion id `<hypothesis id>#<index>`). */
export const expectedField = (criterionId: string) => `expected-${criterionId.replace("#", "-")}`;

/** The four Van Westendorp questions in the order a respondent's valid answers increase. */
export const PILOT_QUESTIONS = [
  { key: "tooCheap", label: "Too cheap" },
  { key: "cheap", label: "A bargain" },
  { key: "expensive", label: "Getting expensive" },
  { key: "tooExpensive", label: "Too expensive" },
] as const;

/** A segment's pilot value: one of the four question means, or the answers' SD. */
export type PilotKey = (typeof PILOT_QUESTIONS)[number]["key"] | "sd";
export const PILOT_KEYS: readonly PilotKey[] = [...PILOT_QUESTIONS.map((q) => q.key), "sd"];

/** Form field of a segment's pilot value; segment keys are [a-z0-9_], so the name needs no escaping. */
export const pilotField = (segmentKey: string, key: PilotKey) => `pilot-${segmentKey}-${key}`;
