import { describe, expect, it } from "vitest";
import { analyseStudy } from "../../../research/study.ts";
import type { StudyExport } from "../../../research/studyExport.ts";
import { combineWatch, watchHypotheses } from "../../../research/sequential/watch.ts";

/** A live study: one segment (target 100), one hypothesis "top-2-box purchase intent ≥ 50%". */
function doc(days: { day: string; completes: number; top2: number }[], status: "live" | "closed" = "live") {
  const respondents: StudyExport["respondents"] = [];
  const completedOn: Record<string, string> = {};
  for (const d of days) {
    for (let i = 0; i < d.completes; i++) {
      const id = `r-${d.day}-${i}`;
      completedOn[id] = d.day;
      const rating = i < d.top2 ? 5 : 2;
      respondents.push({
        id,
        segment: "tech",
        status: "completed",
        concepts: [
          {
            concept: "C",
            position: 1,
            appeal: 3,
            relevance: 3,
            uniqueness: 3,
            believability: 3,
            purchase_intent: rating,
          },
        ],
        maxdiff: [],
        price: null,
      });
    }
  }
  const d: StudyExport = {
    format: "valuestack.study",
    version: 1,
    study: { id: "s", name: "S", currency: "USD", productDescription: "", status },
    segments: [{ key: "tech", name: "Tech", description: "", targetN: 100 }],
    items: [],
    concepts: [{ name: "C", hypothesisId: "h1", body: "" }],
    hypotheses: [
      {
        id: "h1",
        problem: "",
        statement: "Tech wants it",
        segments: ["tech"],
        items: [],
        concepts: ["C"],
        targetPrice: null,
        rule: {
          confidence: 0.95,
          criteria: [{ kind: "concept", segment: "tech", metric: "purchase_intent", threshold: 0.5 }],
        },
      },
    ],
    pricing: null,
    maxdiff: null,
    respondents,
  };
  return { d, completedOn };
}

const watch = (days: { day: string; completes: number; top2: number }[], status: "live" | "closed" = "live") => {
  const { d, completedOn } = doc(days, status);
  const result = analyseStudy(d, { bootstrap: 0 });
  return { naive: result.hypotheses[0].verdict, watched: watchHypotheses(d, result.hypotheses, completedOn)[0] };
};

describe("interim verdicts of a live study", () => {
  it("24 of 30 top-2-box at 30 of 100 completes: the naive test validates, the boundary says keep going", () => {
    // Wilson 95% lower bound of 24/30 = .627 ≥ .5 → naive validated. Score z = (24 − 15)/√7.5 = 3.286;
    // one look at t = .3: α(.3) = 2 − 2Φ(2.2414/√.3) = 4.27·10⁻⁵ → boundary Φ⁻¹(1 − 4.27·10⁻⁵) = 3.93.
    const { naive, watched } = watch([{ day: "2026-11-01", completes: 30, top2: 24 }]);
    expect(naive).toBe("validated");
    expect(watched.verdict).toBe("keepGoing");
    expect(watched.final).toBe(false);
    const c = watched.criteria[0];
    expect(c.z).toBeCloseTo(3.286, 3);
    expect(c.boundary).toBeCloseTo(3.93, 2);
    expect(c.sentence).toMatch(
      /24 of 30 \(80%\) at 30 of 100 completes: z = 3\.29 has not crossed the boundary ±3\.93/,
    );
  });

  it("an overwhelming early result crosses the boundary and stays validated at later looks", () => {
    // day 1: 45 of 50 (z = 20/√12.5 = 5.66 > boundary ≈ 2.96 at t = .5); day 2 adds 10 middling answers
    const { watched } = watch([
      { day: "2026-11-01", completes: 50, top2: 45 },
      { day: "2026-11-02", completes: 10, top2: 3 },
    ]);
    expect(watched.verdict).toBe("validated");
    expect(watched.criteria[0].sentence).toMatch(/^Crossed the boundary at 50 of 100 completes/);
  });

  it("a clearly failing concept is invalidated by the mirror boundary", () => {
    const { watched } = watch([{ day: "2026-11-01", completes: 60, top2: 5 }]);
    expect(watched.verdict).toBe("invalidated");
  });

  it("at the target n, and when the study is closed, the pre-registered test decides", () => {
    const atTarget = watch([
      { day: "2026-11-01", completes: 30, top2: 24 },
      { day: "2026-11-02", completes: 70, top2: 36 },
    ]);
    expect(atTarget.watched.final).toBe(true);
    expect(atTarget.watched.verdict).toBe(atTarget.naive);
    const closed = watch([{ day: "2026-11-01", completes: 30, top2: 24 }], "closed");
    expect(closed.watched.final).toBe(true);
    expect(closed.watched.verdict).toBe("validated");
    expect(closed.watched.criteria[0].sentence).toMatch(/study is closed: the pre-registered test says validated/);
  });

  it("combines criteria: any invalidated wins, all validated validates, else keep going", () => {
    expect(combineWatch(["validated", "keepGoing"], false)).toBe("keepGoing");
    expect(combineWatch(["validated", "invalidated"], false)).toBe("invalidated");
    expect(combineWatch(["validated", "validated"], false)).toBe("validated");
    expect(combineWatch(["validated", "inconclusive"], true)).toBe("inconclusive");
  });
});
