/** Public API of the Gabor–Granger price ladder. */
export * from "./analyse.ts";
export * from "./ladder.ts";
export { readGaborGrangerCsv } from "./cli.ts";
