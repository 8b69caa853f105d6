/**
 * Segment comparisons of zero-centred utilities, item by item.
 *
 * From the aggregate logit: Wald z = (u_a − u_b) / √(se_a² + se_b²) (segments are
 * independent samples), two-sided normal p-value. From HB: per saved draw the difference
 * of the two segments' mean utilities; z = posterior mean / posterior sd of that difference
 * (normal approximation to the posterior tail probability). In both cases the family for
 * Holm's step-down adjustment (Holm 1979) is one segment pair across all items;
 * `significant` = pHolm < 0.05.
 */
import jStat from "jstat";
import { holmAdjust } from "../stats/tests.ts";
import type { Comparison } from "./types.ts";

/** Two-sided standard normal p-value, erfc(|z|/√2). */
export function normalTwoSidedP(z: number): number {
  return Math.min(1, Math.max(0, jStat.erfc(Math.abs(z) / Math.SQRT2) as number));
}

export interface UtilityEstimate {
  utility: number | null;
  se: number | null;
}

/** Wald comparisons between every pair of segments (in the given order), Holm within each pair. */
export function waldComparisons(
  items: readonly string[],
  segments: readonly { name: string; estimates: readonly UtilityEstimate[] }[],
): Comparison[] {
  const out: Comparison[] = [];
  for (let s = 0; s < segments.length; s++) {
    for (let r = s + 1; r < segments.length; r++) {
      const A = segments[s],
        B = segments[r];
      const rows = items.map((item, i) => {
        const a = A.estimates[i],
          b = B.estimates[i];
        if (a.utility === null || b.utility === null) return { item, difference: null, z: null, p: null };
        const difference = a.utility - b.utility;
        if (a.se === null || b.se === null) return { item, difference, z: null, p: null };
        const se = Math.sqrt(a.se * a.se + b.se * b.se);
        const z = se > 0 ? difference / se : null;
        return { item, difference, z, p: z === null ? null : normalTwoSidedP(z) };
      });
      pushFamily(out, A.name, B.name, rows);
    }
  }
  return out;
}

/**
 * Comparisons from posterior draws: `draws[g]` is a (saved × K) row-major array of segment
 * g's mean zero-centred utilities per draw.
 */
export function drawComparisons(
  items: readonly string[],
  segments: readonly { name: string; draws: Float64Array }[],
  saved: number,
): Comparison[] {
  const K = items.length;
  const out: Comparison[] = [];
  for (let s = 0; s < segments.length; s++) {
    for (let r = s + 1; r < segments.length; r++) {
      const A = segments[s].draws,
        B = segments[r].draws;
      const rows = items.map((item, i) => {
        if (saved < 2) return { item, difference: null, z: null, p: null };
        let m = 0,
          m2 = 0;
        for (let d = 0; d < saved; d++) {
          const x = A[d * K + i] - B[d * K + i];
          m += x;
          m2 += x * x;
        }
        m /= saved;
        const sd = Math.sqrt(Math.max(0, (m2 - saved * m * m) / (saved - 1)));
        const z = sd > 0 ? m / sd : null;
        return { item, difference: m, z, p: z === null ? null : normalTwoSidedP(z) };
      });
      pushFamily(out, segments[s].name, segments[r].name, rows);
    }
  }
  return out;
}

function pushFamily(
  out: Comparison[],
  a: string,
  b: string,
  rows: { item: string; difference: number | null; z: number | null; p: number | null }[],
): void {
  const adjusted = holmAdjust(rows.map((x) => x.p));
  rows.forEach((x, i) => {
    out.push({
      item: x.item,
      a,
      b,
      difference: x.difference,
      z: x.z,
      pValue: x.p,
      pHolm: adjusted[i],
      significant: adjusted[i] !== null && adjusted[i]! < 0.05,
    });
  });
}
