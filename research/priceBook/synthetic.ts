/**
 * Seeded synthetic respondents for the price-book benchmark and tests: per segment a centre price
 * and item appeal; each respondent's utilities are the segment's appeal plus Gumbel-like noise,
 * their value set is the top-3 rule (2 of their top 3), and their Van Westendorp answers and
 * purchase intents follow research/vanWestendorp/synthetic.ts.
 */
import { createRng } from "../random.ts";
import { valueFromTopN, type PricedRespondent } from "../simulator/pricedRespondents.ts";

export function syntheticPricedRespondents(
  n: number,
  seed: number,
  opts: { items?: number; segments?: Record<string, number> } = {},
): { respondents: PricedRespondent[]; items: string[] } {
  const rng = createRng(seed);
  const items = Array.from({ length: opts.items ?? 15 }, (_, k) => `item${String(k + 1).padStart(2, "0")}`);
  const segments = Object.entries(opts.segments ?? { nonprofit: 22, tech: 45, real_estate: 60 });
  const appeal = segments.map(() => items.map(() => 2 * rng.normal()));
  const respondents = Array.from({ length: n }, (_, i): PricedRespondent => {
    const s = rng.int(segments.length);
    const [segment, centre] = segments[s];
    const utilities = Object.fromEntries(items.map((it, k) => [it, appeal[s][k] - Math.log(-Math.log(rng.next()))]));
    const ref = centre * Math.exp(0.35 * rng.normal());
    const tooCheap = Math.max(0, Math.round(ref * 0.45));
    const cheap = Math.max(tooCheap + 1, Math.round(ref * 0.75 * Math.exp(0.1 * rng.normal())));
    const expensive = Math.max(cheap + 1, Math.round(ref * 1.3 * Math.exp(0.1 * rng.normal())));
    const tooExpensive = Math.max(expensive + 1, Math.round(ref * 1.8));
    const piCheap = Math.min(5, Math.max(1, Math.round(3.8 + rng.normal())));
    const piExpensive = Math.min(piCheap, Math.max(1, Math.round(2.3 + rng.normal())));
    return {
      respondent: `r${i + 1}`,
      segment,
      value: valueFromTopN(utilities, items, 3, 2),
      tooCheap,
      cheap,
      expensive,
      tooExpensive,
      piCheap,
      piExpensive,
    };
  });
  return { respondents, items };
}
