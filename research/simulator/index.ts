export * from "./simulator.ts";
export * from "./proxy.ts";
export * from "./pricedRespondents.ts";
export * from "./priceAware.ts";
