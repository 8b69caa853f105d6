/**
 * A small, fast version of `npm run loadtest` on each engine: 10 connections drive 10
 * respondents' surveys (15 POSTs each) through autocannon, then the database must hold every
 * page that got a 303 exactly once with all its answers. Correctness only: the speed targets
 * live in `npm run loadtest`, not here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { createTestDatabase, engines, type TestDatabase } from "../helpers/databases.ts";
import { startServer, type TestServer } from "../helpers/server.ts";
import { LOAD_LINK_SECRET, runAutocannon, seedLoadStudy, verifyStorage, type LoadStudy } from "./harness.ts";

describe.each(engines())("load smoke on %s", (engine) => {
  let database: TestDatabase;
  let server: TestServer;
  let db: Db;
  let study: LoadStudy;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    ({ db, study } = await seedLoadStudy(database.url, 20));
    server = await startServer({
      databaseUrl: database.url,
      varDir: database.varDir,
      env: { LINK_SECRET: LOAD_LINK_SECRET, LINK_RATE_LIMIT: "100000", VALUESTACK_WORKERS: "0", VALUESTACK_SEED: "0" },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.$disconnect();
    await database?.drop();
  });

  it("stores every answer of 10 concurrent respondents exactly once, with no errors", async () => {
    const { result, tracker } = await runAutocannon({
      url: server.url,
      study,
      connections: 10,
      respondents: 10,
      maxSeconds: 20,
    });
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx3xx).toBe(0);
    expect(result.requests).toBe(10 * study.postsPerRespondent);
    const v = await verifyStorage(db, study, tracker);
    expect(v.problems).toEqual([]);
    expect(v.counts.completedResponses).toBe(result.respondentsFinished);
    expect(v.counts.completedResponses).toBeGreaterThanOrEqual(1);
    // 14 pages per finished respondent, nothing more
    expect(v.counts.prices).toBeGreaterThanOrEqual(v.counts.completedResponses);
  }, 60_000);
});
