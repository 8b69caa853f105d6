/**
 * The research CLI as a real process (`npm run --silent research -- …`): bad input is one
 * line on stderr and exit code 2, never a stack trace; an unknown method is a usage error.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");
function research(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), path.join(root, "research", "cli.ts"), ...args],
    { encoding: "utf8", cwd: root },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("research CLI process", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "vs-cli-"));

  it("exits 2 with a usage line for an unknown method or a missing file", () => {
    const unknown = research("nonsense");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1);
    const missing = research("van-westendorp", path.join(dir, "nope.csv"), "--json");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the file/);
    expect(missing.stdout).toBe("");
  });

  it("exits 2 naming the line for a bad price, without a stack trace", () => {
    const file = path.join(dir, "bad.csv");
    writeFileSync(file, "too_cheap,cheap,expensive,too_expensive\n10,20,30,40\n10,abc,30,40\n");
    const r = research("van-westendorp", file, "--json");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 3/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe("");
  });
});
