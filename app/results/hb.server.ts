/**
 * Hierarchical Bayes individual utilities for the results page, off the request thread
 * (docs/architecture.md: long work runs in a worker thread with progress; its result is
 * cached per study and data version).
 *
 * - Keyed by the export document's hash (the analysis cache's key): any new answer or design
 *   change makes the stored run stale, and the page falls back to best-minus-worst counts
 *   until a new run finishes.
 * - One run per study at a time per process: concurrent requests share the in-flight run; a
 *   request for newer data while an older run is still going waits for it to finish (the
 *   next request then starts the new one), so a busy live study cannot restart HB forever.
 * - Progress is kept in memory (this process); the result is stored in AnalysisCache under
 *   kind `hb:v1` as { hash, settings, hb }.
 * - Deterministic: the same tasks, items and settings as `research study --hb` (hbSettings.ts),
 *   and the worker runs the same code with the same seeded generator as the CLI's inline run.
 */
import { runHbInWorker } from "../../research/maxdiff/hbWorker.ts";
import type { HbRunInput } from "../../research/maxdiff/hbSummary.ts";
import type { HbSummary } from "../../research/maxdiff/types.ts";
import { parseStudyExport } from "../../research/study.ts";
import type { StudyExport } from "../../research/studyExport.ts";
import { db, isUniqueViolation } from "../db.server.ts";
import { registerWorker } from "../startup.server.ts";
import { HB_SETTINGS, type HbState } from "./hbSettings.ts";

export const HB_KIND = "hb:v1";

interface Run {
  hash: string;
  progress: number;
  controller: AbortController;
}

interface HbRuns {
  running: Map<string, Run>;
  failed: Map<string, { hash: string; message: string }>;
  registered: boolean;
}

// Process-wide (kept across dev rebuilds, like the Prisma client).
const g = globalThis as unknown as { __valuestackHb?: HbRuns };
const runs: HbRuns = (g.__valuestackHb ??= { running: new Map(), failed: new Map(), registered: false });

const sameSettings = (s: unknown) => {
  const x = s as Partial<typeof HB_SETTINGS> | undefined;
  return (
    !!x && x.iterations === HB_SETTINGS.iterations && x.burnIn === HB_SETTINGS.burnIn && x.seed === HB_SETTINGS.seed
  );
};

/**
 * The HB input analyseStudy(doc, { hb }) would build (research/study.ts): completed
 * respondents' tasks in document order, the study's items in display order. The document
 * goes through JSON as the CLI reads it, so both see the same values.
 */
export function hbInput(doc: StudyExport): HbRunInput {
  const parsed = parseStudyExport(JSON.parse(JSON.stringify(doc)));
  const tasks = parsed.respondents
    .filter((r) => r.status === "completed")
    .flatMap((r) =>
      r.maxdiff.map((t) => ({
        respondent: r.id,
        segment: r.segment,
        task: t.task,
        shown: [...t.shown],
        best: t.best,
        worst: t.worst,
        ...(t.anchor ? { anchor: t.anchor } : {}),
      })),
    );
  return {
    tasks,
    items: parsed.items.map((i) => i.label),
    iterations: HB_SETTINGS.iterations,
    burnIn: HB_SETTINGS.burnIn,
    seed: HB_SETTINGS.seed,
  };
}

/** The stored run for this document hash, or null. */
export async function cachedHb(studyId: string, hash: string): Promise<HbSummary | null> {
  const row = await db.analysisCache.findUnique({ where: { studyId_kind: { studyId, kind: HB_KIND } } });
  if (!row) return null;
  try {
    const stored = JSON.parse(row.result) as { hash: string; settings: unknown; hb: HbSummary };
    return stored.hash === hash && sameSettings(stored.settings) ? stored.hb : null;
  } catch {
    return null;
  }
}

async function store(studyId: string, hash: string, hb: HbSummary) {
  const study = await db.study.findUnique({ where: { id: studyId }, select: { dataVersion: true } });
  if (!study) return; // deleted meanwhile
  const result = JSON.stringify({ hash, settings: HB_SETTINGS, hb });
  try {
    await db.analysisCache.upsert({
      where: { studyId_kind: { studyId, kind: HB_KIND } },
      create: { studyId, kind: HB_KIND, dataVersion: study.dataVersion, result },
      update: { dataVersion: study.dataVersion, result, createdAt: new Date() },
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e; // another process stored the same run
  }
}

function registerShutdown() {
  if (runs.registered) return;
  runs.registered = true;
  registerWorker({ stop: () => stopHbRuns() });
}

/** Aborts every in-flight run (server shutdown). */
export function stopHbRuns() {
  for (const run of runs.running.values()) run.controller.abort();
  runs.running.clear();
}

/** In-memory state of this process's run for the study, if one is going. */
export function hbProgress(studyId: string): { hash: string; progress: number } | null {
  const run = runs.running.get(studyId);
  return run ? { hash: run.hash, progress: run.progress } : null;
}

/**
 * Where HB stands for this document: ready (with the utilities), running (progress), failed,
 * or none (no MaxDiff answers). Starts a background run when none is stored or going; never
 * waits for it.
 */
export async function ensureHb(
  studyId: string,
  hash: string,
  doc: StudyExport,
): Promise<{ status: HbState; hb: HbSummary | null }> {
  const going = runs.running.get(studyId);
  if (going) return { status: { state: "running", progress: going.progress }, hb: null };
  const stored = await cachedHb(studyId, hash);
  if (stored) return { status: { state: "ready", ...HB_SETTINGS }, hb: stored };
  const failure = runs.failed.get(studyId);
  if (failure && failure.hash === hash) return { status: { state: "failed", message: failure.message }, hb: null };
  let input: HbRunInput;
  try {
    input = hbInput(doc);
  } catch (e) {
    return { status: { state: "failed", message: (e as Error).message }, hb: null };
  }
  if (input.tasks.length === 0) return { status: { state: "none" }, hb: null };
  // Re-check: another request may have started a run while we read the cache.
  const raced = runs.running.get(studyId);
  if (raced) return { status: { state: "running", progress: raced.progress }, hb: null };
  startRun(studyId, hash, input);
  return { status: { state: "running", progress: 0 }, hb: null };
}

function startRun(studyId: string, hash: string, input: HbRunInput) {
  registerShutdown();
  const run: Run = { hash, progress: 0, controller: new AbortController() };
  runs.running.set(studyId, run);
  runs.failed.delete(studyId);
  const started = Date.now();
  void runHbInWorker(input, { onProgress: (f) => (run.progress = f), signal: run.controller.signal })
    .then(async (hb) => {
      await store(studyId, hash, hb);
      if (process.env.NODE_ENV !== "test")
        console.log(
          `HB for study ${studyId}: ${input.tasks.length} tasks in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
    })
    .catch((e: unknown) => {
      if (run.controller.signal.aborted) return;
      const message = e instanceof Error ? e.message : String(e);
      runs.failed.set(studyId, { hash, message });
      console.error(`HB for study ${studyId} failed: ${message}`);
    })
    .finally(() => {
      if (runs.running.get(studyId) === run) runs.running.delete(studyId);
    });
}
