/** The study's sections, in order; each points at a child route of studies.$studyId. */
export const studyTabs: Array<{
  to: string;
  label: string;
  editorsOnly?: boolean;
  ownerOnly?: boolean;
  /** Shown only once the study has left draft (e.g. the fielding dashboard). */
  launchedOnly?: boolean;
}> = [
  { to: ".", label: "Overview" },
  { to: "build", label: "Build", editorsOnly: true },
  { to: "preview", label: "Preview" },
  { to: "results", label: "Results" },
  { to: "fielding", label: "Fielding", launchedOnly: true },
  { to: "respondents", label: "Respondents" },
  { to: "outbox", label: "Outbox", editorsOnly: true },
  { to: "members", label: "Members", ownerOnly: true },
];

export const STUDY_LAYOUT_ROUTE = "routes/studies.$studyId";

/** Section names by the path under /studies/<id>/ (":id" for any one segment), for pages without their own meta. */
const SECTION_TITLES: Array<[RegExp, string]> = [
  [/^$/, "Overview"],
  [/^build$/, "Build"],
  [/^build\/segments$/, "Build · Segments"],
  [/^build\/maxdiff$/, "Build · MaxDiff"],
  [/^build\/hypotheses$/, "Build · Hypotheses"],
  [/^build\/hypotheses\/[^/]+$/, "Build · Hypothesis"],
  [/^build\/pricing$/, "Build · Pricing"],
  [/^build\/planner$/, "Build · Sample size"],
  [/^fielding$/, "Fielding"],
  [/^build\/languages$/, "Build · Languages"],
  [/^build\/quality$/, "Build · Quality"],
  [/^build\/competitors$/, "Build · Competitors"],
  [/^preview$/, "Preview"],
  [/^results$/, "Results"],
  [/^report$/, "Report"],
  [/^respondents$/, "Respondents"],
  [/^outbox$/, "Outbox"],
  [/^outbox\/[^/]+$/, "Outbox · Email"],
  [/^members$/, "Members"],
  [/^status$/, "Close or reopen"],
];

/** The browser title of a study page: "<study name> · <section> · Valuestack". */
export function studyPageTitle(pathname: string, studyName: string | null): string {
  const rest = pathname.replace(/^\/studies\/[^/]+\/?/, "").replace(/\/$/, "");
  const section = SECTION_TITLES.find(([re]) => re.test(rest))?.[1];
  return [studyName ?? "Study", section, "Valuestack"].filter(Boolean).join(" · ");
}
