/**
 * Respondents for the price-aware simulator and the price-book recommender: what gives each
 * respondent enough value (a value set and how many of it a package must hold), their Van
 * Westendorp answers (the price limit) and, when asked, purchase intents for the
 * Newton–Miller–Smith calibration (Newton, Miller & Smith 1993). Compiled to bitsets and typed
 * arrays so that one package costs O(respondents) to evaluate.
 */
import { InputError } from "../inputError.ts";
import { calibratedProbability, DEFAULT_CALIBRATION } from "../vanWestendorp/nms.ts";
import { topFeatures } from "./simulator.ts";

/** Enough value: a package holding at least `need` of `items`. */
export interface ValueSet {
  items: readonly string[];
  need: number;
}

/** Any other rule: whether a package (its items) gives the respondent enough value. Simulator only. */
export type ValuePredicate = (pkg: ReadonlySet<string>) => boolean;

export interface PricedRespondent {
  respondent: string;
  segment: string | null;
  /** Positive weight (default 1), e.g. from raking. */
  weight?: number;
  /** A value set (fast; what the price-book search needs) or any predicate on the package. */
  value: ValueSet | ValuePredicate;
  tooCheap?: number | null;
  cheap?: number | null;
  expensive?: number | null;
  tooExpensive?: number | null;
  /** Purchase intent 1–5 at the respondent's "cheap" and "expensive" prices. */
  piCheap?: number | null;
  piExpensive?: number | null;
}

/** Which Van Westendorp answer is the most a respondent will happily pay: "expensive" (default) or the stricter "cheap". */
export type PriceLimit = "expensive" | "cheap";

/** The existing roadmap rule as a value set: at least `minInPackage` of the respondent's top `topN` features. */
export function valueFromTopN(
  utilities: Record<string, number>,
  items: readonly string[],
  topN = 3,
  minInPackage = 2,
): ValueSet {
  return { items: topFeatures(utilities, topN, items), need: minInPackage };
}

/**
 * Anchored MaxDiff: the items a respondent values above the anchor; a package must hold
 * min(`minInPackage`, how many they value) of them (someone who values nothing is never happy).
 */
export function valueFromAboveAnchor(itemsAboveAnchor: readonly string[], minInPackage = 1): ValueSet {
  return { items: itemsAboveAnchor, need: Math.max(1, Math.min(minInPackage, itemsAboveAnchor.length)) };
}

/**
 * Newton–Miller–Smith purchase probability at price p: 0 at "too cheap", the calibrated intent at
 * "cheap" and at "expensive", 0 at "too expensive", linear in price between, 0 outside.
 */
export function nmsProbability(p: number, tc: number, c: number, e: number, te: number, pc: number, pe: number) {
  if (!(p > tc) || !(p < te)) return 0;
  if (p <= c) return (pc * (p - tc)) / (c - tc);
  if (p <= e) return pc + ((pe - pc) * (p - c)) / (e - c);
  return (pe * (te - p)) / (te - e);
}

export interface CompiledRespondents {
  items: string[];
  /** 32-bit words per bitset. */
  words: number;
  n: number;
  ids: string[];
  /** valued[r·words + k]: bitset of the respondent's value set. */
  valued: Uint32Array;
  need: Int32Array;
  /** Respondents whose value rule is a predicate (others: null). */
  predicates: (ValuePredicate | null)[] | null;
  /** Highest price the respondent is happy to pay; NaN when not answered (never happy). */
  limit: Float64Array;
  weight: Float64Array;
  /** Segment index (−1 = none) into segmentNames. */
  segment: Int32Array;
  segmentNames: string[];
  /** NMS anchors; hasNms[r] = 1 when all four prices are ordered and both intents are given. */
  hasNms: Uint8Array;
  tc: Float64Array;
  c: Float64Array;
  e: Float64Array;
  te: Float64Array;
  pc: Float64Array;
  pe: Float64Array;
}

const num = (x: number | null | undefined) => (typeof x === "number" && Number.isFinite(x) ? x : NaN);

/** Checks and compiles respondents; `items` fixes the item order (default: as first met). */
export function compileRespondents(
  respondents: readonly PricedRespondent[],
  options: { items?: readonly string[]; priceLimit?: PriceLimit; calibration?: readonly number[] } = {},
): CompiledRespondents {
  const limitBy = options.priceLimit ?? "expensive";
  if (limitBy !== "expensive" && limitBy !== "cheap")
    throw new InputError(`price limit must be "expensive" or "cheap" (got ${String(limitBy)})`);
  const calibration = options.calibration ?? DEFAULT_CALIBRATION;
  const items = options.items
    ? [...options.items]
    : [...new Set(respondents.flatMap((r) => (typeof r.value === "function" ? [] : r.value.items)))];
  const index = new Map(items.map((it, k) => [it, k]));
  const n = respondents.length;
  const words = Math.max(1, Math.ceil(items.length / 32));
  const out: CompiledRespondents = {
    items,
    words,
    n,
    ids: respondents.map((r) => r.respondent),
    valued: new Uint32Array(n * words),
    need: new Int32Array(n),
    predicates: null,
    limit: new Float64Array(n),
    weight: new Float64Array(n),
    segment: new Int32Array(n),
    segmentNames: [],
    hasNms: new Uint8Array(n),
    tc: new Float64Array(n),
    c: new Float64Array(n),
    e: new Float64Array(n),
    te: new Float64Array(n),
    pc: new Float64Array(n),
    pe: new Float64Array(n),
  };
  const segIndex = new Map<string, number>();
  respondents.forEach((r, i) => {
    const who = `respondent ${r.respondent}`;
    const value = r.value;
    if (typeof value === "function") {
      out.predicates ??= new Array(n).fill(null);
      out.predicates[i] = value;
      out.need[i] = 1;
    } else {
      if (!Number.isInteger(value.need) || value.need < 1)
        throw new InputError(`${who}: need must be a whole number ≥ 1 (got ${value.need})`);
      out.need[i] = value.need;
    }
    for (const it of typeof value === "function" ? [] : value.items) {
      const k = index.get(it);
      if (k === undefined) continue; // an item outside the candidate list cannot be in any package
      out.valued[i * words + (k >>> 5)] |= 1 << (k & 31);
    }
    const w = r.weight ?? 1;
    if (!(w > 0) || w === Infinity) throw new InputError(`${who}: weight must be a positive number (got ${w})`);
    out.weight[i] = w;
    if (r.segment === null || r.segment === "") out.segment[i] = -1;
    else {
      let s = segIndex.get(r.segment);
      if (s === undefined) {
        s = out.segmentNames.length;
        segIndex.set(r.segment, s);
        out.segmentNames.push(r.segment);
      }
      out.segment[i] = s;
    }
    const tc = num(r.tooCheap),
      c = num(r.cheap),
      e = num(r.expensive),
      te = num(r.tooExpensive);
    out.limit[i] = limitBy === "cheap" ? c : e;
    const piC = r.piCheap ?? null,
      piE = r.piExpensive ?? null;
    for (const pi of [piC, piE])
      if (pi !== null && !(Number.isInteger(pi) && pi >= 1 && pi <= 5))
        throw new InputError(`${who}: purchase intent must be a whole number from 1 to 5 (got ${pi})`);
    if (piC !== null && piE !== null && tc < c && c < e && e < te) {
      out.hasNms[i] = 1;
      out.tc[i] = tc;
      out.c[i] = c;
      out.e[i] = e;
      out.te[i] = te;
      out.pc[i] = calibratedProbability(piC, calibration);
      out.pe[i] = calibratedProbability(piE, calibration);
    }
  });
  return out;
}

/** Bitset of a package; unknown items are bad input. */
export function packageBits(cr: CompiledRespondents, pkg: readonly string[]): Uint32Array {
  const bits = new Uint32Array(cr.words);
  for (const it of pkg) {
    const k = cr.items.indexOf(it);
    if (k < 0) throw new InputError(`unknown item "${it}" in a package`);
    bits[k >>> 5] |= 1 << (k & 31);
  }
  return bits;
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** How many of respondent r's valued items the package holds. */
export function overlap(cr: CompiledRespondents, r: number, bits: Uint32Array): number {
  let k = 0;
  const base = r * cr.words;
  for (let j = 0; j < cr.words; j++) k += popcount32(cr.valued[base + j] & bits[j]);
  return k;
}

/** Whether the package gives respondent r enough value (`pkg`: the package's items, for predicate rules). */
export function enoughValue(cr: CompiledRespondents, r: number, bits: Uint32Array, pkg?: ReadonlySet<string>): boolean {
  const rule = cr.predicates?.[r];
  if (rule) return rule(pkg ?? new Set(cr.items.filter((_, k) => bits[k >>> 5] & (1 << (k & 31)))));
  return overlap(cr, r, bits) >= cr.need[r];
}

/** Probability that respondent r buys at price p given they are happy with the package there. */
export function buyProbability(cr: CompiledRespondents, r: number, p: number): number {
  if (!(p <= cr.limit[r])) return 0;
  return cr.hasNms[r] ? nmsProbability(p, cr.tc[r], cr.c[r], cr.e[r], cr.te[r], cr.pc[r], cr.pe[r]) : 1;
}
