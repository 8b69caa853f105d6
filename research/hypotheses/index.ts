export * from "./criteria.ts";
export * from "./evaluate.ts";
export * from "./validateRule.ts";
export * from "./issues.ts";
