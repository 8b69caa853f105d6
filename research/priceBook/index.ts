/** Public API of the price-book recommender. */
export * from "./recommend.ts";
