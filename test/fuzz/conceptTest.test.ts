/** Fuzzing `research concept-test`: random input never crashes, valid ratings give consistent top-2-box cells, bad ratings are reported by line. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyText, csvishText, expectContract, fileStyle, linesIn, run, shuffled, toCsv, runs } from "./helpers.ts";

const METRICS = ["appeal", "relevance", "uniqueness", "believability", "purchase_intent"] as const;
const COLUMNS = ["respondent", "segment", "concept", ...METRICS, "position"];

interface Rating {
  respondent: string;
  segment: string;
  concept: string;
  ratings: number[];
  position: number;
}

const validRatings = fc
  .record({
    concepts: fc.shuffledSubarray(
      ["Tenant CRM", "Grant pipeline", "a,b", 'q"t', "ünï", "NaN", "__proto__", "toString"],
      { minLength: 1, maxLength: 3 },
    ),
    segments: fc.constantFrom<string[]>(
      ["tech"],
      ["tech", "real_estate"],
      ["a", "b", "c"],
      ["__proto__", "constructor"],
    ),
  })
  .chain(({ concepts, segments }) =>
    fc.array(
      fc.record({
        segment: fc.constantFrom(...segments, ""),
        rated: fc.shuffledSubarray(concepts, { minLength: 1 }),
        ratings: fc.array(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 5, maxLength: 5 }), {
          minLength: concepts.length,
          maxLength: concepts.length,
        }),
      }),
      { minLength: 1, maxLength: 10 },
    ),
  )
  .map((resps) =>
    resps.flatMap((r, ri) =>
      r.rated.map(
        (concept, p): Rating => ({
          respondent: `r${ri + 1}`,
          segment: r.segment,
          concept,
          ratings: r.ratings[p],
          position: p + 1,
        }),
      ),
    ),
  );

const HEADER = ["respondent", "segment", "concept", ...METRICS, "position"];
const rowsOf = (rs: Rating[], position: boolean) =>
  rs.map((r) => [
    r.respondent,
    r.segment,
    r.concept,
    ...r.ratings.map(String),
    ...(position ? [String(r.position)] : []),
  ]);

const validFile = fc
  .record({
    ratings: validRatings,
    position: fc.boolean(),
    style: fileStyle.filter((s) => s.quoteMode !== 0),
    columns: shuffled(HEADER),
    shuffle: fc.boolean(),
  })
  .chain((f) => (f.shuffle ? shuffled(f.ratings) : fc.constant(f.ratings)).map((ratings) => ({ ...f, ratings })))
  .map((f) => {
    const header = HEADER.filter((c) => f.position || c !== "position");
    const cols = f.columns.filter((c) => header.includes(c));
    const perm = cols.map((c) => header.indexOf(c));
    return {
      ...f,
      text: toCsv({ header: cols, rows: rowsOf(f.ratings, f.position).map((r) => perm.map((p) => r[p])) }, f.style),
    };
  });

interface Cell {
  concept: string;
  segment: string | null;
  metric: string;
  n: number;
  top2: number;
  top2Share: number | null;
  top2Interval: [number, number] | null;
  mean: number | null;
  meanInterval: [number, number] | null;
}
interface PairTest {
  statistic: number | null;
  pValue: number | null;
  pHolm: number | null;
}

describe("concept-test fuzz: never crashes", () => {
  it("arbitrary text → exit 0 or 2, one stderr line", async () => {
    await fc.assert(
      fc.asyncProperty(anyText, fc.boolean(), async (text, json) => {
        expectContract(await run("concept-test", text, ...(json ? ["--json"] : [])), text, json);
      }),
      { numRuns: runs(200) },
    );
  });

  it("CSV-ish text with real and junk columns, nasty cells → exit 0 or 2; JSON has no NaN", async () => {
    await fc.assert(
      fc.asyncProperty(csvishText(COLUMNS), async (text) => {
        expectContract(await run("concept-test", text, "--json"), text);
      }),
      { numRuns: runs(300) },
    );
  });

  it("CSV-ish cells over a plausible value set (reaches the analysis more often)", async () => {
    const rating = fc.constantFrom("1", "2", "3", "4", "5", "5", "4", "0", "6", "", "4.0", "NaN");
    const row = fc.tuple(
      fc.constantFrom("r1", "r2", "r3", "r4", ""),
      fc.constantFrom("a", "b", "", "NaN"),
      fc.constantFrom("X", "Y", ""),
      ...METRICS.map(() => rating),
      fc.constantFrom("1", "2", "", "0"),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 10 }), fileStyle, async (rows, style) => {
        const text = toCsv({ header: COLUMNS, rows }, style);
        expectContract(await run("concept-test", text, "--json"), text);
        const table = await run("concept-test", text);
        expectContract(table, text, false);
      }),
      { numRuns: runs(300) },
    );
  });
});

describe("concept-test fuzz: valid ratings → exit 0 and consistent cells", () => {
  it("top2Share in [0,1] and equal to top2/n; counts match the data; intervals and p-values in range", async () => {
    await fc.assert(
      fc.asyncProperty(validFile, async (f) => {
        const r = await run("concept-test", f.text, "--json");
        const json = expectContract(r, f.text) as {
          cells: Cell[];
          segmentTests: PairTest[];
          conceptTests: PairTest[];
          orderEffects: unknown[] | null;
        };
        expect(r.code, r.stderr).toBe(0);
        const concepts = new Set(f.ratings.map((x) => x.concept));
        const segments = new Set(f.ratings.map((x) => x.segment).filter((s) => s !== ""));
        expect(json.cells).toHaveLength(concepts.size * (1 + segments.size) * METRICS.length);
        for (const c of json.cells) {
          const m = METRICS.indexOf(c.metric as (typeof METRICS)[number]);
          const mine = f.ratings
            .filter((x) => x.concept === c.concept && (c.segment === null || x.segment === c.segment))
            .map((x) => x.ratings[m]);
          expect(c.n).toBe(mine.length);
          expect(c.top2).toBe(mine.filter((v) => v >= 4).length);
          if (c.n === 0) {
            expect(c.top2Share).toBeNull();
            expect(c.mean).toBeNull();
          } else {
            expect(c.top2Share).not.toBeNull();
            expect(c.top2Share!).toBeGreaterThanOrEqual(0);
            expect(c.top2Share!).toBeLessThanOrEqual(1);
            expect(c.top2Share!).toBeCloseTo(c.top2 / c.n, 12);
            expect(c.mean!).toBeGreaterThanOrEqual(1);
            expect(c.mean!).toBeLessThanOrEqual(5);
            expect(c.top2Interval).not.toBeNull();
            const [lo, hi] = c.top2Interval!;
            expect(0 <= lo && lo <= c.top2Share! + 1e-12 && c.top2Share! <= hi + 1e-12 && hi <= 1).toBe(true);
          }
          if (c.meanInterval) expect(c.meanInterval[0]).toBeLessThanOrEqual(c.meanInterval[1]);
        }
        for (const t of [...json.segmentTests, ...json.conceptTests]) {
          if (t.pValue !== null) {
            expect(t.pValue).toBeGreaterThanOrEqual(0);
            expect(t.pValue).toBeLessThanOrEqual(1);
            expect(t.pHolm!).toBeGreaterThanOrEqual(t.pValue - 1e-15);
            expect(t.pHolm!).toBeLessThanOrEqual(1);
          }
          if (t.statistic !== null) expect(t.statistic).toBeGreaterThanOrEqual(0);
        }
        expect(json.orderEffects === null).toBe(!f.position);
      }),
      { numRuns: runs(200) },
    );
  });
});

describe("concept-test fuzz: one broken rule → exit 2 naming the line", () => {
  const mutation = fc.oneof(
    fc.record({
      kind: fc.constant("rating" as const),
      metric: fc.nat({ max: 4 }),
      value: fc.constantFrom("6", "0", "-1", "3.5", "x", "", "NaN", "Infinity", "1e400", "=5"),
    }),
    fc.record({ kind: fc.constantFrom("emptyRespondent" as const, "emptyConcept" as const, "duplicate" as const) }),
    fc.record({ kind: fc.constant("position" as const), value: fc.constantFrom("0", "-1", "1.5", "x", "NaN") }),
    fc.record({ kind: fc.constant("dropColumn" as const), col: fc.nat({ max: 7 }) }),
  );

  it("rating 6 / 0 / non-integer, empty respondent or concept, a concept rated twice, bad position, missing column", async () => {
    await fc.assert(
      fc.asyncProperty(
        validRatings,
        mutation,
        fc.nat(),
        fileStyle.filter((s) => s.quoteMode !== 0),
        async (ratings, m, at, style) => {
          const header = [...HEADER];
          const rows = rowsOf(ratings, true);
          const i = at % rows.length;
          let expected = i + 2;
          if (m.kind === "rating") rows[i][3 + m.metric] = m.value;
          else if (m.kind === "emptyRespondent") rows[i][0] = " ";
          else if (m.kind === "emptyConcept") rows[i][2] = "";
          else if (m.kind === "position") rows[i][8] = m.value;
          else if (m.kind === "duplicate") {
            const j = rows.findIndex((r, k) => k !== i && !(r[0] === rows[i][0]));
            if (j < 0) return; // one respondent only
            rows[i][0] = rows[j][0];
            rows[i][2] = rows[j][2];
            // rows[i] may already be a rating of respondent j's concept by... no: keys were unique, and i's respondent differs from j's.
            expected = Math.max(i, j) + 2;
          } else if (m.kind === "dropColumn") {
            header.splice(m.col, 1);
            for (const r of rows) r.splice(m.col, 1);
            expected = 1;
          }
          const text = toCsv({ header, rows }, style);
          const r = await run("concept-test", text, "--json");
          expectContract(r, text);
          expect(r.code, `accepted ${JSON.stringify(m)} at row ${i}`).toBe(2);
          expect(linesIn(r.stderr), r.stderr).toContain(expected);
        },
      ),
      { numRuns: runs(250) },
    );
  });
});
