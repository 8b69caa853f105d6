export * from "./simulator.ts";
export * from "./proxy.ts";
