import { describe, expect, it } from "vitest";
import { runCli } from "../../../research/cli.ts";
import { generateDesign } from "../../../research/maxdiff/design.ts";
import { simulateAnswers, simulateRespondents } from "../../../research/maxdiff/simulate.ts";

const items = ["SSO", "Audit log", "API", "Reports", "Mobile", "Support"];
const design = generateDesign({ items: 6, itemsPerTask: 3, tasks: 6, seed: 1 });
const answers = simulateAnswers(
  design,
  simulateRespondents(60, { tech: [2, 1, 1.5, 0, -1, -0.5], retail: [-1, 0, 0.5, 1.5, 1, 0] }, 0.3, 2),
  items,
  3,
  { anchor: true },
);

function toCsv(mutate?: (cells: string[], lineNo: number) => string[]): string {
  const lines = ["respondent,Anchor,segment,task,item,best,worst,size"];
  for (const t of answers)
    for (const it of t.shown) {
      const cells = [
        t.respondent,
        t.anchor!,
        t.segment!,
        String(t.task),
        it,
        it === t.best ? "1" : "0",
        it === t.worst ? "1" : "0",
        String(Number(t.respondent.slice(1)) % 5),
      ];
      lines.push((mutate ? mutate(cells, lines.length + 1) : cells).join(","));
    }
  return `${lines.join("\n")}\n`;
}
const cli = (argv: string[], text: string) => runCli(["maxdiff", "in.csv", ...argv], () => text);

describe("maxdiff CLI: anchored, value map, HB covariates and quality", () => {
  it("an anchor column makes every block anchored with utilities relative to the anchor", async () => {
    const r = await cli(["--json"], toCsv());
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const b of [j.overall, j.segments.tech, j.segments.retail]) {
      expect(b.anchored).toBe(true);
      expect(Math.abs(b.items.reduce((s: number, x: { utility: number }) => s + x.utility, 0))).toBeGreaterThan(0.1);
      expect(b.items.reduce((s: number, x: { share: number }) => s + x.share, 0)).toBeCloseTo(100, 6);
    }
    // SSO (truth 2 in tech) is above the anchor in tech, Mobile (−1) below
    const tech = Object.fromEntries(j.segments.tech.items.map((x: { item: string; utility: number }) => [x.item, x]));
    expect(tech.SSO.utility).toBeGreaterThan(0);
    expect(tech.Mobile.utility).toBeLessThan(0);
  });

  it("prints the value map with labels, segment and rule", async () => {
    const j = JSON.parse((await cli(["--segment-column", "segment", "--json"], toCsv())).stdout);
    const sso = j.valueMap.features.find((f: { item: string }) => f.item === "SSO");
    expect(sso.label).toBe("stacking");
    expect(sso.segment).toBe("tech");
    expect(sso.rule).toMatch(/^tech values SSO at \d+\.\d%, ≥1\.5× every other segment \(retail \d+\.\d%\)/);
    for (const f of j.valueMap.features) {
      expect(["stacking", "everywhere", "niche", "low"]).toContain(f.label);
      expect(f.segment === null).toBe(f.label !== "stacking");
    }
  });

  it("rejects two anchor answers in one task, naming the line", async () => {
    const bad = toCsv((cells, line) =>
      line === 3 ? [cells[0], cells[1] === "all" ? "none" : "all", ...cells.slice(2)] : cells,
    );
    const r = await cli(["--json"], bad);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/line 3/);
    expect(r.stderr).toMatch(/anchor/);
    const word = await cli(
      ["--json"],
      toCsv((cells, line) => (line === 5 ? [cells[0], "maybe", ...cells.slice(2)] : cells)),
    );
    expect(word.code).toBe(2);
    expect(word.stderr).toMatch(/line 5.*anchor must be all, some or none|anchor must be all, some or none.*line 5/);
  });

  it("--hb --hb-covariates segment,size reports covariate effects, flags, quality and convergence", async () => {
    const r = await cli(
      ["--hb", "--hb-covariates", "segment,size", "--iterations", "1000", "--seed", "3", "--json"],
      toCsv(),
    );
    expect(r.code).toBe(0);
    const hb = JSON.parse(r.stdout).hb;
    expect(hb.covariates.columns.map((c: { name: string }) => c.name)).toEqual(["segment", "size"]);
    expect(hb.covariates.columns[1].kind).toBe("numeric");
    const ssoTech = hb.covariates.effects.find(
      (e: { covariate: string; level: string; item: string }) =>
        e.covariate === "segment" && e.level === "tech" && e.item === "SSO",
    );
    expect(ssoTech.effect).toBeGreaterThan(0);
    expect(ssoTech.interval[0]).toBeLessThan(ssoTech.effect);
    for (const x of hb.overall.items) {
      expect(x.aboveAnchorShare).toBeGreaterThanOrEqual(0);
      expect(x.aboveAnchorShare).toBeLessThanOrEqual(1);
      expect(x.aboveAnchorInterval).toHaveLength(2);
    }
    expect(hb.respondents.every((x: { flags: string[] }) => Array.isArray(x.flags))).toBe(true);
    expect(hb.quality.flagged).toBe(hb.respondents.filter((x: { flags: string[] }) => x.flags.length).length);
    expect(typeof hb.quality.rlhCutoff).toBe("number");
    expect(Object.keys(hb.convergence.rhat)).toHaveLength(6);
  });

  it("rejects --hb-covariates without --hb or with a missing column", async () => {
    const a = await cli(["--hb-covariates", "segment", "--json"], toCsv());
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--hb-covariates needs --hb/);
    const b = await cli(["--hb", "--hb-covariates", "region", "--iterations", "50", "--json"], toCsv());
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/missing column region/);
  });
});
