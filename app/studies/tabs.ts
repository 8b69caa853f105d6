/** The study's sections, in order; each points at a child route of studies.$studyId. */
export const studyTabs: Array<{ to: string; label: string; editorsOnly?: boolean }> = [
  { to: ".", label: "Overview" },
  { to: "build", label: "Build", editorsOnly: true },
  { to: "preview", label: "Preview" },
  { to: "results", label: "Results" },
  { to: "respondents", label: "Respondents" },
  { to: "outbox", label: "Outbox", editorsOnly: true },
];
