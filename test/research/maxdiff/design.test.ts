import { describe, expect, it } from "vitest";
import { generateDesign } from "../../../research/maxdiff/design.ts";
import { InputError } from "../../../research/inputError.ts";

describe("generateDesign", () => {
  for (const [K, k, t, maxPairRange] of [
    [12, 4, 9, 1],
    [7, 3, 7, 1],
    [20, 5, 12, 2],
    [30, 5, 18, 2],
  ] as const) {
    it(`balances ${K} items, ${k} per task, ${t} tasks`, () => {
      const d = generateDesign({ items: K, itemsPerTask: k, tasks: t, versions: 10, seed: 11 });
      expect(d.versions).toHaveLength(10);
      for (const [v, version] of d.versions.entries()) {
        expect(version).toHaveLength(t);
        const count = new Array(K).fill(0);
        const pair = new Map<string, number>();
        for (const task of version) {
          expect(task).toHaveLength(k);
          expect(new Set(task).size).toBe(k); // no repeats within a task
          for (const a of task) {
            expect(a).toBeGreaterThanOrEqual(0);
            expect(a).toBeLessThan(K);
            count[a]++;
            for (const b of task) if (a < b) pair.set(`${a},${b}`, (pair.get(`${a},${b}`) ?? 0) + 1);
          }
        }
        expect(Math.max(...count) - Math.min(...count)).toBeLessThanOrEqual(1);
        const pairs: number[] = [];
        for (let a = 0; a < K; a++) for (let b = a + 1; b < K; b++) pairs.push(pair.get(`${a},${b}`) ?? 0);
        expect(Math.max(...pairs) - Math.min(...pairs)).toBeLessThanOrEqual(maxPairRange);
        // reported statistics agree with the design
        expect(d.balance.versions[v].oneWay).toEqual({ min: Math.min(...count), max: Math.max(...count) });
        expect(d.balance.versions[v].twoWay).toEqual({ min: Math.min(...pairs), max: Math.max(...pairs) });
        expect(d.balance.versions[v].positions.max - d.balance.versions[v].positions.min).toBeLessThanOrEqual(2);
      }
      expect(d.balance.overall.oneWay.max - d.balance.overall.oneWay.min).toBeLessThanOrEqual(10);
      // positions across versions: each item in each position close to its expected count
      const expected = (10 * t) / K;
      expect(d.balance.overall.positions.min).toBeGreaterThanOrEqual(Math.floor(expected) - 2);
      expect(d.balance.overall.positions.max).toBeLessThanOrEqual(Math.ceil(expected) + 2);
      expect(d.warnings).toEqual([]);
    });
  }

  it("finds the Fano plane for 7 items in triples (every pair exactly once)", () => {
    const d = generateDesign({ items: 7, itemsPerTask: 3, tasks: 7, versions: 3, seed: 2 });
    for (const s of d.balance.versions) expect(s.twoWay).toEqual({ min: 1, max: 1 });
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const a = generateDesign({ items: 12, itemsPerTask: 4, tasks: 9, seed: 5 });
    const b = generateDesign({ items: 12, itemsPerTask: 4, tasks: 9, seed: 5 });
    const c = generateDesign({ items: 12, itemsPerTask: 4, tasks: 9, seed: 6 });
    expect(b.versions).toEqual(a.versions);
    expect(c.versions).not.toEqual(a.versions);
  });

  it("warns when t·k/K < 3", () => {
    const d = generateDesign({ items: 20, itemsPerTask: 4, tasks: 10, versions: 2, seed: 1 });
    expect(d.exposuresPerItem).toBe(2);
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatch(/too few exposures per item for individual estimates/);
  });

  it("rejects impossible inputs", () => {
    expect(() => generateDesign({ items: 4, itemsPerTask: 5, tasks: 3 })).toThrow(InputError);
    expect(() => generateDesign({ items: 10, itemsPerTask: 1, tasks: 3 })).toThrow(InputError);
    expect(() => generateDesign({ items: 10, itemsPerTask: 4, tasks: 0 })).toThrow(InputError);
    expect(() => generateDesign({ items: 10, itemsPerTask: 4, tasks: 5, versions: 0 })).toThrow(InputError);
    expect(() => generateDesign({ items: 10.5, itemsPerTask: 4, tasks: 5 })).toThrow(InputError);
  });

  it("is fast for 30 items", () => {
    const t0 = performance.now();
    generateDesign({ items: 30, itemsPerTask: 5, tasks: 18, versions: 10, seed: 1 });
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
