import { describe, expect, it } from "vitest";
import { countScores } from "../../../research/maxdiff/counts.ts";
import type { MaxDiffTask } from "../../../research/maxdiff/types.ts";

const tasks: MaxDiffTask[] = [
  { respondent: "r1", task: 1, shown: ["A", "B", "C"], best: "A", worst: "C" },
  { respondent: "r1", task: 2, shown: ["A", "B", "D"], best: "B", worst: "A" },
  { respondent: "r2", task: 1, shown: ["B", "C", "D"], best: "D", worst: "C" },
  { respondent: "r2", task: 2, shown: ["A", "C", "D"], best: "A", worst: "D" },
];

describe("countScores", () => {
  it("matches hand-computed counts and (best − worst)/shown", () => {
    // A shown 3, best 2, worst 1 → 1/3; B shown 3, best 1, worst 0 → 1/3;
    // C shown 3, best 0, worst 2 → −2/3; D shown 3, best 1, worst 1 → 0; E never shown → null
    expect(countScores(tasks, ["A", "B", "C", "D", "E"])).toEqual([
      { item: "A", shown: 3, best: 2, worst: 1, score: 1 / 3 },
      { item: "B", shown: 3, best: 1, worst: 0, score: 1 / 3 },
      { item: "C", shown: 3, best: 0, worst: 2, score: -2 / 3 },
      { item: "D", shown: 3, best: 1, worst: 1, score: 0 },
      { item: "E", shown: 0, best: 0, worst: 0, score: null },
    ]);
  });
});
