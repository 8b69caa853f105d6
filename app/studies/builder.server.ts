/**
 * The study builder, one module per concern: schemas (builderSchemas.ts, shared with the browser), the rule form
 * (ruleForm.ts), one write module per entity (study, segments, maxdiffItems, pricing, hypotheses, concepts,
 * decisionRule .server.ts), the result shape (outcome.server.ts). Routes import those modules directly; this file
 * only re-exports them for code written against the old single module.
 */
export * from "./builderSchemas.ts";
export * from "./concepts.server.ts";
export * from "./decisionRule.server.ts";
export * from "./hypotheses.server.ts";
export * from "./maxdiffItems.server.ts";
export * from "./outcome.server.ts";
export * from "./pricing.server.ts";
export * from "./ruleForm.ts";
export * from "./segments.server.ts";
export * from "./study.server.ts";
export { CONFIDENCE_LEVELS, MAX_CRITERIA } from "./rules.ts";
export { builderSubmission } from "../forms.server.ts";
export { formSnapshot } from "../forms.ts";
