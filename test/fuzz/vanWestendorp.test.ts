/** Fuzzing `research van-westendorp`: random input never crashes, valid input gives sane price points, bad cells are reported by line. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { VwBlock } from "../../research/vanWestendorp/types.ts";
import { anyText, csvishText, expectContract, fileStyle, linesIn, run, shuffled, toCsv, runs } from "./helpers.ts";

const PRICES = ["too_cheap", "cheap", "expensive", "too_expensive"] as const;
const COLUMNS = [...PRICES, "pi_cheap", "pi_expensive", "segment", "weight"];

type Row = {
  prices: (number | null)[];
  status: "valid" | "missing" | "notOrdered";
  piCheap: number | null;
  piExpensive: number | null;
  segment: string;
  weight: number;
};

const money = fc.oneof(
  fc.integer({ min: 0, max: 500 }),
  fc.integer({ min: 0, max: 50000 }).map((c) => c / 100),
);
const gap = fc.oneof(
  fc.integer({ min: 1, max: 100 }),
  fc.integer({ min: 1, max: 5000 }).map((c) => c / 100),
);
const segmentName = fc.oneof(
  fc.constantFrom(
    "",
    "tech",
    "real estate",
    "Tech",
    "a,b",
    'say "hi"',
    "NaN",
    "multi\nline",
    "ünï",
    "__proto__",
    "constructor",
    "toString",
  ),
  fc.string({ maxLength: 4 }).filter((s) => !s.includes("\r") && s === s.trim()),
);

const validPrices = fc.tuple(money, gap, gap, gap).map(([a, d1, d2, d3]) => {
  const r = (x: number) => Math.round(x * 100) / 100;
  return [a, r(a + d1), r(a + d1 + d2), r(a + d1 + d2 + d3)];
});

const rowOf = (kinds: fc.Arbitrary<Row["status"]>): fc.Arbitrary<Row> =>
  fc
    .record({
      kind: kinds,
      prices: validPrices,
      hole: fc.nat({ max: 3 }),
      swap: fc.nat({ max: 2 }),
      piCheap: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 8 }),
      piExpensive: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 8 }),
      segment: segmentName,
      weight: fc.oneof(
        fc.constant(1),
        fc.integer({ min: 1, max: 400 }).map((w) => w / 100),
      ),
    })
    .map(({ kind, prices, hole, swap, ...rest }) => {
      const p: (number | null)[] = [...prices];
      if (kind === "missing") p[hole] = null;
      if (kind === "notOrdered") [p[swap], p[swap + 1]] = [p[swap + 1], p[swap]]; // now p[swap] > p[swap+1]
      return { prices: p, status: kind, ...rest };
    });
const row = rowOf(fc.constantFrom<Row["status"]>("valid", "valid", "valid", "valid", "missing", "notOrdered"));

/** A well-formed file: at least one valid respondent, random optional columns, order, case, style. */
const validFile = fc
  .record({
    rows: fc
      .tuple(rowOf(fc.constant("valid")), fc.array(row, { maxLength: 30 }))
      .chain(([first, more]) => shuffled([first, ...more])),
    pi: fc.boolean(),
    segment: fc.boolean(),
    weight: fc.boolean(),
    extra: fc.boolean(),
    upper: fc.boolean(),
    style: fileStyle.filter((s) => s.quoteMode !== 0),
    order: fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
  })
  .map((f) => {
    const cols: string[] = [...PRICES];
    if (f.pi) cols.push("pi_cheap", "pi_expensive");
    if (f.segment) cols.push("segment");
    if (f.weight) cols.push("weight");
    if (f.extra) cols.push("comment");
    const keys = cols
      .map((c) => ({ c, k: f.order.next().value as number }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.c);
    const table = parseBack({ keys, rows: f.rows, upper: f.upper });
    const text = toCsv(table, f.style);
    // Physical line of each row: header is line 1; a quoted cell may span several lines.
    const lineOf: number[] = [];
    let line = 2;
    for (const r of f.rows) {
      lineOf.push(line);
      line +=
        1 +
        keys
          .map((k) => cellOf(r, k))
          .join(",")
          .split("\n").length -
        1;
    }
    return { ...f, keys, text, lineOf };
  });

describe("van-westendorp fuzz: never crashes", () => {
  it("arbitrary text → exit 0 or 2, one stderr line", async () => {
    await fc.assert(
      fc.asyncProperty(anyText, fc.boolean(), async (text, json) => {
        expectContract(await run("van-westendorp", text, ...(json ? ["--json"] : [])), text, json);
      }),
      { numRuns: runs(200) },
    );
  });

  it("CSV-ish text with real and junk columns, nasty cells → exit 0 or 2; JSON has no NaN", async () => {
    await fc.assert(
      fc.asyncProperty(
        csvishText(COLUMNS),
        fc.subarray(["--interpolate", "--bootstrap=3", "--weight-column=weight", "--segment-column=segment"]),
        async (text, opts) => {
          expectContract(await run("van-westendorp", text, "--json", ...opts), text);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it("random option values never give exit 1", async () => {
    const text = "too_cheap,cheap,expensive,too_expensive,segment\n1,2,3,4,a\n2,3,4,5,b\n";
    const value = fc.oneof(
      fc.constantFrom("", "-1", "0", "2", "1.5", "abc", "1e2", " 3", "NaN", "segment", "missing"),
      fc.string({ maxLength: 4 }),
    );
    const flag = fc.oneof(
      fc.constantFrom("--interpolate", "--json", "--nope", "-x", "--"),
      fc
        .tuple(fc.constantFrom("--bootstrap", "--seed", "--currency", "--segment-column", "--weight-column"), value)
        .map(([k, v]) => `${k}=${v}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(flag, { maxLength: 4 }), async (flags) => {
        if (flags.some((f) => /^--bootstrap=\s*\d{3,}/.test(f))) return; // keep it fast
        const r = await run("van-westendorp", text, ...flags);
        expectContract(r, text, flags.includes("--json"));
      }),
      { numRuns: runs(150) },
    );
  });
});

describe("van-westendorp fuzz: valid input → exit 0 and sane results", () => {
  it("nValid ≤ n, tallies add up, price points within the data's price range, PMC ≤ PME", async () => {
    await fc.assert(
      fc.asyncProperty(validFile, fc.boolean(), async (f, interpolate) => {
        const r = await run("van-westendorp", f.text, "--json", ...(interpolate ? ["--interpolate"] : []));
        const json = expectContract(r, f.text) as { overall: Block; segments: Record<string, Block> };
        expect(r.code, r.stderr).toBe(0);
        const o = json.overall;
        expect(o.n).toBe(f.rows.length);
        expect(o.nValid).toBeLessThanOrEqual(o.n);
        expect(o.nValid).toBe(f.rows.filter((x) => x.status === "valid").length);
        expect(o.invalid.missing).toBe(f.rows.filter((x) => x.status === "missing").length);
        expect(o.nValid + o.invalid.missing + o.invalid.notOrdered).toBe(o.n);
        const valid = f.rows.filter((x) => x.status === "valid").flatMap((x) => x.prices as number[]);
        checkBlock(o, Math.min(...valid), Math.max(...valid));
        let segN = 0;
        for (const b of Object.values(json.segments)) {
          expect(b.nValid).toBeLessThanOrEqual(b.n);
          expect(b.nValid + b.invalid.missing + b.invalid.notOrdered).toBe(b.n);
          segN += b.n;
          // A segment's points lie within the overall valid range (its own range is a subset).
          checkBlock(b, Math.min(...valid), Math.max(...valid));
        }
        expect(segN).toBeLessThanOrEqual(o.n);
        if (!f.segment) expect(json.segments).toEqual({});
        else {
          // every named segment has its own block (also "__proto__", "constructor")
          const names = [...new Set(f.rows.map((x) => x.segment).filter((s) => s !== ""))].sort();
          expect(Object.keys(json.segments).sort()).toEqual(names);
          expect(segN).toBe(f.rows.filter((x) => x.segment !== "").length);
        }
        if (!f.pi) expect(o.nms).toBeNull();
      }),
      { numRuns: runs(200) },
    );
  });

  it("the table output (no --json) also succeeds", async () => {
    await fc.assert(
      fc.asyncProperty(validFile, async (f) => {
        const r = await run("van-westendorp", f.text);
        expectContract(r, f.text, false);
        expect(r.code).toBe(0);
        for (const word of ["NaN", "Infinity"]) if (!f.text.includes(word)) expect(r.stdout).not.toContain(word);
      }),
      { numRuns: runs(60) },
    );
  });
});

/** The CLI prints VwBlock (without curves). */
type Block = VwBlock;

function checkBlock(b: Block, lo: number, hi: number): void {
  for (const p of [b.pmc, b.opp, b.ipp, b.pme, b.nms?.trialOptimal ?? null, b.nms?.revenueOptimal ?? null]) {
    if (p === null) continue;
    expect(p).toBeGreaterThanOrEqual(lo - 1e-9);
    expect(p).toBeLessThanOrEqual(hi + 1e-9);
  }
  if (b.nValid === 0) expect([b.pmc, b.opp, b.ipp, b.pme]).toEqual([null, null, null, null]);
  if (b.pmc !== null && b.pme !== null) expect(b.pmc).toBeLessThanOrEqual(b.pme);
}

describe("van-westendorp fuzz: metamorphic properties", () => {
  const points = (b: Block) => [b.pmc, b.opp, b.ipp, b.pme, b.nms?.trialOptimal ?? null, b.nms?.revenueOptimal ?? null];

  it("one weight for everybody (tiny to huge) gives the unweighted price points", async () => {
    await fc.assert(
      fc.asyncProperty(
        validFile,
        fc.constantFrom(5e-324, 1e-300, 1e-10, 0.37, 3, 1e10, 1e300, 1.7e308),
        fc.boolean(),
        async (f, w, interpolate) => {
          const table = parseBack({ ...f, keys: f.keys.filter((k) => k !== "weight") });
          const opts = ["--json", ...(interpolate ? ["--interpolate"] : [])];
          const plain = JSON.parse((await run("van-westendorp", toCsv(table, f.style), ...opts)).stdout) as {
            overall: Block;
          };
          const text = toCsv(
            { header: [...table.header, "weight"], rows: table.rows.map((r) => [...r, String(w)]) },
            f.style,
          );
          const r = await run("van-westendorp", text, ...opts);
          const weighted = expectContract(r, text) as { overall: Block };
          expect(r.code, r.stderr).toBe(0);
          expect(points(weighted.overall)).toEqual(points(plain.overall));
        },
      ),
      { numRuns: runs(150) },
    );
  });

  it("prices in large currency units (×10^k, e.g. IDR/VND) with --interpolate terminate, within range, PMC ≤ PME", async () => {
    await fc.assert(
      fc.asyncProperty(validFile, fc.integer({ min: 3, max: 12 }), async (f, k) => {
        const scale = 10 ** k;
        const rows = f.rows.map((x) => ({ ...x, prices: x.prices.map((p) => (p === null ? null : p * scale)) }));
        const text = toCsv(parseBack({ ...f, rows }), f.style);
        const r = await run("van-westendorp", text, "--json", "--interpolate", "--bootstrap", "3");
        const json = expectContract(r, text) as { overall: Block };
        expect(r.code, r.stderr).toBe(0);
        const valid = rows.filter((x) => x.status === "valid").flatMap((x) => x.prices as number[]);
        checkBlock(json.overall, Math.min(...valid), Math.max(...valid));
      }),
      { numRuns: runs(100) },
    );
  });
});

describe("van-westendorp fuzz: one broken rule → exit 2 naming the line", () => {
  const mutation = fc.oneof(
    fc.record({
      kind: fc.constant("price" as const),
      value: fc.constantFrom(
        "-1",
        "-0.01",
        "-500",
        "abc",
        "NaN",
        "Infinity",
        "-Infinity",
        "1e400",
        "=1+1",
        "12 USD",
        "1,5",
      ),
      q: fc.nat({ max: 3 }),
    }),
    fc.record({
      kind: fc.constant("pi" as const),
      value: fc.constantFrom("6", "0", "-1", "2.5", "x", "Infinity"),
      col: fc.constantFrom("pi_cheap", "pi_expensive"),
    }),
    fc.record({
      kind: fc.constant("weight" as const),
      value: fc.constantFrom("0", "-1", "", "abc", "NaN", "Infinity", "1e400"),
    }),
    fc.record({ kind: fc.constant("dropColumn" as const), q: fc.nat({ max: 3 }) }),
  );

  it("negative/non-numeric price, purchase intent outside 1–5, bad weight, missing column", async () => {
    await fc.assert(
      fc.asyncProperty(validFile, mutation, fc.nat(), async (f0, m, at) => {
        // Re-render with the columns the mutation needs.
        const f = { ...f0 };
        const i = at % f.rows.length;
        const keys = f.keys;
        if (m.kind === "pi" && !keys.includes("pi_cheap")) return;
        if (m.kind === "weight" && !keys.includes("weight")) return;
        const table = parseBack(f);
        let expectLine: number | null = f.lineOf[i];
        if (m.kind === "price") table.rows[i][keys.indexOf(PRICES[m.q])] = m.value;
        else if (m.kind === "pi") table.rows[i][keys.indexOf(m.col)] = m.value;
        else if (m.kind === "weight") table.rows[i][keys.indexOf("weight")] = m.value;
        else {
          const c = keys.indexOf(PRICES[m.q]);
          table.header.splice(c, 1);
          for (const r of table.rows) r.splice(c, 1);
          expectLine = 1;
        }
        const text = toCsv(table, f.style);
        const r = await run("van-westendorp", text, "--json");
        expectContract(r, text);
        expect(r.code, `accepted ${JSON.stringify(m)} at row ${i}: ${r.stdout.slice(0, 200)}`).toBe(2);
        expect(linesIn(r.stderr)).toContain(expectLine);
        if (m.kind === "dropColumn") expect(r.stderr).toContain(`missing column ${PRICES[m.q]}`);
      }),
      { numRuns: runs(250) },
    );
  });
});

/** The cells of validFile as rendered (before CSV quoting). */
function cellOf(r: Row, c: string): string {
  const q = PRICES.indexOf(c as (typeof PRICES)[number]);
  if (q >= 0) return r.prices[q] === null ? "" : String(r.prices[q]);
  if (c === "pi_cheap") return r.piCheap === null ? "" : String(r.piCheap);
  if (c === "pi_expensive") return r.piExpensive === null ? "" : String(r.piExpensive);
  if (c === "segment") return r.segment;
  if (c === "weight") return String(r.weight);
  return '=HYPERLINK("x")';
}

function parseBack(f: { keys: string[]; rows: Row[]; upper: boolean }): { header: string[]; rows: string[][] } {
  return {
    header: f.keys.map((k) => (f.upper ? k.toUpperCase() : k)),
    rows: f.rows.map((r) => f.keys.map((k) => cellOf(r, k))),
  };
}
