import { describe, expect, it } from "vitest";
import { numberCell, readCsv } from "../../research/csv.ts";

describe("readCsv", () => {
  it("matches columns by name in any order and case, ignoring extras, with BOM and CRLF", () => {
    const t = readCsv('\ufeffExtra,Cheap,TOO_CHEAP\r\nx,10,5\r\ny,"12",6\r\n', { required: ["too_cheap", "cheap"] });
    expect([...t.columns].sort()).toEqual(["cheap", "too_cheap"]);
    expect(t.rows.map((r) => [r.line, r.get("too_cheap"), r.get("cheap")])).toEqual([
      [2, "5", "10"],
      [3, "6", "12"],
    ]);
  });

  it("reports physical line numbers past blank lines and quoted newlines", () => {
    const t = readCsv('a,b\n1,"two\nlines"\n\n3,x\n', { required: ["a", "b"] });
    expect(t.rows.map((r) => r.line)).toEqual([2, 5]);
    expect(() => numberCell(t.rows[1], "b")).toThrow(/line 5: b is not a number/);
  });

  it("names missing columns, empty files and header-only files", () => {
    expect(() => readCsv("a,c\n1,2\n", { required: ["a", "b"] })).toThrow(/line 1: missing column b/);
    expect(() => readCsv("", { required: ["a"] })).toThrow(/empty/);
    expect(() => readCsv("a\n", { required: ["a"] })).toThrow(/no data rows/);
  });

  it("rejects ragged rows naming the line", () => {
    expect(() => readCsv("a,b\n1,2\n3\n", { required: ["a"] })).toThrow(/line 3/);
  });
});
