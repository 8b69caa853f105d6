/**
 * Configuration is validated once, at start: a bad value stops the server with one line
 * naming the variable (no silent NaN), and nothing under app/ but app/env.server.ts reads
 * process.env.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../app/env.server.ts";
import { createTestDatabase } from "../helpers/databases.ts";
import { ROOT } from "../helpers/server.ts";

async function startWith(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const database = await createTestDatabase("sqlite");
  try {
    const child = spawn(process.execPath, [path.join(ROOT, "scripts", "server.js")], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: "0",
        DATABASE_URL: database.url,
        VAR_DIR: database.varDir,
        VALUESTACK_WORKERS: "0",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
      // started after all: stop it, the test will fail on the exit code
      if (output.includes("listening on")) child.kill("SIGTERM");
    });
    child.stderr.on("data", (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    return { code, output };
  } finally {
    await database.drop();
  }
}

describe("configuration", () => {
  it("refuses to start with DATABASE_POOL_SIZE=abc, in one line naming it", async () => {
    const { code, output } = await startWith({ DATABASE_POOL_SIZE: "abc" });
    expect(code).not.toBe(0);
    const lines = output.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Valuestack failed to start: Invalid configuration: DATABASE_POOL_SIZE="abc": must be a whole number/,
    );
  });

  it("refuses the old TRUST_PROXY=true and a PUBLIC_URL that is not a URL", async () => {
    const { code, output } = await startWith({ TRUST_PROXY: "true", PUBLIC_URL: "research.example.com" });
    expect(code).not.toBe(0);
    expect(output).toMatch(/TRUST_PROXY="true": must be a whole number from 0 to 10/);
    expect(output).toMatch(/PUBLIC_URL="research.example.com": must be an http:\/\/ or https:\/\/ URL/);
  });

  it("parses numbers into numbers, with defaults for unset and blank values", () => {
    const env = parseEnv({ DATABASE_POOL_SIZE: "25", MAIL_POLL_MS: "" });
    expect(env.DATABASE_POOL_SIZE).toBe(25);
    expect(env.MAIL_POLL_MS).toBe(2000);
    expect(env.TRUST_PROXY).toBe(0);
    expect(() => parseEnv({ LOGIN_RATE_LIMIT: "0" })).toThrow(/LOGIN_RATE_LIMIT="0": must be at least 1/);
    expect(() => parseEnv({ SESSION_SECRET: "short" })).toThrow(/SESSION_SECRET="short": must be at least 16/);
  });

  it("has no module under app/ but env.server.ts reading process.env", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (name === "generated") continue;
        if (statSync(file).isDirectory()) walk(file);
        else if (
          /\.(ts|tsx)$/.test(name) &&
          name !== "env.server.ts" &&
          readFileSync(file, "utf8").includes("process.env")
        )
          offenders.push(path.relative(ROOT, file));
      }
    };
    walk(path.join(ROOT, "app"));
    expect(offenders).toEqual([]);
  });
});
