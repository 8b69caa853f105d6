import { describe, expect, it } from "vitest";
import { runCli } from "../../../research/cli.ts";

// Two segments; respondents answer Van Westendorp and name the items that give them value.
// L (l1–l4): too cheap 4, cheap 6, expensive 10, too expensive 14 (three of them) → L's range comes from
// its own answers; H (h1–h4) about three times dearer.
const rows = [
  "respondent,segment,too_cheap,cheap,expensive,too_expensive,valued,need",
  "l1,L,4,6,10,14,a,1",
  "l2,L,5,7,11,15,a|b,1",
  "l3,L,3,6,9,13,a,1",
  "l4,L,4,7,12,16,b,1",
  "h1,H,12,20,30,42,a|c,2",
  "h2,H,14,22,33,45,c,1",
  "h3,H,13,21,31,44,a|c,1",
  "h4,H,15,24,36,50,c,1",
];
const files: Record<string, string> = {
  "pb.csv": rows.join("\n"),
  "bad-need.csv": [rows[0], rows[1], "l2,L,5,7,11,15,a|b,0"].join("\n"),
  "no-valued.csv": "respondent,segment,too_cheap,cheap,expensive,too_expensive\nl1,L,4,6,10,14\n",
};
const read = (p: string) => {
  if (!(p in files)) throw Object.assign(new Error("nope"), { code: "ENOENT" });
  return files[p];
};

describe("price-book CLI", () => {
  it("prints per-segment optima, both proposals and a verdict sentence", async () => {
    const r = await runCli(["price-book", "pb.csv", "--max-size", "2", "--json"], read);
    expect(r.stderr).toBe("");
    const json = JSON.parse(r.stdout);
    expect(json.method).toBe("price-book");
    expect(Object.keys(json.segments)).toEqual(["H", "L"]);
    for (const s of ["H", "L"]) {
      const o = json.segments[s];
      expect(o.price).toBeGreaterThanOrEqual(o.band.pmc);
      expect(o.price).toBeLessThanOrEqual(o.band.pme);
    }
    // Happy objective: L's {a, b} pleases all four L respondents (at the dearest grid price ≤ every expensive
    // answer, the tie-break); H's {c} pleases h2, h3, h4 (h1 needs a and c) — {a, c} pleases all four.
    expect(json.segments.L.package).toEqual(["a", "b"]);
    expect(json.segments.L.happyShare).toBe(1);
    expect(json.segments.H.package).toEqual(["a", "c"]);
    expect(json.segments.H.happyShare).toBe(1);
    expect(json.segments.L.price).toBe(8.68); // L's grid 5–12 in 19 steps: 5 + 7·10/19 = 8.68 ≤ l3's 9
    // One book: Good {a, b} (for L) also pleases h3, who then pays L's price: same happy count, less revenue.
    expect(json.winner).toBe("tie");
    expect(json.sentence).toMatch(
      /^Both proposals reach the same happy customers \(8\); a package per segment earns more/,
    );
  });
  it("bad input exits 2 with one line naming the line", async () => {
    const a = await runCli(["price-book", "bad-need.csv", "--max-size", "2", "--json"], read);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/^research: bad-need\.csv: line 3: need must be at least 1/);
    const b = await runCli(["price-book", "no-valued.csv", "--max-size", "2", "--json"], read);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/line 1: missing column valued/);
    const c = await runCli(["price-book", "pb.csv", "--json"], read);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/--max-size is required/);
  });
});
