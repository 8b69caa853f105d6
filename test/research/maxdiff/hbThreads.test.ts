import { describe, expect, it } from "vitest";
import { covariateDesign } from "../../../research/maxdiff/covariates.ts";
import { buildChoiceData } from "../../../research/maxdiff/data.ts";
import { generateDesign } from "../../../research/maxdiff/design.ts";
import { type HbInput, runHb } from "../../../research/maxdiff/hb.ts";
import { simulateAnswers, simulateRespondents } from "../../../research/maxdiff/simulate.ts";

// The respondent step runs its second half in a worker thread (the function's source sent as
// text). Each half has its own random stream, so one thread and two must give the same draws, bit
// for bit — which also shows the worker runs the very same code.
const K = 8;
const items = Array.from({ length: K }, (_, i) => `I${i + 1}`);
const design = generateDesign({ items: K, itemsPerTask: 4, tasks: 8, seed: 3 });
const means = { a: items.map((_, i) => 1 - i / 4), b: items.map((_, i) => (i % 2 ? 0.8 : -0.6)) };
const truth = simulateRespondents(121, means, 0.7, 4);

function both(input: Omit<HbInput, "threads">) {
  return [runHb({ ...input, threads: 1 }), runHb({ ...input, threads: 2 })] as const;
}

function expectSameDraws(one: ReturnType<typeof runHb>, two: ReturnType<typeof runHb>) {
  expect(one.threads).toBe(1);
  expect(two.threads).toBe(2);
  expect(Array.from(two.respondentMeans)).toEqual(Array.from(one.respondentMeans));
  expect(Array.from(two.muMean)).toEqual(Array.from(one.muMean));
  expect(Array.from(two.sigmaMean)).toEqual(Array.from(one.sigmaMean));
  expect(Array.from(two.groupShares)).toEqual(Array.from(one.groupShares));
  expect(Array.from(two.rlh)).toEqual(Array.from(one.rlh));
  expect(two.acceptance).toBe(one.acceptance);
  expect(two.trace).toEqual(one.trace);
}

describe("HB respondent step in two threads", () => {
  it("gives the same draws as one thread, with segment covariates", () => {
    const data = buildChoiceData(simulateAnswers(design, truth, items, 5), items);
    const z = covariateDesign(["segment"], [data.segments.map((s) => s ?? "")]);
    const [one, two] = both({ data, iterations: 400, seed: 7, covariates: z.z, nCovariates: z.nCovariates });
    expectSameDraws(one, two);
    expect(Array.from(two.deltaDraws!)).toEqual(Array.from(one.deltaDraws!));
    expect(one.acceptance).toBeGreaterThan(0.1);
  });

  it("gives the same draws as one thread on anchored data and with the upper level held fixed", () => {
    const data = buildChoiceData(simulateAnswers(design, truth, items, 6, { anchor: true }), items);
    const [one, two] = both({ data, iterations: 300, seed: 8 });
    expect(one.anchored).toBe(true);
    expectSameDraws(one, two);
    const [fixedOne, fixedTwo] = both({
      data,
      iterations: 200,
      seed: 9,
      fixedPopulation: { mu: one.muFree, sigma: one.sigmaFree },
    });
    expectSameDraws(fixedOne, fixedTwo);
  });
});
