/**
 * Decision summary per segment: turns an analysis (research/study.ts) into what a product
 * marketer acts on — the price band and recommended price, the value drivers that stack in the
 * segment, the hypothesis verdicts and what would settle the open ones, the best bundle, the
 * next feature to build and the segments this bundle should not be sold to. It computes no new
 * statistic except the "build next" search, which calls research/simulator (happyCustomers).
 * Every sentence carries the numbers it rests on.
 */
import { formatMoney } from "../format/money.ts";
import type { HypothesisResult } from "../hypotheses/index.ts";
import { happyCustomers, type RespondentUtilities } from "../simulator/index.ts";
import type { ValueMap } from "../valueMap/valueMap.ts";
import type { VwResult } from "../vanWestendorp/types.ts";

/** A segment is "not served" by a bundle when its happy share is below this fraction of the target segment's. */
export const NOT_SERVED_RATIO = 0.5;

export interface HappyShare {
  happy: number;
  total: number;
  share: number | null;
}

export interface SegmentDecision {
  segment: string;
  name: string;
  completed: number;
  price: {
    pmc: number | null;
    pme: number | null;
    /** Recommended price point: the optimal price point (OPP) of Van Westendorp. */
    recommended: number | null;
    /** 95% bootstrap interval of the recommended price (null without bootstrap). */
    interval: [number, number] | null;
    /** Newton–Miller–Smith revenue-optimal price when the calibration questions were asked. */
    revenueOptimal: number | null;
  } | null;
  /** Features whose value stacks in this segment (value map label "stacking"), share in percent. */
  stacking: { item: string; share: number | null }[];
  hypotheses: {
    validated: { id: string; statement: string }[];
    invalidated: { id: string; statement: string }[];
    inconclusive: { id: string; statement: string; moreRespondentsNeeded: number | null }[];
  };
  bestBundle: (HappyShare & { bundle: string[] }) | null;
  /** The feature that, added to the best bundle, makes the most more respondents of this segment happy. */
  buildNext: { item: string; before: HappyShare; after: HappyShare; gain: number } | null;
  /** Other segments where the best bundle makes fewer than NOT_SERVED_RATIO × this segment's share happy. */
  notServed: ({ segment: string; name: string } & HappyShare)[];
  /** Plain-language sentences, each with its numbers. */
  sentences: string[];
}

export interface Decisions {
  /** True when there are no completed responses: nothing to decide yet. */
  empty: boolean;
  /** One line per segment plus one overall line: the executive summary. */
  executive: string[];
  segments: SegmentDecision[];
  notServedRatio: number;
}

export interface DecisionInput {
  currency: string;
  segments: { key: string; name: string; completed: number }[];
  vanWestendorp: Pick<VwResult, "segments"> | null;
  valueMap: ValueMap;
  hypotheses: HypothesisResult[];
  simulator: {
    items: string[];
    topN: number;
    minInBundle: number;
    respondents: RespondentUtilities[];
    best: { overall: HappyShare & { bundle: string[] }; segments: Record<string, HappyShare & { bundle: string[] }> };
  } | null;
}

const own = <T>(rec: Record<string, T> | undefined, key: string): T | undefined =>
  rec && Object.hasOwn(rec, key) ? rec[key] : undefined;

const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);
const happyText = (h: HappyShare) => `${h.happy} of ${h.total} (${pct(h.share)})`;

/**
 * The feature outside `bundle` that adds the most happy respondents in `segment` (greedy one-step
 * extension of the happy-customer simulator; ties broken by item order). Null when no feature is left.
 */
export function buildNextFeature(
  bundle: readonly string[],
  respondents: readonly RespondentUtilities[],
  options: { items: readonly string[]; topN: number; minInBundle: number; segment: string },
): { item: string; before: HappyShare; after: HappyShare; gain: number } | null {
  const count = (b: string[]): HappyShare => {
    const r = happyCustomers(b, respondents, options);
    return own(r.segments, options.segment) ?? { happy: 0, total: 0, share: null };
  };
  const before = count([...bundle]);
  let best: { item: string; before: HappyShare; after: HappyShare; gain: number } | null = null;
  for (const item of options.items) {
    if (bundle.includes(item)) continue;
    const after = count([...bundle, item]);
    const gain = after.happy - before.happy;
    if (!best || gain > best.gain) best = { item, before, after, gain };
  }
  return best;
}

/** Hypotheses that concern a segment: listed for it, or with evidence from it. */
export function hypothesesOf(hypotheses: readonly HypothesisResult[], segment: string): HypothesisResult[] {
  return hypotheses.filter(
    (h) => h.segments.includes(segment) || h.criteria.some((c) => c.evidence.segment === segment),
  );
}

/** The decision summary of every segment and the executive summary across segments. */
export function decideSegments(input: DecisionInput): Decisions {
  const money = (x: number | null) => (x === null ? "–" : formatMoney(Math.round(x * 100) / 100, input.currency));
  const names = Object.fromEntries(input.segments.map((s) => [s.key, s.name]));
  const totalCompleted = input.segments.reduce((s, x) => s + x.completed, 0);
  const sim = input.simulator;
  const segments: SegmentDecision[] = input.segments.map((s) => {
    const sentences: string[] = [];
    const vw = own(input.vanWestendorp?.segments, s.key);
    const price: SegmentDecision["price"] = vw
      ? {
          pmc: vw.pmc,
          pme: vw.pme,
          recommended: vw.opp,
          interval: vw.intervals?.opp ?? null,
          revenueOptimal: vw.nms?.revenueOptimal ?? null,
        }
      : null;
    if (price && price.pmc !== null && price.pme !== null) {
      sentences.push(
        `Price ${s.name} between ${money(price.pmc)} and ${money(price.pme)}` +
          (price.recommended !== null
            ? `; recommended price ${money(price.recommended)}` +
              (price.interval ? ` (95% interval ${money(price.interval[0])}–${money(price.interval[1])})` : "") +
              ", the optimal price point where as many find it too cheap as too expensive"
            : "") +
          (price.revenueOptimal !== null ? `; the revenue-optimal price is ${money(price.revenueOptimal)}` : "") +
          ".",
      );
    } else sentences.push(`No price band for ${s.name} yet: too few valid price answers.`);

    const stacking = input.valueMap.features
      .filter((f) => f.label === "stacking" && f.segment === s.key)
      .map((f) => ({ item: f.item, share: own(f.shares, s.key) ?? null }));
    sentences.push(
      stacking.length
        ? `Value stacks in ${s.name} for ${stacking
            .map((f) => `${f.item} (${f.share === null ? "–" : `${f.share.toFixed(1)}%`})`)
            .join(", ")}: each is valued at least ${input.valueMap.stackingRatio}× more here than anywhere else.`
        : `No feature's value stacks in ${s.name}.`,
    );

    const mine = hypothesesOf(input.hypotheses, s.key);
    const brief = (h: HypothesisResult) => ({ id: h.id, statement: h.statement });
    const hypotheses = {
      validated: mine.filter((h) => h.verdict === "validated").map(brief),
      invalidated: mine.filter((h) => h.verdict === "invalidated").map(brief),
      inconclusive: mine
        .filter((h) => h.verdict === "inconclusive")
        .map((h) => ({ ...brief(h), moreRespondentsNeeded: h.moreRespondentsNeeded })),
    };
    if (mine.length) {
      sentences.push(
        `${hypotheses.validated.length} of ${mine.length} hypotheses validated, ${hypotheses.invalidated.length} invalidated, ${hypotheses.inconclusive.length} inconclusive.`,
      );
      for (const h of hypotheses.inconclusive)
        sentences.push(
          h.moreRespondentsNeeded !== null
            ? `“${h.statement}” would likely be settled by about ${h.moreRespondentsNeeded} more respondents.`
            : `“${h.statement}” cannot be settled by more respondents of the same kind.`,
        );
    }

    let bestBundle: SegmentDecision["bestBundle"] = null;
    let buildNext: SegmentDecision["buildNext"] = null;
    let notServed: SegmentDecision["notServed"] = [];
    const best = own(sim?.best.segments, s.key);
    if (sim && best) {
      bestBundle = { bundle: best.bundle, happy: best.happy, total: best.total, share: best.share };
      sentences.push(
        `Best bundle of ${best.bundle.length} for ${s.name}: ${best.bundle.join(", ")} — ${happyText(best)} respondents happy (at least ${sim.minInBundle} of their top ${sim.topN} features included).`,
      );
      buildNext = buildNextFeature(best.bundle, sim.respondents, {
        items: sim.items,
        topN: sim.topN,
        minInBundle: sim.minInBundle,
        segment: s.key,
      });
      if (buildNext && buildNext.gain > 0)
        sentences.push(
          `Build next: ${buildNext.item} — adds ${buildNext.gain} happy ${s.name} respondents (${happyText(buildNext.before)} → ${happyText(buildNext.after)}).`,
        );
      else if (buildNext)
        sentences.push(`No single further feature makes more ${s.name} respondents happy than the best bundle does.`);
      const all = happyCustomers(best.bundle, sim.respondents, {
        items: sim.items,
        topN: sim.topN,
        minInBundle: sim.minInBundle,
      });
      notServed = input.segments
        .filter((o) => o.key !== s.key)
        .flatMap((o) => {
          const h = own(all.segments, o.key);
          if (!h || h.share === null || best.share === null) return [];
          return h.share < NOT_SERVED_RATIO * best.share ? [{ segment: o.key, name: o.name, ...h }] : [];
        });
      if (notServed.length)
        sentences.push(
          `Do not sell this bundle to ${notServed.map((o) => `${o.name} (${happyText(o)} happy)`).join(", ")}: less than half of ${s.name}'s share.`,
        );
    } else if (s.completed === 0) sentences.push(`No completed responses from ${s.name} yet.`);

    return {
      segment: s.key,
      name: names[s.key],
      completed: s.completed,
      price,
      stacking,
      hypotheses,
      bestBundle,
      buildNext,
      notServed,
      sentences,
    };
  });

  const executive: string[] = [];
  if (totalCompleted > 0) {
    for (const d of segments) {
      const parts: string[] = [];
      if (d.price?.recommended !== null && d.price?.recommended !== undefined)
        parts.push(`price ${money(d.price.recommended)} (band ${money(d.price.pmc)}–${money(d.price.pme)})`);
      if (d.bestBundle) parts.push(`lead with ${d.bestBundle.bundle.join(", ")} (${pct(d.bestBundle.share)} happy)`);
      if (d.buildNext && d.buildNext.gain > 0) parts.push(`build ${d.buildNext.item} next (+${d.buildNext.gain})`);
      const v = d.hypotheses.validated.length;
      const n = v + d.hypotheses.invalidated.length + d.hypotheses.inconclusive.length;
      if (n) parts.push(`${v} of ${n} hypotheses validated`);
      executive.push(`${d.name}: ${parts.length ? parts.join("; ") : "not enough answers yet"}.`);
    }
    if (sim)
      executive.push(
        `One bundle for everyone (${sim.best.overall.bundle.join(", ")}) makes ${happyText(sim.best.overall)} respondents happy.`,
      );
  }
  return { empty: totalCompleted === 0, executive, segments, notServedRatio: NOT_SERVED_RATIO };
}
