import { describe, expect, it } from "vitest";
import { latentClassJob } from "../../app/jobs/kinds.ts";
import { maxDiffCsv } from "../../app/results/csv.server.ts";
import { needsSegmentsView } from "../../app/results/latentClass.server.ts";
import {
  classesFor,
  LC_MIN_RESPONDENTS,
  LC_SETTINGS,
  latentClassCliFlags,
} from "../../app/results/latentClassSettings.ts";
import type { MaxDiffTask } from "../../research/maxdiff/types.ts";
import { runCli } from "../../research/cli.ts";
import type { StudyExport } from "../../research/studyExport.ts";
import { simulateThreeClasses } from "../research/latentClass/threeClasses.ts";

/** The parts of a study export document maxDiffCsv reads: completed respondents and their tasks. */
function exportOf(tasks: readonly MaxDiffTask[]): StudyExport {
  const byRespondent = new Map<string, MaxDiffTask[]>();
  for (const t of tasks) byRespondent.set(t.respondent, [...(byRespondent.get(t.respondent) ?? []), t]);
  const respondents = [...byRespondent].map(([id, list]) => ({
    id,
    segment: list[0].segment ?? null,
    status: "completed" as const,
    concepts: [],
    maxdiff: list.map((t) => ({ task: t.task, shown: [...t.shown], best: t.best, worst: t.worst })),
    price: null,
  }));
  return { respondents } as unknown as StudyExport;
}

// Three known classes (45/35/20 %, 200 respondents), declared segments only partly aligned with them.
const sim = simulateThreeClasses(200, 5, 0.3);
const csv = maxDiffCsv(exportOf(sim.tasks));
const progress: number[] = [];
const result = latentClassJob({ csv, ...LC_SETTINGS, maxClasses: classesFor(200) }, (f) => progress.push(f));
const names = { tech: "Tech", real_estate: "Real estate", nonprofit: "Nonprofit" };
const view = needsSegmentsView(result, names);

describe("the latent-class job kind on a synthetic export with three known classes", () => {
  it("tries 1–5 classes, picks 3 by BIC, and reports progress up to 1", () => {
    expect(result.maxClasses).toBe(5);
    expect(view.chosen).toBe(3);
    expect(view.classes.map((c) => c.size).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    // true sizes 45/35/20 % (90/70/40 respondents): the most likely class counts are near them
    expect(view.classes.map((c) => c.respondents)).toEqual([
      expect.closeTo(90, -1),
      expect.closeTo(70, -1),
      expect.closeTo(40, -1),
    ]);
    expect(progress.at(-1)).toBe(1);
  });

  it("names the biggest group by the first class's top items and gives the verdict a PMM reads", () => {
    // class 1 (45 %) values SSO, Timeline view, API access most
    expect(view.classes[0].name.split(", ").sort()).toEqual(["API access", "SSO", "Timeline view"]);
    expect(view.verdict).toMatch(
      /^Your declared segments explain value differences (weakly|moderately) \(V = 0\.\d\d\); 3 needs-based groups explain them (far )?better\.$/,
    );
    expect(view.crosstab?.segments.sort()).toEqual(["Nonprofit", "Real estate", "Tech"]);
  });

  it("carries no respondent ids into the page view", () => {
    const json = JSON.stringify(view);
    for (const id of sim.tasks.slice(0, 50).map((t) => t.respondent)) expect(json).not.toContain(`"${id}"`);
    expect(json).not.toContain("posterior");
  });

  it("equals the research CLI on the same CSV with the page's flags", async () => {
    const out = await runCli(["maxdiff", "maxdiff.csv", ...latentClassCliFlags(), "--json"], () => csv);
    expect(out.stderr).toBe("");
    const cli = JSON.parse(out.stdout).latentClass;
    expect(cli.chosen).toBe(result.chosen);
    expect(cli.verdict).toBe(result.verdict);
    expect(cli.solutions.map((s: { sizes: number[] }) => s.sizes)).toEqual(result.solutions.map((s) => s.sizes));
  });

  it("lowers the number of classes with few respondents and asks for at least 10", () => {
    expect(LC_MIN_RESPONDENTS).toBe(10);
    expect([9, 10, 14, 15, 24, 25, 400].map(classesFor)).toEqual([1, 2, 2, 3, 4, 5, 5]);
    const small = simulateThreeClasses(12, 2, 0.3);
    const r = latentClassJob(
      { csv: maxDiffCsv(exportOf(small.tasks)), ...LC_SETTINGS, maxClasses: classesFor(12) },
      () => {},
    );
    expect(r.maxClasses).toBe(2);
    expect(r.solutions.map((s) => s.classCount)).toEqual([1, 2]);
  });
});
