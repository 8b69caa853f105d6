/**
 * What the MaxDiff builder accepts: enough for any MaxDiff study (Sawtooth suggests at most
 * about 20 tasks and a few versions), and small enough that the heaviest design takes seconds
 * (app/studies/design.server.ts). Shared by the form (client) and the zod schema (server).
 */
export const DESIGN_LIMITS = { items: 60, itemsPerTask: 8, tasksPerRespondent: 30, versions: 20 } as const;
