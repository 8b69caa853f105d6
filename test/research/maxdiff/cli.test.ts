import { describe, expect, it } from "vitest";
import { runCli } from "../../../research/cli.ts";
import { tasksFromCsv, validateTask } from "../../../research/maxdiff/tasks.ts";
import { InputError } from "../../../research/inputError.ts";
import { generateDesign } from "../../../research/maxdiff/design.ts";
import { simulateAnswers, simulateRespondents } from "../../../research/maxdiff/simulate.ts";

const items = ["SSO", "Audit log", "API", "Reports", "Mobile", "Support"];
const design = generateDesign({ items: 6, itemsPerTask: 3, tasks: 6, seed: 1 });
const answers = simulateAnswers(
  design,
  simulateRespondents(60, { tech: [2, 1, 1.5, 0, -1, -0.5], retail: [-1, 0, 0.5, 1.5, 1, 0] }, 0.3, 2),
  items,
  3,
);

function toCsv(): string {
  const lines = ["Segment,respondent,task,item,best,worst"];
  for (const t of answers)
    for (const it of t.shown)
      lines.push(`${t.segment},${t.respondent},${t.task},"${it}",${it === t.best ? 1 : 0},${it === t.worst ? 1 : 0}`);
  return `${lines.join("\r\n")}\r\n`;
}
const good = toCsv();
const cli = (argv: string[], text: string) => runCli(["maxdiff", "in.csv", ...argv], () => text);

describe("maxdiff CLI", () => {
  it("prints the contract's JSON", async () => {
    const r = await cli(["--segment-column", "segment", "--json"], good);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const j = JSON.parse(r.stdout);
    expect(j.method).toBe("maxdiff");
    expect(j.itemsPerTask).toBe(3);
    expect(j.hb).toBeNull();
    expect(Object.keys(j.segments).sort()).toEqual(["retail", "tech"]);
    for (const block of [j.overall, j.segments.tech]) {
      expect(Object.keys(block)).toEqual(
        expect.arrayContaining(["respondents", "items", "covariance", "logLikelihood"]),
      );
      expect(block.items).toHaveLength(6);
      for (const row of block.items) {
        expect(Object.keys(row)).toEqual(
          expect.arrayContaining([
            "item",
            "shown",
            "best",
            "worst",
            "score",
            "utility",
            "se",
            "share",
            "shareInterval",
            "utilityInterval",
          ]),
        );
      }
      expect(block.items.reduce((a: number, x: { share: number }) => a + x.share, 0)).toBeCloseTo(100, 6);
      expect(block.items.reduce((a: number, x: { utility: number }) => a + x.utility, 0)).toBeCloseTo(0, 8);
    }
    expect(j.overall.respondents).toBe(60);
    expect(j.comparisons[0]).toEqual(
      expect.objectContaining({ item: expect.any(String), a: "tech", b: "retail", significant: expect.any(Boolean) }),
    );
    expect(j.comparisons.find((c: { item: string }) => c.item === "SSO").significant).toBe(true);
  });

  it("segments by the default column name, and {} without one", async () => {
    const j = JSON.parse((await cli(["--json"], good)).stdout);
    expect(Object.keys(j.segments)).toHaveLength(2);
    const noSeg = good
      .split("\r\n")
      .map((l) => l.split(",").slice(1).join(","))
      .join("\n");
    const j2 = JSON.parse((await cli(["--json"], noSeg)).stdout);
    expect(j2.segments).toEqual({});
    expect(j2.comparisons).toEqual([]);
  });

  it("runs HB with --hb --iterations --seed", async () => {
    const r = await cli(["--hb", "--iterations", "400", "--seed", "3", "--json"], good);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.hb.iterations).toBe(400);
    expect(j.hb.respondents).toHaveLength(60);
    expect(Object.keys(j.hb.respondents[0])).toEqual(
      expect.arrayContaining(["respondent", "segment", "rlh", "utilities"]),
    );
    expect(Object.keys(j.hb.respondents[0].utilities).sort()).toEqual([...items].sort());
    expect(typeof j.hb.meanRLH).toBe("number");
  });

  it("prints a readable table without --json", async () => {
    const r = await cli([], good);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Overall — 60 respondents/);
    expect(r.stdout).toMatch(/Segment tech/);
  });

  const header = "respondent,task,item,best,worst";
  const bad: [string, string, RegExp][] = [
    ["no best", `${header}\nr1,1,A,0,1\nr1,1,B,0,0\nr1,1,C,0,0\n`, /line 2: .*no best/],
    ["two bests", `${header}\nr1,1,A,1,0\nr1,1,B,1,0\nr1,1,C,0,1\n`, /line 3: .*two bests/],
    ["no worst", `${header}\nr1,1,A,1,0\nr1,1,B,0,0\nr1,1,C,0,0\n`, /line 2: .*no worst/],
    ["two worsts", `${header}\nr1,1,A,1,0\nr1,1,B,0,1\nr1,1,C,0,1\n`, /line 4: .*two worsts/],
    ["best = worst", `${header}\nr1,1,A,1,1\nr1,1,B,0,0\nr1,1,C,0,0\n`, /line 2: .*both best and worst/],
    ["item twice", `${header}\nr1,1,A,1,0\nr1,1,A,0,0\nr1,1,C,0,1\n`, /line 3: .*shown twice/],
    ["non-0/1 flag", `${header}\nr1,1,A,2,0\nr1,1,B,0,0\nr1,1,C,0,1\n`, /line 2: best must be 0 or 1/],
    ["non-numeric flag", `${header}\nr1,1,A,yes,0\nr1,1,B,0,0\nr1,1,C,0,1\n`, /line 2: best must be 0 or 1/],
    [
      "inconsistent items per task",
      `${header}\nr1,1,A,1,0\nr1,1,B,0,0\nr1,1,C,0,1\nr1,2,A,1,0\nr1,2,B,0,1\n`,
      /line 5: .*items per task/,
    ],
    [
      "two segments",
      `${header},segment\nr1,1,A,1,0,x\nr1,1,B,0,0,x\nr1,1,C,0,1,x\nr1,2,A,1,0,y\nr1,2,B,0,0,y\nr1,2,C,0,1,y\n`,
      /line 5: .*segment/,
    ],
    ["missing column", "respondent,task,item,best\nr1,1,A,1\n", /line 1: missing column worst/],
    ["bad task number", `${header}\nr1,x,A,1,0\n`, /line 2: task is not a number/],
  ];
  for (const [name, text, message] of bad) {
    it(`rejects ${name} with exit 2 and one line naming the line`, async () => {
      const r = await cli(["--json"], text);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }

  it("rejects bad options", async () => {
    expect((await cli(["--iterations", "abc", "--hb"], good)).code).toBe(2);
    expect((await cli(["--segment-column", "region"], good)).stderr).toMatch(/missing segment column region/);
  });
});

describe("validateTask (the app's answer validation)", () => {
  const ok = { respondent: "r1", task: 1, shown: ["A", "B", "C"], best: "A", worst: "C" };
  it("accepts a valid answer and rejects bad ones", () => {
    expect(validateTask(ok, ["A", "B", "C", "D"])).toBe(ok);
    expect(() => validateTask({ ...ok, worst: "A" })).toThrow(/both best and worst/);
    expect(() => validateTask({ ...ok, best: "Z" })).toThrow(InputError);
    expect(() => validateTask({ ...ok, shown: ["A", "A", "C"] })).toThrow(/shown twice/);
    expect(() => validateTask(ok, ["A", "B"])).toThrow(/unknown item "C"/);
    expect(() => validateTask({ ...ok, task: 1.5 })).toThrow(InputError);
  });

  it("tasksFromCsv keeps segments and display order", () => {
    const t = tasksFromCsv("respondent,task,item,best,worst,segment\nr1,1,B,0,1,x\nr1,1,A,1,0,x\nr1,1,C,0,0,x\n");
    expect(t).toEqual([{ respondent: "r1", segment: "x", task: 1, shown: ["B", "A", "C"], best: "A", worst: "B" }]);
  });
});

// Regressions found by the fuzz suite (test/fuzz/maxdiff.test.ts, test/fuzz/validators.test.ts).
describe("maxdiff regressions", () => {
  it("validateTasks: a first task whose shown is not an array is an InputError, not a TypeError", async () => {
    const { validateTasks } = await import("../../../research/maxdiff/tasks.ts");
    const bad = {
      respondent: "r1",
      segment: null,
      task: 1,
      shown: undefined,
      best: "A",
      worst: "B",
    } as unknown as Parameters<typeof validateTasks>[0][number];
    expect(() => validateTasks([bad])).toThrow(InputError);
  });

  it('a segment named "__proto__" gets its own block (it used to vanish)', async () => {
    const text =
      "respondent,task,item,best,worst,segment\nr1,1,A,1,0,__proto__\nr1,1,B,0,1,__proto__\nr2,1,A,0,1,x\nr2,1,B,1,0,x\n";
    const r = await cli(["--json", "--hb", "--iterations", "10", "--burn-in", "5"], text);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j.segments).sort()).toEqual(["__proto__", "x"]);
    expect(j.segments.__proto__.respondents).toBe(1);
    expect(Object.keys(j.hb.segments).sort()).toEqual(["__proto__", "x"]);
  });
});
