/**
 * The results page's price scenario: one package at one price, per shown segment — happy share,
 * buying share and revenue per 100 prospects with 95% bootstrap intervals (research/simulator
 * `simulatePackagePrices`, 500 resamples, seed 1: one scenario, so bounded), happy meaning "at or
 * below getting expensive" or the stricter "at or below a bargain"; beside it the Gabor–Granger
 * demand at that price when the ladder was asked.
 */
import { simulatePackagePrices } from "../../research/simulator/priceAware.ts";
import { type PricedRespondent, type PriceLimit, valueFromTopN } from "../../research/simulator/pricedRespondents.ts";
import type { StudyResult } from "../../research/study.ts";
import type { StudyExport } from "../../research/studyExport.ts";

export const SCENARIO_BOOTSTRAP = 500;

type Iv = [number, number] | null;
export interface ScenarioRow {
  key: string;
  name: string;
  respondents: number;
  happyShare: number | null;
  happyInterval: Iv;
  buyingShare: number | null;
  buyingInterval: Iv;
  revenuePer100: number | null;
  revenueInterval: Iv;
  /** Gabor–Granger: share who would buy at the nearest rung at or above the price; null when not asked or off the ladder. */
  gg: { rung: number; demand: number; demandInterval: Iv; revenuePer100: number } | null;
}

/** Gabor–Granger demand at a price: the demand at the lowest rung at or above it (null above the top rung). */
export function ggDemandAt(block: NonNullable<StudyResult["gaborGranger"]>["overall"] | undefined, price: number) {
  const rung = block?.prices.find((p) => p.price >= price - 1e-9);
  if (!rung) return null;
  return {
    rung: rung.price,
    demand: rung.demand,
    demandInterval: rung.demandInterval,
    revenuePer100: 100 * price * rung.demand,
  };
}

export function priceScenario(
  doc: StudyExport,
  r: StudyResult,
  opts: {
    bundle: string[];
    price: number;
    priceLimit: PriceLimit;
    shown: string[];
    segmentNames: Record<string, string>;
  },
) {
  const sim = r.simulator;
  if (!sim || opts.bundle.length === 0) return null;
  const nms = doc.pricing?.nms ?? false;
  const priceOf = new Map(
    doc.respondents.filter((x) => x.status === "completed" && x.price).map((x) => [x.id, x.price!]),
  );
  const respondents: PricedRespondent[] = [];
  for (const u of sim.respondents) {
    const p = priceOf.get(u.respondent);
    if (!p) continue;
    respondents.push({
      respondent: u.respondent,
      segment: u.segment,
      value: valueFromTopN(u.utilities, sim.items, sim.topN, sim.minInBundle),
      tooCheap: p.tooCheap,
      cheap: p.cheap,
      expensive: p.expensive,
      tooExpensive: p.tooExpensive,
      piCheap: nms ? p.piCheap : null,
      piExpensive: nms ? p.piExpensive : null,
    });
  }
  if (respondents.length === 0) return null;
  const res = simulatePackagePrices(respondents, [{ package: opts.bundle, price: opts.price }], {
    priceLimit: opts.priceLimit,
    bootstrap: SCENARIO_BOOTSTRAP,
    seed: 1,
    calibration: nms ? doc.pricing?.calibration : undefined,
    items: sim.items,
  });
  const sc = res.scenarios[0];
  const row = (key: string, name: string, b: (typeof sc)["overall"], gg: ScenarioRow["gg"]): ScenarioRow => ({
    key,
    name,
    respondents: b.respondents,
    happyShare: b.happyShare,
    happyInterval: b.happyInterval,
    buyingShare: b.buyingShare,
    buyingInterval: b.buyingInterval,
    revenuePer100: b.revenuePer100,
    revenueInterval: b.revenueInterval,
    gg,
  });
  const gg = r.gaborGranger;
  return {
    package: sc.package,
    price: sc.price,
    priceLimit: res.priceLimit,
    buyingModel: res.buyingModel,
    ggAsked: !!gg,
    rows: [
      ...opts.shown
        .filter((k) => sc.segments[k])
        .map((k) =>
          row(k, opts.segmentNames[k] ?? k, sc.segments[k], gg ? ggDemandAt(gg.segments[k], opts.price) : null),
        ),
      row("__all", "All respondents", sc.overall, gg ? ggDemandAt(gg.overall, opts.price) : null),
    ],
  };
}
