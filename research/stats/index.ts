/** Shared small statistics (research/stats). */
export * from "./descriptive.ts";
export * from "./intervals.ts";
export * from "./tests.ts";
export * from "./concentration.ts";
export * from "./linearAlgebra.ts";
export * from "./combinatorics.ts";
export * from "./rhat.ts";
export * from "./independence.ts";
export * from "./settleHalfWidth.ts";
export * from "./settleWilson.ts";
export * from "./topK.ts";
