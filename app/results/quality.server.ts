/**
 * The results page's "Respondent quality" section: the gate's report (research/quality/gate.ts,
 * computed inside analyseStudy) shaped for the page, and whether HB used segment covariates with
 * their effects. Respondents are named by their export pseudonym; editors also see who it is
 * (email or name), viewers see pseudonyms only. Selects and renames, never computes a statistic.
 */
import { formatDuration } from "../../research/format/duration.ts";
import type { StudyResult } from "../../research/study.ts";
import type { StudyExport } from "../../research/studyExport.ts";
import { db } from "../db.server.ts";
import { pseudonymSecret } from "../env.server.ts";
import { pseudonym } from "./exportDocument.server.ts";

/** Most flagged respondents listed on the page (all of them are in the exports). */
export const MAX_LISTED = 20;

/**
 * `r` is the analysis (its gate report and HB run); the fielding dashboard passes the gate's report alone
 * (`maxdiff: null`). `opts.names`: pseudonym → who, already looked up (respondentNames), for callers that
 * cache it; editors only.
 */
export async function qualityView(
  studyId: string,
  doc: { segments: ReadonlyArray<Pick<StudyExport["segments"][number], "key" | "name">> },
  r: Pick<StudyResult, "quality" | "maxdiff">,
  opts: { segment: string | null; canEdit: boolean; names?: ReadonlyMap<string, string> },
) {
  const q = r.quality;
  const names = Object.fromEntries(doc.segments.map((s) => [s.key, s.name || s.key]));
  const inShown = (seg: string | null) => !opts.segment || seg === opts.segment;
  const flagged = q.respondents.filter((x) => inShown(x.segment));
  const who: ReadonlyMap<string, string> = opts.canEdit
    ? (opts.names ?? (await respondentNames(studyId, new Set(flagged.map((x) => x.id)))))
    : new Map();
  const flaggedIn = (seg: string | null) => flagged.filter((x) => seg === null || x.segment === seg).length;
  const hb = r.maxdiff?.hb ?? null;
  return {
    exclude: q.settings.exclude,
    speederShare: q.settings.speederShare,
    median: q.medianSeconds === null ? null : formatDuration(q.medianSeconds),
    rlhCutoff: q.rlhCutoff,
    counts: [
      ...(opts.segment ? [] : [{ key: "", name: "All respondents", ...q.counts.overall, flagged: flaggedIn(null) }]),
      ...Object.entries(q.counts.segments)
        .filter(([k]) => inShown(k))
        .map(([key, c]) => ({ key, name: c.name, before: c.before, after: c.after, flagged: flaggedIn(key) })),
    ],
    byKind: q.byKind,
    total: flagged.length,
    respondents: flagged.slice(0, MAX_LISTED).map((x) => ({
      id: x.id,
      who: who.get(x.id) ?? null,
      segment: x.segment ? (names[x.segment] ?? x.segment) : "No segment",
      excluded: x.excluded,
      flags: x.flags,
    })),
    covariates: hb
      ? {
          used: !!hb.covariates,
          effects: (hb.covariates?.effects ?? [])
            .filter((e) => e.covariate.toLowerCase() !== "segment" || !e.level || inShown(e.level))
            .map((e) => ({
              level: e.level ? (names[e.level] ?? e.level) : e.covariate,
              item: e.item,
              // shown to 2 decimals: send no more
              effect: round2(e.effect),
              interval: [round2(e.interval[0]), round2(e.interval[1])] as [number, number],
            })),
        }
      : null,
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Pseudonym → email or name, for the study's respondents with a response (editors only). */
export async function respondentNames(studyId: string, ids: Set<string>): Promise<Map<string, string>> {
  if (!ids.size) return new Map();
  const rows = await db.response.findMany({
    where: { studyId },
    select: { respondent: { select: { id: true, email: true, name: true } } },
  });
  const secret = pseudonymSecret();
  const out = new Map<string, string>();
  for (const { respondent: p } of rows) {
    const id = pseudonym(studyId, p.id, secret);
    if (ids.has(id)) out.set(id, p.email || p.name || "anonymous panel respondent");
  }
  return out;
}

export type QualityView = Awaited<ReturnType<typeof qualityView>>;
