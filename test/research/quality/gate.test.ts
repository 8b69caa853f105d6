/**
 * The respondent-quality gate on hand-made respondents: each flag fires on its pattern, with its
 * reason, and only the chosen flags exclude.
 */
import { describe, expect, it } from "vitest";
import {
  applyQualityGate,
  fitFromHb,
  priceOrder,
  speederFlags,
  straightLining,
} from "../../../research/quality/gate.ts";
import { analyseStudy, hbTasksOf } from "../../../research/study.ts";
import type { ExportRespondent, StudyExport } from "../../../research/studyExport.ts";

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
const price = (tooCheap: number, cheap: number, expensive: number, tooExpensive: number) => ({
  tooCheap,
  cheap,
  expensive,
  tooExpensive,
  piCheap: null,
  piExpensive: null,
});

function respondent(id: string, r: Partial<ExportRespondent> = {}): ExportRespondent {
  return {
    id,
    segment: "smb",
    status: "completed",
    seconds: 300,
    concepts: [rate("A", 1, [4, 3, 5, 2, 4]), rate("B", 2, [2, 3, 1, 4, 3])],
    maxdiff: [],
    price: price(5, 10, 20, 40),
    ...r,
  };
}

describe("speederFlags", () => {
  it("flags total times below the share of the median, naming both times", () => {
    // median of 60, 240, 300, 360, 420 = 300; ⅓ of it = 100 s: only the 60 s respondent is a speeder
    const rs = [60, 240, 300, 360, 420].map((s, i) => ({ id: `r${i}`, seconds: s }));
    const out = speederFlags(rs, 1 / 3);
    expect(out.median).toBe(300);
    expect(out.cutoff).toBeCloseTo(100, 10);
    expect([...out.flags.keys()]).toEqual(["r0"]);
    expect(out.flags.get("r0")).toBe("finished in 1 min 00 s, under ⅓ of the median 5 min 00 s");
  });
  it("uses an even count's middle pair and skips respondents without timings", () => {
    const out = speederFlags(
      [
        { id: "a", seconds: 100 },
        { id: "b", seconds: 200 },
        { id: "c", seconds: null },
        { id: "d", seconds: 20 },
        { id: "e", seconds: 300 },
      ],
      0.25,
    );
    expect(out.median).toBe(150);
    expect([...out.flags.keys()]).toEqual(["d"]); // 20 < 37.5; 100 is not
  });
  it("flags nobody without timings", () => {
    expect(speederFlags([{ id: "a" }, { id: "b", seconds: null }], 1 / 3).flags.size).toBe(0);
  });
});

describe("straightLining", () => {
  it("flags one identical answer on every question of every concept (two or more concepts)", () => {
    expect(straightLining({ concepts: [rate("A", 1, [3, 3, 3, 3, 3]), rate("B", 2, [3, 3, 3, 3, 3])] })).toBe(
      "rated all 2 concepts 3 of 5 on every question",
    );
  });
  it("does not flag a single concept, or one answer that differs", () => {
    expect(straightLining({ concepts: [rate("A", 1, [3, 3, 3, 3, 3])] })).toBeNull();
    expect(straightLining({ concepts: [rate("A", 1, [3, 3, 3, 3, 3]), rate("B", 2, [3, 3, 3, 4, 3])] })).toBeNull();
  });
});

describe("priceOrder", () => {
  it("flags prices that do not go up strictly, including equal neighbours", () => {
    expect(priceOrder({ price: price(5, 10, 20, 40) })).toBeNull();
    expect(priceOrder({ price: price(5, 10, 10, 40) })).toMatch(/^prices not increasing: too cheap 5, bargain 10/);
    expect(priceOrder({ price: price(50, 10, 20, 40) })).not.toBeNull();
    expect(priceOrder({ price: null })).toBeNull();
  });
});

function doc(respondents: ExportRespondent[], exclude: string[] = []): StudyExport {
  return {
    format: "valuestack.study",
    version: 1,
    study: { id: "s", name: "S", currency: "USD", productDescription: "", status: "live" },
    segments: [
      { key: "smb", name: "Small business", description: "", targetN: 100 },
      { key: "ent", name: "Enterprise", description: "", targetN: 100 },
    ],
    items: [],
    concepts: [
      { name: "A", hypothesisId: "h", body: "" },
      { name: "B", hypothesisId: "h", body: "" },
    ],
    hypotheses: [],
    pricing: null,
    maxdiff: null,
    quality: { exclude: exclude as never, speederShare: 1 / 3 },
    respondents,
  };
}

describe("applyQualityGate", () => {
  const people = [
    respondent("ok1"),
    respondent("ok2", { segment: "ent", seconds: 320 }),
    respondent("ok3", { seconds: 280 }),
    respondent("fast", { seconds: 50 }),
    respondent("flat", {
      segment: "ent",
      concepts: [rate("A", 1, [4, 4, 4, 4, 4]), rate("B", 2, [4, 4, 4, 4, 4])],
    }),
    respondent("inattentive", { attention: "fail" }),
    respondent("attentive", { attention: "pass", segment: "ent" }),
    respondent("unfinished", { status: "started", seconds: 5, attention: "fail" }),
  ];

  it("flags each pattern with its reason; nothing is excluded without a choice", () => {
    const { doc: kept, report } = applyQualityGate(doc(people));
    expect(kept.respondents).toHaveLength(people.length);
    const reasons = Object.fromEntries(report.respondents.map((r) => [r.id, r.flags.map((f) => f.kind)]));
    // "flat" also has identical ratings on consecutive pages: copied answers
    expect(reasons).toEqual({ fast: ["speeder"], flat: ["straight_lining", "carry_over"], inattentive: ["attention"] });
    expect(report.respondents.every((r) => !r.excluded)).toBe(true);
    expect(report.counts.overall).toEqual({ before: 7, after: 7 });
  });

  it("excludes only the chosen flags and counts n before/after per segment", () => {
    const { doc: kept, report } = applyQualityGate(doc(people, ["speeder", "straight_lining", "attention"]));
    expect(kept.respondents.map((r) => r.id)).toEqual(["ok1", "ok2", "ok3", "attentive", "unfinished"]);
    expect(report.counts.segments.smb).toEqual({ name: "Small business", before: 4, after: 2 });
    expect(report.counts.segments.ent).toEqual({ name: "Enterprise", before: 3, after: 2 });
    expect(report.byKind.find((k) => k.kind === "speeder")).toMatchObject({ flagged: 1, excludes: true });
    expect(report.byKind.find((k) => k.kind === "carry_over")).toMatchObject({ flagged: 1, excludes: false });
    const onlyAttention = applyQualityGate(doc(people, ["attention"]));
    expect(onlyAttention.doc.respondents.map((r) => r.id)).not.toContain("inattentive");
    expect(onlyAttention.doc.respondents.map((r) => r.id)).toContain("fast");
  });

  it("flags MaxDiff fit below the HB random-responder cutoff", () => {
    const fit = fitFromHb({
      respondents: [
        { respondent: "ok1", rlh: 0.41 },
        { respondent: "ok2", rlh: 0.29 },
      ],
      quality: { rlhCutoff: 0.3, randomResponders: 200 },
    });
    const { report } = applyQualityGate(doc(people, ["random_rlh"]), fit);
    const ok2 = report.respondents.find((r) => r.id === "ok2");
    expect(ok2?.flags).toEqual([
      {
        kind: "random_rlh",
        reason: "MaxDiff fit (RLH) 0.290 is below the random-responder cutoff 0.300",
        excludes: true,
      },
    ]);
    expect(report.respondents.find((r) => r.id === "ok1")).toBeUndefined();
    expect(fitFromHb({ respondents: [], quality: { rlhCutoff: 0, randomResponders: 0 } })).toBeNull();
  });

  it("feeds every section of analyseStudy: excluded respondents are not counted", () => {
    const r = analyseStudy(doc(people, ["speeder", "straight_lining", "attention"]), { bootstrap: 0 });
    expect(r.responses.overall.completed).toBe(4);
    expect(r.responses.segments.smb.completed).toBe(2);
    expect(r.quality.counts.overall).toEqual({ before: 7, after: 4 });
  });
});

describe("hbTasksOf", () => {
  const task = (t: number, best: string, worst: string) => ({ task: t, shown: ["A", "B", "C"], best, worst });
  const md = (id: string, segment: string, extra: Partial<ExportRespondent> = {}) =>
    respondent(id, { segment, maxdiff: [task(1, "A", "C"), task(2, "B", "A")], ...extra });
  const base = (hbCovariates: boolean) => ({
    ...doc([md("a", "smb"), md("b", "ent"), md("fast", "smb", { seconds: 10 })], ["speeder"]),
    items: ["A", "B", "C"].map((label) => ({ label, description: "" })),
    maxdiff: { itemsPerTask: 3, tasksPerRespondent: 2, versions: 1, hbCovariates },
  });
  it("drops the respondents the non-fit flags exclude and uses the segments as covariates when asked", () => {
    const on = hbTasksOf(base(true));
    expect([...new Set(on.tasks.map((t) => t.respondent))]).toEqual(["a", "b"]);
    expect(on.covariates).toEqual(["segment"]);
    expect(hbTasksOf(base(false)).covariates).toBeUndefined();
  });
});
