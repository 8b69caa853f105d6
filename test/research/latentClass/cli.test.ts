import { describe, expect, it } from "vitest";
import { runCli } from "../../../research/cli.ts";
import { simulateThreeClasses, toCsv } from "./threeClasses.ts";

const csv = toCsv(simulateThreeClasses(300, 5).tasks);
const cli = (argv: string[], text = csv) => runCli(["maxdiff", "answers.csv", ...argv], () => text);

describe("maxdiff CLI --latent-class", () => {
  it("prints latentClass as in the contract: chosen by BIC, solutions, respondents, crosstab", async () => {
    const r = await cli([
      "--segment-column",
      "segment",
      "--latent-class",
      "1-4",
      "--starts",
      "3",
      "--seed",
      "2",
      "--json",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.method).toBe("maxdiff");
    expect(j.overall.respondents).toBe(300);
    const lc = j.latentClass;
    expect(lc.chosen).toBe(3);
    expect(lc.criterion).toBe("bic");
    expect(lc.solutions.map((s: { classCount: number }) => s.classCount)).toEqual([1, 2, 3, 4]);
    const three = lc.solutions[2];
    for (const key of ["logLikelihood", "parameters", "aic", "bic", "caic"]) expect(typeof three[key]).toBe("number");
    expect(three.parameters).toBe(35);
    expect(three.sizes).toHaveLength(3);
    expect(three.classes.map((c: { class: number }) => c.class)).toEqual([1, 2, 3]);
    expect(three.classes.map((c: { size: number }) => c.size)).toEqual(three.sizes);
    expect(three.sizes[0]).toBeGreaterThanOrEqual(three.sizes[1]);
    expect(three.sizes[1]).toBeGreaterThanOrEqual(three.sizes[2]);
    const first = three.classes[0];
    expect(first.name).toBe("SSO, Timeline view, API access");
    expect(first.items).toHaveLength(12);
    expect(first.items.find((i: { item: string }) => i.item === "SSO")).toEqual({
      item: "SSO",
      utility: expect.any(Number),
      se: expect.any(Number),
      share: expect.any(Number),
    });
    expect(first.items.reduce((a: number, i: { utility: number }) => a + i.utility, 0)).toBeCloseTo(0, 8);
    expect(lc.respondents).toHaveLength(300);
    expect(lc.respondents[0]).toEqual({ respondent: "r1", class: expect.any(Number), posterior: expect.any(Array) });
    expect(lc.respondents[0].posterior).toHaveLength(3);
    // r1 comes from the largest simulated class (45 %), which is class 1.
    expect(lc.respondents[0].class).toBe(1);
    expect([...lc.crosstab.segments].sort()).toEqual(["nonprofit", "real_estate", "tech"]);
    expect(lc.crosstab.counts).toHaveLength(3);
    expect(lc.crosstab.counts.flat().reduce((a: number, b: number) => a + b, 0)).toBe(300);
    for (const key of ["chiSquare", "pValue", "cramersV"]) expect(typeof lc.crosstab[key]).toBe("number");
    expect(lc.verdict).toMatch(/3 needs-based groups explain them far better/);
    expect(r.stdout).not.toContain("NaN");
  });

  it("prints a readable table without --json", async () => {
    const r = await cli(["--latent-class", "2-3", "--starts", "2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Latent classes (sequential best–worst logit, EM): chosen 3 by BIC");
    expect(r.stdout).toContain("Class 1 (");
    expect(r.stdout).toContain("Cramér's V");
  });

  it("gives the same answer for the same seed", async () => {
    const a = await cli(["--latent-class", "2", "--starts", "2", "--seed", "7", "--json"]);
    const b = await cli(["--latent-class", "2", "--starts", "2", "--seed", "7", "--json"]);
    expect(JSON.parse(a.stdout).latentClass).toEqual(JSON.parse(b.stdout).latentClass);
  });

  it.each([
    [["--latent-class", "0-3"], "--latent-class must be a range A-B"],
    [["--latent-class", "4-2"], "--latent-class must be a range A-B"],
    [["--latent-class", "two"], "--latent-class must be a range A-B"],
    [["--latent-class", "1-40"], "1 ≤ A ≤ B ≤ 12"],
    [["--latent-class", "1-3", "--starts", "0"], "--starts must be a whole number from 1 to 200"],
    [["--starts", "5"], "--starts needs --latent-class"],
  ])("exits 2 with one line for %j", async (argv, message) => {
    const r = await cli([...argv, "--json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });

  it("exits 2 naming the reason when there are too few respondents for the classes asked for", async () => {
    const small = toCsv(simulateThreeClasses(20, 3).tasks);
    const r = await cli(["--latent-class", "1-6", "--json"], small);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "research: answers.csv: 6 latent classes need at least 30 respondents (5 per class); the data have 20\n",
    );
  });
});
