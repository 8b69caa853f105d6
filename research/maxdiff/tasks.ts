/**
 * Long-format MaxDiff answers → validated tasks. One CSV row per item shown in a task:
 * `respondent,task,item,best,worst[,segment]`, best/worst flags 0 or 1, exactly one best and
 * one different worst per task (Louviere, Flynn & Marley 2015, ch. 2: a best–worst "object
 * case" choice). The app validates a submitted answer with the same rules (validateTask).
 */
import { readCsv, numberCell, type CsvRow } from "../csv.ts";
import { InputError } from "../inputError.ts";
import type { AnchorAnswer, MaxDiffTask } from "./types.ts";

/** Accepted answer flags: 0 or 1 (written as numbers, e.g. "1" or "1.0"). */
function flagCell(row: CsvRow, column: string): 0 | 1 {
  const raw = (row.get(column) ?? "").trim();
  if (raw === "") throw new InputError(`${column} is empty (expected 0 or 1)`, row.line);
  const value = Number(raw);
  if (value !== 0 && value !== 1) throw new InputError(`${column} must be 0 or 1, got "${raw.slice(0, 40)}"`, row.line);
  return value;
}

interface Building {
  task: MaxDiffTask;
  firstLine: number;
  bestLine: number | null;
  worstLine: number | null;
  seen: Set<string>;
}

/**
 * CSV rows (from readCsv with required respondent,task,item,best,worst) → tasks, in order of
 * first appearance. `segmentColumn` (canonical lower-case name) is read when present.
 * Every problem is an InputError naming the offending line.
 */
export function tasksFromLongRows(
  rows: readonly CsvRow[],
  options: { segmentColumn?: string; anchorColumn?: string; attributeColumns?: readonly string[] } = {},
): MaxDiffTask[] {
  const segCol = options.segmentColumn?.toLowerCase();
  const anchorCol = options.anchorColumn?.toLowerCase();
  const attrCols = (options.attributeColumns ?? []).map((c) => c.toLowerCase());
  const anchorLine = new Map<string, number>();
  const respondentAttrs = new Map<string, { values: Record<string, string>; line: number }>();
  const byKey = new Map<string, Building>();
  const respondentSegment = new Map<string, { segment: string | null; line: number }>();
  for (const row of rows) {
    const respondent = (row.get("respondent") ?? "").trim();
    if (respondent === "") throw new InputError("respondent is empty", row.line);
    const task = numberCell(row, "task", { integer: true });
    const item = (row.get("item") ?? "").trim();
    if (item === "") throw new InputError("item is empty", row.line);
    const best = flagCell(row, "best");
    const worst = flagCell(row, "worst");
    if (best === 1 && worst === 1) throw new InputError(`item "${item}" is marked both best and worst`, row.line);
    let segment: string | null = null;
    if (segCol) {
      const raw = row.get(segCol);
      segment = raw === undefined || raw.trim() === "" ? null : raw.trim();
      const known = respondentSegment.get(respondent);
      if (known === undefined) respondentSegment.set(respondent, { segment, line: row.line });
      else if (known.segment !== segment) {
        throw new InputError(
          `respondent "${respondent}" is in segment "${segment ?? ""}" here but "${known.segment ?? ""}" on line ${known.line}`,
          row.line,
        );
      }
    }
    let anchor: AnchorAnswer | null = null;
    if (anchorCol) {
      const raw = (row.get(anchorCol) ?? "").trim().toLowerCase();
      if (raw !== "all" && raw !== "some" && raw !== "none")
        throw new InputError(`anchor must be all, some or none, got "${raw.slice(0, 40)}"`, row.line);
      anchor = raw;
    }
    let attributes: Record<string, string> | undefined;
    if (attrCols.length) {
      attributes = Object.fromEntries(attrCols.map((c) => [c, (row.get(c) ?? "").trim()]));
      const known = respondentAttrs.get(respondent);
      if (known === undefined) respondentAttrs.set(respondent, { values: attributes, line: row.line });
      else
        for (const c of attrCols)
          if (known.values[c] !== attributes[c])
            throw new InputError(
              `respondent "${respondent}" has ${c} "${attributes[c]}" here but "${known.values[c]}" on line ${known.line}`,
              row.line,
            );
    }
    const key = `${respondent}\u0000${task}`;
    let b = byKey.get(key);
    if (!b) {
      b = {
        task: {
          respondent,
          segment,
          task,
          shown: [],
          best: "",
          worst: "",
          ...(anchorCol ? { anchor } : {}),
          ...(attributes ? { attributes } : {}),
        },
        firstLine: row.line,
        bestLine: null,
        worstLine: null,
        seen: new Set(),
      };
      byKey.set(key, b);
    }
    if (anchorCol && b.task.anchor !== anchor) {
      throw new InputError(
        `task ${task} of respondent "${respondent}" has anchor "${anchor}" here but "${b.task.anchor}" on line ${anchorLine.get(key) ?? b.firstLine} (one anchor answer per task)`,
        row.line,
      );
    }
    if (anchorCol && !anchorLine.has(key)) anchorLine.set(key, row.line);
    if (b.seen.has(item))
      throw new InputError(`item "${item}" is shown twice in task ${task} of respondent "${respondent}"`, row.line);
    b.seen.add(item);
    b.task.shown.push(item);
    if (best === 1) {
      if (b.bestLine !== null)
        throw new InputError(
          `task ${task} of respondent "${respondent}" has two bests (also line ${b.bestLine})`,
          row.line,
        );
      b.bestLine = row.line;
      b.task.best = item;
    }
    if (worst === 1) {
      if (b.worstLine !== null)
        throw new InputError(
          `task ${task} of respondent "${respondent}" has two worsts (also line ${b.worstLine})`,
          row.line,
        );
      b.worstLine = row.line;
      b.task.worst = item;
    }
  }
  const out: MaxDiffTask[] = [];
  let itemsPerTask: { k: number; line: number } | null = null;
  for (const b of byKey.values()) {
    const { task } = b;
    const where = `task ${task.task} of respondent "${task.respondent}"`;
    if (task.shown.length < 2)
      throw new InputError(`${where} shows only ${task.shown.length} item (at least 2 needed)`, b.firstLine);
    if (b.bestLine === null) throw new InputError(`${where} has no best (no row with best = 1)`, b.firstLine);
    if (b.worstLine === null) throw new InputError(`${where} has no worst (no row with worst = 1)`, b.firstLine);
    if (itemsPerTask === null) itemsPerTask = { k: task.shown.length, line: b.firstLine };
    else if (task.shown.length !== itemsPerTask.k) {
      throw new InputError(
        `${where} shows ${task.shown.length} items but the task on line ${itemsPerTask.line} shows ${itemsPerTask.k} (items per task must be constant)`,
        b.firstLine,
      );
    }
    out.push(task);
  }
  return out;
}

/**
 * Parse a long-format MaxDiff CSV file (see tasksFromLongRows). An `anchor` column (all|some|none,
 * one value per task) makes the data anchored; `attributeColumns` are read as respondent
 * attributes (e.g. HB covariates) and must exist.
 */
export function tasksFromCsv(
  text: string,
  options: { segmentColumn?: string; attributeColumns?: readonly string[] } = {},
): MaxDiffTask[] {
  const segCol = (options.segmentColumn ?? "segment").toLowerCase();
  const attrs = (options.attributeColumns ?? []).map((c) => c.toLowerCase()).filter((c) => c !== segCol);
  const table = readCsv(text, {
    required: ["respondent", "task", "item", "best", "worst"],
    optional: [segCol, "anchor", ...attrs],
  });
  if (options.segmentColumn && !table.columns.has(segCol)) {
    throw new InputError(`missing segment column ${options.segmentColumn}`, 1);
  }
  for (const c of attrs) if (!table.columns.has(c)) throw new InputError(`missing column ${c}`, 1);
  return tasksFromLongRows(table.rows, {
    segmentColumn: table.columns.has(segCol) ? segCol : undefined,
    anchorColumn: table.columns.has("anchor") ? "anchor" : undefined,
    attributeColumns: attrs,
  });
}

/**
 * Validate one answered task (the same rules as the CSV reader): a respondent id, an integer
 * task number, at least 2 distinct non-empty items, best and worst among them and different,
 * and, when `knownItems` is given, only known items. Throws InputError; returns the task.
 */
export function validateTask(task: MaxDiffTask, knownItems?: Iterable<string>): MaxDiffTask {
  if (typeof task.respondent !== "string" || task.respondent.trim() === "") throw new InputError("respondent is empty");
  if (!Number.isInteger(task.task)) throw new InputError(`task must be a whole number, got ${String(task.task)}`);
  const where = `task ${task.task} of respondent "${task.respondent}"`;
  if (!Array.isArray(task.shown) || task.shown.length < 2) throw new InputError(`${where} must show at least 2 items`);
  const seen = new Set<string>();
  const known = knownItems ? new Set(knownItems) : null;
  for (const item of task.shown) {
    if (typeof item !== "string" || item.trim() === "") throw new InputError(`${where} shows an empty item`);
    if (seen.has(item)) throw new InputError(`item "${item}" is shown twice in ${where}`);
    if (known && !known.has(item)) throw new InputError(`${where} shows an unknown item "${item}"`);
    seen.add(item);
  }
  if (typeof task.best !== "string" || !seen.has(task.best))
    throw new InputError(`${where}: the best item must be one of the items shown`);
  if (typeof task.worst !== "string" || !seen.has(task.worst))
    throw new InputError(`${where}: the worst item must be one of the items shown`);
  if (task.best === task.worst) throw new InputError(`${where}: item "${task.best}" is marked both best and worst`);
  return task;
}

/**
 * Validate a whole data set: every task (validateTask), one items-per-task size, no
 * respondent in two segments, no (respondent, task) twice. Returns items per task.
 */
export function validateTasks(tasks: readonly MaxDiffTask[], knownItems?: Iterable<string>): number {
  if (tasks.length === 0) throw new InputError("no MaxDiff tasks");
  const known = knownItems ? [...knownItems] : undefined;
  // k is read only after validateTask: a malformed first task (shown not an array) is an InputError, not a TypeError.
  let k = -1;
  const segments = new Map<string, string | null>();
  const keys = new Set<string>();
  for (const t of tasks) {
    validateTask(t, known);
    if (k < 0) k = t.shown.length;
    else if (t.shown.length !== k)
      throw new InputError(
        `task ${t.task} of respondent "${t.respondent}" shows ${t.shown.length} items, others ${k} (items per task must be constant)`,
      );
    const seg = t.segment ?? null;
    if (segments.has(t.respondent) && segments.get(t.respondent) !== seg) {
      throw new InputError(
        `respondent "${t.respondent}" appears in two segments ("${segments.get(t.respondent) ?? ""}" and "${seg ?? ""}")`,
      );
    }
    segments.set(t.respondent, seg);
    const key = `${t.respondent}\u0000${t.task}`;
    if (keys.has(key)) throw new InputError(`task ${t.task} of respondent "${t.respondent}" appears twice`);
    keys.add(key);
  }
  return k;
}
