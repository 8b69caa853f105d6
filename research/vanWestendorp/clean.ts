/**
 * Cleaning of Van Westendorp answers. Following Van Westendorp (1976) and the R package
 * pricesensitivitymeter (`psm_analysis(validate = TRUE)`), a respondent counts only when the
 * four prices are strictly ordered: too cheap < cheap < expensive < too expensive. Equal
 * neighbours are invalid because they make the "acceptable" band of that respondent empty.
 */
import { InputError } from "../inputError.ts";
import type { VwAnswer, VwColumns } from "./types.ts";

export const VALID = 0;
export const MISSING = 1;
export const NOT_ORDERED = 2;

/** Status of one respondent: VALID, MISSING (any price not answered, NaN) or NOT_ORDERED. */
export function answerStatus(tooCheap: number, cheap: number, expensive: number, tooExpensive: number): number {
  // NaN compares false, so test "missing" first: it takes precedence over the ordering.
  if (Number.isNaN(tooCheap) || Number.isNaN(cheap) || Number.isNaN(expensive) || Number.isNaN(tooExpensive))
    return MISSING;
  return tooCheap < cheap && cheap < expensive && expensive < tooExpensive ? VALID : NOT_ORDERED;
}

/** Status (VALID, MISSING, NOT_ORDERED) of every respondent. */
export function classifyRespondents(cols: VwColumns): Uint8Array {
  const { tooCheap, cheap, expensive, tooExpensive } = cols;
  const n = tooCheap.length;
  const status = new Uint8Array(n);
  for (let i = 0; i < n; i++) status[i] = answerStatus(tooCheap[i], cheap[i], expensive[i], tooExpensive[i]);
  return status;
}

const QUESTIONS = ["tooCheap", "cheap", "expensive", "tooExpensive"] as const;

/**
 * Columns from answer objects (null/undefined → NaN = missing). Rejects what is bad input
 * rather than a missing answer: negative, infinite or non-numeric prices, purchase intents
 * outside the whole numbers 1–5, non-positive weights. `respondent k` in messages is 1-based.
 */
export function toColumns(answers: readonly VwAnswer[]): VwColumns {
  const n = answers.length;
  const cols = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  let piCheap: Float64Array | null = null;
  let piExpensive: Float64Array | null = null;
  let weight: Float64Array | null = null;
  let segment: Int32Array | null = null;
  const segmentIndex = new Map<string, number>();
  const segmentNames: string[] = [];
  let lastName: string | null = null,
    lastIndex = -1;
  for (let i = 0; i < n; i++) {
    const a = answers[i];
    // Unrolled: named property reads stay fast for a million objects; a keyed loop does not.
    cols[0][i] = price(a.tooCheap, i, 0);
    cols[1][i] = price(a.cheap, i, 1);
    cols[2][i] = price(a.expensive, i, 2);
    cols[3][i] = price(a.tooExpensive, i, 3);
    if ((a.piCheap ?? null) !== null || (a.piExpensive ?? null) !== null) {
      if (!piCheap || !piExpensive) {
        piCheap = new Float64Array(n).fill(NaN);
        piExpensive = new Float64Array(n).fill(NaN);
      }
      piCheap[i] = purchaseIntent(a.piCheap, i, "piCheap");
      piExpensive[i] = purchaseIntent(a.piExpensive, i, "piExpensive");
    }
    if (a.weight !== undefined) {
      if (!weight) weight = new Float64Array(n).fill(1);
      const w = a.weight;
      if (typeof w !== "number" || !(w > 0) || w === Infinity)
        throw new InputError(`respondent ${i + 1}: weight must be a positive number (got ${String(w)})`);
      weight[i] = w;
    }
    const s = a.segment;
    if (s !== null && s !== undefined && s !== "") {
      if (!segment) segment = new Int32Array(n).fill(-1);
      // Consecutive respondents often share a segment: skip the map lookup then.
      let k = s === lastName ? lastIndex : segmentIndex.get(s);
      if (k === undefined) {
        k = segmentNames.length;
        segmentIndex.set(s, k);
        segmentNames.push(s);
      }
      segment[i] = k;
      lastName = s;
      lastIndex = k;
    }
  }
  return {
    tooCheap: cols[0],
    cheap: cols[1],
    expensive: cols[2],
    tooExpensive: cols[3],
    piCheap,
    piExpensive,
    weight,
    segment,
    segmentNames,
  };
}

function price(v: number | null | undefined, i: number, q: number): number {
  if (v === null || v === undefined) return NaN;
  if (typeof v !== "number" || !(v >= 0) || v === Infinity)
    throw new InputError(
      `respondent ${i + 1}: ${QUESTIONS[q]} must be a finite price of at least 0 (got ${String(v)})`,
    );
  return v;
}

function purchaseIntent(v: number | null | undefined, i: number, what: string): number {
  if (v === null || v === undefined) return NaN;
  if (!Number.isInteger(v) || v < 1 || v > 5)
    throw new InputError(`respondent ${i + 1}: ${what} must be a whole number from 1 to 5 (got ${String(v)})`);
  return v;
}
