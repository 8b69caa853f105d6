/**
 * `npx tsx test/load/loginFlood.ts [--requests 200] [--flood 24]` (needs `npm run build`)
 *
 * How a respondent's survey page fares while a login flood runs: boots the built server
 * on loopback against a fresh SQLite database with seeded respondents, measures the latency
 * of GET /s/<token> alone (sequential requests), then again while `--flood` clients post
 * logins with a new email each as fast as the server answers (one address; the per-address
 * limit is lifted so the password-hash queue is what protects the server). Prints p50/p95
 * of the survey page in both phases and how the logins were answered.
 */
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

const summary = (label: string, t: number[]) =>
  `${label.padEnd(22)} p50 ${percentile(t, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(t, 95).toFixed(1).padStart(7)} ms   max ${t[t.length - 1].toFixed(1).padStart(7)} ms`;

try {
  await surveyLatencies(20); // warm up
  const quiet = await surveyLatencies(requests);
  let stop = false;
  let n = 0;
  const statuses = new Map<number, number>();
  const loginTimes: number[] = [];
  const hammer = async () => {
    while (!stop) {
      const started = performance.now();
      const res = await fetch(`${server.url}/login`, {
        method: "POST",
        headers: { origin: server.url },
        body: new URLSearchParams({ email: `flood${n++}@example.com`, password: "wrong password" }),
        redirect: "manual",
      });
      await res.arrayBuffer();
      loginTimes.push(performance.now() - started);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  };
  const hammers = Array.from({ length: flood }, hammer);
  const flooded = await surveyLatencies(requests);
  stop = true;
  await Promise.all(hammers);
  loginTimes.sort((a, b) => a - b);
  console.log(`survey page GET /s/<token>, ${requests} sequential requests per phase`);
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
