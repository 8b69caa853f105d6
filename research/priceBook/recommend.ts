/**
 * Price-book recommender. Per segment: the package (≤ maxSize items) and price (a grid inside the
 * segment's acceptable range PMC–PME, Van Westendorp 1976) that maximise happy customers, revenue,
 * or revenue subject to a happy-share floor, using the price-aware simulator's definitions (happy:
 * enough value and price ≤ the respondent's limit; buying: Newton–Miller–Smith calibration).
 * Then two proposals:
 *  - multi: one package per segment (each segment only sees its own);
 *  - one: one price book of nested tiers (Good ⊆ Better ⊆ Best, prices strictly increasing), tier k
 *    aimed at the k-th segment by band midpoint and priced inside that segment's band; every
 *    respondent picks the tier that makes them happy at the lowest price (cannibalisation counted).
 *    With nesting and increasing prices that is the first tier giving them enough value, if its
 *    price is within their limit (versioning, Shapiro & Varian 1998, ch. 3).
 * Search: exhaustive when small (bounds below), else a stated heuristic with an upper bound.
 */
import { formatMoney } from "../format/money.ts";
import { InputError } from "../inputError.ts";
import { binomialCoefficient } from "../stats/combinatorics.ts";
import {
  buyProbability,
  compileRespondents,
  type CompiledRespondents,
  type PricedRespondent,
  type PriceLimit,
  popcount32,
} from "../simulator/pricedRespondents.ts";
import { analyseVanWestendorp } from "../vanWestendorp/analyse.ts";

export type PriceBookObjective = "happy" | "revenue" | "revenue-with-happy-floor";

export interface PriceBand {
  pmc: number;
  pme: number;
}

export interface PriceBookOptions {
  /** Largest package (and largest top tier). */
  maxSize: number;
  objective?: PriceBookObjective;
  /** For "revenue-with-happy-floor": every segment's happy share must be at least this (0–1). */
  minHappyShare?: number;
  /** ISO 4217 code: the sentence's revenue figures are money (formatMoney); absent = plain numbers. */
  currency?: string;
  /** Acceptable range per segment; default: PMC–PME of the segment's own Van Westendorp answers. */
  bands?: Record<string, PriceBand>;
  /** Evenly spaced prices from PMC to PME inclusive (default 20). */
  gridPoints?: number;
  /** Explicit price grid per segment (every price must lie inside the band). */
  grids?: Record<string, readonly number[]>;
  priceLimit?: PriceLimit;
  calibration?: readonly number[];
  items?: readonly string[];
  /**
   * One price book: most items in the top tier (default maxSize + tiers − 1, so that the cheapest tier,
   * like a segment's package, holds up to maxSize items and every dearer tier adds at least one).
   */
  maxBookSize?: number;
  /** Per segment: exhaustive when Σ_{k ≤ maxSize} C(candidates, k) × grid ≤ this (default 200,000). */
  exhaustiveLimit?: number;
  /** One price book: exhaustive when the number of nested tier assignments ≤ this (default 20,000). */
  bookExhaustiveLimit?: number;
  /** Segments from the cheapest tier to the dearest (default: by band midpoint). */
  tierOrder?: readonly string[];
}

export interface BlockFigures {
  respondents: number;
  /** Weighted count of happy respondents. */
  happy: number;
  happyShare: number | null;
  buyingShare: number | null;
  revenuePer100: number | null;
}

export interface SegmentOptimum extends BlockFigures {
  band: PriceBand;
  grid: number[];
  package: string[];
  price: number | null;
  search: "exhaustive" | "greedy";
  /** Package × price pairs exhaustive search would evaluate. */
  combinations: number;
  /** Upper bound on the objective (every price-eligible respondent who can be pleased by maxSize items is). */
  upperBound: number;
  /** The objective reached. */
  score: number | null;
  optimal: boolean;
  note: string;
}

export interface Tier {
  name: string;
  segment: string;
  package: string[];
  price: number;
}

export interface BookSegmentFigures extends BlockFigures {
  /** Respondents of the segment choosing each tier (one book) — weighted. */
  byTier?: Record<string, number>;
  /** Weighted respondents choosing a cheaper tier aimed at another segment. */
  cannibalised?: number;
}

export interface BookSummary {
  overall: BlockFigures;
  segments: Record<string, BookSegmentFigures>;
  /** Objective value (null when the happy floor is not met). */
  score: number | null;
  feasible: boolean;
}

export interface OneBook extends BookSummary {
  tiers: Tier[];
  search: "exhaustive" | "local-search";
  assignments: number;
  upperBound: number;
  optimal: boolean;
  note: string;
}

export interface PriceBookResult {
  objective: PriceBookObjective;
  minHappyShare: number | null;
  maxSize: number;
  priceLimit: PriceLimit;
  segments: Record<string, SegmentOptimum>;
  multi: BookSummary & { packages: Record<string, { package: string[]; price: number | null }> };
  one: OneBook | null;
  winner: "one" | "multi" | "tie" | null;
  sentence: string;
}

const EPS = 1e-9;

interface Ctx {
  cr: CompiledRespondents;
  segs: string[]; // segment names with a band (sorted)
  segIdx: number[]; // compiled segment index per segs entry
  members: Int32Array[]; // per segs entry
  grids: Float64Array[]; // per segs entry
  /** Per segs entry s: H[s][r·G + g] = w·[p ≤ limit], R[s][r·G + g] = w·p·buy(p), over all respondents. */
  H: Float64Array[];
  R: Float64Array[];
  total: Float64Array; // Σw per segs entry
  objective: PriceBookObjective;
  floor: number;
  maxSize: number;
  candidates: number[]; // item indices in someone's value set
  currency?: string;
}

/** Recommends per-segment packages and prices, and compares one price book with one package per segment. */
export function recommendPriceBook(
  respondents: readonly PricedRespondent[],
  options: PriceBookOptions,
): PriceBookResult {
  const objective = options.objective ?? "happy";
  if (!["happy", "revenue", "revenue-with-happy-floor"].includes(objective))
    throw new InputError(`objective must be happy, revenue or revenue-with-happy-floor (got ${objective})`);
  const floor = objective === "revenue-with-happy-floor" ? (options.minHappyShare ?? NaN) : 0;
  if (!(floor >= 0 && floor <= 1)) throw new InputError("minHappyShare must be a share from 0 to 1");
  const maxSize = options.maxSize;
  if (!Number.isInteger(maxSize) || maxSize < 1)
    throw new InputError(`maxSize must be a whole number ≥ 1 (got ${maxSize})`);
  const cr = compileRespondents(respondents, options);
  if (cr.predicates) throw new InputError("the price-book search needs every respondent's value as a value set");
  const bands = options.bands ?? bandsFromAnswers(respondents);
  const segs = [...cr.segmentNames].filter((s) => s in bands).sort();
  const missing = cr.segmentNames.filter((s) => !(s in bands));
  if (missing.length > 0) throw new InputError(`no acceptable range (PMC–PME) for segment ${missing.join(", ")}`);
  if (segs.length === 0) throw new InputError("no respondent has a segment");
  const gridPoints = options.gridPoints ?? 20;
  if (!Number.isInteger(gridPoints) || gridPoints < 1 || gridPoints > 1000)
    throw new InputError(`gridPoints must be a whole number from 1 to 1000 (got ${gridPoints})`);
  const grids = segs.map((s) => {
    const band = bands[s];
    if (!(band.pmc >= 0 && band.pme >= band.pmc && Number.isFinite(band.pme)))
      throw new InputError(`segment ${s}: the range must have 0 ≤ PMC ≤ PME (got ${band.pmc}–${band.pme})`);
    const given = options.grids?.[s];
    if (given) {
      if (given.length === 0) throw new InputError(`segment ${s}: empty price grid`);
      for (const p of given)
        if (!(p >= band.pmc - EPS && p <= band.pme + EPS))
          throw new InputError(`segment ${s}: price ${p} is outside its range ${band.pmc}–${band.pme}`);
      return Float64Array.from([...new Set(given)].sort((a, b) => a - b));
    }
    if (gridPoints === 1 || band.pme === band.pmc) return Float64Array.of((band.pmc + band.pme) / 2);
    // Evenly spaced, rounded to cents but never outside the band (the ends round inwards).
    const lo = Math.ceil(band.pmc * 100 - 1e-6) / 100,
      hi = Math.floor(band.pme * 100 + 1e-6) / 100;
    if (!(lo <= hi)) return Float64Array.of((band.pmc + band.pme) / 2);
    const prices = Array.from({ length: gridPoints }, (_, g) =>
      Math.min(hi, Math.max(lo, Math.round((lo + ((hi - lo) * g) / (gridPoints - 1)) * 100) / 100)),
    );
    return Float64Array.from(new Set(prices));
  });
  const segIdx = segs.map((s) => cr.segmentNames.indexOf(s));
  const members = segIdx.map((k) => Int32Array.from({ length: cr.n }, (_, r) => r).filter((r) => cr.segment[r] === k));
  const H: Float64Array[] = [],
    R: Float64Array[] = [];
  grids.forEach((grid) => {
    const G = grid.length;
    const h = new Float64Array(cr.n * G),
      rv = new Float64Array(cr.n * G);
    for (let r = 0; r < cr.n; r++) {
      if (cr.segment[r] < 0) continue;
      for (let g = 0; g < G; g++) {
        const p = grid[g];
        if (!(p <= cr.limit[r])) continue;
        h[r * G + g] = cr.weight[r];
        rv[r * G + g] = cr.weight[r] * p * buyProbability(cr, r, p);
      }
    }
    H.push(h);
    R.push(rv);
  });
  const total = Float64Array.from(members, (m) => m.reduce((a, r) => a + cr.weight[r], 0));
  const inSomeone = new Uint8Array(cr.items.length);
  for (let r = 0; r < cr.n; r++)
    for (let k = 0; k < cr.items.length; k++)
      if (cr.valued[r * cr.words + (k >>> 5)] & (1 << (k & 31))) inSomeone[k] = 1;
  const candidates = cr.items.map((_, k) => k).filter((k) => inSomeone[k]);
  const ctx: Ctx = {
    cr,
    segs,
    segIdx,
    members,
    grids,
    H,
    R,
    total,
    objective,
    floor,
    maxSize,
    candidates,
    currency: options.currency,
  };

  const segments: Record<string, SegmentOptimum> = {};
  segs.forEach((s, k) => {
    segments[s] = segmentOptimum(ctx, k, bands[s], options.exhaustiveLimit ?? 200_000);
  });
  const multi = multiBook(ctx, segments);
  const one = segs.length >= 1 ? oneBook(ctx, bands, options) : null;
  const { winner, sentence } = compare(ctx, multi, one);
  return {
    objective,
    minHappyShare: objective === "revenue-with-happy-floor" ? floor : null,
    maxSize,
    priceLimit: options.priceLimit ?? "expensive",
    segments,
    multi,
    one,
    winner,
    sentence,
  };
}

/** Acceptable range PMC–PME per segment from the respondents' own Van Westendorp answers. */
export function bandsFromAnswers(respondents: readonly PricedRespondent[]): Record<string, PriceBand> {
  const vw = analyseVanWestendorp(
    respondents.map((r) => ({
      tooCheap: r.tooCheap ?? null,
      cheap: r.cheap ?? null,
      expensive: r.expensive ?? null,
      tooExpensive: r.tooExpensive ?? null,
      segment: r.segment,
      weight: r.weight ?? 1,
    })),
  );
  const out: Record<string, PriceBand> = {};
  for (const [s, b] of Object.entries(vw.segments)) {
    if (b.pmc === null || b.pme === null)
      throw new InputError(`segment ${s}: no acceptable range (PMC–PME) from its Van Westendorp answers`);
    out[s] = { pmc: Math.min(b.pmc, b.pme), pme: Math.max(b.pmc, b.pme) };
  }
  return out;
}

/** Objective value from happy and revenue sums over a block (null = floor not met). */
function scoreOf(ctx: Ctx, happy: number, revenue: number, total: number): number | null {
  if (ctx.objective === "happy") return happy;
  if (ctx.objective === "revenue") return revenue;
  return total > 0 && happy / total >= ctx.floor - EPS ? revenue : null;
}

/** (score, secondary) comparison with tolerance; null scores lose. */
function better(a: number | null, a2: number, b: number | null, b2: number): boolean {
  if (a === null) return false;
  if (b === null) return true;
  const tol = EPS * Math.max(1, Math.abs(b));
  if (a > b + tol) return true;
  if (a < b - tol) return false;
  return a2 > b2 + EPS * Math.max(1, Math.abs(b2));
}

function segmentOptimum(ctx: Ctx, s: number, band: PriceBand, limit: number): SegmentOptimum {
  const { cr, maxSize } = ctx;
  const grid = ctx.grids[s],
    G = grid.length;
  const members = ctx.members[s];
  const W = ctx.total[s];
  const H = ctx.H[s],
    R = ctx.R[s];
  // Candidate items valued by a member of this segment.
  const freq = new Float64Array(cr.items.length);
  for (const r of members)
    for (let k = 0; k < cr.items.length; k++) if (cr.valued[r * cr.words + (k >>> 5)] & (1 << (k & 31))) freq[k]++;
  const cands = ctx.candidates.filter((k) => freq[k] > 0).sort((a, b) => freq[b] - freq[a] || a - b);
  const K = Math.min(maxSize, cands.length);
  let packages = 0;
  for (let k = 1; k <= K; k++) packages += binomialCoefficient(cands.length, k);
  const combinations = packages * G;
  // Upper bound: every member who is price-eligible and can be pleased by K candidate items is happy.
  const canPlease = (r: number) => {
    let k = 0;
    for (const i of cands) if (cr.valued[r * cr.words + (i >>> 5)] & (1 << (i & 31))) k++;
    return Math.min(k, K) >= cr.need[r];
  };
  const pleasable = members.filter(canPlease);
  let upperBound = 0;
  for (let g = 0; g < G; g++) {
    let h = 0,
      rv = 0;
    for (const r of pleasable) {
      h += H[r * G + g];
      rv += R[r * G + g];
    }
    const v = ctx.objective === "happy" ? h : rv;
    upperBound = Math.max(upperBound, v);
  }

  // Incremental state over members: have[r] = valued items in the package; sums per grid price of happy/revenue.
  const holders: number[][] = cr.items.map(() => []);
  for (const r of members)
    for (const i of cands) if (cr.valued[r * cr.words + (i >>> 5)] & (1 << (i & 31))) holders[i].push(r);
  const have = new Int32Array(cr.n);
  const hs = new Float64Array(G),
    rs = new Float64Array(G);
  const inPkg = new Uint8Array(cr.items.length);
  const add = (i: number) => {
    inPkg[i] = 1;
    for (const r of holders[i])
      if (++have[r] === cr.need[r])
        for (let g = 0; g < G; g++) {
          hs[g] += H[r * G + g];
          rs[g] += R[r * G + g];
        }
  };
  const remove = (i: number) => {
    inPkg[i] = 0;
    for (const r of holders[i])
      if (have[r]-- === cr.need[r])
        for (let g = 0; g < G; g++) {
          hs[g] -= H[r * G + g];
          rs[g] -= R[r * G + g];
        }
  };
  let best: { pkg: number[]; g: number; score: number | null; second: number } = {
    pkg: [],
    g: -1,
    score: null,
    second: -Infinity,
  };
  const consider = (pkg: readonly number[]) => {
    for (let g = 0; g < G; g++) {
      const score = scoreOf(ctx, hs[g], rs[g], W);
      const second = ctx.objective === "happy" ? rs[g] : hs[g];
      // Ties: the other figure, then the smaller package (visited first by size below), then the lower price.
      if (best.g < 0 || better(score, second, best.score, best.second)) best = { pkg: [...pkg], g, score, second };
    }
  };
  let search: "exhaustive" | "greedy";
  if (combinations <= limit) {
    search = "exhaustive";
    const chosen: number[] = [];
    for (let size = 1; size <= K; size++) {
      const visit = (from: number, depth: number) => {
        if (depth === size) return consider(chosen);
        for (let j = from; j <= cands.length - (size - depth); j++) {
          add(cands[j]);
          chosen.push(cands[j]);
          visit(j + 1, depth + 1);
          chosen.pop();
          remove(cands[j]);
        }
      };
      visit(0, 0);
    }
  } else {
    // Greedy per grid price: add the item that raises the objective most (ties: most progress
    // Σ w·min(have, need)/need), then first-improvement single swaps; keep the best price.
    search = "greedy";
    for (let g = 0; g < G; g++) {
      const chosen: number[] = [];
      const at = () => [scoreOf(ctx, hs[g], rs[g], W), ctx.objective === "happy" ? rs[g] : hs[g]] as const;
      const progress = () => {
        let p = 0;
        for (const r of members) p += (cr.weight[r] * Math.min(have[r], cr.need[r])) / cr.need[r];
        return p;
      };
      for (let step = 0; step < K; step++) {
        let pick = -1,
          pickScore: number | null = null,
          pickSecond = -Infinity,
          pickProgress = -Infinity;
        for (const i of cands) {
          if (inPkg[i]) continue;
          add(i);
          const [sc, se] = at();
          const pr = progress();
          if (
            pick < 0 ||
            better(sc, se, pickScore, pickSecond) ||
            (!better(pickScore, pickSecond, sc, se) && pr > pickProgress)
          ) {
            pick = i;
            pickScore = sc;
            pickSecond = se;
            pickProgress = pr;
          }
          remove(i);
        }
        add(pick);
        chosen.push(pick);
      }
      let [curScore, curSecond] = at();
      let improved = true;
      while (improved) {
        improved = false;
        outer: for (let a = 0; a < chosen.length; a++)
          for (const j of cands) {
            if (inPkg[j]) continue;
            const i = chosen[a];
            remove(i);
            add(j);
            const [sc, se] = at();
            if (better(sc, se, curScore, curSecond)) {
              chosen[a] = j;
              [curScore, curSecond] = [sc, se];
              improved = true;
              break outer;
            }
            remove(j);
            add(i);
          }
      }
      if (better(curScore, curSecond, best.score, best.second) || best.g < 0)
        best = { pkg: [...chosen], g, score: curScore, second: curSecond };
      for (const i of chosen) remove(i);
    }
  }
  const pkgIdx = best.pkg.sort((a, b) => a - b);
  const bought = buyingWeight(ctx, s, members, (r) => (best.g >= 0 && happyWith(ctx, r, pkgIdx) ? best.g : -1));
  const fig = { ...bookFigures(ctx, s, pkgIdx, best.g), buyingShare: W > 0 ? bought / W : null };
  const optimal = search === "exhaustive" || (best.score !== null && best.score >= upperBound - EPS);
  const what = ctx.objective === "happy" ? "happy respondents (weighted)" : "revenue (weighted sum of price × buying)";
  const gap = best.score !== null && upperBound > 0 ? (100 * (upperBound - best.score)) / upperBound : null;
  const note =
    search === "exhaustive"
      ? `Exhaustive: all ${packages} packages of 1–${K} of the ${cands.length} items this segment values × ${G} prices (${combinations} ≤ ${limit}): optimal.`
      : `Greedy per price with single-swap polish (${combinations} package × price pairs exceed ${limit}): ${what} ${round(best.score)} vs an upper bound of ${round(upperBound)}${gap === null ? "" : ` (gap ≤ ${gap.toFixed(1)}%)`}.`;
  return {
    ...fig,
    band,
    grid: Array.from(grid),
    package: pkgIdx.map((i) => cr.items[i]),
    price: best.g >= 0 && best.score !== null ? grid[best.g] : null,
    search,
    combinations,
    upperBound,
    score: best.score,
    optimal,
    note,
  };
}

const round = (x: number | null) => (x === null ? "–" : String(Math.round(x * 100) / 100));

/** Figures of one segment's members for one package at grid price g of that segment. */
function bookFigures(ctx: Ctx, s: number, pkg: readonly number[], g: number): BlockFigures {
  const { cr } = ctx;
  const G = ctx.grids[s].length;
  let happy = 0,
    revenue = 0;
  if (g >= 0) {
    const bits = new Uint32Array(cr.words);
    for (const i of pkg) bits[i >>> 5] |= 1 << (i & 31);
    for (const r of ctx.members[s]) {
      let k = 0;
      for (let j = 0; j < cr.words; j++) k += popcount32(cr.valued[r * cr.words + j] & bits[j]);
      if (k < cr.need[r]) continue;
      happy += ctx.H[s][r * G + g];
      revenue += ctx.R[s][r * G + g];
    }
  }
  return figures(ctx.members[s].length, ctx.total[s], happy, revenue);
}

function figures(respondents: number, W: number, happy: number, revenue: number): BlockFigures {
  if (!(W > 0)) return { respondents, happy: 0, happyShare: null, buyingShare: null, revenuePer100: null };
  return {
    respondents,
    happy,
    happyShare: happy / W,
    // Σ w·p·buy / (p·W) is not defined across prices; buying share = Σ w·buy / W is kept separately below.
    buyingShare: null,
    revenuePer100: (100 * revenue) / W,
  };
}

function multiBook(ctx: Ctx, segments: Record<string, SegmentOptimum>): PriceBookResult["multi"] {
  const per: Record<string, BookSegmentFigures> = {};
  let happy = 0,
    revenue = 0,
    W = 0,
    n = 0,
    feasible = true,
    buying = 0;
  ctx.segs.forEach((s, k) => {
    const o = segments[s];
    const g = o.price === null ? -1 : ctx.grids[k].indexOf(o.price);
    const pkg = o.package.map((it) => ctx.cr.items.indexOf(it));
    const f = bookFigures(ctx, k, pkg, g);
    const b = buyingWeight(ctx, k, ctx.members[k], (r) => (g >= 0 && happyWith(ctx, r, pkg) ? g : -1));
    per[s] = { ...f, buyingShare: ctx.total[k] > 0 ? b / ctx.total[k] : null };
    happy += f.happy;
    revenue += ((f.revenuePer100 ?? 0) * ctx.total[k]) / 100;
    buying += b;
    W += ctx.total[k];
    n += f.respondents;
    if (scoreOf(ctx, f.happy, ((f.revenuePer100 ?? 0) * ctx.total[k]) / 100, ctx.total[k]) === null) feasible = false;
  });
  const overall = { ...figures(n, W, happy, revenue), buyingShare: W > 0 ? buying / W : null };
  return {
    packages: Object.fromEntries(ctx.segs.map((s) => [s, { package: segments[s].package, price: segments[s].price }])),
    overall,
    segments: per,
    score: feasible ? (ctx.objective === "happy" ? happy : revenue) : null,
    feasible,
  };
}

function happyWith(ctx: Ctx, r: number, pkg: readonly number[]): boolean {
  const { cr } = ctx;
  let k = 0;
  for (const i of pkg) if (cr.valued[r * cr.words + (i >>> 5)] & (1 << (i & 31))) k++;
  return k >= cr.need[r];
}

/** Σ w·buy over respondents, each at grid price chooseG(r) of segment entry s's grid (−1 = buys nothing). */
function buyingWeight(ctx: Ctx, s: number, rs: Iterable<number>, chooseG: (r: number) => number): number {
  let b = 0;
  for (const r of rs) {
    const g = chooseG(r);
    if (g < 0) continue;
    const p = ctx.grids[s][g];
    if (p > 0) b += ctx.R[s][r * ctx.grids[s].length + g] / p;
    else b += ctx.cr.weight[r] * buyProbability(ctx.cr, r, p);
  }
  return b;
}

// ---------------------------------------------------------------- one price book

const TIER_NAMES: Record<number, string[]> = { 1: ["Standard"], 2: ["Good", "Best"], 3: ["Good", "Better", "Best"] };

interface BookEval {
  score: number | null;
  second: number;
  prices: number[]; // grid index per tier
}

function oneBook(ctx: Ctx, bands: Record<string, PriceBand>, options: PriceBookOptions): OneBook | null {
  const { cr } = ctx;
  const T = ctx.segs.length;
  const maxSize = options.maxBookSize ?? ctx.maxSize + T - 1;
  if (!Number.isInteger(maxSize) || maxSize < 1)
    throw new InputError(`maxBookSize must be a whole number ≥ 1 (got ${maxSize})`);
  const order = options.tierOrder
    ? options.tierOrder.map((s) => {
        const k = ctx.segs.indexOf(s);
        if (k < 0) throw new InputError(`tier order names unknown segment ${s}`);
        return k;
      })
    : ctx.segs
        .map((s, k) => ({ k, mid: (bands[s].pmc + bands[s].pme) / 2, s }))
        .sort((a, b) => a.mid - b.mid || (a.s < b.s ? -1 : 1))
        .map((x) => x.k);
  if (order.length !== T || new Set(order).size !== T) throw new InputError("tier order must name every segment once");
  const names = TIER_NAMES[T] ?? Array.from({ length: T }, (_, k) => `Tier ${k + 1}`);
  if (maxSize < T) return null; // nested tiers need at least one new item each
  // Every item may go in a tier (an item nobody values can still separate two tiers).
  const cands = cr.items.map((_, i) => i);
  const I = cands.length;
  if (I < T) return null;
  // Respondents in the book: every member of a segment with a band.
  const everyone = Int32Array.from(ctx.members.flatMap((m) => Array.from(m)));
  const segOf = new Int32Array(cr.n).fill(-1);
  ctx.members.forEach((m, s) => {
    for (const r of m) segOf[r] = s;
  });
  const grids = order.map((s) => ctx.grids[s]);
  const Gs = grids.map((g) => g.length);
  // Valued candidate items per respondent as a small bitset over candidate positions (≤ 32 per word).
  const CW = Math.max(1, Math.ceil(I / 32));
  const val = new Uint32Array(cr.n * CW);
  for (const r of everyone)
    cands.forEach((i, c) => {
      if (cr.valued[r * cr.words + (i >>> 5)] & (1 << (i & 31))) val[r * CW + (c >>> 5)] |= 1 << (c & 31);
    });
  const level = new Int32Array(I); // 0 = not offered, k = from tier k on
  const masks = Array.from({ length: T }, () => new Uint32Array(CW));
  const k0 = new Int32Array(cr.n);
  const S = T; // segments = tiers
  const floorObjective = ctx.objective === "revenue-with-happy-floor";
  // V[k][g]: objective sums of respondents whose first enough-value tier is k; HS[k][s][g]: happy per segment.
  const V = grids.map((g) => new Float64Array(g.length));
  const V2 = grids.map((g) => new Float64Array(g.length));
  const HS = grids.map((g) => Array.from({ length: S }, () => new Float64Array(g.length)));

  // Respondents with the same value set, need and segment always choose alike: evaluate groups, each
  // carrying its members' summed rows per tier grid (primary objective, secondary, happy).
  const groupKey = new Map<string, number>();
  const groupRep: number[] = [],
    groupSeg: number[] = [];
  const groupOf = new Int32Array(cr.n).fill(-1);
  for (const r of everyone) {
    const key = `${segOf[r]}|${cr.need[r]}|${Array.from(val.subarray(r * CW, (r + 1) * CW)).join(",")}`;
    let gi = groupKey.get(key);
    if (gi === undefined) {
      gi = groupRep.length;
      groupKey.set(key, gi);
      groupRep.push(r);
      groupSeg.push(segOf[r]);
    }
    groupOf[r] = gi;
  }
  const NG = groupRep.length;
  const GP = grids.map((g) => new Float64Array(NG * g.length)),
    G2 = grids.map((g) => new Float64Array(NG * g.length)),
    GH = grids.map((g) => new Float64Array(NG * g.length));
  for (const r of everyone) {
    const gi = groupOf[r];
    for (let k = 0; k < T; k++) {
      const s = order[k],
        G = Gs[k];
      const h = ctx.H[s],
        rv = ctx.R[s];
      const primary = ctx.objective === "happy" ? h : rv,
        secondary = ctx.objective === "happy" ? rv : h;
      for (let g = 0; g < G; g++) {
        GP[k][gi * G + g] += primary[r * G + g];
        G2[k][gi * G + g] += secondary[r * G + g];
        GH[k][gi * G + g] += h[r * G + g];
      }
    }
  }
  const groupK0 = new Int32Array(NG);
  const setMasks = () => {
    for (const m of masks) m.fill(0);
    for (let c = 0; c < I; c++) if (level[c] > 0) masks[level[c] - 1][c >>> 5] |= 1 << (c & 31);
  };
  /** First tier (0-based) giving respondent r enough value, −1 when none (masks must be set). */
  const firstTier = (r: number) => {
    let have = 0;
    for (let k = 0; k < T; k++) {
      for (let j = 0; j < CW; j++) have += popcount32(val[r * CW + j] & masks[k][j]);
      if (have >= cr.need[r]) return k;
    }
    return -1;
  };
  const firstTiers = () => {
    setMasks();
    for (const r of everyone) k0[r] = firstTier(r);
  };
  const evaluate = (): BookEval => {
    setMasks();
    for (let k = 0; k < T; k++) {
      V[k].fill(0);
      V2[k].fill(0);
      for (const h of HS[k]) h.fill(0);
    }
    for (let gi = 0; gi < NG; gi++) {
      const k = firstTier(groupRep[gi]);
      groupK0[gi] = k;
      if (k < 0) continue;
      const G = Gs[k],
        base = gi * G;
      const vk = V[k],
        v2k = V2[k],
        gp = GP[k],
        g2 = G2[k];
      for (let g = 0; g < G; g++) {
        vk[g] += gp[base + g];
        v2k[g] += g2[base + g];
      }
      if (floorObjective) {
        const hs = HS[k][groupSeg[gi]],
          gh = GH[k];
        for (let g = 0; g < G; g++) hs[g] += gh[base + g];
      }
    }
    return floorObjective ? bestPricesWithFloor() : bestPrices();
  };
  // Best strictly increasing price per tier without a floor: dynamic programme over tiers, keeping for
  // each price of tier k the best (objective, secondary) pair of tiers 0..k ending there; the best
  // predecessor is a running maximum over the previous tier's cheaper prices. O(T · G).
  const dpScore = grids.map((g) => new Float64Array(g.length));
  const dpSecond = grids.map((g) => new Float64Array(g.length));
  const dpFrom = grids.map((g) => new Int32Array(g.length));
  const bestPrices = (): BookEval => {
    for (let k = 0; k < T; k++) {
      const grid = grids[k];
      let j0 = 0,
        bs = -Infinity,
        b2 = -Infinity,
        bj = -1;
      for (let j = 0; j < grid.length; j++) {
        if (k > 0) {
          const prev = grids[k - 1];
          while (j0 < prev.length && prev[j0] < grid[j]) {
            const sc = dpScore[k - 1][j0],
              se = dpSecond[k - 1][j0];
            if (sc > -Infinity && (bj < 0 || better(sc, se, bs, b2))) {
              bs = sc;
              b2 = se;
              bj = j0;
            }
            j0++;
          }
        }
        if (k > 0 && bj < 0) {
          dpScore[k][j] = -Infinity;
          dpSecond[k][j] = -Infinity;
          dpFrom[k][j] = -1;
          continue;
        }
        dpScore[k][j] = (k > 0 ? bs : 0) + V[k][j];
        dpSecond[k][j] = (k > 0 ? b2 : 0) + V2[k][j];
        dpFrom[k][j] = bj;
      }
    }
    let bj = -1;
    const last = T - 1;
    for (let j = 0; j < grids[last].length; j++) {
      const sc = dpScore[last][j];
      if (sc === -Infinity) continue;
      if (bj < 0 || better(sc, dpSecond[last][j], dpScore[last][bj], dpSecond[last][bj])) bj = j;
    }
    if (bj < 0) return { score: null, second: -Infinity, prices: [] };
    const prices = new Array<number>(T);
    for (let k = last, j = bj; k >= 0; k--) {
      prices[k] = j;
      j = dpFrom[k][j];
    }
    return { score: dpScore[last][bj], second: dpSecond[last][bj], prices };
  };
  // With a happy-share floor per segment the objective does not decompose: enumerate strictly increasing
  // tuples depth-first, carrying per-segment happy sums.
  const bestPricesWithFloor = (): BookEval => {
    let best: BookEval = { score: null, second: -Infinity, prices: [] };
    const g = new Int32Array(T);
    const happy = Array.from({ length: T + 1 }, () => new Float64Array(S));
    const need = Float64Array.from(ctx.total, (w) => (ctx.floor - EPS) * w);
    // Branch and bound: the most the remaining tiers can add to the objective and to each segment's happy sum.
    const rest = new Float64Array(T + 1);
    const restHappy = Array.from({ length: T + 1 }, () => new Float64Array(S));
    for (let k = T - 1; k >= 0; k--) {
      rest[k] = rest[k + 1] + Math.max(...V[k]);
      for (let s = 0; s < S; s++) restHappy[k][s] = restHappy[k + 1][s] + Math.max(...HS[k][s]);
    }
    const walk = (k: number, minPrice: number, acc: number, acc2: number) => {
      if (
        best.prices.length > 0 &&
        acc + rest[k] < (best.score as number) - EPS * Math.max(1, Math.abs(best.score as number))
      )
        return;
      for (let s = 0; s < S; s++) if (happy[k][s] + restHappy[k][s] < need[s]) return;
      if (k === T) {
        const h = happy[T];
        for (let s = 0; s < S; s++) if (!(h[s] >= need[s])) return;
        if (best.prices.length === 0 || better(acc, acc2, best.score, best.second))
          best = { score: acc, second: acc2, prices: Array.from(g) };
        return;
      }
      const grid = grids[k],
        from = happy[k],
        to = happy[k + 1],
        hk = HS[k];
      for (let j = 0; j < grid.length; j++) {
        if (!(grid[j] > minPrice)) continue;
        g[k] = j;
        for (let s = 0; s < S; s++) to[s] = from[s] + hk[s][j];
        walk(k + 1, grid[j], acc + V[k][j], acc2 + V2[k][j]);
      }
    };
    walk(0, -Infinity, 0, 0);
    if (best.prices.length === 0) {
      // No tuple meets the floor: report the best unconstrained one as infeasible.
      const free = bestPrices();
      return { ...free, score: null };
    }
    return best;
  };
  const valid = () => {
    let offered = 0;
    const used = new Uint8Array(T);
    for (let c = 0; c < I; c++)
      if (level[c] > 0) {
        offered++;
        used[level[c] - 1] = 1;
      }
    return offered <= maxSize && used.every((u) => u === 1);
  };

  // Number of assignments: Σ_{k=T..maxSize} C(I, k) · (surjections of k items onto T tiers).
  let assignments = 0;
  for (let k = T; k <= Math.min(maxSize, I); k++) assignments += binomialCoefficient(I, k) * surjections(k, T);
  const limit = options.bookExhaustiveLimit ?? 20_000;
  let best: { level: Int32Array; ev: BookEval } | null = null;
  const keep = (ev: BookEval) => {
    if (ev.prices.length === T && (!best || better(ev.score, ev.second, best.ev.score, best.ev.second)))
      best = { level: level.slice(), ev };
  };
  let search: OneBook["search"];
  if (assignments <= limit) {
    search = "exhaustive";
    const visit = (c: number, offered: number) => {
      if (c === I) {
        if (valid()) keep(evaluate());
        return;
      }
      for (let l = 0; l <= T; l++) {
        if (l > 0 && offered >= maxSize) break;
        level[c] = l;
        visit(c + 1, offered + (l > 0 ? 1 : 0));
      }
      level[c] = 0;
    };
    visit(0, 0);
  } else {
    // Local search over tier assignments (prices optimised exactly for each): from (a) the per-segment
    // packages made nested and (b) one most-valued item per tier, apply the best of: move an item to another
    // tier, add, drop, swap an offered item for an unoffered one, or swap two items' tiers, until no move
    // improves (≤ 200 rounds).
    search = "local-search";
    const starts: Int32Array[] = [];
    const fromMulti = new Int32Array(I);
    order.forEach((s, k) => {
      const fr = frequencies(ctx, s, cands);
      const top = cands
        .map((_, c) => c)
        .sort((a, b) => fr[b] - fr[a] || a - b)
        .slice(0, ctx.maxSize);
      for (const c of top) if (fromMulti[c] === 0) fromMulti[c] = k + 1;
    });
    starts.push(repair(fromMulti, T, maxSize, ctx, order, cands));
    const single = new Int32Array(I);
    order.forEach((s, k) => {
      const fr = frequencies(ctx, s, cands);
      const c = cands
        .map((_, c) => c)
        .filter((c) => single[c] === 0)
        .sort((a, b) => fr[b] - fr[a] || a - b)[0];
      if (c !== undefined) single[c] = k + 1;
    });
    starts.push(single);
    for (const start of starts) {
      level.set(start);
      if (!valid()) continue;
      let cur = evaluate();
      keep(cur);
      for (let round = 0; round < 200; round++) {
        let move: { c: number; l: number; c2: number; l2: number; ev: BookEval } | null = null;
        const tryMove = (c: number, l: number, c2: number, l2: number) => {
          const o1 = level[c],
            o2 = c2 >= 0 ? level[c2] : 0;
          level[c] = l;
          if (c2 >= 0) level[c2] = l2;
          if (valid()) {
            const ev = evaluate();
            const ref = move ? move.ev : cur;
            if (better(ev.score, ev.second, ref.score, ref.second)) move = { c, l, c2, l2, ev };
          }
          level[c] = o1;
          if (c2 >= 0) level[c2] = o2;
        };
        for (let c = 0; c < I; c++) for (let l = 0; l <= T; l++) if (l !== level[c]) tryMove(c, l, -1, 0);
        for (let c = 0; c < I; c++)
          if (level[c] > 0)
            for (let c2 = 0; c2 < I; c2++) {
              if (level[c2] === 0) tryMove(c, 0, c2, level[c]);
              else if (c2 > c && level[c2] !== level[c]) tryMove(c, level[c2], c2, level[c]);
            }
        if (!move) break;
        const m = move as { c: number; l: number; c2: number; l2: number; ev: BookEval };
        level[m.c] = m.l;
        if (m.c2 >= 0) level[m.c2] = m.l2;
        cur = m.ev;
        keep(cur);
      }
    }
  }
  if (!best) return null;
  const chosen = best as { level: Int32Array; ev: BookEval };
  level.set(chosen.level);
  firstTiers();
  const tiers: Tier[] = order.map((s, k) => ({
    name: names[k],
    segment: ctx.segs[s],
    package: cands.filter((_, c) => level[c] > 0 && level[c] <= k + 1).map((i) => cr.items[i]),
    price: grids[k][chosen.ev.prices[k]],
  }));
  // Figures per segment.
  const per: Record<string, BookSegmentFigures> = {};
  let H = 0,
    Rv = 0,
    B = 0,
    W = 0,
    n = 0;
  let feasible = true;
  ctx.segs.forEach((name, s) => {
    let happy = 0,
      revenue = 0,
      buying = 0,
      cannibalised = 0;
    const byTier: Record<string, number> = Object.fromEntries(names.map((t) => [t, 0]));
    const ownTier = order.indexOf(s);
    for (const r of ctx.members[s]) {
      const k = k0[r];
      if (k < 0) continue;
      const t = order[k],
        G = Gs[k],
        g = chosen.ev.prices[k];
      const h = ctx.H[t][r * G + g];
      if (h === 0) continue;
      happy += h;
      revenue += ctx.R[t][r * G + g];
      buying += buyingWeight(ctx, t, [r], () => g);
      byTier[names[k]] += cr.weight[r];
      if (k < ownTier) cannibalised += cr.weight[r];
    }
    const f = figures(ctx.members[s].length, ctx.total[s], happy, revenue);
    per[name] = {
      ...f,
      buyingShare: ctx.total[s] > 0 ? buying / ctx.total[s] : null,
      byTier,
      cannibalised,
    };
    if (scoreOf(ctx, happy, revenue, ctx.total[s]) === null) feasible = false;
    H += happy;
    Rv += revenue;
    B += buying;
    W += ctx.total[s];
    n += ctx.members[s].length;
  });
  // Upper bound: every respondent who can be pleased by the top tier's size pays the best price in any tier's grid.
  let upperBound = 0;
  for (const r of everyone) {
    let k = 0;
    for (let j = 0; j < CW; j++) k += popcount32(val[r * CW + j]);
    if (Math.min(k, maxSize) < cr.need[r]) continue;
    let bestR = 0;
    for (let t = 0; t < T; t++) {
      const s = order[t],
        G = Gs[t];
      for (let g = 0; g < G; g++) {
        const v = ctx.objective === "happy" ? ctx.H[s][r * G + g] : ctx.R[s][r * G + g];
        if (v > bestR) bestR = v;
      }
    }
    upperBound += bestR;
  }
  const score = feasible ? (ctx.objective === "happy" ? H : Rv) : null;
  const optimal = search === "exhaustive" || (score !== null && score >= upperBound - EPS);
  const tuples = `every strictly increasing price per tier from the tiers' own grids`;
  const note =
    search === "exhaustive"
      ? `Exhaustive: all ${assignments} nested tier contents (top tier ≤ ${maxSize} items, every tier adding at least one; ${assignments} ≤ ${limit}) × ${tuples}: optimal.`
      : `Local search over nested tier contents (${assignments} exceed ${limit}) × ${tuples}: objective ${round(score)} vs an upper bound of ${round(upperBound)} (each respondent paying their best price)${score !== null && upperBound > 0 ? `, gap ≤ ${((100 * (upperBound - score)) / upperBound).toFixed(1)}%` : ""}.`;
  return {
    tiers,
    overall: { ...figures(n, W, H, Rv), buyingShare: W > 0 ? B / W : null },
    segments: per,
    score,
    feasible,
    search,
    assignments,
    upperBound,
    optimal,
    note,
  };
}

/** Number of ways to map k items onto T tiers using every tier: T! · S(k, T) by inclusion–exclusion. */
function surjections(k: number, T: number): number {
  let s = 0;
  for (let j = 0; j <= T; j++) s += (j % 2 ? -1 : 1) * binomialCoefficient(T, j) * (T - j) ** k;
  return s;
}

function frequencies(ctx: Ctx, s: number, cands: readonly number[]): Float64Array {
  const { cr } = ctx;
  const fr = new Float64Array(cands.length);
  for (const r of ctx.members[s])
    cands.forEach((i, c) => {
      if (cr.valued[r * cr.words + (i >>> 5)] & (1 << (i & 31))) fr[c] += cr.weight[r];
    });
  return fr;
}

/** Makes a start assignment valid: at most maxSize offered in all (drop from the top tier down), every tier used. */
function repair(level: Int32Array, T: number, maxSize: number, ctx: Ctx, order: number[], cands: number[]): Int32Array {
  const out = level.slice();
  const count = () => out.reduce((a, l) => a + (l > 0 ? 1 : 0), 0);
  for (let k = T; k >= 1 && count() > maxSize; k--)
    for (let c = out.length - 1; c >= 0 && count() > maxSize; c--) if (out[c] === k) out[c] = 0;
  for (let k = 1; k <= T; k++) {
    if (out.some((l) => l === k)) continue;
    if (count() >= maxSize) {
      // Free a slot from a tier that keeps another item.
      let drop = -1;
      for (let c = out.length - 1; c >= 0 && drop < 0; c--)
        if (out[c] > 0 && out.filter((x) => x === out[c]).length > 1) drop = c;
      if (drop < 0) continue;
      out[drop] = 0;
    }
    const fr = frequencies(ctx, order[k - 1], cands);
    const c = cands
      .map((_, c) => c)
      .filter((c) => out[c] === 0)
      .sort((a, b) => fr[b] - fr[a] || a - b)[0];
    if (c !== undefined) out[c] = k;
  }
  return out;
}

function compare(
  ctx: Ctx,
  multi: PriceBookResult["multi"],
  one: OneBook | null,
): { winner: PriceBookResult["winner"]; sentence: string } {
  const metric = ctx.objective === "happy" ? "happy customers" : "revenue per 100 prospects";
  const money = (x: number | null) => (ctx.currency ? formatMoney(x, ctx.currency) : round(x));
  const fig = (b: BookSummary) =>
    ctx.objective === "happy"
      ? round(b.overall.happy)
      : money(b.overall.revenuePer100 === null ? null : b.overall.revenuePer100);
  if (!one)
    return {
      winner: null,
      sentence: `No one-price-book proposal: ${ctx.segs.length} nested tiers need a top tier of at least ${ctx.segs.length} items and as many items to offer.`,
    };
  const a = one.score,
    b = multi.score;
  if (a === null && b === null)
    return {
      winner: null,
      sentence: `Neither proposal keeps every segment's happy share at ${ctx.floor * 100}% or more.`,
    };
  const diffs = ctx.segs.map((s) => {
    const o = one.segments[s],
      m = multi.segments[s];
    const v = (x: BlockFigures) => (ctx.objective === "happy" ? x.happy : (x.revenuePer100 ?? 0));
    return { s, d: v(o) - v(m), cannibalised: o.cannibalised ?? 0 };
  });
  if (a !== null && (b === null || a > b + EPS * Math.max(1, Math.abs(b)))) {
    const gain = diffs.reduce((x, y) => (y.d > x.d ? y : x));
    return {
      winner: "one",
      sentence:
        b === null
          ? `One price book wins: only it keeps every segment's happy share at ${ctx.floor * 100}% or more.`
          : `One price book wins (${metric} ${fig(one)} vs ${fig(multi)} with a package per segment): its tiers also reach respondents the per-segment packages miss, most in ${gain.s}${gain.cannibalised > 0 ? `, where ${round(gain.cannibalised)} choose a cheaper tier aimed at another segment` : ""}.`,
    };
  }
  if (b !== null && (a === null || b > a + EPS * Math.max(1, Math.abs(a)))) {
    const loss = diffs.reduce((x, y) => (y.d < x.d ? y : x));
    return {
      winner: "multi",
      sentence:
        a === null
          ? `A package per segment wins: the one price book cannot keep every segment's happy share at ${ctx.floor * 100}% or more.`
          : `A package per segment wins (${metric} ${fig(multi)} vs ${fig(one)} with one price book): in one book ${loss.s} loses most${loss.cannibalised > 0 ? ` because ${round(loss.cannibalised)} of its respondents pick a cheaper tier aimed at another segment (cannibalisation)` : ", as nested tiers cannot give it its own best package at its own best price"}.`,
    };
  }
  const second = (x: BookSummary) => (ctx.objective === "happy" ? (x.overall.revenuePer100 ?? 0) : x.overall.happy);
  const otherMetric = ctx.objective === "happy" ? "revenue" : "happy customers";
  const s1 = second(one),
    s2 = second(multi);
  const then =
    Math.abs(s1 - s2) <= EPS * Math.max(1, Math.abs(s2))
      ? ""
      : otherMetric === "revenue"
        ? `; ${s1 > s2 ? "one price book" : "a package per segment"} earns more revenue (${money(Math.max(s1, s2))} vs ${money(Math.min(s1, s2))} per 100 prospects)`
        : `; ${s1 > s2 ? "one price book" : "a package per segment"} earns more ${otherMetric} (${round(Math.max(s1, s2))} vs ${round(Math.min(s1, s2))})`;
  return { winner: "tie", sentence: `Both proposals reach the same ${metric} (${fig(one)})${then}.` };
}
