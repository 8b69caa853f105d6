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

export function createRng(seed: number): Rng {
  const sm = splitmix32(Math.floor(seed) >>> 0);
  // State and the spare normal live in typed arrays: closure variables holding numbers outside
  // the small-integer range are boxed, so every draw would allocate (the HB sampler makes ~10⁸).
  const st = new Int32Array(4);
  st[0] = sm();
  st[1] = sm();
  st[2] = sm();
  st[3] = sm();
  if ((st[0] | st[1] | st[2] | st[3]) === 0) st[0] = 1;
  const spare = new Float64Array(1);
  let hasSpare = false;
  const nextU32 = () => {
    const b = st[1];
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    st[2] ^= st[0];
    st[3] ^= b;
    st[1] = b ^ st[2];
    st[0] ^= st[3];
    st[2] ^= t;
    st[3] = rotl(st[3], 11);
    return result;
  };
  const next = () => nextU32() / 4294967296;
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    normal() {
      if (hasSpare) {
        hasSpare = false;
        return spare[0];
      }
      let u: number, v: number, s: number;
      do {
        u = 2 * next() - 1;
        v = 2 * next() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const m = Math.sqrt((-2 * Math.log(s)) / s);
      spare[0] = v * m;
      hasSpare = true;
      return u * m;
    },
  };
}

/** 32-bit rotate left (as a signed int32; callers take `>>> 0` where they need the unsigned value). */
function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
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
