/**
 * Segment value map: feature × segment matrix of MaxDiff shares (with intervals), a label per
 * feature saying where its value sits (featureLabel), a concentration index across segments,
 * each segment's top value drivers and its Van Westendorp price band.
 */
import { normalizedHerfindahl } from "../stats/concentration.ts";

/**
 * Normalised Herfindahl index across segments at which the legacy concentration label says
 * "stacking" (featureConcentration; kept for compatibility — the value map's `label` uses
 * featureLabel). 0.25 is e.g. a 75/25 split between two segments.
 */
export const STACKING_THRESHOLD = 0.25;

/** A feature stacks in a segment only when its share there is at least this multiple of every other segment's. */
export const STACKING_RATIO = 1.5;

export type ValueMapLabel = "stacking" | "everywhere" | "niche" | "low";

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
  /** Where the feature's value sits (featureLabel). */
  label: ValueMapLabel;
  /** The segment where it stacks when `label` is "stacking", else null. */
  segment: string | null;
  /** Same as `segment` (older name, kept for compatibility). */
  stacksIn: string | null;
  /** One plain sentence stating the rule with this feature's numbers. */
  rule: string;
}

export interface ValueMapSegment {
  topDrivers: string[];
  topDriverShares: { item: string; share: number }[];
  priceBand: PriceBand | null;
}

export interface ValueMap {
  segmentOrder: string[];
  stackingThreshold: number;
  /** Share multiple a stacking segment needs over every other segment (STACKING_RATIO). */
  stackingRatio: number;
  /** The equal-share level 100 / (number of items), in percent: "high" means at or above it. */
  equalShare: number | null;
  features: ValueMapFeature[];
  segments: Record<string, ValueMapSegment>;
}

export interface ValueMapOptions {
  /** Top value drivers per segment, 4–8 (default 5; fewer when there are fewer items). */
  topDrivers?: number;
  stackingThreshold?: number;
  /** Display names of segments for the `rule` sentences (default: the keys). */
  segmentNames?: Record<string, string>;
}

/** Normalised Herfindahl of one feature's shares across segments (Herfindahl–Hirschman); labels per STACKING_THRESHOLD. */
export function featureConcentration(
  shares: readonly number[],
  threshold = STACKING_THRESHOLD,
): { concentration: number | null; label: "stacking" | "spread" } {
  const concentration = normalizedHerfindahl(shares);
  return { concentration, label: concentration !== null && concentration >= threshold ? "stacking" : "spread" };
}

export interface LabelInput {
  item: string;
  /** Per segment in segment order: display name, share (percent) and 95% share interval. */
  segments: { key: string; name: string; share: number | null; interval: [number, number] | null }[];
  /** Equal-share level in percent (100 / number of items). */
  equalShare: number;
  ratio?: number;
}

const pct = (x: number) => `${x.toFixed(1)}%`;

/**
 * Label one feature (Orme 2009 "MaxDiff analysis" shares read against the equal-share level
 * 100/K; separation by non-overlapping 95% intervals): it **stacks** in segment S when S's share
 * is ≥ ratio (1.5)× every other segment's share AND S's 95% interval lies entirely above every
 * other segment's interval; otherwise it is **everywhere** when every segment's share is ≥ the
 * equal share 100/K, **niche** when some but not all segments are at or above it, **low** when
 * every segment is below it. Segments without a share are left out; one segment cannot stack.
 */
export function featureLabel(input: LabelInput): { label: ValueMapLabel; segment: string | null; rule: string } {
  const ratio = input.ratio ?? STACKING_RATIO;
  const known = input.segments.filter(
    (s): s is typeof s & { share: number } => s.share !== null && Number.isFinite(s.share),
  );
  const eq = input.equalShare;
  const list = (xs: typeof known) => xs.map((s) => `${s.name} ${pct(s.share)}`).join(", ");
  if (known.length === 0)
    return { label: "low", segment: null, rule: `${input.item} has no estimated share in any segment.` };
  const top = known.reduce((a, b) => (b.share > a.share ? b : a));
  const others = known.filter((s) => s !== top);
  const ratioOk = others.length > 0 && others.every((o) => top.share >= ratio * o.share);
  const intervalOk =
    others.length > 0 &&
    top.interval !== null &&
    others.every((o) => o.interval !== null && top.interval![0] > o.interval[1]);
  if (ratioOk && intervalOk) {
    return {
      label: "stacking",
      segment: top.key,
      rule: `${top.name} values ${input.item} at ${pct(top.share)}, ≥${ratio}× every other segment (${list(others)}), and its interval lies above theirs.`,
    };
  }
  const high = known.filter((s) => s.share >= eq);
  if (high.length === known.length) {
    return {
      label: "everywhere",
      segment: null,
      rule: `${input.item} is at or above the equal share of ${pct(eq)} in every segment (${list(known)}).`,
    };
  }
  if (high.length === 0) {
    return {
      label: "low",
      segment: null,
      rule: `${input.item} is below the equal share of ${pct(eq)} in every segment (${list(known)}).`,
    };
  }
  let why: string;
  if (others.length === 0) why = "only one segment has a share";
  else if (!ratioOk) {
    const close = others.filter((o) => top.share < ratio * o.share);
    why = `${top.name}'s ${pct(top.share)} is not ≥${ratio}× ${list(close)}`;
  } else if (top.interval === null) why = `${top.name}'s share has no interval`;
  else {
    const overlap = others.filter((o) => o.interval === null || !(top.interval![0] > o.interval[1]));
    why = `${top.name}'s interval overlaps that of ${overlap.map((o) => o.name).join(", ")}`;
  }
  return {
    label: "niche",
    segment: null,
    rule: `${input.item} is at or above the equal share of ${pct(eq)} in ${list(high)} but does not stack: ${why}.`,
  };
}

const LABEL_ORDER: Record<ValueMapLabel, number> = { stacking: 0, everywhere: 1, niche: 2, low: 3 };

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
  const names = options.segmentNames ?? {};
  const equalShare = input.items.length > 0 ? 100 / input.items.length : 100;
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
    const { concentration } = featureConcentration(
      known.map((k) => k.share),
      threshold,
    );
    const { label, segment, rule } = featureLabel({
      item,
      equalShare,
      segments: rows.map(([seg, row]) => ({
        key: seg,
        name: names[seg] ?? seg,
        share: row?.share ?? null,
        interval: row?.shareInterval ?? null,
      })),
    });
    return { item, shares, intervals, concentration, label, segment, stacksIn: segment, rule };
  });
  // Stacking features grouped by segment (segment order), then everywhere, niche, low; share descending within.
  const segPos = new Map(input.segments.map((s, i) => [s, i]));
  const sortShare = (f: ValueMapFeature) =>
    f.segment !== null
      ? (f.shares[f.segment] ?? 0)
      : Math.max(0, ...Object.values(f.shares).filter((x): x is number => x !== null));
  features.sort(
    (a, b) =>
      LABEL_ORDER[a.label] - LABEL_ORDER[b.label] ||
      (a.segment !== null && b.segment !== null ? segPos.get(a.segment)! - segPos.get(b.segment)! : 0) ||
      sortShare(b) - sortShare(a) ||
      input.items.indexOf(a.item) - input.items.indexOf(b.item),
  );
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
  return {
    segmentOrder: [...input.segments],
    stackingThreshold: threshold,
    stackingRatio: STACKING_RATIO,
    equalShare: input.items.length > 0 ? equalShare : null,
    features,
    segments,
  };
}
