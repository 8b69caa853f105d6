import { describe, expect, it } from "vitest";
import { createRng, shuffle } from "../../research/random.ts";

describe("createRng", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const a = createRng(42),
      b = createRng(42),
      c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it("gives uniforms in [0,1) with mean 1/2 and normals with mean 0, variance 1", () => {
    const rng = createRng(7);
    const n = 200_000;
    let su = 0,
      sn = 0,
      sn2 = 0,
      min = 1,
      max = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      su += u;
      const z = rng.normal();
      sn += z;
      sn2 += z * z;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(sn / n).toBeCloseTo(0, 1);
    expect(sn2 / n).toBeCloseTo(1, 1);
  });

  it("shuffle is a permutation", () => {
    const xs = Array.from({ length: 50 }, (_, i) => i);
    const s = shuffle(xs, createRng(1));
    expect(s).not.toEqual(xs);
    expect([...s].sort((a, b) => a - b)).toEqual(xs);
  });
});
