/** The one-sentence statement of the interim-verdict method (research/sequential/watch.ts), shown on the results page. */
export const WATCH_METHOD =
  "Checked with an O'Brien–Fleming-type boundary so daily looks don't inflate false validations; " +
  "the final verdict at the planned n is the pre-registered test.";
