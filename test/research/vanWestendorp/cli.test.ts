import { describe, expect, it } from "vitest";
import { runCli } from "../../../research/cli.ts";

const files: Record<string, string> = {
  // The hand-checked set of handChecked.test.ts (PMC 20, OPP 20, IPP 35, PME 55), with a segment
  // column first, mixed-case headers, an extra column, a missing answer (empty cell) and CRLF.
  "basic.csv": [
    "Segment,respondent,TOO_CHEAP,Cheap,expensive,too_expensive",
    "a,1,10,20,40,55",
    "a,2,20,30,55,70",
    "b,3,15,25,35,60",
    "b,4,20,40,55,80",
    "a,5,12,22,45,65",
    "b,6,10,10,20,30",
    "b,7,10,,20,30",
  ].join("\r\n"),
  "reordered.csv":
    "too_expensive,expensive,cheap,too_cheap\n55,40,20,10\n70,55,30,20\n60,35,25,15\n80,55,40,20\n65,45,22,12\n",
  "pi.csv":
    "too_cheap,cheap,expensive,too_expensive,pi_cheap,pi_expensive,grp,w\n10,20,40,50,5,3,x,1\n15,30,45,60,4,4,x,2\n10,20,30,40,5,3,y,1\n",
  "missing-column.csv": "too_cheap,cheap,expensive\n1,2,3\n",
  "negative.csv": "too_cheap,cheap,expensive,too_expensive\n1,2,3,4\n1,2,3,4\n-1,2,3,4\n",
  "text-price.csv": "too_cheap,cheap,expensive,too_expensive\n1,2,abc,4\n",
  "empty.csv": "",
  "header-only.csv": "too_cheap,cheap,expensive,too_expensive\n",
  "none-valid.csv": "too_cheap,cheap,expensive,too_expensive\n4,3,2,1\n1,1,2,3\n",
  "bad-pi.csv": "too_cheap,cheap,expensive,too_expensive,pi_cheap,pi_expensive\n1,2,3,4,5,3\n1,2,3,4,6,3\n",
  "bad-weight.csv": "too_cheap,cheap,expensive,too_expensive,weight\n1,2,3,4,1\n1,2,3,4,0\n",
};
const read = (path: string) => {
  if (!(path in files)) throw Object.assign(new Error("nope"), { code: "ENOENT" });
  return files[path];
};
const run = (...argv: string[]) => runCli(["van-westendorp", ...argv], read);

describe("van-westendorp CLI", () => {
  it("prints the contract's JSON shape", async () => {
    const r = await run("basic.csv", "--json");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["method", "overall", "segments", "comparisons"]);
    expect(json.method).toBe("van-westendorp");
    expect(Object.keys(json.overall)).toEqual([
      "n",
      "nValid",
      "invalid",
      "pmc",
      "opp",
      "ipp",
      "pme",
      "nms",
      "intervals",
    ]);
    expect(json.overall).toMatchObject({
      n: 7,
      nValid: 5,
      invalid: { notOrdered: 1, missing: 1 },
      pmc: 20,
      opp: 20,
      ipp: 35,
      pme: 55,
      nms: null,
      intervals: null,
    });
    expect(Object.keys(json.segments)).toEqual(["a", "b"]);
    expect(Object.keys(json.segments.b)).toEqual(Object.keys(json.overall));
    expect(json.segments.b).toMatchObject({ n: 4, nValid: 2, invalid: { notOrdered: 1, missing: 1 } });
    expect(json.comparisons).toHaveLength(1);
    expect(json.comparisons[0]).toMatchObject({
      a: "a",
      b: "b",
      relation: expect.stringMatching(/above|below|overlaps/),
    });
  });

  it("ignores column order and case", async () => {
    const a = JSON.parse((await run("basic.csv", "--json", "--interpolate")).stdout);
    const b = JSON.parse((await run("reordered.csv", "--json", "--interpolate")).stdout);
    expect([b.overall.pmc, b.overall.opp, b.overall.ipp, b.overall.pme]).toEqual([18.34, 20, 35, 51.67]);
    expect([a.overall.pmc, a.overall.opp, a.overall.ipp, a.overall.pme]).toEqual([18.34, 20, 35, 51.67]);
    expect(b.segments).toEqual({});
  });

  it("reads purchase intents, a named segment column, weights and bootstrap options", async () => {
    const r = await run(
      "pi.csv",
      "--json",
      "--segment-column",
      "GRP",
      "--weight-column",
      "w",
      "--bootstrap",
      "50",
      "--seed",
      "3",
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json.segments)).toEqual(["x", "y"]);
    expect(json.overall.nms).toEqual({ trialOptimal: expect.any(Number), revenueOptimal: expect.any(Number) });
    expect(Object.keys(json.overall.intervals)).toEqual(["pmc", "opp", "ipp", "pme"]);
    expect(json.overall.curves).toBeUndefined();
    expect(
      (
        await run(
          "pi.csv",
          "--json",
          "--segment-column",
          "GRP",
          "--weight-column",
          "w",
          "--bootstrap",
          "50",
          "--seed",
          "3",
        )
      ).stdout,
    ).toBe(r.stdout);
  });

  it("prints a readable table without --json", async () => {
    const r = await run("basic.csv");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/5 of 7 respondents valid/);
    expect(lines.find((l) => l.startsWith("overall"))).toMatch(/overall\s+7\s+5\s+20\s+20\s+35\s+55/);
    expect(lines.some((l) => l.startsWith("- a's band"))).toBe(true);
    expect(() => JSON.parse(r.stdout)).toThrow();
  });

  const bad: [string, string[], RegExp][] = [
    ["missing-column.csv", [], /line 1: missing column too_expensive/],
    ["negative.csv", [], /line 4: too_cheap must be at least 0/],
    ["text-price.csv", [], /line 2: expensive is not a number/],
    ["empty.csv", [], /empty/],
    ["header-only.csv", [], /no data rows/],
    ["none-valid.csv", [], /no valid respondent/],
    ["bad-pi.csv", [], /line 3: pi_cheap must be a whole number from 1 to 5/],
    ["bad-weight.csv", [], /line 3: weight must be positive/],
    ["basic.csv", ["--segment-column", "region"], /missing column region/],
    ["basic.csv", ["--bootstrap", "many"], /--bootstrap must be a whole number/],
    ["nowhere.csv", [], /cannot read/],
  ];
  for (const [file, extra, message] of bad) {
    it(`fails with exit 2 and one line: ${file} ${extra.join(" ")}`, async () => {
      const r = await run(file, ...extra, "--json");
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});

// Regressions found by the fuzz suite (test/fuzz/vanWestendorp.test.ts).
describe("van-westendorp CLI regressions", () => {
  const csv = (rows: string[], extra = "") => `too_cheap,cheap,expensive,too_expensive${extra}\n${rows.join("\n")}\n`;
  const hand = ["10,20,40,55", "20,30,55,70", "15,25,35,60", "20,40,55,80", "12,22,45,65"];
  const runText = (text: string, ...argv: string[]) =>
    runCli(["van-westendorp", "in.csv", "--json", ...argv], () => text);
  const points = (stdout: string) => {
    const o = JSON.parse(stdout).overall;
    return [o.pmc, o.opp, o.ipp, o.pme];
  };

  it("--interpolate terminates for prices spanning more than 21 million (the midpoint used to wrap at 2^31)", async () => {
    const scaled = hand.map((r) =>
      r
        .split(",")
        .map((x) => String(Number(x) * 1e6))
        .join(","),
    );
    const small = await runText(csv(hand), "--interpolate");
    const big = await runText(csv(scaled), "--interpolate");
    expect(big.code).toBe(0);
    const [s, b] = [points(small.stdout), points(big.stdout)];
    for (let i = 0; i < 4; i++) expect(Math.abs(b[i] - s[i] * 1e6)).toBeLessThanOrEqual(0.01 * 1e6);
  });

  it("one weight for everybody gives the unweighted result, however large or small (sums used to overflow/underflow)", async () => {
    const plain = points((await runText(csv(hand))).stdout);
    for (const w of ["1e300", "1.7e308", "5e-324", "1e-310"]) {
      for (const opt of [[], ["--interpolate"]]) {
        const r = await runText(
          csv(
            hand.map((row) => `${row},${w}`),
            ",weight",
          ),
          ...opt,
        );
        expect(r.code).toBe(0);
        expect(points(r.stdout), `weight ${w} ${opt.join(" ")}`).toEqual(
          opt.length ? points((await runText(csv(hand), ...opt)).stdout) : plain,
        );
      }
    }
  });

  it('a segment named "__proto__" gets its own block (it used to vanish)', async () => {
    const r = await runText(
      csv(
        hand.map((row, i) => `${row},${i < 2 ? "__proto__" : "constructor"}`),
        ",segment",
      ),
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j.segments).sort()).toEqual(["__proto__", "constructor"]);
    // biome-ignore lint/suspicious/noProto: a segment literally named "__proto__" is the case under test
    expect(j.segments.__proto__.n).toBe(2);
  });
});
