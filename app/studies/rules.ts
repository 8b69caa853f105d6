/**
 * Decision-rule form limits shared by the server (ruleForm.ts parses the form) and the
 * browser (RuleForm renders the rows). Not a .server module: a constant imported from one is
 * undefined in the client bundle, which rendered no criterion rows after client navigation.
 */
export const MAX_CRITERIA = 8;
export const CONFIDENCE_LEVELS = [0.8, 0.9, 0.95, 0.99] as const;
