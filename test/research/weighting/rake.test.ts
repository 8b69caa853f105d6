import { describe, expect, it } from "vitest";
import { runCli } from "../../../research/cli.ts";
import { createRng } from "../../../research/random.ts";
import { analyseVanWestendorp } from "../../../research/vanWestendorp/analyse.ts";
import { syntheticAnswers } from "../../../research/vanWestendorp/synthetic.ts";
import { rake, type RakeRespondent, type RakeTargets } from "../../../research/weighting/rake.ts";
import { weightedOverall } from "../../../research/weighting/weightedOverall.ts";

/** Respondents from cell counts: cells[k] = [count, {var: category}]. */
function fromCells(cells: [number, Record<string, string>][]): RakeRespondent[] {
  const out: RakeRespondent[] = [];
  for (const [count, values] of cells)
    for (let i = 0; i < count; i++) out.push({ respondent: `r${out.length}`, values });
  return out;
}

function margins(rs: readonly RakeRespondent[], w: readonly number[], variable: string): Record<string, number> {
  const total = w.reduce((a, b) => a + b, 0);
  const m: Record<string, number> = {};
  rs.forEach((r, i) => {
    m[r.values[variable]] = (m[r.values[variable]] ?? 0) + w[i] / total;
  });
  return m;
}

/**
 * Independent second implementation: raking weights are w_i = exp(Σ_v λ_v[c_v(i)]) (Deville & Särndal 1992,
 * raking distance), the solution of the dual equations Σ_i w_i x_i = N·targets. Solved with Newton's method
 * on λ (first category of every variable but the first fixed at 0), Gaussian elimination for each step.
 */
function rakeByNewton(rs: readonly RakeRespondent[], targets: RakeTargets): number[] {
  const vars = Object.keys(targets);
  const params: { v: string; c: string }[] = [];
  vars.forEach((v, k) => {
    Object.keys(targets[v]).forEach((c, j) => {
      if (k === 0 || j > 0) params.push({ v, c });
    });
  });
  const X: number[][] = rs.map((r) => params.map((p) => (r.values[p.v] === p.c ? 1 : 0)));
  const T = params.map((p) => rs.length * targets[p.v][p.c]);
  const lambda = params.map(() => 0);
  let w: number[] = [];
  for (let it = 0; it < 100; it++) {
    w = X.map((x) => Math.exp(x.reduce((s, xi, j) => s + xi * lambda[j], 0)));
    const F = params.map((_, j) => X.reduce((s, x, i) => s + w[i] * x[j], 0) - T[j]);
    if (Math.max(...F.map(Math.abs)) < 1e-11) break;
    const J = params.map((_, a) => params.map((_, b) => X.reduce((s, x, i) => s + w[i] * x[a] * x[b], 0)));
    const step = solve(J, F);
    for (let j = 0; j < lambda.length; j++) lambda[j] -= step[j];
  }
  return w;
}

function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((row, i) => row[n] / row[i]);
}

describe("raking", () => {
  it("2×2: matches the closed-form solution worked out by hand", () => {
    // Cells (A,X) 30, (A,Y) 20, (B,X) 10, (B,Y) 40; targets A/B 0.5/0.5, X/Y 0.6/0.4, n = 100.
    // IPF keeps the odds ratio (Mosteller 1968): m11·m22/(m12·m21) = 30·40/(20·10) = 6, with row sums 50, 50
    // and column sums 60, 40: m11 = x, m12 = 50 − x, m21 = 60 − x, m22 = x − 10, so x(x − 10) = 6(50 − x)(60 − x)
    // → x² − 130x + 3600 = 0 → x = 40 (the root in (10, 50)). Cells 40, 10, 20, 30 → weights 4/3, 1/2, 2, 3/4.
    const rs = fromCells([
      [30, { a: "A", b: "X" }],
      [20, { a: "A", b: "Y" }],
      [10, { a: "B", b: "X" }],
      [40, { a: "B", b: "Y" }],
    ]);
    const r = rake(rs, { a: { A: 0.5, B: 0.5 }, b: { X: 0.6, Y: 0.4 } });
    expect(r.converged).toBe(true);
    const w = r.weights.map((x) => x.weight);
    expect(w[0]).toBeCloseTo(4 / 3, 10);
    expect(w[30]).toBeCloseTo(1 / 2, 10);
    expect(w[50]).toBeCloseTo(2, 10);
    expect(w[60]).toBeCloseTo(3 / 4, 10);
    // Σw² = 30·16/9 + 20/4 + 10·4 + 40·9/16 = 120.8333 → design effect 100·120.8333/100² = 1.208333,
    // effective n = 100²/120.8333 = 82.7586.
    expect(r.designEffect).toBeCloseTo(1.2083333333, 9);
    expect(r.effectiveN).toBeCloseTo(82.75862069, 7);
  });

  it("three variables: margins met to 1e-9 and weights equal Newton's solution of the raking dual", () => {
    const rng = createRng(11);
    const seg = ["tech", "real_estate", "nonprofit"],
      size = ["small", "large"],
      region = ["eu", "us", "apac"];
    const rs: RakeRespondent[] = Array.from({ length: 400 }, (_, i) => ({
      respondent: `k${i}`,
      values: {
        segment: seg[rng.next() < 0.5 ? 0 : rng.next() < 0.6 ? 1 : 2],
        size: size[rng.next() < 0.7 ? 0 : 1],
        region: region[rng.int(3)],
      },
    }));
    const targets: RakeTargets = {
      segment: { tech: 0.3, real_estate: 0.45, nonprofit: 0.25 },
      size: { small: 0.55, large: 0.45 },
      region: { eu: 0.5, us: 0.3, apac: 0.2 },
    };
    const r = rake(rs, targets);
    expect(r.converged).toBe(true);
    const w = r.weights.map((x) => x.weight);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(400, 9);
    for (const v of Object.keys(targets))
      for (const [c, t] of Object.entries(targets[v])) expect(Math.abs(margins(rs, w, v)[c] - t)).toBeLessThan(1e-9);
    const newton = rakeByNewton(rs, targets);
    for (let i = 0; i < rs.length; i++) expect(Math.abs(w[i] - newton[i])).toBeLessThan(1e-8);
  });

  it("trimming keeps weights inside the bounds (mean 1) and reports whether margins were still met", () => {
    const rs = fromCells([
      [90, { s: "a" }],
      [10, { s: "b" }],
    ]);
    const r = rake(rs, { s: { a: 0.5, b: 0.5 } }, { trim: [0.5, 2] });
    const w = r.weights.map((x) => x.weight);
    // Untrimmed b would need weight 5; clipped at 2 (mean 1) the margin cannot be met: b gets 2, a the rest (80/90).
    expect(Math.max(...w)).toBeLessThanOrEqual(2 + 1e-12);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(0.5 - 1e-12);
    expect(r.converged).toBe(false);
    expect(w[99]).toBeCloseTo(2, 12);
    expect(w[0]).toBeCloseTo(80 / 90, 12);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
  });
});

describe("market mix: weighted overall figures move, per-segment figures do not", () => {
  const vw = syntheticAnswers(3000, 5, { segments: { tech: 45, real_estate: 60, nonprofit: 22 }, invalidShare: 0 });
  const rs: RakeRespondent[] = vw.map((a, i) => ({ respondent: `r${i}`, values: { segment: a.segment as string } }));
  // A concept answer: "top-2" when the respondent's expensive price is above 50.
  const top2 = vw.map((a) => ((a.expensive as number) > 50 ? 1 : 0));
  const share = (w: number[], seg?: string) => {
    let num = 0,
      den = 0;
    vw.forEach((a, i) => {
      if (seg && a.segment !== seg) return;
      num += w[i] * top2[i];
      den += w[i];
    });
    return num / den;
  };
  const mixes = [
    { tech: 0.3, real_estate: 0.45, nonprofit: 0.25 },
    { tech: 0.1, real_estate: 0.2, nonprofit: 0.7 },
  ];
  it("concept top-2 shares: weighted overall = weightedOverall(segment shares, mix)", () => {
    const ones = vw.map(() => 1);
    const bySegment = Object.fromEntries(["tech", "real_estate", "nonprofit"].map((s) => [s, share(ones, s)]));
    const overall = mixes.map((mix) => {
      const w = rake(rs, { segment: mix }).weights.map((x) => x.weight);
      for (const s of Object.keys(mix)) expect(share(w, s)).toBeCloseTo(bySegment[s], 12);
      const o = share(w);
      expect(o).toBeCloseTo(weightedOverall(bySegment, mix) as number, 12);
      return o;
    });
    // More nonprofit (cheap segment) in the market → fewer say "worth more than 50".
    expect(overall[1]).toBeLessThan(overall[0] - 0.1);
  });

  it("Van Westendorp: raked weights move the overall range, not the segments' ranges", () => {
    const plain = analyseVanWestendorp(vw);
    const results = mixes.map((mix) => {
      const w = rake(rs, { segment: mix }).weights.map((x) => x.weight);
      return analyseVanWestendorp(vw.map((a, i) => ({ ...a, weight: w[i] })));
    });
    for (const r of results)
      for (const s of ["tech", "real_estate", "nonprofit"]) {
        expect(r.segments[s].pmc).toBeCloseTo(plain.segments[s].pmc as number, 9);
        expect(r.segments[s].pme).toBeCloseTo(plain.segments[s].pme as number, 9);
      }
    expect(results[1].overall.pme as number).toBeLessThan((results[0].overall.pme as number) - 5);
  });

  it("weightedOverall leaves out null figures", () => {
    expect(weightedOverall({ a: 0.2, b: null, c: 0.8 }, { a: 0.5, b: 0.3, c: 0.5 })).toBeCloseTo(0.5, 12);
    expect(weightedOverall({ a: null }, { a: 1 })).toBeNull();
  });
});

describe("rake CLI", () => {
  const files: Record<string, string> = {
    "k.csv":
      "Segment,respondent,size,extra\ntech,k1,small,x\ntech,k2,large,y\nnonprofit,k3,large,z\nnonprofit,k4,small,w\n",
    "t.json": JSON.stringify({ segment: { tech: 0.3, nonprofit: 0.7 }, size: { small: 0.55, large: 0.45 } }),
    "empty-cat.json": JSON.stringify({ segment: { tech: 0.3, nonprofit: 0.5, real_estate: 0.2 } }),
    "bad-sum.json": JSON.stringify({ segment: { tech: 0.3, nonprofit: 0.6 } }),
    "unknown.json": JSON.stringify({ region: { eu: 1 } }),
    "not-json.json": "{segment:",
  };
  const read = (p: string) => {
    if (!(p in files)) throw Object.assign(new Error("nope"), { code: "ENOENT" });
    return files[p];
  };
  it("prints the contract's keys with margins met", async () => {
    const r = await runCli(["rake", "k.csv", "--targets", "t.json", "--json"], read);
    expect(r.stderr).toBe("");
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ method: "rake", respondents: 4, converged: true });
    expect(json.iterations).toBeGreaterThan(0);
    expect(json.weights.map((w: { respondent: string }) => w.respondent)).toEqual(["k1", "k2", "k3", "k4"]);
    const w = json.weights.map((x: { weight: number }) => x.weight);
    expect(w[0] + w[1]).toBeCloseTo(4 * 0.3, 9); // tech share 0.3 of n = 4
    expect(w[1] + w[2]).toBeCloseTo(4 * 0.45, 9); // k2 and k3 are large
    expect(json.designEffect).toBeGreaterThan(1);
    expect(json.effectiveN).toBeCloseTo(4 / json.designEffect, 9);
  });
  it.each([
    ["empty-cat.json", /no respondent has segment = "real_estate"/],
    ["bad-sum.json", /target shares of segment sum to 0\.9, not 1/],
    ["unknown.json", /line 1: unknown column region/],
    ["not-json.json", /not-json\.json is not valid JSON/],
    ["missing.json", /missing\.json: cannot read the file/],
  ])("%s exits 2 with one line", async (targets, message) => {
    const r = await runCli(["rake", "k.csv", "--targets", targets, "--json"], read);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
  it("--targets is required", async () => {
    const r = await runCli(["rake", "k.csv", "--json"], read);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--targets <targets\.json> is required/);
  });
});
