import { describe, expect, it } from "vitest";
import { runCli } from "../../../research/cli.ts";
import { analyseGaborGranger, arcElasticity, type GgAnswer } from "../../../research/gaborGranger/analyse.ts";
import { nextLadderPrice, type LadderAnswer } from "../../../research/gaborGranger/ladder.ts";
import { createRng } from "../../../research/random.ts";

// Five respondents asked 10, 20 and 30 (would buy = 4 or 5):
//   A 5,4,2 → acceptance 20      B 4,3,1 → 10      C 5,5,4 → 30
//   D 2,1,1 → none               E 3,4,2 → 20, inconsistent (yes at 20, no at 10)
const fixture = [
  "respondent,price,response,segment,weight",
  "A,10,5,x,2",
  "A,20,4,x,9", // only A's first row's weight (2) counts
  "A,30,2,x,9",
  "B,10,4,x,1",
  "B,20,3,x,1",
  "B,30,1,x,1",
  "C,10,5,x,1",
  "C,20,5,x,1",
  "C,30,4,x,1",
  "D,10,2,y,1",
  "D,20,1,y,1",
  "D,30,1,y,1",
  "E,30,2,y,1", // rows in any order
  "E,10,3,y,1",
  "E,20,4,y,1",
].join("\n");
const files: Record<string, string> = {
  "gg.csv": fixture,
  "bad-response.csv": "respondent,price,response\nA,10,5\nA,20,6\n",
  "bad-price.csv": "respondent,price,response\nA,10,5\nA,cheap,4\n",
  "twice.csv": "respondent,price,response\nA,10,5\nB,10,4\nA,10,3\n",
  "no-response.csv": "respondent,price\nA,10\n",
  // bad weights (the app's gabor-granger.csv has a weight column, read without --weight-column)
  "weight-text.csv": "respondent,price,response,segment,weight\nA,10,5,x,1\nB,10,4,x,heavy\n",
  "weight-zero.csv": "respondent,price,response,segment,weight\nA,10,5,x,0\n",
  "weight-negative.csv": "respondent,price,response,segment,weight\nA,10,5,x,1.5\nB,10,4,y,-2\n",
  "weight-empty.csv": "respondent,price,response,segment,weight\nA,10,5,x,\n",
  "weight-infinite.csv": "respondent,price,response,segment,weight\nA,10,5,x,Infinity\n",
  "no-weight.csv": "respondent,price,response\nA,10,5\n",
};
const read = (p: string) => {
  if (!(p in files)) throw Object.assign(new Error("nope"), { code: "ENOENT" });
  return files[p];
};
const run = (...argv: string[]) => runCli(["gabor-granger", ...argv], read);

describe("Gabor–Granger demand and revenue", () => {
  it("match the hand-computed values on the fixture", async () => {
    const r = await run("gg.csv", "--json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.method).toBe("gabor-granger");
    const o = json.overall;
    expect(o.respondents).toBe(5);
    // The column named "weight" is read without --weight-column.
    // Weighted: A = 2, others 1, Σw = 6. demand(10) = A,B,C,E = 5/6; demand(20) = A,C,E = 4/6; demand(30) = C = 1/6.
    // revenue = 10·5/6 = 8.333, 20·4/6 = 13.333, 30·1/6 = 5 → revenue-maximising price 20.
    expect(o.prices.map((p: { price: number }) => p.price)).toEqual([10, 20, 30]);
    expect(o.prices[0].demand).toBeCloseTo(5 / 6, 12);
    expect(o.prices[1].demand).toBeCloseTo(4 / 6, 12);
    expect(o.prices[2].demand).toBeCloseTo(1 / 6, 12);
    expect(o.prices[1].revenue).toBeCloseTo(40 / 3, 12);
    expect(o.revenueMaxPrice).toBe(20);
    expect(o.inconsistent).toBe(1);
    expect(o.intervalMethod).toBe("wilson-kish");
    // Kish effective n = (Σw)²/Σw² = 36/8 = 4.5.
    expect(o.effectiveN).toBeCloseTo(4.5, 12);
  });

  it("unweighted: demand 4/5, 3/5, 1/5; revenue 8, 12, 6; Wilson intervals; arc elasticities", () => {
    const answers: GgAnswer[] = fixture
      .split("\n")
      .slice(1)
      .map((l) => l.split(","))
      .map(([respondent, price, response, segment]) => ({
        respondent,
        price: Number(price),
        response: Number(response),
        segment,
      }));
    const r = analyseGaborGranger(answers, { bootstrap: 0 });
    const o = r.overall;
    expect(o.prices.map((p) => p.demand)).toEqual([0.8, 0.6, 0.2].map((x) => expect.closeTo(x, 12)));
    expect(o.prices.map((p) => p.revenue)).toEqual([8, 12, 6].map((x) => expect.closeTo(x, 12)));
    expect(o.revenueMaxPrice).toBe(20);
    expect(o.buyAtNoPrice).toBe(1);
    // Wilson 95% for 4/5 (R: prop.test(4, 5, correct = FALSE)$conf.int): z = 1.959964, z²/n = 0.768293,
    // centre = (0.8 + 0.384146)/1.768293 = 0.669655, half = 1.959964/1.768293 · √(0.032 + 0.038415) = 0.294124
    // → [0.375531, 0.963779].
    expect(o.prices[0].demandInterval?.[0]).toBeCloseTo(0.375531, 5);
    expect(o.prices[0].demandInterval?.[1]).toBeCloseTo(0.963779, 5);
    expect(o.intervalMethod).toBe("wilson");
    // Arc elasticity 10→20: (0.6−0.8)/0.7 ÷ (10/15) = −0.428571; 20→30: (0.2−0.6)/0.4 ÷ (10/25) = −2.5.
    expect(o.elasticities[0].elasticity).toBeCloseTo(-0.428571, 5);
    expect(o.elasticities[1].elasticity).toBeCloseTo(-2.5, 12);
    // Segment x = A, B, C: demand 3/3, 2/3, 1/3 → revenue 10, 13.33, 10 → 20. Segment y = D, E: 1/2, 1/2, 0 → 20.
    expect(r.segments.x.prices.map((p) => p.demand)).toEqual([1, 2 / 3, 1 / 3].map((x) => expect.closeTo(x, 12)));
    expect(r.segments.x.revenueMaxPrice).toBe(20);
    expect(r.segments.y.prices.map((p) => p.demand)).toEqual([0.5, 0.5, 0]);
    expect(r.segments.y.inconsistent).toBe(1);
    expect(r.segments.y.elasticities[1].elasticity).toBe(-5); // (0−0.5)/0.25 ÷ (10/25) = −5
  });

  it("arc elasticity is null when demand is zero at both rungs", () => {
    expect(arcElasticity(10, 0, 20, 0)).toBeNull();
  });

  it("recovers the revenue-maximising price of a known demand curve, inside its bootstrap interval", () => {
    // Acceptance price uniform on the ladder 10..100 → demand(p_j) = (11 − j)/10 for j = 1..10 and
    // revenue 10j·(11 − j)/10 peaks at j = 5 and 6 (30 each): the true revenue-maximising price is 50 or 60.
    const rng = createRng(7);
    const ladder = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    const answers: GgAnswer[] = [];
    for (let i = 0; i < 3000; i++) {
      const acc = ladder[rng.int(10)];
      for (const p of ladder) answers.push({ respondent: `r${i}`, price: p, response: p <= acc ? 5 : 1 });
    }
    const o = analyseGaborGranger(answers, { bootstrap: 400, seed: 3 }).overall;
    expect([50, 60]).toContain(o.revenueMaxPrice);
    const [lo, hi] = o.revenueMaxInterval as [number, number];
    expect(lo).toBeLessThanOrEqual(50);
    expect(hi).toBeGreaterThanOrEqual(60);
    expect(o.inconsistent).toBe(0);
    // Same seed → same interval.
    expect(analyseGaborGranger(answers, { bootstrap: 400, seed: 3 }).overall.revenueMaxInterval).toEqual([lo, hi]);
  });
});

describe("gabor-granger CLI bad input", () => {
  it.each([
    ["bad-response.csv", /^research: bad-response\.csv: line 3: response must be a whole number from 1 to 5/],
    ["bad-price.csv", /^research: bad-price\.csv: line 3: price is not a number/],
    ["twice.csv", /^research: twice\.csv: line 4: respondent A answered price 10 twice/],
    ["no-response.csv", /^research: no-response\.csv: line 1: missing column response/],
    ["weight-text.csv", /^research: weight-text\.csv: line 3: weight is not a number: "heavy"/],
    ["weight-zero.csv", /^research: weight-zero\.csv: line 2: weight must be positive: "0"/],
    ["weight-negative.csv", /^research: weight-negative\.csv: line 3: weight must be positive: "-2"/],
    ["weight-empty.csv", /^research: weight-empty\.csv: line 2: weight is empty/],
    ["weight-infinite.csv", /^research: weight-infinite\.csv: line 2: weight is not a number: "Infinity"/],
    ["no-weight.csv", /^research: no-weight\.csv: line 1: missing column weight \(given with --weight-column\)/],
  ])("%s exits 2 with one line naming the line", async (file, message) => {
    const r = await run(file, "--json", ...(file === "no-weight.csv" ? ["--weight-column", "weight"] : []));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a readable table without --json", async () => {
    const r = await run("gg.csv", "--bootstrap", "50");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/overall: 5 respondents, revenue-maximising price 20/);
  });
});

describe("adaptive ladder", () => {
  const ladder = [40, 10, 30, 20, 50]; // any order
  // A respondent who would buy up to 30 answers every price ≤ 30 with "yes".
  const walk = (limit: number | null, start: number) => {
    const asked: LadderAnswer[] = [];
    for (let guard = 0; guard < 10; guard++) {
      const step = nextLadderPrice(ladder, asked, start);
      if (step.done) return { asked: asked.map((a) => a.price), acceptance: step.acceptancePrice };
      asked.push({ price: step.next, wouldBuy: limit !== null && step.next <= limit });
    }
    throw new Error("did not stop");
  };
  it("goes up after yes and stops when bracketed", () => {
    expect(walk(30, 1)).toEqual({ asked: [20, 30, 40], acceptance: 30 });
  });
  it("goes down after no", () => {
    expect(walk(10, 2)).toEqual({ asked: [30, 20, 10], acceptance: 10 });
  });
  it("stops at the ends of the ladder", () => {
    expect(walk(100, 2)).toEqual({ asked: [30, 40, 50], acceptance: 50 });
    expect(walk(null, 1)).toEqual({ asked: [20, 10], acceptance: null });
  });
  it("rejects a price not on the ladder", () => {
    expect(() => nextLadderPrice(ladder, [{ price: 35, wouldBuy: true }], 0)).toThrow(/not on the ladder/);
  });
});
