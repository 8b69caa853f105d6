/** Fuzzing `research maxdiff`: random input never crashes, valid tasks give sane shares/utilities, broken tasks are reported by line. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyText, csvishText, expectContract, fileStyle, linesIn, run, shuffled, toCsv, runs } from "./helpers.ts";

const COLUMNS = ["respondent", "task", "item", "best", "worst", "segment"];
const ITEM_NAMES = [
  "SSO",
  "API",
  "Reports",
  "Mobile app",
  "a,b",
  'say "hi"',
  "ünïcødé",
  "=1+1",
  "__proto__",
  "constructor",
  "toString",
  "x",
];

interface Task {
  respondent: string;
  segment: string;
  task: number;
  shown: string[];
  best: number; // index into shown
  worst: number;
}

/** Well-formed tasks: constant items per task, exactly one best and a different worst, one segment per respondent. */
const validTasks = fc
  .record({
    items: fc.shuffledSubarray(ITEM_NAMES, { minLength: 3, maxLength: 7 }),
    respondents: fc.integer({ min: 1, max: 6 }),
    tasksEach: fc.integer({ min: 1, max: 4 }),
    segments: fc.constantFrom<string[]>(
      ["tech"],
      ["tech", "real estate"],
      ["a", "b", "c"],
      ["__proto__", "constructor", "valueOf"],
    ),
  })
  .chain(({ items, respondents, tasksEach, segments }) =>
    fc.integer({ min: 2, max: items.length }).chain((k) =>
      fc
        .array(
          fc.record({
            segment: fc.constantFrom(...segments, ""),
            tasks: fc.array(
              fc.record({
                shown: fc.shuffledSubarray(items, { minLength: k, maxLength: k }),
                best: fc.nat({ max: k - 1 }),
                offset: fc.integer({ min: 1, max: k - 1 }),
              }),
              { minLength: tasksEach, maxLength: tasksEach },
            ),
          }),
          { minLength: respondents, maxLength: respondents },
        )
        .map((resps) =>
          resps.flatMap((r, ri) =>
            r.tasks.map(
              (t, ti): Task => ({
                respondent: `r${ri + 1}`,
                segment: r.segment,
                task: ti + 1,
                shown: t.shown,
                best: t.best,
                worst: (t.best + t.offset) % k,
              }),
            ),
          ),
        ),
    ),
  );

const HEADER = ["respondent", "task", "item", "best", "worst", "segment"];

function rowsOf(tasks: Task[]): string[][] {
  return tasks.flatMap((t) =>
    t.shown.map((item, j) => [
      t.respondent,
      String(t.task),
      item,
      j === t.best ? "1" : "0",
      j === t.worst ? "1" : "0",
      t.segment,
    ]),
  );
}

const validFile = fc
  .record({
    tasks: validTasks,
    style: fileStyle.filter((s) => s.quoteMode !== 0),
    order: fc.constantFrom("task", "shuffled"),
    columns: shuffled(HEADER),
  })
  .chain((f) =>
    (f.order === "shuffled" ? shuffled(rowsOf(f.tasks)) : fc.constant(rowsOf(f.tasks))).map((rows) => {
      const perm = f.columns.map((c) => HEADER.indexOf(c));
      return {
        ...f,
        rows,
        text: toCsv(
          { header: f.columns.map((c) => c.toUpperCase()), rows: rows.map((r) => perm.map((p) => r[p])) },
          f.style,
        ),
      };
    }),
  );

interface Item {
  item: string;
  shown: number;
  best: number;
  worst: number;
  utility: number | null;
  share: number | null;
}
interface Block {
  respondents: number;
  tasks: number;
  items: Item[];
}

function checkBlock(b: Block, tasks: Task[]): void {
  expect(b.tasks).toBe(tasks.length);
  expect(b.respondents).toBe(new Set(tasks.map((t) => t.respondent)).size);
  const k = tasks[0]?.shown.length ?? 0;
  expect(b.items.reduce((s, i) => s + i.shown, 0)).toBe(tasks.length * k);
  expect(b.items.reduce((s, i) => s + i.best, 0)).toBe(tasks.length);
  expect(b.items.reduce((s, i) => s + i.worst, 0)).toBe(tasks.length);
  const shares = b.items.map((i) => i.share).filter((s): s is number => s !== null);
  const utils = b.items.map((i) => i.utility).filter((u): u is number => u !== null);
  for (const i of b.items) if (i.shown === 0) expect([i.share, i.utility]).toEqual([null, null]);
  for (const s of shares) expect(s).toBeGreaterThanOrEqual(0);
  if (shares.length > 0) expect(Math.abs(shares.reduce((a, x) => a + x, 0) - 100)).toBeLessThan(1e-6);
  if (utils.length > 0) {
    const scale = Math.max(1, ...utils.map(Math.abs));
    expect(Math.abs(utils.reduce((a, x) => a + x, 0)) / scale).toBeLessThan(1e-6);
  }
}

describe("maxdiff fuzz: never crashes", () => {
  it("arbitrary text → exit 0 or 2, one stderr line", async () => {
    await fc.assert(
      fc.asyncProperty(anyText, fc.boolean(), async (text, json) => {
        expectContract(await run("maxdiff", text, ...(json ? ["--json"] : [])), text, json);
      }),
      { numRuns: runs(200) },
    );
  });

  it("CSV-ish text with real and junk columns, nasty cells → exit 0 or 2; JSON has no NaN", async () => {
    await fc.assert(
      fc.asyncProperty(csvishText(COLUMNS), async (text) => {
        expectContract(await run("maxdiff", text, "--json"), text);
      }),
      { numRuns: runs(300) },
    );
  });

  it("CSV-ish cells over a plausible value set (reaches the analysis more often)", async () => {
    const cell = fc.constantFrom("1", "2", "0", "1", "0", "r1", "r2", "A", "B", "C", "", "-1", "1.0", "NaN");
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 12 }),
        fileStyle,
        async (rows, style) => {
          const text = toCsv({ header: ["respondent", "task", "item", "best", "worst"], rows }, style);
          expectContract(await run("maxdiff", text, "--json"), text);
        },
      ),
      { numRuns: runs(300) },
    );
  });
});

describe("maxdiff fuzz: valid tasks → exit 0 and sane results", () => {
  it("shares sum to 100 and utilities to 0 in every block; counts add up", async () => {
    await fc.assert(
      fc.asyncProperty(validFile, async (f) => {
        const r = await run("maxdiff", f.text, "--json");
        const json = expectContract(r, f.text) as {
          itemsPerTask: number;
          overall: Block;
          segments: Record<string, Block>;
        };
        expect(r.code, r.stderr).toBe(0);
        expect(json.itemsPerTask).toBe(f.tasks[0].shown.length);
        checkBlock(json.overall, f.tasks);
        const segs = [...new Set(f.tasks.map((t) => t.segment).filter((s) => s !== ""))];
        expect(Object.keys(json.segments).sort()).toEqual(segs.sort());
        for (const [name, b] of Object.entries(json.segments))
          checkBlock(
            b,
            f.tasks.filter((t) => t.segment === name),
          );
      }),
      { numRuns: runs(200) },
    );
  });

  it("with --hb (few iterations): still exit 0, no NaN, one utility vector per respondent", async () => {
    await fc.assert(
      fc.asyncProperty(validFile, async (f) => {
        const r = await run("maxdiff", f.text, "--json", "--hb", "--iterations", "20", "--burn-in", "10");
        const json = expectContract(r, f.text) as { hb: { respondents: { utilities: Record<string, number> }[] } };
        expect(r.code, r.stderr).toBe(0);
        expect(json.hb.respondents).toHaveLength(new Set(f.tasks.map((t) => t.respondent)).size);
      }),
      { numRuns: runs(25) },
    );
  });
});

describe("maxdiff fuzz: one broken rule → exit 2 naming the line", () => {
  type Mutation =
    | {
        kind:
          | "secondBest"
          | "bestIsWorst"
          | "noWorst"
          | "noBest"
          | "emptyItem"
          | "emptyRespondent"
          | "otherSegment"
          | "dropRow";
      }
    | { kind: "badFlag"; col: 3 | 4; value: string }
    | { kind: "badTask"; value: string }
    | { kind: "duplicateItem" }
    | { kind: "dropColumn"; col: number };
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.constantFrom<Mutation>(
      { kind: "secondBest" },
      { kind: "bestIsWorst" },
      { kind: "noWorst" },
      { kind: "noBest" },
      { kind: "emptyItem" },
      { kind: "emptyRespondent" },
      { kind: "otherSegment" },
      { kind: "duplicateItem" },
      { kind: "dropRow" },
    ),
    fc.record({
      kind: fc.constant("badFlag" as const),
      col: fc.constantFrom(3 as const, 4 as const),
      value: fc.constantFrom("2", "-1", "0.5", "yes", "", "NaN", "Infinity", "=1"),
    }),
    fc.record({
      kind: fc.constant("badTask" as const),
      value: fc.constantFrom("1.5", "x", "", "NaN", "Infinity", "1e400"),
    }),
    fc.record({ kind: fc.constant("dropColumn" as const), col: fc.nat({ max: 4 }) }),
  );

  it("two bests, best = worst, no best/worst, bad flag, bad task number, empty item, duplicate item, two segments, missing column", async () => {
    await fc.assert(
      fc.asyncProperty(
        validTasks,
        mutation,
        fc.nat(),
        fileStyle.filter((s) => s.quoteMode !== 0),
        async (tasks, m, at, style) => {
          const rows = rowsOf(tasks); // task order: row i is on line i + 2
          const header = [...HEADER];
          const i = at % rows.length;
          const line = i + 2;
          const sameTask = (j: number) => rows[j][0] === rows[i][0] && rows[j][1] === rows[i][1];
          const taskRows = rows.map((_, j) => j).filter(sameTask);
          const bestRow = taskRows.find((j) => rows[j][3] === "1")!;
          const worstRow = taskRows.find((j) => rows[j][4] === "1")!;
          let expected: number[];
          switch (m.kind) {
            case "secondBest": {
              const j = taskRows.find((x) => x !== bestRow)!; // may be the worst row: then "both best and worst"
              rows[j][3] = "1";
              expected = [j === worstRow ? j + 2 : Math.max(j, bestRow) + 2];
              break;
            }
            case "bestIsWorst":
              rows[bestRow][4] = "1";
              rows[worstRow][4] = "0";
              expected = [bestRow + 2];
              break;
            case "noWorst":
              rows[worstRow][4] = "0";
              expected = [taskRows[0] + 2];
              break;
            case "noBest":
              rows[bestRow][3] = "0";
              expected = [taskRows[0] + 2];
              break;
            case "emptyItem":
              rows[i][2] = at % 2 === 0 ? "" : "  ";
              expected = [line];
              break;
            case "emptyRespondent":
              rows[i][0] = "";
              expected = [line];
              break;
            case "otherSegment": {
              // respondent of row i claims another segment on this row only
              rows[i][5] = `${rows[i][5]}-other`;
              const first = rows.findIndex((r) => r[0] === rows[i][0]);
              expected =
                first === i
                  ? rows
                      .map((_, j) => j + 2)
                      .filter((l) => l > line && rows[l - 2][0] === rows[i][0])
                      .slice(0, 1)
                  : [line];
              if (expected.length === 0) return; // the respondent's only row: nothing inconsistent
              break;
            }
            case "duplicateItem": {
              const j = taskRows.find((x) => x !== i)!;
              rows[i][2] = rows[j][2];
              expected = [Math.max(i, j) + 2];
              break;
            }
            case "dropRow":
              rows.splice(i, 1);
              expected = []; // some line; checked below
              break;
            case "badFlag":
              rows[i][m.col] = m.value;
              expected = [line];
              break;
            case "badTask":
              rows[i][1] = m.value;
              expected = [line];
              break;
            case "dropColumn":
              header.splice(m.col, 1);
              for (const r of rows) r.splice(m.col, 1);
              expected = [1];
              break;
          }
          const text = toCsv({ header, rows }, style);
          const r = await run("maxdiff", text, "--json");
          expectContract(r, text);
          if (m.kind === "dropRow" && r.code === 0) {
            // dropping a non-best/worst row of the only task size… can only be valid if every task loses one: not the case
            // with more than one task; a single-task file with k ≥ 3 stays valid after dropping a neutral row.
            expect(tasks.length).toBe(1);
            return;
          }
          expect(r.code, `accepted ${JSON.stringify(m)} at row ${i}`).toBe(2);
          const named = linesIn(r.stderr);
          if (m.kind === "dropRow") expect(named.length).toBeGreaterThan(0);
          else expect(named, r.stderr).toContain(expected[0]);
        },
      ),
      { numRuns: runs(300) },
    );
  });
});
