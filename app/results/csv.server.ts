/**
 * CSV exports of a study export document, in the research CLI's input formats (so
 * `npm run research` reproduces the app's numbers). Formula-safe: every text cell (headers
 * too) starting with = + - @, tab, CR or NUL gets a leading ' ; numbers are written as
 * numbers, never neutralised. RFC 4180 quoting by csv-stringify.
 */
import { stringify } from "csv-stringify/sync";
import { CONCEPT_METRICS, type StudyExport } from "../../research/studyExport.ts";

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

const completed = (doc: StudyExport) => doc.respondents.filter((r) => r.status === "completed");

/** respondent,segment,task,item,best,worst — one row per item shown (best/worst 1 or 0). */
export function maxDiffCsv(doc: StudyExport): string {
  const rows: Cell[][] = [];
  for (const r of completed(doc))
    for (const t of r.maxdiff)
      for (const item of t.shown)
        rows.push([r.id, r.segment ?? "", t.task, item, item === t.best ? 1 : 0, item === t.worst ? 1 : 0]);
  return toCsv(["respondent", "segment", "task", "item", "best", "worst"], rows);
}

/** respondent,segment,too_cheap,cheap,expensive,too_expensive,pi_cheap,pi_expensive */
export function vanWestendorpCsv(doc: StudyExport): string {
  const nms = doc.pricing?.nms ?? false;
  const rows: Cell[][] = completed(doc)
    .filter((r) => r.price)
    .map((r) => [
      r.id,
      r.segment ?? "",
      r.price!.tooCheap,
      r.price!.cheap,
      r.price!.expensive,
      r.price!.tooExpensive,
      nms ? r.price!.piCheap : null,
      nms ? r.price!.piExpensive : null,
    ]);
  return toCsv(
    ["respondent", "segment", "too_cheap", "cheap", "expensive", "too_expensive", "pi_cheap", "pi_expensive"],
    rows,
  );
}

/** respondent,segment,concept,appeal,relevance,uniqueness,believability,purchase_intent,position */
export function conceptTestCsv(doc: StudyExport): string {
  const rows: Cell[][] = [];
  for (const r of completed(doc))
    for (const c of r.concepts)
      rows.push([r.id, r.segment ?? "", c.concept, ...CONCEPT_METRICS.map((m) => c[m]), c.position]);
  return toCsv(["respondent", "segment", "concept", ...CONCEPT_METRICS, "position"], rows);
}

/** Raw responses: one row per respondent (every status), stable column names derived from the study. */
export function responsesCsv(doc: StudyExport): string {
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
    "too_cheap",
    "cheap",
    "expensive",
    "too_expensive",
    "pi_cheap",
    "pi_expensive",
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
      r.price?.tooCheap ?? null,
      r.price?.cheap ?? null,
      r.price?.expensive ?? null,
      r.price?.tooExpensive ?? null,
      r.price?.piCheap ?? null,
      r.price?.piExpensive ?? null,
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
