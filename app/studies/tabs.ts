/** The study's sections, in order; each points at a child route of studies.$studyId. */
export const studyTabs: Array<{ to: string; label: string; editorsOnly?: boolean; ownerOnly?: boolean }> = [
  { to: ".", label: "Overview" },
  { to: "build", label: "Build", editorsOnly: true },
  { to: "preview", label: "Preview" },
  { to: "results", label: "Results" },
  { to: "respondents", label: "Respondents" },
  { to: "outbox", label: "Outbox", editorsOnly: true },
  { to: "members", label: "Members", ownerOnly: true },
];

export const STUDY_LAYOUT_ROUTE = "routes/studies.$studyId";

/** The study's name from the layout route's data, for child routes' meta. */
export function studyNameFrom(matches: ReadonlyArray<{ id: string; data?: unknown }>): string | null {
  const layout = matches.find((m) => m.id === STUDY_LAYOUT_ROUTE)?.data as { study?: { name?: unknown } } | undefined;
  return typeof layout?.study?.name === "string" ? layout.study.name : null;
}

/** "<study name> · <section> · Valuestack": every study page gets its own browser title. */
export function studyTitle(matches: ReadonlyArray<{ id: string; data?: unknown }>, section: string): string {
  return [studyNameFrom(matches) ?? "Study", section, "Valuestack"].join(" · ");
}

/** Section names by child route id (after "routes/studies.$studyId."), for routes without their own meta. */
const SECTION_TITLES: Record<string, string> = {
  _index: "Overview",
  "build._index": "Build",
  "build.segments": "Build · Segments",
  "build.maxdiff": "Build · MaxDiff",
  "build.hypotheses._index": "Build · Hypotheses",
  "build.hypotheses.$hypothesisId": "Build · Hypothesis",
  "build.pricing": "Build · Pricing",
  preview: "Preview",
  results: "Results",
  report: "Report",
  respondents: "Respondents",
  outbox: "Outbox",
  "outbox_.$emailId": "Outbox · Email",
  members: "Members",
  status: "Close or reopen",
};

/** The browser title of the deepest study page in `matches`: "<study name> · <section> · Valuestack". */
export function studyPageTitle(matches: ReadonlyArray<{ id: string; data?: unknown }>, studyName: string | null) {
  const leaf = matches[matches.length - 1]?.id ?? "";
  const prefix = `${STUDY_LAYOUT_ROUTE}.`;
  const section = leaf.startsWith(prefix) ? SECTION_TITLES[leaf.slice(prefix.length)] : undefined;
  return [studyName ?? "Study", section, "Valuestack"].filter(Boolean).join(" · ");
}
