import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { contentDisposition, fileSlug, neutralise, toCsv } from "../../app/results/csv.server.ts";

describe("formula-safe CSV", () => {
  it("neutralises text cells starting with = + - @ tab CR NUL, never numbers", () => {
    for (const s of ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx", "\rx", "\0x"]) expect(neutralise(s)).toBe(`'${s}`);
    expect(neutralise(-3.5)).toBe(-3.5);
    expect(neutralise("plain")).toBe("plain");
    expect(neutralise(null)).toBe("");
  });
  it("quotes per RFC 4180 and neutralises headers too", () => {
    const csv = toCsv(
      ["respondent", '=HYPERLINK("x")'],
      [
        ["=1+1", -4],
        ['a "quoted", value', 2],
      ],
    );
    const rows = parse(csv) as string[][];
    expect(rows[0][1]).toBe('\'=HYPERLINK("x")');
    expect(rows[1]).toEqual(["'=1+1", "-4"]);
    expect(rows[2][0]).toBe('a "quoted", value');
  });
  it("encodes download names", () => {
    expect(contentDisposition("Étude «prix».csv")).toBe(
      `attachment; filename="_tude _prix_.csv"; filename*=UTF-8''%C3%89tude%20%C2%ABprix%C2%BB.csv`,
    );
    expect(fileSlug("=cmd|/c calc")).toBe("cmd-c-calc");
    expect(fileSlug("../../etc")).toBe("etc");
  });
});
