/**
 * Shared by the load test (`npm run loadtest`), its vitest smoke version and the fault
 * tests: seed a live study with respondents whose link tokens we know, drive their surveys
 * over HTTP (autocannon, or plain fetch loops), and verify in the database that every page
 * that got a 303 is stored exactly once with all its answers.
 */
import { middleRung, storedLadder } from "../../app/studies/gaborGrangerLadder.ts";
import autocannon from "autocannon";
import http from "node:http";
import { createDb, type Db } from "../../app/db.server.ts";
import { migrate } from "../../app/db/migrate.server.ts";
import { newLink } from "../../app/respondents/tokens.server.ts";
import { ensureDemoData, DEMO_STUDY_NAME } from "../../prisma/seed/demo.ts";

export const LOAD_LINK_SECRET = "load-test-link-secret-0123456789abcdef";

/** One respondent of the load: its link token and the form bodies of every page, in order. */
export interface LoadRespondent {
  id: string;
  token: string;
  /** [{ page, body }] from "start" to the last page */
  pages: Array<{ page: string; body: string }>;
}

export interface LoadStudy {
  studyId: string;
  respondents: LoadRespondent[];
  /** pages per respondent including "start" */
  postsPerRespondent: number;
  dataVersionBefore: number;
}

/**
 * Migrates the database, seeds the demo study (3 concepts, 9 MaxDiff tasks in 10 design
 * versions, Van Westendorp + NMS: 15 POSTs per respondent) and adds `n` invited respondents
 * with known tokens (derived from LOAD_LINK_SECRET) and a fixed design version each.
 */
export async function seedLoadStudy(url: string, n: number, prefix = "load"): Promise<{ db: Db; study: LoadStudy }> {
  await migrate(url);
  const db = createDb(url);
  if (url.startsWith("file:")) await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  await ensureDemoData(db);
  const study = await db.study.findFirstOrThrow({
    where: { name: DEMO_STUDY_NAME },
    select: {
      id: true,
      dataVersion: true,
      segments: { select: { id: true } },
      concepts: { select: { id: true } },
      maxDiffDesign: {
        orderBy: [{ version: "asc" }, { task: "asc" }, { position: "asc" }],
        select: { version: true, task: true, itemId: true },
      },
      pricing: { select: { nmsEnabled: true, ggEnabled: true, ggLadder: true, ggStart: true } },
      competitorSetup: { select: { driverIds: true } },
    },
  });
  // the demo's competitors block: no alternative ("none"), then our product rated 7 of 10 on each driver
  const drivers: string[] = study.competitorSetup ? JSON.parse(study.competitorSetup.driverIds) : [];
  const design = new Map<number, Map<number, string[]>>();
  for (const row of study.maxDiffDesign) {
    const v = design.get(row.version) ?? new Map<number, string[]>();
    design.set(row.version, v);
    v.set(row.task, [...(v.get(row.task) ?? []), row.itemId]);
  }
  const versions = [...design.keys()].sort((a, b) => a - b);
  const rows: Array<{ data: Parameters<Db["respondent"]["create"]>[0]["data"]; token: string; version: number }> = [];
  for (let i = 0; i < n; i++) {
    const link = newLink("respondent", LOAD_LINK_SECRET);
    const version = versions[i % versions.length];
    rows.push({
      token: link.token,
      version,
      data: {
        id: `${prefix}${String(i).padStart(6, "0")}`,
        studyId: study.id,
        email: `${prefix}${i}@load.example`,
        name: `Load ${i}`,
        segmentId: study.segments[i % study.segments.length].id,
        tokenHash: link.hash,
        tokenSalt: link.salt,
        designVersion: version,
        source: "import",
      },
    });
  }
  for (let i = 0; i < rows.length; i += 500) {
    await db.respondent.createMany({ data: rows.slice(i, i + 500).map((r) => r.data as never) });
  }
  const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
  const respondents = rows.map((r, i): LoadRespondent => {
    const pages: LoadRespondent["pages"] = [{ page: "start", body: form({ page: "start" }) }];
    study.concepts.forEach((_, c) => {
      const page = `concept:${c + 1}`;
      pages.push({
        page,
        body: form({
          page,
          appeal: String(1 + (i % 5)),
          relevance: "4",
          uniqueness: "3",
          believability: "4",
          purchaseIntent: String(1 + ((i + c) % 5)),
        }),
      });
    });
    for (const [task, shown] of design.get(r.version)!) {
      const page = `maxdiff:${task}`;
      pages.push({ page, body: form({ page, best: shown[i % shown.length], worst: shown[(i + 1) % shown.length] }) });
    }
    if (study.competitorSetup) {
      pages.push({ page: "alternative", body: form({ page: "alternative", alternative: "none" }) });
      pages.push({
        page: "performance",
        body: form({ page: "performance", ...Object.fromEntries(drivers.map((d) => [`ours_${d}`, "7"])) }),
      });
    }
    pages.push({
      page: "price",
      body: form({ page: "price", tooCheap: "10", cheap: "20", expensive: String(40 + (i % 7)), tooExpensive: "80" }),
    });
    if (study.pricing?.nmsEnabled ?? true)
      pages.push({ page: "nms", body: form({ page: "nms", piCheap: "4", piExpensive: "2" }) });
    // the demo's Gabor–Granger ladder (middle start), answered "probably would buy" each time: up to the top
    const gg = storedLadder(study.pricing);
    if (gg) {
      const rungs = gg.ladder.length - middleRung(gg.ladder.length);
      for (let s = 1; s <= rungs; s++)
        pages.push({ page: `gg:${s}`, body: form({ page: `gg:${s}`, likelihood: "4" }) });
    }
    return { id: r.data.id as string, token: r.token, pages };
  });
  return {
    db,
    study: {
      studyId: study.id,
      respondents,
      postsPerRespondent: respondents[0]?.pages.length ?? 0,
      dataVersionBefore: study.dataVersion,
    },
  };
}

/** What the client saw per respondent: the pages whose POST answered 303. */
export class Tracker {
  readonly ok = new Map<string, Set<string>>();
  readonly statuses = new Map<number, number>();
  readonly latencies: number[] = [];
  /** [ms since the tracker was made, latency] of requests slower than 1 s */
  readonly slowAt: Array<[number, number]> = [];
  readonly t0 = Date.now();
  errors = 0;
  record(respondentId: string, page: string, status: number) {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (status === 303) {
      let s = this.ok.get(respondentId);
      if (!s) {
        s = new Set();
        this.ok.set(respondentId, s);
      }
      s.add(page);
    }
  }
  finished(study: LoadStudy): string[] {
    const last = study.respondents[0]?.pages.at(-1)?.page;
    return [...this.ok].filter(([, s]) => last && s.has(last)).map(([id]) => id);
  }
  non2xx3xx(): number {
    let n = 0;
    for (const [status, count] of this.statuses) if (status < 200 || status >= 400) n += count;
    return n;
  }
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export interface LoadResult {
  connections: number;
  requests: number;
  durationSeconds: number;
  throughput: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  errors: number;
  timeouts: number;
  non2xx3xx: number;
  statuses: Record<string, number>;
  respondentsStarted: number;
  respondentsFinished: number;
  /** requests slower than 1 s */
  slow: number;
}

/**
 * Drives the surveys with autocannon: each connection is one respondent at a time, POSTing
 * every page in order, then takes the next respondent. Bounded by `amount` requests and a
 * wall-clock limit (`maxSeconds`).
 */
export async function runAutocannon(opts: {
  url: string;
  study: LoadStudy;
  connections: number;
  respondents: number;
  maxSeconds: number;
  tracker?: Tracker;
  overallRate?: number;
}): Promise<{ result: LoadResult; tracker: Tracker }> {
  const { study } = opts;
  const tracker = opts.tracker ?? new Tracker();
  const perResp = study.postsPerRespondent;
  // A connection takes a fresh respondent at every loop; stopping after `amount` requests may
  // leave some mid-survey, so the pool has one spare per connection.
  const pool = study.respondents.slice(0, opts.respondents + opts.connections);
  let next = 0;
  const origin = new URL(opts.url).origin;
  type Ctx = { r?: LoadRespondent };
  const requests = Array.from({ length: perResp }, (_, i) => ({
    method: "POST" as const,
    setupRequest: (req: Record<string, unknown>, context: Ctx) => {
      if (i === 0) {
        context.r = pool[next++ % pool.length];
      }
      const r = context.r!;
      return {
        ...req,
        method: "POST",
        path: `/s/${r.token}`,
        body: r.pages[i].body,
        headers: { "content-type": "application/x-www-form-urlencoded", origin },
      };
    },
    onResponse: (status: number, _body: string, context: Ctx) => {
      if (context.r) tracker.record(context.r.id, context.r.pages[i].page, status);
    },
  }));
  const t0 = Date.now();
  const instance = autocannon({
    url: opts.url,
    connections: opts.connections,
    pipelining: 1,
    amount: opts.respondents * perResp,
    timeout: 20,
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
    requests: requests as never,
  }) as unknown as Promise<autocannon.Result> & {
    on(event: "response", fn: (client: unknown, status: number, bytes: number, responseTime: number) => void): void;
    stop(): void;
  };
  instance.on("response", (_client, _status, _bytes, responseTime) => {
    tracker.latencies.push(responseTime);
    if (responseTime > 1000) tracker.slowAt.push([Date.now() - tracker.t0, Math.round(responseTime)]);
  });
  const stopTimer = setTimeout(() => instance.stop(), opts.maxSeconds * 1000);
  const res = await instance;
  clearTimeout(stopTimer);
  const elapsed = (Date.now() - t0) / 1000;
  const sorted = [...tracker.latencies].sort((a, b) => a - b);
  const statuses = Object.fromEntries([...tracker.statuses].map(([k, v]) => [String(k), v]));
  const result: LoadResult = {
    connections: opts.connections,
    requests: tracker.latencies.length,
    durationSeconds: Math.round(elapsed * 100) / 100,
    throughput: Math.round((tracker.latencies.length / elapsed) * 10) / 10,
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1) ?? NaN),
      mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
    },
    errors: res.errors,
    timeouts: res.timeouts,
    non2xx3xx: tracker.non2xx3xx(),
    statuses,
    respondentsStarted: tracker.ok.size,
    respondentsFinished: tracker.finished(study).length,
    slow: sorted.filter((x) => x > 1000).length,
  };
  return { result, tracker };
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * Plain fetch loops (for the fault tests): `concurrency` workers each take the next
 * respondent and POST its pages in order until done, `stop()` is called, or a request fails.
 */
export function driveWithFetch(opts: {
  url: string;
  respondents: LoadRespondent[];
  concurrency: number;
  tracker: Tracker;
  deadlineMs?: number;
}) {
  let stopped = false;
  let next = 0;
  const deadline = Date.now() + (opts.deadlineMs ?? 60_000);
  const origin = new URL(opts.url).origin;
  const worker = async () => {
    while (!stopped && next < opts.respondents.length && Date.now() < deadline) {
      const r = opts.respondents[next++];
      for (const p of r.pages) {
        if (stopped || Date.now() > deadline) return;
        try {
          const res = await fetch(`${opts.url}/s/${r.token}`, {
            method: "POST",
            body: p.body,
            redirect: "manual",
            headers: { "content-type": "application/x-www-form-urlencoded", origin },
          });
          await res.arrayBuffer();
          opts.tracker.record(r.id, p.page, res.status);
          if (res.status !== 303) break;
        } catch {
          opts.tracker.errors++;
          return; // the server went away
        }
      }
    }
  };
  const done = Promise.all(Array.from({ length: opts.concurrency }, worker));
  return { done, stop: () => (stopped = true) };
}

export interface Verification {
  ok: boolean;
  problems: string[];
  counts: {
    completedResponses: number;
    finishedByClient: number;
    pageSubmissions: number;
    ratings: number;
    maxdiff: number;
    prices: number;
    dataVersionDelta: number;
  };
}

/**
 * Checks the database against what the clients saw and against itself:
 * - every page that got a 303 is stored (PageSubmission) with its answer row;
 * - no page is stored that the client did not get a 303 for (when `exact`), nothing twice;
 * - every stored page has all its answers (concept:i ↔ rating at position i, maxdiff:t ↔
 *   answer t with the posted best/worst, price ↔ price row, nms ↔ its two intents);
 * - a completed response has every page and answer; Response.status, Respondent.status and
 *   Study.dataVersion agree with the number of respondents the clients finished.
 */
export async function verifyStorage(
  db: Db,
  study: LoadStudy,
  tracker: Tracker,
  opts: { exact?: boolean; respondents?: LoadRespondent[] } = {},
): Promise<Verification> {
  const exact = opts.exact ?? true;
  const problems: string[] = [];
  const byId = new Map(study.respondents.map((r) => [r.id, r]));
  const ids = (opts.respondents ?? study.respondents).map((r) => r.id);
  const responses = [];
  for (let i = 0; i < ids.length; i += 500) {
    responses.push(
      ...(await db.response.findMany({
        where: { respondentId: { in: ids.slice(i, i + 500) } },
        include: { pages: true, ratings: true, maxdiff: true, price: true, respondent: { select: { status: true } } },
      })),
    );
  }
  const finished = new Set(tracker.finished(study));
  const lastPage = study.respondents[0].pages.at(-1)!.page;
  const counts = {
    completedResponses: 0,
    finishedByClient: 0,
    pageSubmissions: 0,
    ratings: 0,
    maxdiff: 0,
    prices: 0,
    dataVersionDelta: 0,
  };
  const seen = new Set<string>();
  for (const resp of responses) {
    const r = byId.get(resp.respondentId)!;
    const tag = `respondent ${r.id}`;
    if (seen.has(r.id)) problems.push(`${tag}: two responses`);
    seen.add(r.id);
    counts.pageSubmissions += resp.pages.length;
    counts.ratings += resp.ratings.length;
    counts.maxdiff += resp.maxdiff.length;
    counts.prices += resp.price ? 1 : 0;
    const stored = new Set(resp.pages.map((p) => p.page));
    if (stored.size !== resp.pages.length) problems.push(`${tag}: duplicate page rows`);
    const got303 = tracker.ok.get(r.id) ?? new Set<string>();
    for (const page of got303)
      if (page !== "start" && !stored.has(page)) problems.push(`${tag}: page ${page} answered 303 but is not stored`);
    if (exact)
      for (const page of stored)
        if (!got303.has(page)) problems.push(`${tag}: page ${page} stored but the client never got a 303 for it`);
    // each stored page has all its answers, and nothing is stored without its page
    const expected = new Map(r.pages.map((p) => [p.page, new URLSearchParams(p.body)]));
    const conceptPositions = new Set(resp.ratings.map((x) => x.position));
    const tasks = new Map(resp.maxdiff.map((x) => [x.task, x]));
    for (const page of stored) {
      const [kind, nStr] = page.split(":");
      const n = Number(nStr);
      const form = expected.get(page);
      if (!form) problems.push(`${tag}: unexpected page ${page}`);
      else if (kind === "concept") {
        const rating = resp.ratings.find((x) => x.position === n);
        if (!rating) problems.push(`${tag}: page ${page} stored without its rating`);
        else if (
          rating.appeal !== Number(form.get("appeal")) ||
          rating.purchaseIntent !== Number(form.get("purchaseIntent"))
        )
          problems.push(`${tag}: ${page} rating differs from what was posted`);
      } else if (kind === "maxdiff") {
        const a = tasks.get(n);
        if (!a) problems.push(`${tag}: page ${page} stored without its answer`);
        else if (a.bestItemId !== form.get("best") || a.worstItemId !== form.get("worst"))
          problems.push(`${tag}: ${page} answer differs from what was posted`);
      } else if (kind === "price") {
        if (!resp.price || resp.price.expensive !== Number(form.get("expensive")))
          problems.push(`${tag}: price page stored without its answer`);
      } else if (kind === "nms") {
        if (resp.price?.piCheap !== 4 || resp.price.piExpensive !== 2)
          problems.push(`${tag}: nms page stored without its answer`);
      }
    }
    for (const pos of conceptPositions)
      if (!stored.has(`concept:${pos}`)) problems.push(`${tag}: rating ${pos} without its page`);
    for (const task of tasks.keys())
      if (!stored.has(`maxdiff:${task}`)) problems.push(`${tag}: MaxDiff answer ${task} without its page`);
    if (resp.price && !stored.has("price")) problems.push(`${tag}: price answer without its page`);
    if (resp.pagesDone !== stored.size)
      problems.push(`${tag}: pagesDone ${resp.pagesDone} but ${stored.size} pages stored`);
    const allPages = r.pages.slice(1).map((p) => p.page);
    if (resp.status === "completed") {
      counts.completedResponses++;
      if (allPages.some((p) => !stored.has(p)) || stored.size !== allPages.length)
        problems.push(`${tag}: completed with ${stored.size}/${allPages.length} pages`);
      if (resp.respondent.status !== "completed")
        problems.push(`${tag}: response completed but respondent ${resp.respondent.status}`);
      if (resp.currentPage !== "done") problems.push(`${tag}: completed but on page ${resp.currentPage}`);
    } else {
      if (stored.has(lastPage)) problems.push(`${tag}: last page stored but status ${resp.status}`);
      const nextExpected = allPages[stored.size];
      if (resp.currentPage !== nextExpected)
        problems.push(`${tag}: on page ${resp.currentPage}, expected ${nextExpected}`);
    }
    if (finished.has(r.id) && resp.status !== "completed")
      problems.push(`${tag}: client finished but response is ${resp.status}`);
  }
  for (const id of finished)
    if (!seen.has(id)) problems.push(`respondent ${id}: client finished but no response stored`);
  for (const [id, s] of tracker.ok)
    if (!seen.has(id) && [...s].some((p) => p !== "start"))
      problems.push(`respondent ${id}: pages answered 303 but no response stored`);
  counts.finishedByClient = finished.size;
  const studyRow = await db.study.findUniqueOrThrow({ where: { id: study.studyId }, select: { dataVersion: true } });
  counts.dataVersionDelta = studyRow.dataVersion - study.dataVersionBefore;
  if (exact && counts.completedResponses !== counts.finishedByClient)
    problems.push(`${counts.completedResponses} completed responses but clients finished ${counts.finishedByClient}`);
  if (counts.dataVersionDelta !== counts.completedResponses)
    problems.push(`Study.dataVersion moved by ${counts.dataVersionDelta} for ${counts.completedResponses} completions`);
  return { ok: problems.length === 0, problems, counts };
}

/**
 * Finishes one respondent's survey the way a returning respondent would: open the link (GET),
 * answer the page it shows, repeat until no form is left. Returns the pages answered.
 */
export async function resumeSurvey(url: string, r: LoadRespondent, tracker: Tracker): Promise<string[]> {
  const origin = new URL(url).origin;
  const answered: string[] = [];
  for (let i = 0; i < r.pages.length + 3; i++) {
    const res = await fetch(`${url}/s/${r.token}`, { redirect: "manual" });
    const html = await res.text();
    if (res.status !== 200) throw new Error(`GET ${r.id}: ${res.status}`);
    const key = /name="page" value="([^"]+)"/.exec(html)?.[1];
    if (!key) return answered;
    const page = r.pages.find((p) => p.page === key);
    if (!page) throw new Error(`${r.id}: unexpected page ${key}`);
    const post = await fetch(`${url}/s/${r.token}`, {
      method: "POST",
      body: page.body,
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin },
    });
    await post.arrayBuffer();
    tracker.record(r.id, key, post.status);
    if (post.status !== 303) throw new Error(`POST ${r.id} ${key}: ${post.status}`);
    answered.push(key);
  }
  throw new Error(`${r.id}: survey did not end`);
}

/**
 * An open-loop, smoothly paced driver for latency at a given load: requests start on a
 * fixed schedule (`rate` per second, evenly spaced, like many respondents who read between
 * pages), each connection slot still answers one respondent's pages in order, and at most
 * `connections` requests are in flight. (autocannon's own rate limit releases each
 * connection's quota in a burst at the start of every second, which measures the burst,
 * not the load.) Latency counts from the scheduled start, so a server that falls behind
 * shows it.
 */
export async function runPaced(opts: {
  url: string;
  study: LoadStudy;
  connections: number;
  respondents: number;
  rate: number;
  maxSeconds: number;
}): Promise<{ result: LoadResult; tracker: Tracker }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const target = new URL(opts.url);
  const post = (path: string, body: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path,
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "content-length": Buffer.byteLength(body),
            origin,
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
          res.on("error", reject);
        },
      );
      req.setTimeout(20_000, () => req.destroy(new Error("timeout")));
      req.on("error", reject);
      req.end(body);
    });
  const tracker = new Tracker();
  const origin = new URL(opts.url).origin;
  const perResp = opts.study.postsPerRespondent;
  const total = opts.respondents * perResp;
  const pool = opts.study.respondents.slice(0, opts.respondents);
  const interval = 1000 / opts.rate;
  const t0 = performance.now();
  const deadline = t0 + opts.maxSeconds * 1000;
  let nextSlot = t0;
  let sent = 0;
  let nextRespondent = 0;
  let errors = 0;
  const slot = async () => {
    while (nextRespondent < pool.length && performance.now() < deadline) {
      const r = pool[nextRespondent++];
      for (const p of r.pages) {
        if (sent >= total || performance.now() > deadline) return;
        sent++;
        const scheduled = nextSlot;
        nextSlot += interval;
        const wait = scheduled - performance.now();
        if (wait > 0) await new Promise((res) => setTimeout(res, wait));
        const start = Math.min(scheduled, performance.now());
        try {
          const status = await post(`/s/${r.token}`, p.body);
          tracker.latencies.push(performance.now() - start);
          tracker.record(r.id, p.page, status);
          if (status !== 303) break;
        } catch {
          errors++;
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, slot));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  const sorted = [...tracker.latencies].sort((a, b) => a - b);
  return {
    tracker,
    result: {
      connections: opts.connections,
      requests: sorted.length,
      durationSeconds: round(elapsed),
      throughput: Math.round((sorted.length / elapsed) * 10) / 10,
      latencyMs: {
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted.at(-1) ?? NaN),
        mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
      },
      errors,
      timeouts: 0,
      non2xx3xx: tracker.non2xx3xx(),
      statuses: Object.fromEntries([...tracker.statuses].map(([k, v]) => [String(k), v])),
      respondentsStarted: tracker.ok.size,
      respondentsFinished: tracker.finished(opts.study).length,
      slow: sorted.filter((x) => x > 1000).length,
    },
  };
}
