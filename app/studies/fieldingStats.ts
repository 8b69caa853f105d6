/** Pure computations of the fielding dashboard (app/studies/fielding.server.ts reads the rows). */
import { RESPONSE_STATUSES, RespondentStatus } from "../domain/status.ts";

const DAY_MS = 86_400_000;

export const dayOf = (d: Date) => d.toISOString().slice(0, 10);

export type Projection =
  | { status: "reached"; completes: number; target: number }
  | { status: "noRecent"; completes: number; target: number; windowDays: number }
  | {
      status: "projected";
      completes: number;
      target: number;
      perDay: number;
      daysLeft: number;
      /** UTC day (YYYY-MM-DD) the target is expected to be reached. */
      date: string;
      windowDays: number;
    };

/**
 * Projected completion from the recent completion rate: rate = completes in the last `windowDays` days
 * (or since launch when that is shorter) / that span in days; days left = (target − completes) / rate;
 * the date is now + days left (a straight-line extrapolation of the recent rate).
 */
export function projectCompletion(input: {
  completes: number;
  target: number;
  /** Completion times of this segment's completes (only those inside the window matter). */
  completedAt: readonly Date[];
  launchedAt: Date | null;
  now: Date;
  windowDays?: number;
}): Projection {
  const { completes, target, now } = input;
  if (completes >= target) return { status: "reached", completes, target };
  const windowMax = input.windowDays ?? 7;
  const sinceLaunch = input.launchedAt ? (now.getTime() - input.launchedAt.getTime()) / DAY_MS : windowMax;
  const windowDays = Math.max(1 / 24, Math.min(windowMax, sinceLaunch));
  const from = now.getTime() - windowDays * DAY_MS;
  const recent = input.completedAt.filter((d) => d.getTime() > from && d.getTime() <= now.getTime()).length;
  if (recent === 0) return { status: "noRecent", completes, target, windowDays };
  const perDay = recent / windowDays;
  const daysLeft = (target - completes) / perDay;
  return {
    status: "projected",
    completes,
    target,
    perDay,
    daysLeft,
    date: dayOf(new Date(now.getTime() + daysLeft * DAY_MS)),
    windowDays,
  };
}

/** Survey order of a page key: screener, concept:i, maxdiff:t, price, nms (app/survey/pages.server.ts). */
export function pageRank(page: string): number {
  if (page === "screener") return 0;
  const m = /^(concept|maxdiff):(\d+)$/.exec(page);
  if (m) return (m[1] === "concept" ? 1_000 : 100_000) + Number(m[2]);
  if (page === "price") return 200_000;
  if (page === "nms") return 200_001;
  return 300_000;
}

export function pageLabel(page: string): string {
  if (page === "screener") return "Screener";
  const m = /^(concept|maxdiff):(\d+)$/.exec(page);
  if (m) return m[1] === "concept" ? `Concept ${m[2]}` : `MaxDiff task ${m[2]}`;
  if (page === "price") return "Price questions";
  if (page === "nms") return "Price follow-up";
  return page;
}

export interface PageFunnelRow {
  page: string;
  label: string;
  /** Respondents who reached the page (submitted the one before it; for the first page, everyone who started). */
  reached: number;
  /** Respondents who submitted it. */
  submitted: number;
  /** reached − submitted: stopped on this page (or are on it now). */
  lost: number;
  /** lost / reached (null when nobody reached it). */
  lostShare: number | null;
}

/**
 * Drop-off by survey page from PageSubmission counts, in survey order. Everyone who started reaches the first
 * page; a page's reach is the previous page's submissions, minus those the screener ended (screened out or
 * over quota), who leave by design and are not drop-off.
 */
export function pageFunnel(
  started: number,
  submissions: readonly { page: string; count: number }[],
  endedByScreener = 0,
): PageFunnelRow[] {
  const pages = [...submissions].sort((a, b) => pageRank(a.page) - pageRank(b.page) || (a.page < b.page ? -1 : 1));
  const rows: PageFunnelRow[] = [];
  let reached = started;
  for (const p of pages) {
    const lost = Math.max(0, reached - p.count);
    rows.push({
      page: p.page,
      label: pageLabel(p.page),
      reached,
      submitted: p.count,
      lost,
      lostShare: reached > 0 ? lost / reached : null,
    });
    reached = p.page === "screener" ? Math.max(0, p.count - endedByScreener) : p.count;
  }
  return rows;
}

/** Median of a list (mean of the middle two for an even count); null when empty. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Cumulative completes per day for each series, on the union of days (for the chart and its table). */
export function cumulativeByDay(series: Record<string, readonly string[]>): {
  days: string[];
  values: Record<string, number[]>;
} {
  const days = [...new Set(Object.values(series).flat())].sort();
  const values: Record<string, number[]> = {};
  for (const [key, list] of Object.entries(series)) {
    const perDay = new Map<string, number>();
    for (const d of list) perDay.set(d, (perDay.get(d) ?? 0) + 1);
    let total = 0;
    values[key] = days.map((d) => {
      total += perDay.get(d) ?? 0;
      return total;
    });
  }
  return { days, values };
}

export interface Wave {
  /** Send date (UTC day). */
  day: string;
  sent: number;
  started: number;
  completed: number;
  /** completed / sent */
  responseRate: number;
}

/** Respondent statuses of invitees who opened the survey and began (screened-out and turned-away ones too). */
const RESPONDED = new Set<string>(RESPONSE_STATUSES);

/** Invitation waves: invitations grouped by send day, with how many of those invitees started and completed. */
export function invitationWaves(rows: readonly { sentAt: Date; respondentStatus: string }[]): Wave[] {
  const byDay = new Map<string, Wave>();
  for (const r of rows) {
    const day = dayOf(r.sentAt);
    const w = byDay.get(day) ?? { day, sent: 0, started: 0, completed: 0, responseRate: 0 };
    w.sent++;
    if (r.respondentStatus === RespondentStatus.completed) w.completed++;
    if (RESPONDED.has(r.respondentStatus)) w.started++;
    byDay.set(day, w);
  }
  return [...byDay.values()]
    .sort((a, b) => (a.day < b.day ? -1 : 1))
    .map((w) => ({ ...w, responseRate: w.sent > 0 ? w.completed / w.sent : 0 }));
}
