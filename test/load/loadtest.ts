/**
 * `npm run loadtest [-- --db postgresql] [--respondents N] [--connections C] [--rate R] [--max-seconds S]`
 *
 * Builds the app (unless LOADTEST_NO_BUILD=1 and the build exists), creates a fresh
 * database (SQLite, or PostgreSQL with --db postgresql / LOADTEST_DATABASE_URL), seeds the
 * demo study and N respondents with known links, boots the built server on loopback and
 * drives it with autocannon: each connection is one respondent at a time POSTing every
 * page of the survey in order (start, 3 concepts, 9 MaxDiff tasks, price, NMS), in two
 * phases with fresh respondents each: "capacity" (every connection posts as soon as it has
 * its answer: maximum throughput; latency is then connections ÷ throughput by Little's law)
 * and "paced" (R submissions/s offered on an even schedule by a small open-loop driver, like
 * respondents who read between pages: the latency at that load; autocannon's own rate
 * limit releases each connection's quota in a burst every second). After each phase it
 * verifies in the database that every completed survey is stored exactly once with all its
 * answers. Prints a table, writes var/loadtest-<db>.json, and exits 1 when verification
 * fails (or 2 when the speed target is missed and LOADTEST_STRICT=1).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createTestDatabase, type Engine } from "../helpers/databases.ts";
import { ROOT, startServer } from "../helpers/server.ts";
import { LOAD_LINK_SECRET, runAutocannon, runPaced, seedLoadStudy, verifyStorage } from "./harness.ts";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: process.env.LOADTEST_DATABASE_URL ? "postgresql" : "sqlite" },
    respondents: { type: "string", default: "600" },
    connections: { type: "string", default: "64" },
    rate: { type: "string", default: "220" },
    "max-seconds": { type: "string", default: "120" },
    "no-build": { type: "boolean", default: process.env.LOADTEST_NO_BUILD === "1" },
  },
});

const engine = values.db as Engine;
if (engine !== "sqlite" && engine !== "postgresql")
  throw new Error(`--db must be sqlite or postgresql, not ${values.db}`);
const respondents = Number(values.respondents);
const connections = Number(values.connections);
const rate = Number(values.rate);
const maxSeconds = Math.min(600, Number(values["max-seconds"]));
const TARGET = { throughput: 200, p95: 100 };

async function main() {
  process.env.VALUESTACK_BUILD_DIR ??= "build-load";
  const buildDir = process.env.VALUESTACK_BUILD_DIR;
  if (!values["no-build"] || !existsSync(path.join(ROOT, buildDir, "index.js"))) {
    console.log(`building into ${buildDir}/ …`);
    execFileSync(process.execPath, [path.join(ROOT, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "build"], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    });
  }
  if (engine === "postgresql")
    process.env.TEST_DATABASE_URL =
      process.env.LOADTEST_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
  const database = await createTestDatabase(engine);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const spare = connections + 8;
    console.log(`seeding ${2 * (respondents + spare) + 8} respondents on ${engine} …`);
    const { db, study } = await seedLoadStudy(database.url, 2 * (respondents + spare) + 8);
    server = await startServer({
      databaseUrl: database.url,
      varDir: database.varDir,
      env: {
        LINK_SECRET: LOAD_LINK_SECRET,
        LINK_RATE_LIMIT: "100000000",
        VALUESTACK_WORKERS: "0",
        VALUESTACK_SEED: "0",
      },
    });
    const slice = (from: number, n: number) => ({ ...study, respondents: study.respondents.slice(from, from + n) });
    // warm-up: a few respondents, not counted
    await runAutocannon({
      url: server.url,
      study: slice(2 * (respondents + spare), 8),
      connections: 8,
      respondents: 8,
      maxSeconds: 30,
    });
    const phases: Array<{ name: string; rate?: number; from: number }> = [
      { name: "capacity (each connection posts as fast as it gets answers)", from: 0 },
      { name: `paced (${rate} page submissions/s offered, evenly spaced)`, rate, from: respondents + spare },
    ];
    const results = [];
    let allOk = true;
    for (const phase of phases) {
      const { dataVersion: dataVersionBefore } = await db.study.findUniqueOrThrow({
        where: { id: study.studyId },
        select: { dataVersion: true },
      });
      const loadBefore = os.loadavg();
      console.log(
        `\n${phase.name}: ${respondents} respondents × ${study.postsPerRespondent} POSTs over ${connections} connections (load average ${loadBefore.map((x) => x.toFixed(2)).join(" ")}) …`,
      );
      const own = slice(phase.from, respondents + spare);
      const { result, tracker } = phase.rate
        ? await runPaced({ url: server.url, study: own, connections, respondents, maxSeconds, rate: phase.rate })
        : await runAutocannon({ url: server.url, study: own, connections, respondents, maxSeconds });
      const loadAfter = os.loadavg();
      const verification = await verifyStorage(db, { ...own, dataVersionBefore }, tracker);
      allOk &&= verification.ok;
      const metTarget =
        result.throughput >= TARGET.throughput &&
        result.latencyMs.p95 < TARGET.p95 &&
        result.errors === 0 &&
        result.non2xx3xx === 0 &&
        verification.ok;
      const rows: Array<[string, string]> = [
        ["database", engine],
        ["phase", phase.name],
        ["connections", String(connections)],
        ["respondents finished", `${result.respondentsFinished} (started ${result.respondentsStarted})`],
        ["page submissions", String(result.requests)],
        ["duration", `${result.durationSeconds} s`],
        ["throughput", `${result.throughput} page submissions/s (target ≥ ${TARGET.throughput})`],
        [
          "latency p50 / p95 / p99",
          `${result.latencyMs.p50} / ${result.latencyMs.p95} / ${result.latencyMs.p99} ms (p95 target < ${TARGET.p95})`,
        ],
        ["latency mean / max", `${result.latencyMs.mean} / ${result.latencyMs.max} ms (${result.slow} over 1 s)`],
        ["errors / timeouts / non-2xx-3xx", `${result.errors} / ${result.timeouts} / ${result.non2xx3xx}`],
        ["status codes", JSON.stringify(result.statuses)],
        ["verification", verification.ok ? "OK" : `FAILED (${verification.problems.length} problems)`],
        [
          "completed responses in DB",
          `${verification.counts.completedResponses} (clients finished ${verification.counts.finishedByClient}, dataVersion +${verification.counts.dataVersionDelta})`,
        ],
        [
          "page rows / ratings / MaxDiff / prices",
          `${verification.counts.pageSubmissions} / ${verification.counts.ratings} / ${verification.counts.maxdiff} / ${verification.counts.prices}`,
        ],
        [
          "load average before / after",
          `${loadBefore[0].toFixed(2)} / ${loadAfter[0].toFixed(2)} (${os.cpus().length} CPUs)`,
        ],
        ["target met", metTarget ? "yes" : "no"],
      ];
      const w = Math.max(...rows.map(([k]) => k.length));
      console.log(rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n"));
      for (const p of verification.problems.slice(0, 20)) console.log(`  problem: ${p}`);
      results.push({
        phase: phase.name,
        offeredRate: phase.rate ?? null,
        loadAverageBefore: loadBefore,
        loadAverageAfter: loadAfter,
        result,
        verification: {
          ok: verification.ok,
          counts: verification.counts,
          problems: verification.problems.slice(0, 50),
        },
        targetMet: metTarget,
      });
    }
    await db.$disconnect();
    const summary = {
      engine,
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
      study: { postsPerRespondent: study.postsPerRespondent, respondentsPerPhase: respondents, connections },
      target: TARGET,
      phases: results,
    };
    const out = path.join(ROOT, "var", `loadtest-${engine}.json`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
    console.log(`\nwrote ${path.relative(ROOT, out)}`);
    if (!allOk) process.exitCode = 1;
    else if (!results.some((r) => r.targetMet) && process.env.LOADTEST_STRICT === "1") process.exitCode = 2;
  } finally {
    if (process.env.DEBUG_SERVER_OUTPUT) console.log(server?.output().slice(-4000));
    await server?.stop();
    await database.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
