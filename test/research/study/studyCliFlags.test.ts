/**
 * `research study --hb --json` carries the whole respondent-quality gate's flags in
 * `maxdiff.hb.respondents[].flags` (not only the HB fit flag), and excluded respondents are not there.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../../../research/cli.ts";
import type { StudyExport } from "../../../research/studyExport.ts";
import { syntheticExport } from "./syntheticExport.ts";

describe("research study --hb --json: the gate's flags per HB respondent", () => {
  it("lists every gate flag of a kept respondent and leaves excluded respondents out", async () => {
    const doc: StudyExport = { ...syntheticExport(11, { tech: 20, real_estate: 20, nonprofit: 20 }) };
    const completed = doc.respondents.filter((r) => r.status === "completed");
    // everyone took 5 minutes except one speeder (kept: speeders are not excluded here);
    // one respondent fails the attention check (excluded)
    doc.respondents = doc.respondents.map((r) => ({ ...r, seconds: 300 }));
    const speeder = completed[0].id;
    const careless = completed[1].id;
    doc.respondents = doc.respondents.map((r) =>
      r.id === speeder ? { ...r, seconds: 20 } : r.id === careless ? { ...r, attention: "fail" as const } : r,
    );
    doc.quality = { exclude: ["attention"], speederShare: 1 / 3 };
    const out = await runCli(
      ["study", "export.json", "--hb", "--iterations", "300", "--burn-in", "150", "--bootstrap", "0", "--json"],
      () => JSON.stringify(doc),
    );
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    const hb = json.maxdiff.hb.respondents as Array<{ respondent: string; flags: string[] }>;
    const byId = new Map(hb.map((r) => [r.respondent, r.flags]));
    expect(byId.get(speeder)).toContain("speeder");
    expect(byId.has(careless)).toBe(false);
    // the same flags the gate reports, for every respondent HB kept
    const gate = new Map<string, string[]>(
      json.quality.respondents.map((r: { id: string; flags: Array<{ kind: string }> }) => [
        r.id,
        r.flags.map((f) => f.kind),
      ]),
    );
    for (const r of hb) expect(r.flags).toEqual(gate.get(r.respondent) ?? []);
    expect(json.quality.respondents.find((r: { id: string }) => r.id === careless).excluded).toBe(true);
  }, 60_000);
});

describe("research study --price-book-objective", () => {
  const doc = JSON.stringify(syntheticExport());
  const run = (...flags: string[]) => runCli(["study", "export.json", "--bootstrap", "0", ...flags], () => doc);
  it("prints the price book for the chosen objective and floor, in the table and the JSON", async () => {
    const table = await run("--price-book-objective", "revenue");
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("Price book (objective: revenue; packages ≤ 3 items)");
    const json = JSON.parse(
      (await run("--price-book-objective", "revenue-with-happy-floor", "--min-happy", "50%", "--json")).stdout,
    );
    expect(json.priceBook.objective).toBe("revenue-with-happy-floor");
    expect(json.priceBook.minHappyShare).toBe(0.5);
    for (const s of Object.values(json.priceBook.segments) as Array<{ happyShare: number | null }>)
      if (s.happyShare !== null) expect(s.happyShare).toBeGreaterThanOrEqual(0.5);
    const plain = await run();
    expect(plain.stdout).toContain("Price book (objective: happy; packages ≤ 3 items)");
  }, 60_000);
});
