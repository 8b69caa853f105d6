/**
 * `npx tsx test/load/loginFlood.ts [--requests 200] [--flood 24]` (needs `npm run build`)
 *
 * How a respondent's survey page fares while a login flood runs: boots the built server
 * on loopback against a fresh SQLite database with seeded respondents, measures the latency
 * of GET /s/<token> alone (sequential requests), then again while `--flood` clients post
 * logins with a new email each as fast as the server answers (one address; the per-address
 * limit is lifted so the password-hash queue is what protects the server). The flood runs in a
 * separate process so the timing client's own event loop is not queued behind it. Prints p50/p95
 * (nearest rank) of the survey page in both phases, the machine's load average, and how the
 * logins were answered.
 */
import { spawn } from "node:child_process";
import os from "node:os";
import { parseArgs } from "node:util";
import { createTestDatabase } from "../helpers/databases.ts";
import { startServer } from "../helpers/server.ts";
import { LOAD_LINK_SECRET, percentile, seedLoadStudy } from "./harness.ts";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "200" },
    flood: { type: "string", default: "24" },
  },
});
const requests = Number(values.requests);
const flood = Number(values.flood);

const database = await createTestDatabase("sqlite");
const { db, study } = await seedLoadStudy(database.url, 20, "bench");
await db.$disconnect();
const tokens = study.respondents.map((r) => r.token);
const server = await startServer({
  databaseUrl: database.url,
  varDir: database.varDir,
  env: { VALUESTACK_WORKERS: "0", LINK_SECRET: LOAD_LINK_SECRET, LOGIN_ADDRESS_RATE_LIMIT: "1000000" },
});

async function surveyLatencies(n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const res = await fetch(`${server.url}/s/${tokens[i % tokens.length]}`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`survey page answered ${res.status}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

/** The login flood, as a plain ES module run by `node -e`: argv = [url, clients]; "stop" on stdin ends it. */
const FLOOD_SCRIPT = `
const [url, clients] = process.argv.slice(1);
let stop = false, shedding = false, n = 0;
const statuses = new Map(), loginTimes = [];
process.stdin.on("data", () => { stop = true; });
const hammer = async () => {
  while (!stop) {
    const started = performance.now();
    const res = await fetch(url + "/login", {
      method: "POST",
      headers: { origin: url },
      body: new URLSearchParams({ email: "flood" + n++ + "@example.com", password: "wrong password" }),
      redirect: "manual",
    });
    await res.arrayBuffer();
    loginTimes.push(performance.now() - started);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status === 429 && !shedding) {
      shedding = true;
      process.stdout.write("shedding\\n");
    }
  }
};
const all = Array.from({ length: Number(clients) }, hammer);
await Promise.all(all);
process.stdout.write(JSON.stringify({ statuses: [...statuses], loginTimes }) + "\\n");
process.exit(0);
`;

const summary = (label: string, t: number[]) =>
  `${label.padEnd(22)} p50 ${percentile(t, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(t, 95).toFixed(1).padStart(7)} ms   max ${t[t.length - 1].toFixed(1).padStart(7)} ms`;

try {
  await surveyLatencies(20); // warm up
  const quiet = await surveyLatencies(requests);
  // The flood runs in its own process: in this one its 24 fetch loops would share the event loop that
  // times the survey requests, and the measured p95 would include this client's own queueing.
  const flooder = spawn(process.execPath, ["--input-type=module", "-e", FLOOD_SCRIPT, server.url, String(flood)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let floodOut = "";
  flooder.stdout!.on("data", (d) => (floodOut += d));
  // measure in the steady state: the hash queue is full and further logins are shed
  await new Promise<void>((resolve) => flooder.stdout!.once("data", () => resolve())); // "shedding"
  const flooded = await surveyLatencies(requests);
  flooder.stdin!.end("stop\n");
  await new Promise<void>((resolve) => flooder.once("close", () => resolve()));
  const report = JSON.parse(floodOut.trim().split("\n").at(-1)!) as {
    statuses: Array<[number, number]>;
    loginTimes: number[];
  };
  const statuses = new Map(report.statuses);
  const loginTimes = report.loginTimes;
  loginTimes.sort((a, b) => a - b);
  const [one, five] = os.loadavg();
  console.log(`survey page GET /s/<token>, ${requests} sequential requests per phase`);
  console.log(
    `machine: ${os.availableParallelism()} cores, load average ${one.toFixed(2)} (1 min), ${five.toFixed(2)} (5 min)`,
  );
  console.log(summary("alone", quiet));
  console.log(summary(`with ${flood} login clients`, flooded));
  console.log(
    `logins meanwhile: ${[...statuses].map(([s, c]) => `${c}× ${s}`).join(", ")}; ` +
      `login p50 ${percentile(loginTimes, 50).toFixed(1)} ms, p95 ${percentile(loginTimes, 95).toFixed(1)} ms`,
  );
} finally {
  await server.stop();
  await database.drop();
}
