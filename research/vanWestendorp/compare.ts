/**
 * Segment comparison of acceptable price ranges (PMC–PME, Van Westendorp 1976): two bands that
 * do not overlap put one segment above or below the other; otherwise they overlap. When
 * bootstrap intervals exist, the sentence quotes the intervals of the two facing ends, since a
 * gap between point estimates means little if those intervals overlap.
 */
import { formatMoney } from "../format/money.ts";
import { acceptableRange } from "./pricePoints.ts";
import type { VwBlock, VwComparison, VwInterval } from "./types.ts";

/** A price for a sentence: the one money formatter ("$40", "$12.50", "40" without a currency). */
export const formatPrice = (x: number, currency?: string): string => formatMoney(x, currency);

/** Relation of band a to band b: above (a entirely higher), below, or overlaps (touching counts as overlapping). */
export function bandRelation(
  a: { lower: number; upper: number },
  b: { lower: number; upper: number },
): VwComparison["relation"] {
  if (a.lower > b.upper) return "above";
  if (a.upper < b.lower) return "below";
  return "overlaps";
}

/** Every pair of segments (in name order) whose acceptable ranges are both known. */
export function compareSegments(segments: Record<string, VwBlock>, currency?: string): VwComparison[] {
  const names = Object.keys(segments).sort();
  const out: VwComparison[] = [];
  const f = (x: number) => formatPrice(x, currency);
  const iv = (i: VwInterval) => `${f(i[0])}–${f(i[1])}`;
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = names[i],
        b = names[j];
      const A = segments[a],
        B = segments[b];
      const ra = acceptableRange(A),
        rb = acceptableRange(B);
      if (!ra || !rb) continue;
      const relation = bandRelation(ra, rb);
      const bandA = `${a}'s band ${f(ra.lower)}–${f(ra.upper)}`;
      const bandB = `${b}'s ${f(rb.lower)}–${f(rb.upper)}`;
      let text: string;
      if (relation === "overlaps") text = `${bandA} overlaps ${bandB}`;
      else {
        text = `${bandA} sits ${relation} ${bandB}`;
        // The facing ends: a's lower vs b's upper when above, a's upper vs b's lower when below.
        const [endA, endB, nameA, nameB] =
          relation === "above" ? (["pmc", "pme", "PMC", "PME"] as const) : (["pme", "pmc", "PME", "PMC"] as const);
        const ia = A.intervals?.[endA],
          ib = B.intervals?.[endB];
        if (ia && ib) {
          const apart = relation === "above" ? ia[0] > ib[1] : ia[1] < ib[0];
          text += ` (95% intervals: ${a} ${nameA} ${iv(ia)}, ${b} ${nameB} ${iv(ib)}${apart ? "" : "; these overlap, so the gap is uncertain"})`;
        }
      }
      out.push({ a, b, relation, text });
    }
  }
  return out;
}
