/** How an interim verdict reads on the page (research/sequential/watch.ts), shared by the decision cards and Hypotheses. */
export const WATCH_LABEL: Record<string, string> = {
  validated: "validated",
  invalidated: "invalidated",
  keepGoing: "keep going",
  inconclusive: "inconclusive",
};

/** The badge class of an interim verdict ("keep going" looks like an open question). */
export const watchBadge = (verdict: string) => (verdict === "keepGoing" ? "inconclusive" : verdict);
