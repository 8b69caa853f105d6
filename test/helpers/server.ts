/**
 * Boots the built server (`npm run build` first; `npm test` does) as a child process on a
 * free loopback port against a given database, like `npm start` does.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import type { TestDatabase } from "./databases.ts";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface TestServer {
  url: string;
  port: number;
  output: () => string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startServer(opts: {
  databaseUrl: string;
  varDir: string;
  env?: Record<string, string>;
  port?: number;
}): Promise<TestServer> {
  const buildDir = process.env.VALUESTACK_BUILD_DIR ?? "build";
  if (!existsSync(path.join(ROOT, buildDir, "index.js")))
    throw new Error(`${buildDir}/index.js is missing: run \`npm run build\` first (npm test does)`);
  const port = opts.port ?? (await freePort());
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "server.js")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: opts.databaseUrl,
      VAR_DIR: opts.varDir,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      // tests that post empty pages right after loading them expect errors; double-tap tests set it
      SURVEY_DOUBLE_TAP_MS: "0",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${out}`)), 90_000);
    const check = () => {
      if (out.includes("listening on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    output: () => out,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}

/**
 * The built server on a test database and its VAR_DIR, with `env` (and `port` when given): a
 * test's app, a second server beside it or a restart after a stop or a kill.
 */
export function startServerOn(
  database: TestDatabase,
  env?: Record<string, string>,
  port?: number,
): Promise<TestServer> {
  return startServer({ databaseUrl: database.url, varDir: database.varDir, env, port });
}
