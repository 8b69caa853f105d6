/** The carry-over data check on constructed respondents: each rule fires on its pattern and nothing else. */
import { describe, expect, it } from "vitest";
import { carryOverFlags } from "../../../research/quality/carryOver.ts";
import { type ExportRespondent, studyExportSchema } from "../../../research/studyExport.ts";

type Concept = ExportRespondent["concepts"][number];
const rate = (concept: string, position: number, v: number[]): Concept => ({
  concept,
  position,
  appeal: v[0],
  relevance: v[1],
  uniqueness: v[2],
  believability: v[3],
  purchase_intent: v[4],
});
const task = (t: number, shown: string[], best: string, worst: string) => ({ task: t, shown, best, worst });

function respondent(id: string, r: Partial<ExportRespondent>): ExportRespondent {
  return { id, segment: "smb", status: "completed", concepts: [], maxdiff: [], price: null, ...r };
}

describe("carryOverFlags", () => {
  it("flags identical ratings on consecutive concept pages, in page order, not on non-consecutive pages", () => {
    const flags = carryOverFlags({
      respondents: [
        // pages 2 and 3 identical (listed out of order on purpose)
        respondent("copied", {
          concepts: [rate("C", 3, [4, 5, 3, 4, 2]), rate("A", 1, [1, 2, 3, 4, 5]), rate("B", 2, [4, 5, 3, 4, 2])],
        }),
        // pages 1 and 3 identical, page 2 differs: not consecutive
        respondent("apart", {
          concepts: [rate("A", 1, [2, 2, 2, 2, 2]), rate("B", 2, [3, 2, 2, 2, 2]), rate("C", 3, [2, 2, 2, 2, 2])],
        }),
        // one rating differs
        respondent("close", { concepts: [rate("A", 1, [5, 5, 5, 5, 4]), rate("B", 2, [5, 5, 5, 5, 5])] }),
      ],
    });
    expect(flags).toEqual([
      {
        respondent: "copied",
        kind: "concept",
        reason: "concepts on pages 2 and 3 (“B”, “C”) have identical ratings (4, 5, 3, 4, 2)",
      },
    ]);
  });

  it("flags a MaxDiff best and worst picked again when both were shown again in the next task", () => {
    const flags = carryOverFlags({
      respondents: [
        respondent("repeat", {
          maxdiff: [task(1, ["a", "b", "c"], "a", "c"), task(2, ["c", "d", "a"], "a", "c")],
        }),
        // same picks, but task 3 follows task 1: not consecutive
        respondent("gap", { maxdiff: [task(1, ["a", "b", "c"], "a", "c"), task(3, ["a", "c", "d"], "a", "c")] }),
        // only best repeated
        respondent("half", { maxdiff: [task(1, ["a", "b", "c"], "a", "c"), task(2, ["a", "c", "d"], "a", "d")] }),
        // the previous worst was not shown again
        respondent("unseen", { maxdiff: [task(1, ["a", "b", "c"], "a", "c"), task(2, ["a", "b", "d"], "a", "b")] }),
      ],
    });
    expect(flags).toEqual([
      {
        respondent: "repeat",
        kind: "maxdiff",
        reason: "MaxDiff tasks 1 and 2 repeat best “a” and worst “c”, both shown again",
      },
    ]);
  });

  it("reads the study export document and returns one row per finding", () => {
    const doc = studyExportSchema.parse({
      format: "valuestack.study",
      version: 1,
      study: { id: "s", name: "S", currency: "EUR", status: "closed" },
      segments: [{ key: "smb", name: "SMB", targetN: 10 }],
      items: [{ label: "a" }, { label: "b" }, { label: "c" }],
      concepts: [],
      hypotheses: [],
      pricing: null,
      maxdiff: null,
      respondents: [
        respondent("both", {
          concepts: [rate("A", 1, [3, 3, 3, 3, 3]), rate("B", 2, [3, 3, 3, 3, 3])],
          maxdiff: [task(1, ["a", "b", "c"], "b", "a"), task(2, ["a", "b", "c"], "b", "a")],
        }),
        respondent("clean", { concepts: [rate("A", 1, [3, 3, 3, 3, 3]), rate("B", 2, [3, 3, 4, 3, 3])] }),
      ],
    });
    const flags = carryOverFlags(doc);
    expect(flags.map((f) => [f.respondent, f.kind])).toEqual([
      ["both", "concept"],
      ["both", "maxdiff"],
    ]);
    expect(carryOverFlags({ respondents: [] })).toEqual([]);
  });
});
