/**
 * Segment value map: feature × segment matrix of MaxDiff shares (with intervals), a
 * concentration index per feature across segments, each segment's top value drivers and
 * its Van Westendorp price band.
 */
import { normalizedHerfindahl } from "../stats/concentration.ts";

/**
 * Features whose normalised Herfindahl index across segments is at least this are labelled
 * "stacking" (their value is concentrated in few segments). 0.25 is e.g. a 75/25 split
 * between two segments, or 58/21/21 across three — well past the 0 of an even spread.
 */
export const STACKING_THRESHOLD = 0.25;

export interface ShareBlockInput {
  items: { item: string; share: number | null; shareInterval: [number, number] | null }[];
}

export interface PriceBand {
  pmc: number | null;
  opp: number | null;
  ipp: number | null;
  pme: number | null;
}

export interface ValueMapFeature {
  item: string;
  /** MaxDiff share (percent, sums to 100 within a segment) by segment; null when not estimable. */
  shares: Record<string, number | null>;
  intervals: Record<string, [number, number] | null>;
  /** Normalised Herfindahl of the feature's shares across segments (0 = even, 1 = all in one); null with < 2 segments. */
  concentration: number | null;
  label: "stacking" | "spread";
  /** The segment with the largest share of this feature (where it stacks). */
  stacksIn: string | null;
}

export interface ValueMapSegment {
  topDrivers: string[];
  topDriverShares: { item: string; share: number }[];
  priceBand: PriceBand | null;
}

export interface ValueMap {
  segmentOrder: string[];
  stackingThreshold: number;
  features: ValueMapFeature[];
  segments: Record<string, ValueMapSegment>;
}

export interface ValueMapOptions {
  /** Top value drivers per segment, 4–8 (default 5; fewer when there are fewer items). */
  topDrivers?: number;
  stackingThreshold?: number;
}

/** Normalised Herfindahl of one feature's shares across segments (Herfindahl–Hirschman); labels per STACKING_THRESHOLD. */
export function featureConcentration(
  shares: readonly number[],
  threshold = STACKING_THRESHOLD,
): { concentration: number | null; label: "stacking" | "spread" } {
  const concentration = normalizedHerfindahl(shares);
  return { concentration, label: concentration !== null && concentration >= threshold ? "stacking" : "spread" };
}

export function buildValueMap(
  input: {
    items: readonly string[];
    segments: readonly string[];
    maxdiff: Record<string, ShareBlockInput>;
    priceBands: Record<string, PriceBand | undefined>;
  },
  options: ValueMapOptions = {},
): ValueMap {
  const topN = Math.min(8, Math.max(4, Math.round(options.topDrivers ?? 5)));
  const threshold = options.stackingThreshold ?? STACKING_THRESHOLD;
  // Own keys only: a segment called "constructor" must not find Object.prototype.constructor.
  const own = <T>(rec: Record<string, T>, key: string): T | undefined =>
    Object.hasOwn(rec, key) ? rec[key] : undefined;
  const rowOf = (seg: string, item: string) => own(input.maxdiff, seg)?.items.find((r) => r.item === item);
  const features: ValueMapFeature[] = input.items.map((item) => {
    const rows = input.segments.map((seg) => [seg, rowOf(seg, item)] as const);
    // fromEntries, not shares[seg] = …: a segment called "__proto__" would set the prototype and vanish.
    const shares: Record<string, number | null> = Object.fromEntries(
      rows.map(([seg, row]) => [seg, row?.share ?? null]),
    );
    const intervals: Record<string, [number, number] | null> = Object.fromEntries(
      rows.map(([seg, row]) => [seg, row?.shareInterval ?? null]),
    );
    const known: { seg: string; share: number }[] = [];
    for (const [seg, row] of rows)
      if (row?.share !== null && row?.share !== undefined) known.push({ seg, share: row.share });
    const { concentration, label } = featureConcentration(
      known.map((k) => k.share),
      threshold,
    );
    const top = known.reduce<{ seg: string; share: number } | null>(
      (best, k) => (best === null || k.share > best.share ? k : best),
      null,
    );
    return { item, shares, intervals, concentration, label, stacksIn: label === "stacking" && top ? top.seg : null };
  });
  const segments: Record<string, ValueMapSegment> = Object.fromEntries(
    input.segments.map((seg): [string, ValueMapSegment] => {
      const ranked = (own(input.maxdiff, seg)?.items ?? [])
        .filter((r): r is typeof r & { share: number } => r.share !== null)
        .map((r) => ({ item: r.item, share: r.share }))
        .sort((a, b) => b.share - a.share || input.items.indexOf(a.item) - input.items.indexOf(b.item))
        .slice(0, topN);
      const band = own(input.priceBands, seg);
      return [
        seg,
        {
          topDrivers: ranked.map((r) => r.item),
          topDriverShares: ranked,
          priceBand: band ? { pmc: band.pmc, opp: band.opp, ipp: band.ipp, pme: band.pme } : null,
        },
      ];
    }),
  );
  return { segmentOrder: [...input.segments], stackingThreshold: threshold, features, segments };
}
