import { describe, expect, it } from "vitest";
import { runCli } from "../../../research/cli.ts";
import { generateDesign } from "../../../research/maxdiff/design.ts";
import { simulateAnswers, simulateRespondents } from "../../../research/maxdiff/simulate.ts";
import { FIXTURE } from "./fixture.ts";

const files: Record<string, string> = {
  "ratings.csv": FIXTURE,
  "weights.json": JSON.stringify({ segments: { tech: { A: 50, B: 30, C: 20 } } }),
  "vw.json": JSON.stringify({
    method: "van-westendorp",
    overall: { pmc: 90, pme: 160 },
    segments: { tech: { pmc: 100, pme: 150 } },
  }),
};
const read = (p: string) => {
  if (!Object.hasOwn(files, p)) throw Object.assign(new Error("missing"), { code: "ENOENT" });
  return files[p];
};
const cli = (args: string[]) => runCli(["value-scorecard", ...args], read);

describe("value-scorecard CLI", () => {
  it("prints the scorecard JSON", async () => {
    const r = await cli([
      "ratings.csv",
      "--weights",
      "weights.json",
      "--ours",
      "Us",
      "--our-price",
      "130",
      "--price-bands",
      "vw.json",
      "--tolerance",
      "0.05",
      "--json",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.method).toBe("value-scorecard");
    expect(j.ours).toBe("Us");
    expect(j.drivers).toEqual(["A", "B", "C"]);
    expect(j.overall).toBeNull(); // the weights have no overall block
    const tech = j.segments.tech;
    expect(tech.products.map((p: { product: string }) => p.product)).toEqual(["Us", "X", "Y"]);
    expect(tech.products[0].valueScore).toBeCloseTo(6.675, 9);
    expect(tech.priceValue.products[0].position).toBe("valueAdvantage");
    expect(tech.priceValue.band).toEqual({ pmc: 100, pme: 150 });
    expect(tech.driverGaps.map((g: { label: string }) => g.label)).toEqual(["maintain", "maintain", "maintain"]);
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
  });

  it("reads the segment from the column --segment-column names", async () => {
    files["renamed.csv"] = FIXTURE.replace("respondent,segment,", "respondent,Market,");
    const r = await cli([
      "renamed.csv",
      "--weights",
      "weights.json",
      "--ours",
      "Us",
      "--segment-column",
      "market",
      "--json",
    ]);
    expect(r.stderr).toBe("");
    expect(Object.keys(JSON.parse(r.stdout).segments)).toEqual(["tech"]);
    const missing = await cli(["renamed.csv", "--weights", "weights.json", "--ours", "Us"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "research: renamed.csv: line 2: weights.json has no overall block for respondents without a segment\n",
    );
  });

  it("prints a readable table without --json", async () => {
    const r = await cli(["ratings.csv", "--weights", "weights.json", "--ours", "Us"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Value scorecard — ours: Us/);
    expect(r.stdout).toMatch(/value score +6\.68 +5\.70 +7\.05/);
  });

  it("bad input: one line naming the file line or the reason, exit 2", async () => {
    files["bad.csv"] = FIXTURE.replace("r2,tech,Us,B,5,", "r2,tech,Us,B,11,");
    let r = await cli(["bad.csv", "--weights", "weights.json", "--ours", "Us"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'research: bad.csv: line 9: rating must be a number from 0 to 10, or empty/"dk" for don\'t know: "11"\n',
    );
    files["dup.csv"] = `${FIXTURE}r1,tech,Us,A,3,\n`;
    r = await cli(["dup.csv", "--weights", "weights.json", "--ours", "Us"]);
    expect(r.stderr).toBe('research: dup.csv: line 26: respondent "r1" rated "Us" on "A" twice\n');
    files["seg.csv"] = FIXTURE.replace("r1,tech,Us,C,4,", "r1,retail,Us,C,4,");
    r = await cli(["seg.csv", "--weights", "weights.json", "--ours", "Us"]);
    expect(r.stderr).toMatch(
      /^research: seg\.csv: line 4: respondent "r1" is in segment "retail" here but "tech" earlier\n$/,
    );
    files["w2.json"] = JSON.stringify({ segments: { tech: { A: 1, B: 1 } } });
    r = await cli(["ratings.csv", "--weights", "w2.json", "--ours", "Us"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^research: ratings\.csv: line 4: driver "C" has no importance weight for segment "tech" in w2\.json \(it has: A, B\)\n$/,
    );
    r = await cli(["ratings.csv", "--weights", "nope.json", "--ours", "Us"]);
    expect(r.stderr).toBe("research: ratings.csv: --weights nope.json: cannot read the file (ENOENT)\n");
    files["broken.json"] = "{";
    r = await cli(["ratings.csv", "--weights", "broken.json", "--ours", "Us"]);
    expect(r.stderr).toMatch(/^research: ratings\.csv: --weights broken\.json: not valid JSON/);
    r = await cli(["ratings.csv", "--ours", "Us"]);
    expect(r.stderr).toMatch(/--weights is required/);
    r = await cli(["ratings.csv", "--weights", "weights.json"]);
    expect(r.stderr).toMatch(/no rows for our product "ours" \(products: Us, X, Y; name ours with --ours\)/);
    r = await cli(["ratings.csv", "--weights", "weights.json", "--ours", "Us", "--tolerance", "2"]);
    expect(r.stderr).toMatch(/--tolerance must be a number from 0 to 1/);
    for (const x of [r]) expect(x.stderr.split("\n").length).toBe(2);
  });

  it("chains with the MaxDiff CLI's --json output (segment item shares as weights)", async () => {
    const drivers = ["Speed", "Price", "Support", "Integrations"];
    const design = generateDesign({ items: 4, itemsPerTask: 3, tasks: 4, seed: 3 });
    const answers = simulateAnswers(design, simulateRespondents(40, { smb: [1.5, 0.5, 0, -2] }, 0.3, 4), drivers, 5);
    const md = ["respondent,task,item,best,worst,segment"];
    for (const t of answers)
      for (const it of t.shown)
        md.push(`${t.respondent},${t.task},${it},${it === t.best ? 1 : 0},${it === t.worst ? 1 : 0},smb`);
    const mdOut = await runCli(["maxdiff", "md.csv", "--segment-column", "segment", "--json"], () => md.join("\n"));
    expect(mdOut.code).toBe(0);
    files["md.json"] = mdOut.stdout;
    const ratings = ["respondent,segment,product,driver,rating"];
    for (let i = 0; i < 12; i++)
      for (const [p, base] of [
        ["Acme", 7],
        ["Rival", 5],
      ] as const)
        drivers.forEach((d, k) => {
          ratings.push(`q${i},smb,${p},${d},${base + ((i + k) % 3)}`);
        });
    files["r.csv"] = ratings.join("\n");
    const r = await cli(["r.csv", "--weights", "md.json", "--ours", "Acme", "--json"]);
    expect(r.stderr).toBe("");
    const j = JSON.parse(r.stdout);
    const shares = JSON.parse(mdOut.stdout).segments.smb.items as { item: string; share: number }[];
    const total = shares.reduce((s, x) => s + x.share, 0);
    for (const x of shares) expect(j.segments.smb.weights[x.item]).toBeCloseTo(x.share / total, 9);
    expect(j.overall.weightsSource).toBe("overall");
    // Acme is 2 points ahead on every driver for every respondent
    expect(j.segments.smb.comparisons[0].valueScoreDifference).toBeCloseTo(2, 9);
  });
});
