/** Fuzzing `research study`: arbitrary JSON and mutated exports never crash; a broken export is rejected naming the field. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StudyExport } from "../../research/studyExport.ts";
import { syntheticExport } from "../research/study/syntheticExport.ts";
import { anyText, expectContract, run, runs } from "./helpers.ts";

/** A small valid export (a few respondents per segment) so that one analysis takes milliseconds. */
const smallExport = (seed: number, n: number): StudyExport =>
  syntheticExport(seed, { tech: n, real_estate: n, nonprofit: n });
const BASE = smallExport(3, 5);

/** JSON text of a document where the marker strings become number literals JSON.stringify cannot write. */
const LITERALS: Record<string, string> = {
  "\u0000INF": "1e400",
  "\u0000NEGINF": "-1e400",
  "\u0000TINY": "5e-324",
  "\u0000NEGZERO": "-0",
  "\u0000BIG": "1e308",
};
function serialise(doc: unknown): string {
  let text = JSON.stringify(doc);
  for (const [marker, literal] of Object.entries(LITERALS)) text = text.split(JSON.stringify(marker)).join(literal);
  return text;
}

/** Every path (array of keys) into a JSON value. */
function paths(
  value: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value))
    value.forEach((v, i) => {
      paths(v, [...prefix, i], out);
    });
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}
const BASE_PATHS = paths(BASE).filter((p) => p.length > 0);

const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    ...Object.keys(LITERALS),
    null,
    0,
    -1,
    1,
    2,
    6,
    0.5,
    1.5,
    -0.01,
    1e9,
    "",
    " ",
    "tech",
    "SSO",
    "Tenant CRM",
    "h1",
    "completed",
    "__proto__",
    "constructor",
    "toString",
    "concept",
    "price",
    "valueDriver",
    [],
    {},
    true,
    "NaN",
    "Infinity",
  ),
  fc.jsonValue({ maxDepth: 2 }),
  fc.double(),
);

type Edit =
  | { path: (string | number)[]; op: "set"; value: unknown }
  | { path: (string | number)[]; op: "delete" }
  | { path: (string | number)[]; op: "duplicate" };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ path: fc.constantFrom(...BASE_PATHS), op: fc.constant("set" as const), value: nastyValue }),
  },
  { weight: 1, arbitrary: fc.record({ path: fc.constantFrom(...BASE_PATHS), op: fc.constant("delete" as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      path: fc.constantFrom(...BASE_PATHS.filter((p) => typeof p[p.length - 1] === "number")),
      op: fc.constant("duplicate" as const),
    }),
  },
);

function applyEdit(doc: unknown, e: Edit): void {
  let node = doc as Record<string | number, unknown>;
  for (const k of e.path.slice(0, -1)) {
    if (node === null || typeof node !== "object") return;
    node = node[k] as Record<string | number, unknown>;
  }
  if (node === null || typeof node !== "object") return;
  const last = e.path[e.path.length - 1];
  if (e.op === "set") node[last] = e.value;
  else if (e.op === "delete") {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else if (Array.isArray(node) && Number(last) < node.length)
    node.splice(Number(last), 0, structuredClone(node[Number(last)]));
}

describe("study fuzz: never crashes", () => {
  it("arbitrary text → exit 0 or 2, one stderr line", async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        expectContract(await run("study", text, "--json"), text);
      }),
      { numRuns: runs(150) },
    );
  });

  it("arbitrary JSON → exit 0 or 2", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          fc.anything().map((v) => JSON.stringify(v) ?? "undefined"),
        ),
        async (text) => {
          expectContract(await run("study", text, "--json"), text);
        },
      ),
      { numRuns: runs(200) },
    );
  });

  it("a valid export with 1–3 random edits (set to odd values incl. 1e400 / -0, delete, duplicate) → exit 0 or 2, no NaN", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean(), async (edits, table) => {
        const doc = structuredClone(BASE);
        for (const e of edits) applyEdit(doc, e);
        const text = serialise(doc);
        const r = await run("study", text, "--bootstrap", "0", ...(table ? [] : ["--json"]));
        expectContract(r, text, !table);
        if (table && r.code === 0)
          for (const w of ["NaN", "Infinity"]) if (!text.includes(w)) expect(r.stdout).not.toContain(w);
      }),
      { numRuns: runs(300) },
    );
  });
});

describe("study fuzz: valid exports → exit 0 and sane results", () => {
  it("random small synthetic exports (1–6 per segment, some statuses dropped): exit 0, shares sum to 100, top2Share = top2/n", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom("0", "5"),
        async (seed, n, bootstrap) => {
          const doc = smallExport(seed, n);
          const text = JSON.stringify(doc);
          const r = await run("study", text, "--json", "--bootstrap", bootstrap);
          const json = expectContract(r, text) as {
            maxdiff: {
              overall: { items: { share: number | null }[] };
              segments: Record<string, { items: { share: number | null }[] }>;
            } | null;
            conceptTest: { cells: { n: number; top2: number; top2Share: number | null }[] };
            hypotheses: { verdict: string }[];
          };
          expect(r.code, r.stderr).toBe(0);
          for (const b of json.maxdiff ? [json.maxdiff.overall, ...Object.values(json.maxdiff.segments)] : []) {
            const shares = b.items.map((i) => i.share).filter((s): s is number => s !== null);
            if (shares.length) expect(shares.reduce((a, x) => a + x, 0)).toBeCloseTo(100, 6);
          }
          for (const c of json.conceptTest.cells) {
            if (c.n === 0) expect(c.top2Share).toBeNull();
            else expect(c.top2Share!).toBeCloseTo(c.top2 / c.n, 12);
          }
          for (const h of json.hypotheses) expect(["validated", "invalidated", "inconclusive"]).toContain(h.verdict);
        },
      ),
      { numRuns: runs(60) },
    );
  });
});

describe("study fuzz: segment keys that are Object.prototype names", () => {
  it("a segment called __proto__ / constructor / toString … is analysed like any other", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("tech", "real_estate", "nonprofit"),
        fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"),
        fc.boolean(),
        async (from, to, emptySegment) => {
          const doc = structuredClone(BASE);
          const rename = (s: string) => (s === from ? to : s);
          for (const s of doc.segments) s.key = rename(s.key);
          for (const r of doc.respondents) {
            if (r.segment !== null) r.segment = rename(r.segment);
            if (emptySegment && r.segment === to) r.status = "started"; // a segment with no completed respondents
          }
          for (const h of doc.hypotheses) {
            h.segments = h.segments.map(rename);
            for (const c of h.rule.criteria) c.segment = rename(c.segment);
          }
          const text = serialise(doc);
          const r = await run("study", text, "--json", "--bootstrap", "0");
          const json = expectContract(r, text) as Record<string, Record<string, Record<string, unknown>>>;
          expect(r.code, r.stderr).toBe(0);
          expect(Object.keys(json.responses.segments)).toContain(to);
          expect(Object.keys(json.valueMap.segments)).toContain(to);
          expect(Object.keys(json.summary.segments)).toContain(to);
          if (!emptySegment) {
            expect(Object.keys(json.maxdiff.segments)).toContain(to);
            expect(Object.keys(json.vanWestendorp.segments)).toContain(to);
          }
        },
      ),
      { numRuns: runs(40) },
    );
  });
});

describe("study fuzz: one broken rule → exit 2 naming the field", () => {
  type Break = { kind: string; at: number; apply(doc: StudyExport, i: number): string | null };
  const breaks: Omit<Break, "at">[] = [
    {
      kind: "negative price",
      apply: (d, i) => {
        d.respondents[i].price!.cheap = -1;
        return `respondents[${i}].price.cheap`;
      },
    },
    {
      kind: "price 1e400",
      apply: (d, i) => {
        d.respondents[i].price!.tooExpensive = "\u0000INF" as unknown as number;
        return `respondents[${i}]`;
      },
    },
    {
      kind: "rating 6",
      apply: (d, i) => {
        d.respondents[i].concepts[0].appeal = 6;
        return `respondents[${i}].concepts[0].appeal`;
      },
    },
    {
      kind: "rating 2.5",
      apply: (d, i) => {
        d.respondents[i].concepts[0].purchase_intent = 2.5;
        return `respondents[${i}].concepts[0].purchase_intent`;
      },
    },
    {
      kind: "best = worst",
      apply: (d, i) => {
        d.respondents[i].maxdiff[0].worst = d.respondents[i].maxdiff[0].best;
        return `respondents[${i}].maxdiff[0]`;
      },
    },
    {
      kind: "best not shown",
      apply: (d, i) => {
        d.respondents[i].maxdiff[0].best = "Nope";
        return `respondents[${i}].maxdiff[0]`;
      },
    },
    {
      kind: "duplicate item",
      apply: (d, i) => {
        const t = d.respondents[i].maxdiff[0];
        t.shown[1] = t.shown[0];
        return `respondents[${i}].maxdiff[0]`;
      },
    },
    {
      kind: "unknown segment",
      apply: (d, i) => {
        d.respondents[i].segment = "martians";
        return `respondents[${i}].segment`;
      },
    },
    {
      kind: "unknown concept",
      apply: (d, i) => {
        d.respondents[i].concepts[0].concept = "Nope";
        return `respondents[${i}].concepts[0].concept`;
      },
    },
    {
      kind: "threshold 1.5",
      apply: (d) => {
        (d.hypotheses[0].rule.criteria[0] as { threshold: number }).threshold = 1.5;
        return "hypotheses[0].rule.criteria[0].threshold";
      },
    },
    {
      kind: "threshold -0.1",
      apply: (d) => {
        (d.hypotheses[1].rule.criteria[1] as { threshold: number }).threshold = -0.1;
        return "hypotheses[1].rule.criteria[1].threshold";
      },
    },
    {
      kind: "rule: unknown segment",
      apply: (d) => {
        d.hypotheses[0].rule.criteria[2].segment = "martians";
        return "hypotheses[0].rule.criteria[2].segment";
      },
    },
    {
      kind: "duplicate respondent id",
      apply: (d, i) => {
        d.respondents[i].id = d.respondents[(i + 1) % d.respondents.length].id;
        return "respondents[";
      },
    },
  ];

  it("negative price, rating 6, best = worst, unknown segment, threshold outside [0,1], … → exit 2 with the field's path", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...breaks), fc.nat(), async (b, at) => {
        const doc = structuredClone(BASE);
        const i = at % doc.respondents.length;
        const path = b.apply(doc, i)!;
        const text = serialise(doc);
        const r = await run("study", text, "--json", "--bootstrap", "0");
        expectContract(r, text);
        expect(r.code, `accepted: ${b.kind} (respondent ${i})`).toBe(2);
        expect(r.stderr, b.kind).toContain(path);
      }),
      { numRuns: runs(100) },
    );
  });
});
