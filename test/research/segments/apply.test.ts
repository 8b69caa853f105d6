/**
 * research/segments/apply.ts: analysing a study by a saved segmentation. Known answer: a
 * segmentation that puts every respondent in the class matching their declared segment must give
 * the declared analysis under the class keys (price bands, MaxDiff, concept cells, and each
 * hypothesis's verdict in the class of its own segment); respondents missing from it are unassigned.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../../../research/cli.ts";
import { applySegmentation } from "../../../research/segments/apply.ts";
import { analyseStudy } from "../../../research/study.ts";
import type { StudyExport } from "../../../research/studyExport.ts";
import { syntheticExport } from "../study/syntheticExport.ts";

const CLASS_OF: Record<string, string> = { tech: "c1", real_estate: "c2", nonprofit: "c3" };

function withSegmentations(doc: StudyExport): StudyExport {
  const same = Object.fromEntries(doc.respondents.filter((r) => r.segment).map((r) => [r.id, CLASS_OF[r.segment!]]));
  const completed = doc.respondents.filter((r) => r.status === "completed");
  const partial = Object.fromEntries(completed.slice(0, completed.length - 5).map((r) => [r.id, "c1"]));
  return {
    ...doc,
    segmentations: [
      {
        name: "Mirror",
        classes: [
          { key: "c1", name: "Planners" },
          { key: "c2", name: "Agents" },
          { key: "c3", name: "Fundraisers" },
        ],
        assignments: same,
        stale: false,
      },
      { name: "Partial", classes: [{ key: "c1", name: "Everyone" }], assignments: partial, stale: true },
    ],
  };
}

describe("analysing by a saved segmentation", () => {
  const doc = withSegmentations(syntheticExport(7));
  const declared = analyseStudy(doc, { bootstrap: 200 });
  const mirror = analyseStudy(applySegmentation(doc, "Mirror"), { bootstrap: 200 });

  it("gives the declared analysis under the class keys when the classes mirror the segments", () => {
    for (const [seg, cls] of Object.entries(CLASS_OF)) {
      const a = declared.vanWestendorp!.segments[seg];
      const b = mirror.vanWestendorp!.segments[cls];
      expect([b.pmc, b.opp, b.ipp, b.pme]).toEqual([a.pmc, a.opp, a.ipp, a.pme]);
      expect(mirror.maxdiff!.segments[cls].items).toEqual(declared.maxdiff!.segments[seg].items);
      expect(mirror.responses.segments[cls].completed).toBe(declared.responses.segments[seg].completed);
      expect(mirror.responses.segments[cls].name).toBe({ c1: "Planners", c2: "Agents", c3: "Fundraisers" }[cls]);
    }
  });

  it("evaluates each hypothesis's rule in every class, exploratory copies named after the class", () => {
    expect(mirror.hypotheses).toHaveLength(declared.hypotheses.length * 3);
    let compared = 0;
    for (const h of declared.hypotheses) {
      const segs = new Set(h.criteria.map((c) => c.evidence.segment));
      if (segs.size !== 1) continue;
      const cls = CLASS_OF[[...segs][0] as string];
      const copy = mirror.hypotheses.find((x) => x.id === `${h.id}~${cls}`)!;
      expect(copy.statement).toMatch(/ — in (Planners|Agents|Fundraisers)$/);
      expect(copy.verdict).toBe(h.verdict);
      expect(copy.criteria.map((c) => c.verdict)).toEqual(h.criteria.map((c) => c.verdict));
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it("leaves respondents it does not list unassigned, drops the market mix and says it is stale", () => {
    const market = { segments: { tech: 0.3, real_estate: 0.3, nonprofit: 0.4 } };
    const partial = applySegmentation({ ...doc, market }, "Partial");
    expect(partial.segmentation).toEqual({ name: "Partial", stale: true, unassigned: 5 });
    expect(partial.market).toBeNull();
    expect(partial.segmentations).toBeUndefined();
    const r = analyseStudy(partial, { bootstrap: 50 });
    const completed = doc.respondents.filter((x) => x.status === "completed").length;
    expect(r.responses.segments.c1.completed).toBe(completed - 5);
    expect(r.responses.overall.completed).toBe(completed);
  });

  it("refuses an unknown name or class in one line (CLI: exit 2)", async () => {
    expect(() => applySegmentation(doc, "Nope")).toThrow('no saved segmentation "Nope" (saved: "Mirror", "Partial")');
    const broken = { ...doc, segmentations: [{ ...doc.segmentations![1], assignments: { x: "c9" } }] };
    expect(() => applySegmentation(broken, "Partial")).toThrow('unknown class "c9"');
    const json = JSON.stringify(doc);
    const bad = await runCli(["study", "s.json", "--segmentation", "Nope"], () => json);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    const ok = await runCli(["study", "s.json", "--segmentation", "Mirror", "--bootstrap", "50"], () => json);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Segments: the saved segmentation "Mirror"');
  });
});
