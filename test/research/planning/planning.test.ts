import { describe, expect, it } from "vitest";
import { hbAdequacy, maxdiffRespondentsForExposures } from "../../../research/planning/maxdiffExposure.ts";
import { planLeadCriterion, planShareCriterion, planStudySampleSize } from "../../../research/planning/sampleSize.ts";
import {
  acceptableRangeSampleSize,
  defaultPriceAnswerModel,
  sampleSizeFromPilotHalfWidth,
  vanWestendorpBandPrecision,
  vanWestendorpSampleSizeForHalfWidth,
} from "../../../research/planning/vanWestendorpPrecision.ts";
import { createRng } from "../../../research/random.ts";
import {
  oneSampleProportionSampleSize,
  tTestPower,
  tTestSampleSize,
  twoSampleProportionPower,
  twoSampleProportionSampleSize,
  wilsonDecisionPower,
} from "../../../research/stats/power.ts";
import { wilsonInterval } from "../../../research/stats/intervals.ts";
import { analyseVanWestendorp } from "../../../research/vanWestendorp/analyse.ts";
import type { StudyExport } from "../../../research/studyExport.ts";

const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b)).toBeLessThan(tol);

describe("power and sample size against R", () => {
  it("power.prop.test(p1 = .5, p2 = .55, power = .8) → n = 1564.67 per group", () => {
    // By hand: p̄ = .525, √((p1+p2)(1−p̄)) = √.49875 = .706222; √(p1q1 + p2q2) = √.4975 = .705337
    // n = ((1.959964·.706222 + .841621·.705337)/.05)² = (1.977797/.05)² = 1564.67
    close(twoSampleProportionSampleSize(0.5, 0.55, 0.05, 0.8)!, 1564.672, 0.01);
    // power.prop.test(p1 = .5, p2 = .75, power = .9): ((1.959964·.684653 + 1.281552·.661438)/.25)² = 76.706
    close(twoSampleProportionSampleSize(0.5, 0.75, 0.05, 0.9)!, 76.706, 0.01);
    close(twoSampleProportionPower(1565, 0.5, 0.55, 0.05), 0.8, 0.001);
    expect(twoSampleProportionSampleSize(0.4, 0.4, 0.05, 0.8)).toBeNull();
  });

  it("power.t.test(delta = .5, sd = 1, power = .8) → 63.77; (delta = 1, power = .9) → 22.02", () => {
    // R: power.t.test(delta=0.5, sd=1, power=.8)$n = 63.76576; power.t.test(power=.9, delta=1)$n = 22.02110
    close(tTestSampleSize(0.5, 1, 0.05, 0.8)!, 63.76576, 0.001);
    close(tTestSampleSize(1, 1, 0.05, 0.9)!, 22.0211, 0.001);
    // R: power.t.test(n=20, delta=1)$power = 0.8689528
    close(tTestPower(20, 1, 1, 0.05), 0.8689528, 1e-5);
    // The normal-approximation lower bound 2·(1.96 + .8416)²/.25 = 62.79 is just below the t answer
    expect(tTestSampleSize(0.5, 1, 0.05, 0.8)!).toBeGreaterThan(62.79);
  });

  it("one-sample proportion .55 vs .5: 617 at one-sided α = .05, 783 at the engine's 95% Wilson rule", () => {
    // n = ((1.644854·√.25 + .841621·√.2475)/.05)² = ((.822427 + .418700)/.05)² = 616.16 → 617
    close(oneSampleProportionSampleSize(0.5, 0.55, 0.05, 0.8)!, 616.16, 0.01);
    // The engine validates when the 95% Wilson interval's lower end ≥ T: the one-sided score test at .025,
    // n = ((1.959964·.5 + .418700)/.05)² = 782.53 → 783
    close(oneSampleProportionSampleSize(0.5, 0.55, 0.025, 0.8)!, 782.53, 0.01);
    expect(planShareCriterion(0.5, 0.55, 0.9, 0.8).n).toBe(617);
    const p = planShareCriterion(0.5, 0.55, 0.95, 0.8);
    expect(p.n).toBe(783);
    // The exact binomial power of the Wilson decision at 783 is close to the target
    close(p.power!, 0.8, 0.02);
  });

  it("exact Wilson-decision power equals a direct sum of binomial probabilities", () => {
    const n = 120;
    for (const [p0, p1, conf] of [
      [0.5, 0.62, 0.95],
      [0.3, 0.2, 0.9],
    ]) {
      // P(decided) = Σ_x C(n,x) p1^x (1−p1)^(n−x) over x whose Wilson interval clears p0
      let direct = 0;
      let logC = 0;
      for (let x = 0; x <= n; x++) {
        if (x > 0) logC += Math.log((n - x + 1) / x);
        const iv = wilsonInterval(x, n, conf)!;
        const decided = p1 > p0 ? iv[0] >= p0 : iv[1] < p0;
        if (decided) direct += Math.exp(logC + x * Math.log(p1) + (n - x) * Math.log(1 - p1));
      }
      close(wilsonDecisionPower(n, p0, p1, conf), direct, 1e-7);
    }
  });

  it("simulated Wilson decisions at the planned n are decided about 80% of the time", () => {
    const rng = createRng(11);
    const n = planShareCriterion(0.4, 0.47, 0.95, 0.8).n!;
    let decided = 0;
    const reps = 2000;
    for (let r = 0; r < reps; r++) {
      let x = 0;
      for (let i = 0; i < n; i++) if (rng.next() < 0.47) x++;
      if (wilsonInterval(x, n, 0.95)![0] >= 0.4) decided++;
    }
    // SE of a simulated share near .8 with 2,000 runs ≈ .009
    close(decided / reps, 0.8, 0.03);
  });
});

describe("MaxDiff exposures and HB adequacy", () => {
  it("n = 500·items/(k·tasks) and tasks·k/items ≥ 3", () => {
    // 12 items, 4 per task, 9 tasks: each respondent sees each item 3 times → 500/3 = 166.7 → 167
    const d = { items: 12, itemsPerTask: 4, tasksPerRespondent: 9 };
    expect(maxdiffRespondentsForExposures(d)).toBe(167);
    expect(hbAdequacy(d).adequate).toBe(true);
    // 20 items, 4 per task, 10 tasks: 2 exposures → 250 respondents, HB not adequate, 15 tasks would be
    const e = { items: 20, itemsPerTask: 4, tasksPerRespondent: 10 };
    expect(maxdiffRespondentsForExposures(e)).toBe(250);
    expect(hbAdequacy(e)).toMatchObject({ exposuresPerRespondent: 2, adequate: false, tasksNeeded: 15 });
  });
});

describe("Van Westendorp band precision", () => {
  it("closed form for the default model around 100", () => {
    // PMC crossing of tooCheap N(60, 25) and cheap N(80, 25): p* = 70, d = 20/50 = .4,
    // a = Φ(−.4) = .344578, φ(.4) = .368270 → √n·SE = √(2·.344578)·25/(2·.368270) = 28.1775
    const b = vanWestendorpBandPrecision(defaultPriceAnswerModel(100), 400);
    close(b.pmc.estimate, 70, 1e-9);
    close(b.pmc.se, 28.1775 / 20, 1e-3);
    close(b.pmc.halfWidth, (1.959964 * 28.1775) / 20, 1e-3);
    // n for ±5: (1.959964·28.1775/5)² = 122.0 → 123 (PME's crossing is slightly tighter)
    expect(vanWestendorpSampleSizeForHalfWidth(defaultPriceAnswerModel(100), 5)).toBe(123);
    expect(sampleSizeFromPilotHalfWidth(100, 6, 3)).toBe(400);
  });

  it("the predicted SE of PMC and PME matches the spread of simulated Van Westendorp studies", () => {
    const model = { tooCheap: 60, cheap: 75, expensive: 100, tooExpensive: 125, sd: 12 };
    const n = 300;
    const rng = createRng(5);
    const pmc: number[] = [];
    const pme: number[] = [];
    for (let r = 0; r < 300; r++) {
      const answers = Array.from({ length: n }, () => {
        const z = rng.normal(); // one latent price sensitivity per respondent keeps the answers ordered
        return {
          tooCheap: model.tooCheap + model.sd * z,
          cheap: model.cheap + model.sd * z,
          expensive: model.expensive + model.sd * z,
          tooExpensive: model.tooExpensive + model.sd * z,
        };
      });
      const res = analyseVanWestendorp(answers);
      pmc.push(res.overall.pmc!);
      pme.push(res.overall.pme!);
    }
    const sd = (xs: number[]) => {
      const m = xs.reduce((s, x) => s + x, 0) / xs.length;
      return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
    };
    const pred = vanWestendorpBandPrecision(model, n);
    // 300 replicates estimate an SD within about ±8% (1/√(2·299)·2)
    expect(sd(pmc) / pred.pmc.se).toBeGreaterThan(0.88);
    expect(sd(pmc) / pred.pmc.se).toBeLessThan(1.12);
    expect(sd(pme) / pred.pme.se).toBeGreaterThan(0.88);
    expect(sd(pme) / pred.pme.se).toBeLessThan(1.12);
    close(pmc.reduce((s, x) => s + x, 0) / pmc.length, pred.pmc.estimate, 0.5);
  });

  it("from a segment's pilot answers: the closed form on a hand case, and the plan says so", () => {
    // Pilot means 40 / 60 / 90 / 120 (too cheap, bargain, getting expensive, too expensive), common SD 20.
    // SE = √(2Φ(−d)/n)·s/(2φ(d)), d = (μ_hi − μ_lo)/(2s) (delta method for a curve crossing, Serfling 1980 §2.3):
    // PMC at 50: d = 20/40 = .5, Φ(−.5) = .308538, φ(.5) = .352065 → √n·SE = √.617075·20/.704130 = 22.3124
    // PME at 105: d = 30/40 = .75, Φ(−.75) = .226627, φ(.75) = .301137 → √n·SE = √.453254·20/.602274 = 22.3566
    // ±5% of the pilot's reference price (60 + 90)/2 = 75 is ±3.75: n = (1.959964·22.3566/3.75)² = 136.54 → 137
    const pilot = { tooCheap: 40, cheap: 60, expensive: 90, tooExpensive: 120, sd: 20 };
    const one = vanWestendorpBandPrecision(pilot, 1);
    close(one.pmc.estimate, 50, 1e-9);
    close(one.pmc.se, 22.3124, 1e-3);
    close(one.pme.estimate, 105, 1e-9);
    close(one.pme.se, 22.3566, 1e-3);
    expect(vanWestendorpSampleSizeForHalfWidth(pilot, 3.75)).toBe(137);
    const plan = planStudySampleSize(study(), { priceModels: { tech: pilot } });
    const tech = plan.segments.tech.requirements.find((r) => r.id === "price")!;
    expect(tech.n).toBe(137);
    expect(tech.rule).toBe("PMC and PME within ±5% of 75 (95% intervals) in tech");
    expect(tech.note).toBe(
      "expected PMC 50 ± 3.74, PME 105 ± 3.74 at n = 137 (from your pilot: means 40, 60, 90, 120, SD 20)",
    );
    // retail has no pilot: the default spread around the target price 100 (123, as above)
    const retail = plan.segments.retail.requirements.find((r) => r.id === "price")!;
    expect(retail.n).toBe(123);
    expect(retail.note).toMatch(/ \(default answer spread: SD 25% of the price\)$/);
  });

  it("acceptable-range criterion: a price near PME needs more respondents than one mid-band", () => {
    const m = defaultPriceAnswerModel(100); // band 70–142.5
    const mid = acceptableRangeSampleSize(m, 100, 0.95, 0.8)!;
    const near = acceptableRangeSampleSize(m, 135, 0.95, 0.8)!;
    expect(near.end).toBe("pme");
    // √n·SE(PME) = 27.8479 (d = 17.5/25 = .7), δ = 7.5: n = (27.8479·(1.959964 + .841621)/7.5)² = 108.2 → 109
    expect(near.n).toBe(109);
    expect(mid.n).toBeLessThan(near.n);
    expect(acceptableRangeSampleSize(m, 142.5, 0.95, 0.8)).toBeNull();
  });
});

function study(): StudyExport {
  return {
    format: "valuestack.study",
    version: 1,
    study: { id: "s", name: "S", currency: "USD", productDescription: "", status: "draft" },
    segments: [
      { key: "tech", name: "Tech", description: "", targetN: 200 },
      { key: "retail", name: "Retail", description: "", targetN: 200 },
    ],
    items: Array.from({ length: 12 }, (_, i) => ({ label: `I${i + 1}`, description: "" })),
    concepts: [{ name: "C", hypothesisId: "h1", body: "" }],
    hypotheses: [
      {
        id: "h1",
        problem: "",
        statement: "Tech wants it",
        segments: ["tech"],
        items: ["I1"],
        concepts: ["C"],
        targetPrice: 100,
        rule: {
          confidence: 0.95,
          criteria: [
            { kind: "concept", segment: "tech", metric: "purchase_intent", threshold: 0.5 },
            { kind: "valueDriver", segment: "tech", topK: 3 },
            { kind: "price", segment: "retail", test: "notTooExpensive", threshold: 0.6 },
          ],
        },
      },
    ],
    pricing: { nms: false, calibration: [0.7, 0.5, 0.3, 0.1, 0], minPrice: 0, maxPrice: 500 },
    maxdiff: { itemsPerTask: 4, tasksPerRespondent: 9, versions: 1 },
    respondents: [],
  };
}

describe("planStudySampleSize", () => {
  it("the segment target is the largest requirement and names the criterion that drives it", () => {
    const plan = planStudySampleSize(study(), { criteria: { "h1#0": { expected: 0.55 }, "h1#2": { expected: 0.7 } } });
    const tech = plan.segments.tech;
    expect(tech.target).toBe(783);
    expect(tech.drivingCriterion).toEqual({ id: "h1#0", rule: "top-2-box purchase intent ≥ 50% in tech", n: 783 });
    expect(tech.sentence).toMatch(/^Tech needs 783 respondents \(now 200\), driven by criterion "top-2-box/);
    const md = tech.requirements.find((r) => r.id === "maxdiff")!;
    expect(md.n).toBe(167);
    expect(md.note).toMatch(/HB adequate: 3 exposures/);
    expect(tech.requirements.find((r) => r.id === "h1#1")!.n).toBe(167);
    // retail: .7 vs .6 at the 95% Wilson rule: ((1.959964·.489898 + .841621·.458258)/.1)² = 181.13 → 182
    const retail = plan.segments.retail;
    expect(retail.requirements.find((r) => r.id === "h1#2")!.n).toBe(182);
    expect(retail.target).toBe(182);
    expect(retail.drivingCriterion!.id).toBe("h1#2");
  });

  it("without an expected value the criterion is listed but does not set the target", () => {
    const plan = planStudySampleSize(study());
    const c = plan.segments.tech.requirements.find((r) => r.id === "h1#0")!;
    expect(c.n).toBeNull();
    expect(c.note).toMatch(/enter the share you expect/);
    // the valueDriver criterion (planned by MaxDiff exposures, 167) drives it, listed before the design row
    expect(plan.segments.tech.drivingCriterion).toMatchObject({ id: "h1#1", n: 167 });
  });

  it("a planned lead over a competitor: paired t power, scaled by the competitor's users", () => {
    // R: power.t.test(delta = .5, sd = 1, power = .8, type = "paired")$n = 33.367 (one-sided .025 is the same
    // calculation under strict = FALSE) → 34 pairs; with 40% of the segment using the competitor 34/.4 = 85
    const p = planLeadCriterion(0.5, 1, 0.95, 0.8, 0.4);
    expect(p).toMatchObject({ pairs: 34, respondents: 85 });
    close(tTestSampleSize(0.5, 1, 0.025, 0.8, "paired", 1)!, 33.367, 0.001);
    expect(p.power!).toBeGreaterThanOrEqual(0.8);
    const plan = planStudySampleSize(study(), {
      leads: [
        {
          id: "lead",
          segment: "retail",
          competitor: "Rival",
          driver: "Speed",
          expectedDifference: 0.5,
          sd: 1,
          usersShare: 0.4,
        },
      ],
    });
    const r = plan.segments.retail.requirements.find((x) => x.id === "lead")!;
    expect(r.n).toBe(85);
    expect(r.note).toBe(
      "34 respondents rating both us and Rival; with 40% of the segment using Rival that is 85 respondents",
    );
    expect(planLeadCriterion(-0.2, 1, 0.95, 0.8).pairs).toBeNull();
  });

  it("planned comparisons use power.prop.test and power.t.test", () => {
    const plan = planStudySampleSize(study(), {
      comparisons: [
        { id: "vsRetail", segment: "retail", kind: "proportions", p1: 0.5, p2: 0.55 },
        { id: "meanGap", segment: "tech", kind: "means", delta: 0.5, sd: 1 },
      ],
    });
    expect(plan.segments.retail.requirements.find((r) => r.id === "vsRetail")!.n).toBe(1565);
    expect(plan.segments.retail.drivingCriterion!.id).toBe("vsRetail");
    expect(plan.segments.tech.requirements.find((r) => r.id === "meanGap")!.n).toBe(64);
  });
});
