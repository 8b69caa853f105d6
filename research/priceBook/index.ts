/** Public API of the price-book recommender. */
export * from "./recommend.ts";
export { readPriceBookCsv } from "./cli.ts";
