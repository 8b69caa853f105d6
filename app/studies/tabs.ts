/** The study's sections, in order; each points at a child route of studies.$studyId. */
export const studyTabs: Array<{ to: string; label: string; editorsOnly?: boolean }> = [
  { to: ".", label: "Overview" },
];
