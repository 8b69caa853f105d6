/**
 * Seeded pseudo-random numbers for simulations, bootstraps, designs and the demo data.
 * Generator: xoshiro128** (Blackman & Vigna, https://prng.di.unimi.it/), seeded through
 * splitmix32 so that nearby seeds give unrelated streams. Deterministic for a given seed.
 */
export interface Rng {
  /** Uniform on [0, 1). */
  next(): number;
  /** Integer uniform on [0, n). */
  int(n: number): number;
  /** Standard normal (Marsaglia polar method). */
  normal(): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * The generator's whole state: xoshiro128** words in [0..3] (as int32) and, in [4..5], the
 * spare normal of the polar method (the flag in [4], its bits in [5] via a Float64 view). A
 * typed array rather than closure variables: numbers outside the small-integer range held in
 * closures are boxed, so every draw would allocate (the HB sampler makes ~10⁸), and a state in a
 * SharedArrayBuffer can be advanced by a worker thread (hb.ts).
 */
export type RngState = Int32Array;

/** A fresh state for `seed` (splitmix32-seeded xoshiro128**, no spare normal). */
export function createRngState(seed: number, buffer?: ArrayBufferLike, byteOffset = 0): RngState {
  const sm = splitmix32(Math.floor(seed) >>> 0);
  const st = buffer ? new Int32Array(buffer, byteOffset, 8) : new Int32Array(8);
  st[0] = sm();
  st[1] = sm();
  st[2] = sm();
  st[3] = sm();
  if ((st[0] | st[1] | st[2] | st[3]) === 0) st[0] = 1;
  st[4] = 0;
  return st;
}

/** Next uniform on [0, 1) from a state (xoshiro128**: 32 random bits / 2³²). Self-contained (hb.ts runs it in a worker). */
export function rngUniform(st: RngState): number {
  const b = st[1];
  const r = Math.imul(b, 5);
  const result = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
  const t = b << 9;
  st[2] ^= st[0];
  st[3] ^= b;
  st[1] = b ^ st[2];
  st[0] ^= st[3];
  st[2] ^= t;
  st[3] = (st[3] << 11) | (st[3] >>> 21);
  return result / 4294967296;
}

/**
 * Standard normal from a state (Marsaglia polar method, the spare kept in the state). The uniform
 * generator is passed in (always `rngUniform`) so the function names no other: hb.ts sends the
 * source of both to a worker thread.
 */
export function rngNormal(st: RngState, spare: Float64Array, uniform: (st: RngState) => number): number {
  if (st[4] === 1) {
    st[4] = 0;
    return spare[0];
  }
  let u: number, v: number, s: number;
  do {
    u = 2 * uniform(st) - 1;
    v = 2 * uniform(st) - 1;
    s = u * u + v * v;
  } while (s >= 1 || s === 0);
  const m = Math.sqrt((-2 * Math.log(s)) / s);
  spare[0] = v * m;
  st[4] = 1;
  return u * m;
}

/** The Float64 view rngNormal keeps its spare in: bytes 24–31 of the state (words 6–7). */
export function rngSpare(st: RngState): Float64Array {
  return new Float64Array(st.buffer, st.byteOffset + 24, 1);
}

export function createRng(seed: number): Rng {
  const st = createRngState(seed);
  const spare = rngSpare(st);
  const next = () => rngUniform(st);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    normal: () => rngNormal(st, spare, rngUniform),
  };
}

/** Fisher–Yates shuffle (Knuth, TAOCP vol. 2, Algorithm P); returns a new array. */
export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
