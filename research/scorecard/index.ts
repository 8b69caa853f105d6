/** Value scorecard (research/scorecard). */
export * from "./analyse.ts";
export * from "./criterion.ts";
export * from "./parse.ts";
export type * from "./types.ts";
export * from "./fromStudy.ts";
