import { describe, expect, it } from "vitest";
import { runCli } from "../../../research/cli.ts";
import { buildChoiceData } from "../../../research/maxdiff/data.ts";
import { latentClassAnalysis } from "../../../research/maxdiff/latentClassSummary.ts";
import { correlation } from "../../../research/maxdiff/simulate.ts";
import { ITEMS, TRUE_UTILITIES, simulateThreeClasses, toCsv, must } from "./threeClasses.ts";

// Three classes (45/35/20 %) answering dual-response anchored MaxDiff: the anchor is an alternative of utility 0.
const sim = simulateThreeClasses(450, 17, 0.3, { anchor: true });
const data = buildChoiceData(sim.tasks, ITEMS);
const r = latentClassAnalysis(data, { minClasses: 1, maxClasses: 4, starts: 4, seed: 1 });

describe("latent classes on anchored (dual-response) MaxDiff, in the same choice-set coding", () => {
  it("uses the anchor answers: K utilities per class (anchor = 0), so C·K + (C − 1) parameters", () => {
    expect(r.anchored).toBe(true);
    expect(r.solutions.map((s) => s.parameters)).toEqual([12, 25, 38, 51]);
  });

  it("BIC picks the 3 classes, with anchor-relative utilities that follow the truth (r ≥ 0.95, signs of clear items)", () => {
    expect(r.chosen).toBe(3);
    const three = must(r.solutions.find((s) => s.classCount === 3));
    const matched = three.classes.map((c) => {
      const u = c.items.map((i) => i.utility ?? 0);
      const best = TRUE_UTILITIES.map((t, truth) => ({ truth, r: correlation(u, t) })).sort((a, b) => b.r - a.r)[0];
      return { ...best, u };
    });
    expect(new Set(matched.map((m) => m.truth)).size).toBe(3);
    for (const m of matched) {
      expect(m.r).toBeGreaterThanOrEqual(0.95);
      // Not zero-centred: above/below the must-have line follows the true sign for clearly placed items.
      TRUE_UTILITIES[m.truth].forEach((t, i) => {
        if (Math.abs(t) >= 1) expect(Math.sign(m.u[i])).toBe(Math.sign(t));
      });
    }
    expect(Math.abs(matched[0].u.reduce((a, b) => a + b, 0))).toBeGreaterThan(0.5);
  });

  it("runs from the CLI with an anchor column", async () => {
    const csv = toCsv(simulateThreeClasses(200, 3, 0.3, { anchor: true }).tasks);
    const out = await runCli(["maxdiff", "a.csv", "--latent-class", "1-3", "--starts", "2", "--json"], () => csv);
    expect(out.stderr).toBe("");
    const j = JSON.parse(out.stdout);
    expect(j.overall.anchored).toBe(true);
    expect(j.latentClass.anchored).toBe(true);
    expect(j.latentClass.solutions[0].parameters).toBe(12);
  });
});
