/**
 * CSV exports of a study export document, in the research CLI's input formats (so
 * `npm run research` reproduces the app's numbers). Formula-safe: every text cell (headers
 * too) starting with = + - @, tab, CR or NUL gets a leading ' ; numbers are written as
 * numbers, never neutralised. RFC 4180 quoting by csv-stringify.
 */
import type { QualityReport } from "../../research/quality/gate.ts";
import { gaborGrangerRows } from "../../research/gaborGranger/fromStudy.ts";
import { stringify } from "csv-stringify/sync";
import type { StudyResult } from "../../research/study.ts";
import { respondentMarketWeight } from "../../research/weighting/marketMix.ts";
import { CONCEPT_METRICS, type StudyExport } from "../../research/studyExport.ts";
import { ResponseStatus } from "../domain/status.ts";

export type Cell = string | number | null | undefined;

const DANGEROUS = /^[=+\-@\t\r\0]/;

export function neutralise(cell: Cell): string | number {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : "";
  return DANGEROUS.test(cell) ? `'${cell}` : cell;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return stringify([header.map(neutralise), ...rows.map((r) => r.map(neutralise))], {
    record_delimiter: "\r\n",
    cast: { number: (n) => String(n) },
  });
}

const completed = (doc: StudyExport) => doc.respondents.filter((r) => r.status === ResponseStatus.completed);

/**
 * The document without the respondents the analysis's quality gate excluded: the respondents its
 * numbers use, so a method's CSV of it gives the CLI the page's input.
 */
export function analysedDoc(doc: StudyExport, quality: Pick<QualityReport, "respondents">): StudyExport {
  const excluded = new Set(quality.respondents.filter((r) => r.excluded).map((r) => r.id));
  return excluded.size ? { ...doc, respondents: doc.respondents.filter((r) => !excluded.has(r.id)) } : doc;
}

/**
 * Multi-language studies get a last "language" column in every respondent-level CSV, so the CLI can
 * split by it (`--segment-column language`); single-language exports keep their columns.
 */
const hasLanguage = new WeakMap<StudyExport, boolean>();
function languageColumn(doc: StudyExport): string[] {
  let has = hasLanguage.get(doc);
  if (has === undefined) {
    has = doc.respondents.some((r) => r.language);
    hasLanguage.set(doc, has);
  }
  return has ? ["language"] : [];
}
const languageCell = (doc: StudyExport, r: StudyExport["respondents"][number]): Cell[] =>
  languageColumn(doc).length ? [r.language ?? ""] : [];

/** respondent,segment,task,item,best,worst — one row per item shown (best/worst 1 or 0). */
export function maxDiffCsv(doc: StudyExport): string {
  const rows: Cell[][] = [];
  for (const r of completed(doc))
    for (const t of r.maxdiff)
      for (const item of t.shown)
        rows.push([
          r.id,
          r.segment ?? "",
          t.task,
          item,
          item === t.best ? 1 : 0,
          item === t.worst ? 1 : 0,
          ...languageCell(doc, r),
        ]);
  return toCsv(["respondent", "segment", "task", "item", "best", "worst", ...languageColumn(doc)], rows);
}

/** The price answers' columns (the `van-westendorp` CLI's names) and their fields, in order; pi_*: the NMS questions. */
const PRICE_COLUMNS = [
  ["too_cheap", "tooCheap"],
  ["cheap", "cheap"],
  ["expensive", "expensive"],
  ["too_expensive", "tooExpensive"],
  ["pi_cheap", "piCheap"],
  ["pi_expensive", "piExpensive"],
] as const;
const priceHeader = PRICE_COLUMNS.map(([column]) => column);
/** A respondent's price answers as cells (empty when not asked); `nms: false` leaves the NMS cells empty. */
const priceCells = (price: StudyExport["respondents"][number]["price"], nms = true): Cell[] =>
  PRICE_COLUMNS.map(([column, field]) => (!nms && column.startsWith("pi_") ? null : (price?.[field] ?? null)));

/** respondent,segment,too_cheap,cheap,expensive,too_expensive,pi_cheap,pi_expensive */
export function vanWestendorpCsv(doc: StudyExport): string {
  const nms = doc.pricing?.nms ?? false;
  const rows: Cell[][] = completed(doc)
    .filter((r) => r.price)
    .map((r) => [r.id, r.segment ?? "", ...priceCells(r.price, nms), ...languageCell(doc, r)]);
  return toCsv(["respondent", "segment", ...priceHeader, ...languageColumn(doc)], rows);
}

/**
 * respondent,price,response,segment,weight — the `gabor-granger` CLI's input, one row per price asked (ladder
 * order). `weight` is the respondent's market-mix weight from the analysis's weighting (1 without an applied mix),
 * so the CLI reproduces the page's all-respondents block weighted to the market mix.
 */
export function gaborGrangerCsv(doc: StudyExport, weighting: StudyResult["weighting"]): string {
  const rows: Cell[][] = gaborGrangerRows(doc, (r) => respondentMarketWeight(weighting, r.segment)).map((r) => [
    r.respondent,
    r.price,
    r.response,
    r.segment,
    r.weight,
  ]);
  return toCsv(["respondent", "price", "response", "segment", "weight"], rows);
}

/** respondent,segment,concept,appeal,relevance,uniqueness,believability,purchase_intent,position */
export function conceptTestCsv(doc: StudyExport): string {
  const rows: Cell[][] = [];
  for (const r of completed(doc))
    for (const c of r.concepts)
      rows.push([
        r.id,
        r.segment ?? "",
        c.concept,
        ...CONCEPT_METRICS.map((m) => c[m]),
        c.position,
        ...languageCell(doc, r),
      ]);
  return toCsv(["respondent", "segment", "concept", ...CONCEPT_METRICS, "position", ...languageColumn(doc)], rows);
}

/**
 * Raw responses: one row per respondent (every status), stable column names derived from the study.
 * With the analysis's quality report: `quality_flags` (the gate's flags, " | "-separated, see
 * research/quality/gate.ts) and `excluded` (yes when the study's gate excludes the respondent).
 */
export function responsesCsv(doc: StudyExport, quality?: Pick<QualityReport, "respondents">): string {
  const flagged = new Map((quality?.respondents ?? []).map((r) => [r.id, r]));
  const tasks = Math.max(
    doc.maxdiff?.tasksPerRespondent ?? 0,
    ...doc.respondents.map((r) => Math.max(0, ...r.maxdiff.map((t) => t.task))),
  );
  const header = [
    "respondent",
    "segment",
    "status",
    ...doc.concepts.flatMap((c) => [
      ...CONCEPT_METRICS.map((m) => `concept:${c.name}:${m}`),
      `concept:${c.name}:position`,
    ]),
    ...Array.from({ length: tasks }, (_, i) => [
      `maxdiff_${i + 1}_shown`,
      `maxdiff_${i + 1}_best`,
      `maxdiff_${i + 1}_worst`,
    ]).flat(),
    ...priceHeader,
    ...languageColumn(doc),
    ...(quality ? ["quality_flags", "excluded"] : []),
  ];
  const rows: Cell[][] = doc.respondents.map((r) => {
    const byConcept = new Map(r.concepts.map((c) => [c.concept, c]));
    const byTask = new Map(r.maxdiff.map((t) => [t.task, t]));
    return [
      r.id,
      r.segment ?? "",
      r.status,
      ...doc.concepts.flatMap((c) => {
        const x = byConcept.get(c.name);
        return [...CONCEPT_METRICS.map((m) => x?.[m] ?? null), x?.position ?? null];
      }),
      ...Array.from({ length: tasks }, (_, i) => {
        const t = byTask.get(i + 1);
        return [t ? t.shown.join(" | ") : null, t?.best ?? null, t?.worst ?? null];
      }).flat(),
      ...priceCells(r.price),
      ...languageCell(doc, r),
      ...(quality
        ? [
            flagged
              .get(r.id)
              ?.flags.map((f) => f.kind)
              .join(" | ") ?? "",
            r.status !== ResponseStatus.completed ? "" : flagged.get(r.id)?.excluded ? "yes" : "no",
          ]
        : []),
    ];
  });
  return toCsv(header, rows);
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_");
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A file-name-safe slug of the study name (no leading formula characters, no path separators). */
export function fileSlug(name: string): string {
  const slug = name
    .normalize("NFKC")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this strips
    .replace(/[\\/:*?"<>|\x00-\x1f]+/g, " ")
    .replace(/^[=+\-@\s.']+/, "")
    .trim()
    .replace(/\s+/g, "-")
    .slice(0, 80);
  return slug || "study";
}

// --- Computed results (what the results page shows), from analyseStudy()'s result only.

const segName = (doc: StudyExport, key: string | null) =>
  key === null ? "All" : doc.segments.find((s) => s.key === key)?.name || key;
const lo = (i: [number, number] | null | undefined) => i?.[0] ?? null;
const hi = (i: [number, number] | null | undefined) => i?.[1] ?? null;

/** segment,…,n,n_valid,not_in_order,incomplete,pmc,pmc_low,pmc_high,opp,…,pme_high,nms_revenue_optimal */
export function priceBandsCsv(doc: StudyExport, r: StudyResult): string {
  const rows: Cell[][] = doc.segments.flatMap((s) => {
    const b = r.vanWestendorp?.segments[s.key];
    if (!b) return [];
    const i = b.intervals;
    return [
      [
        s.key,
        segName(doc, s.key),
        b.n,
        b.nValid,
        b.invalid.notOrdered,
        b.invalid.missing,
        b.pmc,
        lo(i?.pmc),
        hi(i?.pmc),
        b.opp,
        lo(i?.opp),
        hi(i?.opp),
        b.ipp,
        lo(i?.ipp),
        hi(i?.ipp),
        b.pme,
        lo(i?.pme),
        hi(i?.pme),
        b.nms?.revenueOptimal ?? null,
      ],
    ];
  });
  const h = (p: string) => [p, `${p}_low`, `${p}_high`];
  return toCsv(
    [
      "segment",
      "segment_name",
      "n",
      "n_valid",
      "not_in_order",
      "incomplete",
      ...h("pmc"),
      ...h("opp"),
      ...h("ipp"),
      ...h("pme"),
      "nms_revenue_optimal",
    ],
    rows,
  );
}

/** segment,segment_name,item,utility,utility_low,utility_high,share_percent,share_low,share_high (overall = "All"). */
export function maxDiffSharesCsv(doc: StudyExport, r: StudyResult): string {
  const rows: Cell[][] = [];
  if (r.maxdiff) {
    const blocks: [string | null, (typeof r.maxdiff)["overall"]][] = [
      [null, r.maxdiff.overall],
      ...doc.segments.flatMap((s) =>
        r.maxdiff!.segments[s.key] ? [[s.key, r.maxdiff!.segments[s.key]] as [string, typeof r.maxdiff.overall]] : [],
      ),
    ];
    for (const [key, b] of blocks)
      for (const it of b.items)
        rows.push([
          key ?? "",
          segName(doc, key),
          it.item,
          it.utility,
          lo(it.utilityInterval),
          hi(it.utilityInterval),
          it.share,
          lo(it.shareInterval),
          hi(it.shareInterval),
        ]);
  }
  return toCsv(
    [
      "segment",
      "segment_name",
      "item",
      "utility",
      "utility_low",
      "utility_high",
      "share_percent",
      "share_low",
      "share_high",
    ],
    rows,
  );
}

/** feature,label,stacks_in,<segment>_share…,rule */
export function valueMapCsv(doc: StudyExport, r: StudyResult): string {
  const segs = r.valueMap.segmentOrder;
  return toCsv(
    ["feature", "label", "stacks_in", ...segs.map((s) => `${s}_share_percent`), "rule"],
    r.valueMap.features.map((f) => [
      f.item,
      f.label,
      f.segment === null ? "" : segName(doc, f.segment),
      ...segs.map((s) => f.shares[s] ?? null),
      f.rule,
    ]),
  );
}

/** hypothesis_id,statement,verdict,reason,criterion,criterion_verdict,explanation,more_respondents_needed,evidence_json */
export function hypothesesCsv(r: StudyResult): string {
  const rows: Cell[][] = r.hypotheses.flatMap((h) =>
    (h.criteria.length ? h.criteria : [null]).map((c) => [
      h.id,
      h.statement,
      h.verdict,
      h.reason,
      c?.rule ?? "",
      c?.verdict ?? "",
      c?.explanation ?? "",
      c?.moreRespondentsNeeded ?? null,
      c ? JSON.stringify(c.evidence) : "",
    ]),
  );
  return toCsv(
    [
      "hypothesis_id",
      "statement",
      "verdict",
      "reason",
      "criterion",
      "criterion_verdict",
      "explanation",
      "more_respondents_needed",
      "evidence_json",
    ],
    rows,
  );
}

/** concept,segment,segment_name,metric,n,top2,top2_share,top2_low,top2_high,mean,mean_low,mean_high */
export function conceptCellsCsv(doc: StudyExport, r: StudyResult): string {
  return toCsv(
    [
      "concept",
      "segment",
      "segment_name",
      "metric",
      "n",
      "top2",
      "top2_share",
      "top2_low",
      "top2_high",
      "mean",
      "mean_low",
      "mean_high",
    ],
    r.conceptTest.cells.map((c) => [
      c.concept,
      c.segment ?? "",
      segName(doc, c.segment),
      c.metric,
      c.n,
      c.top2,
      c.top2Share,
      lo(c.top2Interval),
      hi(c.top2Interval),
      c.mean,
      lo(c.meanInterval),
      hi(c.meanInterval),
    ]),
  );
}

/**
 * The computed results as JSON: everything the page shows, without individual utilities; respondent
 * pseudonyms appear only in `quality.respondents` (flags with reasons, as in the study export).
 */
export function resultsJson(r: StudyResult): string {
  const { simulator, maxdiff, ...rest } = r;
  return `${JSON.stringify(
    {
      ...rest,
      maxdiff: maxdiff ? { ...maxdiff, hb: maxdiff.hb ? { ...maxdiff.hb, respondents: undefined } : null } : null,
      simulator: simulator ? { ...simulator, respondents: undefined } : null,
    },
    null,
    2,
  )}\n`;
}
