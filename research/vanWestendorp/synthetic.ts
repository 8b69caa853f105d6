/**
 * Seeded synthetic Van Westendorp answers for tests and the benchmark: each respondent's
 * reference price is lognormal around a segment-specific centre (willingness to pay is
 * right-skewed), the four answers are multiples of it rounded to whole currency units, and a
 * share of rows is spoilt (missing or not ordered) as in real fieldwork.
 */
import { createRng } from "../random.ts";
import type { VwAnswer } from "./types.ts";

export interface SyntheticOptions {
  /** Segment names and their centre prices. */
  segments?: Record<string, number>;
  /** Share of spoilt rows (half missing, half not ordered). */
  invalidShare?: number;
  /** Add purchase intents (1–5). */
  purchaseIntent?: boolean;
  /** Log-scale spread of reference prices. */
  spread?: number;
}

export const DEFAULT_SEGMENTS: Record<string, number> = { tech: 45, real_estate: 60, nonprofit: 22 };

export function syntheticAnswers(n: number, seed: number, opts: SyntheticOptions = {}): VwAnswer[] {
  const rng = createRng(seed);
  const segments = Object.entries(opts.segments ?? DEFAULT_SEGMENTS);
  const invalidShare = opts.invalidShare ?? 0.02;
  const spread = opts.spread ?? 0.35;
  const out: VwAnswer[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const [segment, centre] = segments[rng.int(segments.length)];
    const ref = centre * Math.exp(spread * rng.normal());
    // Ratios to the reference price, jittered; strict order is enforced by +1 steps after rounding.
    const tooCheap = Math.max(0, Math.round(ref * 0.45 * Math.exp(0.15 * rng.normal())));
    const cheap = Math.max(tooCheap + 1, Math.round(ref * 0.75 * Math.exp(0.1 * rng.normal())));
    const expensive = Math.max(cheap + 1, Math.round(ref * 1.3 * Math.exp(0.1 * rng.normal())));
    const tooExpensive = Math.max(expensive + 1, Math.round(ref * 1.8 * Math.exp(0.15 * rng.normal())));
    const a: VwAnswer = { tooCheap, cheap, expensive, tooExpensive, segment };
    if (opts.purchaseIntent !== false) {
      a.piCheap = Math.min(5, Math.max(1, Math.round(3.8 + rng.normal())));
      a.piExpensive = Math.min(a.piCheap, Math.max(1, Math.round(2.3 + rng.normal())));
    }
    const u = rng.next();
    if (u < invalidShare / 2) a.cheap = null;
    else if (u < invalidShare) a.expensive = a.tooExpensive; // equal neighbours: not ordered
    out[i] = a;
  }
  return out;
}
