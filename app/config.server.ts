/**
 * Moved to app/env.server.ts (one validated schema over the environment). This re-export keeps
 * imports from branches written before the move compiling; new code imports env.server.ts.
 */
export * from "./env.server.ts";
