/**
 * Respondent lists: CSV import (preview with per-line errors, then confirm) and adding one
 * by hand. Every row is validated with zod; duplicates (in the file or already in the study)
 * are reported by line; only good rows are imported, with their invitation emails queued in
 * the same transaction.
 */
import { canonicalLanguage, matchLanguage } from "../i18n/languages.ts";
import { languagesOf } from "../studies/translations.server.ts";
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { emailSchema } from "../auth/accounts.server.ts";
import { db, isUniqueViolation } from "../db.server.ts";
import { queueEmails } from "../email/queue.server.ts";
import { newLink } from "./tokens.server.ts";

export const MAX_CSV_BYTES = 2 * 1024 * 1024;
export const MAX_CSV_ROWS = 10_000;
export const MAX_ATTRIBUTES = 20;
/** Longer attribute cells are cut to this many characters. */
export const MAX_ATTRIBUTE_CHARS = 500;

export interface StagedRow {
  line: number;
  email: string;
  name: string;
  segment: string;
  attributes: Record<string, string>;
}
export interface RowError {
  line: number;
  message: string;
  /** The column the error is about, when it is about one (the add-respondent form shows it next to that field). */
  field?: RowField;
}
export type RowField = "email" | "name" | "segment";
export interface SegmentRef {
  id: string;
  key: string;
  name: string;
}

const attributeKey = z.string().regex(/^[A-Za-z0-9_ .-]{1,40}$/);

export const rowSchema = z.object({
  email: emailSchema,
  name: z.string().trim().max(100, "The name is longer than 100 characters.").default(""),
  segment: z.string().trim().max(100).default(""),
});

/**
 * The one rule for extra (attribute) columns, for the CSV header and for the rows the confirm
 * step gets back from the browser: at most MAX_ATTRIBUTES names, each letters, digits, spaces, _ . -
 * Null when they are fine, else the message to show.
 */
export function attributeColumnsProblem(names: readonly string[]): string | null {
  if (names.length > MAX_ATTRIBUTES) return `Too many extra columns (${names.length}); at most ${MAX_ATTRIBUTES}.`;
  const bad = names.find((c) => !attributeKey.safeParse(c).success);
  if (bad !== undefined) return `Column name “${bad.slice(0, 40)}” is not allowed: use letters, digits, spaces, _ . -`;
  return null;
}

/**
 * Staged rows as the confirm step receives them back from the browser (a hidden field, so
 * anything can arrive): the same limits as parseRespondentCsv — at most MAX_CSV_ROWS rows, the
 * attribute columns checked by attributeColumnsProblem over all rows, cells at most
 * MAX_ATTRIBUTE_CHARS. Addresses, names and segments are checked again by validateRows.
 */
export const stagedRowsSchema = z
  .array(
    z.object({
      line: z
        .number()
        .int()
        .min(1)
        .max(MAX_CSV_ROWS + 1),
      email: z.string().max(1000),
      name: z.string().max(1000),
      segment: z.string().max(1000),
      attributes: z.record(
        z.string().max(MAX_ATTRIBUTE_CHARS, `A cell is longer than ${MAX_ATTRIBUTE_CHARS} characters.`),
      ),
    }),
  )
  .max(MAX_CSV_ROWS, `More than ${MAX_CSV_ROWS} rows.`)
  .superRefine((rows, ctx) => {
    const names = new Set<string>();
    for (const r of rows) for (const k of Object.keys(r.attributes)) names.add(k);
    const problem = attributeColumnsProblem([...names]);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });

export function findSegment(segments: SegmentRef[], value: string): SegmentRef | undefined {
  const v = value.trim().toLowerCase();
  return segments.find((s) => s.key.toLowerCase() === v || s.name.toLowerCase() === v);
}

/**
 * CSV text → staged rows and per-line errors. A row with too few or too many cells, or
 * broken quoting, is reported with its line and skipped; it never discards the other rows.
 */
export function parseRespondentCsv(text: string): { rows: StagedRow[]; errors: RowError[] } {
  let records: Array<{ record: string[]; info: { lines: number }; raw: string }>;
  const skipped: RowError[] = [];
  try {
    // one line ending, so reported line numbers match what an editor shows
    const options = {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_records_with_error: true,
      // in csv-parse 5.6, missing from its type declarations
      on_skip: (err: { message?: string; lines?: number } | undefined) => {
        if (err) skipped.push({ line: err.lines ?? 1, message: csvErrorMessage(err.message ?? "") });
      },
      to: MAX_CSV_ROWS + 2,
    };
    records = parse(text.replace(/\r\n?/g, "\n"), options as Parameters<typeof parse>[1]) as unknown as typeof records;
  } catch (e) {
    const err = e as { message: string; lines?: number };
    return { rows: [], errors: [{ line: err.lines ?? 1, message: csvErrorMessage(err.message) }] };
  }
  if (records.length === 0)
    return {
      rows: [],
      errors: skipped.length
        ? skipped
        : [
            {
              line: 1,
              message: "The file has no rows. The first line must be a header with at least an “email” column.",
            },
          ],
    };
  const columns = records[0].record.map((h) => String(h).trim().toLowerCase());
  if (!columns.includes("email"))
    return {
      rows: [],
      errors: [{ line: 1, message: `The header has no “email” column (found: ${columns.join(", ").slice(0, 200)}).` }],
    };
  const body = records.slice(1);
  if (body.length > MAX_CSV_ROWS)
    return {
      rows: [],
      errors: [{ line: 1, message: `The file has more than ${MAX_CSV_ROWS} rows; split it into smaller files.` }],
    };
  const extra = columns.filter((c) => !["email", "name", "segment"].includes(c));
  const headerProblem = attributeColumnsProblem(extra);
  if (headerProblem) return { rows: [], errors: [{ line: 1, message: headerProblem }] };
  const rows: StagedRow[] = [];
  const errors: RowError[] = [...skipped];
  for (const { record, info, raw } of body) {
    // info.lines is the record's last line; a quoted cell may span several
    const startLine = info.lines - (raw.replace(/\n$/, "").match(/\n/g)?.length ?? 0);
    if (record.length !== columns.length) {
      errors.push({
        line: startLine,
        message: `This row has ${record.length} cell(s) but the header has ${columns.length} (${columns.join(", ").slice(0, 120)}).`,
      });
      continue;
    }
    const cell = (name: string) => {
      const i = columns.indexOf(name);
      return i >= 0 ? String(record[i] ?? "") : "";
    };
    const attributes: Record<string, string> = {};
    for (const c of extra) if (cell(c)) attributes[c] = cell(c).slice(0, MAX_ATTRIBUTE_CHARS);
    rows.push({ line: startLine, email: cell("email"), name: cell("name"), segment: cell("segment"), attributes });
  }
  return { rows, errors };
}

function csvErrorMessage(message: string): string {
  return `The file is not valid CSV here: ${message.replace(/^Invalid [^:]+: /, "").replace(/^[A-Za-z ]+: /, "")}`;
}

/**
 * The CSV "language" column: empty, or a BCP-47 code; when the study has several survey languages it
 * must match one of them (app/i18n/languages.ts `matchLanguage`, so "de-AT" finds "de").
 */
export function csvLanguageProblem(value: string | undefined, studyLanguages: string[]): string | null {
  const v = (value ?? "").trim();
  if (!v) return null;
  const tag = canonicalLanguage(v);
  if (!tag) return `Language “${v.slice(0, 40)}” is not a BCP-47 language code (like de or pt-BR).`;
  if (studyLanguages.length > 1 && !matchLanguage(tag, studyLanguages))
    return `Language “${tag}” is not a language of this study. Use one of: ${studyLanguages.join(", ")}.`;
  return null;
}

/** Validates staged rows against the study: addresses, segments, duplicates, languages. */
export async function validateRows(studyId: string, input: StagedRow[], opts: { screener: boolean }) {
  const segments = await db.segment.findMany({ where: { studyId }, select: { id: true, key: true, name: true } });
  const surveyLanguages = await languagesOf(studyId);
  const emails = input.map((r) => r.email.trim().toLowerCase());
  const existing = new Set<string | null>();
  for (let i = 0; i < emails.length; i += 500) {
    // chunks keep the bind-parameter count well inside every engine's limit
    const found = await db.respondent.findMany({
      where: { studyId, email: { in: emails.slice(i, i + 500) } },
      select: { email: true },
    });
    for (const r of found) existing.add(r.email);
  }
  const seen = new Map<string, number>();
  const good: Array<StagedRow & { segmentId: string | null }> = [];
  const errors: RowError[] = [];
  for (const row of input) {
    const parsed = rowSchema.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      errors.push({
        line: row.line,
        message: `${issue.message} (${JSON.stringify(row.email.slice(0, 80))})`,
        field: rowSchema.keyof().safeParse(issue.path[0]).data,
      });
      continue;
    }
    const { email, name, segment } = parsed.data;
    const languageProblem = csvLanguageProblem(row.attributes?.language, surveyLanguages.all);
    if (languageProblem) {
      errors.push({ line: row.line, message: languageProblem });
      continue;
    }
    let segmentId: string | null = null;
    if (segment) {
      const s = findSegment(segments, segment);
      if (!s) {
        errors.push({
          line: row.line,
          message: `Unknown segment “${segment.slice(0, 60)}”. Use one of: ${segments.map((x) => x.key).join(", ")}.`,
          field: "segment",
        });
        continue;
      }
      segmentId = s.id;
    } else if (!opts.screener && segments.length > 0) {
      errors.push({
        line: row.line,
        message: `No segment given, and the study has no screener question to find it. Use one of: ${segments.map((x) => x.key).join(", ")}.`,
        field: "segment",
      });
      continue;
    }
    if (seen.has(email)) {
      errors.push({
        line: row.line,
        message: `Duplicate email ${email}: already on line ${seen.get(email)} of this file.`,
        field: "email",
      });
      continue;
    }
    seen.set(email, row.line);
    if (existing.has(email)) {
      errors.push({ line: row.line, message: `${email} is already a respondent of this study.`, field: "email" });
      continue;
    }
    good.push({ ...row, email, name, segment, segmentId });
  }
  return { good, errors, segments };
}

/** Inserts respondents (and their invitations) in one transaction. */
export async function importRespondents(
  studyId: string,
  rows: Array<StagedRow & { segmentId: string | null }>,
  opts: { invite: boolean; source?: string },
) {
  const data = rows.map((r) => {
    const link = newLink();
    // the "language" column is the respondent's survey language, not an attribute
    const { language = "", ...attributes } = r.attributes ?? {};
    return {
      id: randomUUID(),
      studyId,
      email: r.email,
      name: r.name,
      segmentId: r.segmentId,
      attributes: JSON.stringify(attributes),
      language: canonicalLanguage(language) ?? "",
      tokenHash: link.hash,
      tokenSalt: link.salt,
      source: opts.source ?? "import",
    };
  });
  try {
    await db.$transaction([
      db.respondent.createMany({ data }),
      ...(opts.invite
        ? [
            queueEmails(
              studyId,
              data.map((d) => d.id),
              "invitation",
            ),
          ]
        : []),
    ]);
  } catch (e) {
    if (isUniqueViolation(e))
      return {
        ok: false as const,
        message: "Some of these addresses were added to the study meanwhile. Preview the file again.",
      };
    throw e;
  }
  return { ok: true as const, count: data.length };
}

/** Revoke one respondent's link (new salt, status revoked unless already answered). */
export async function revokeRespondent(studyId: string, respondentId: string) {
  const link = newLink();
  const { count } = await db.respondent.updateMany({
    where: { id: respondentId, studyId },
    data: { tokenSalt: link.salt, tokenHash: link.hash, revokedAt: new Date() },
  });
  return count === 1;
}
