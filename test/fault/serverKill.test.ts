/**
 * Fault: the server process is killed with SIGKILL in the middle of a load and restarted on
 * the same database. Every page that got a 303 must be stored with all its answers, no
 * response may be half-written (each stored page has its answer rows, a completed response
 * has every page), at most the one request in flight per respondent may be stored without
 * its 303, and every respondent can resume and finish after the restart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { createTestDatabase, engines, type TestDatabase } from "../helpers/databases.ts";
import { startServerOn, type TestServer } from "../helpers/server.ts";
import { waitFor } from "../integration/respondentsFixtures.ts";
import {
  driveWithFetch,
  LOAD_LINK_SECRET,
  resumeSurvey,
  seedLoadStudy,
  Tracker,
  verifyStorage,
  type LoadStudy,
} from "../load/harness.ts";

const SERVER_ENV = {
  LINK_SECRET: LOAD_LINK_SECRET,
  LINK_RATE_LIMIT: "100000",
  VALUESTACK_WORKERS: "0",
  VALUESTACK_SEED: "0",
};

describe.each(engines())("server killed mid-load on %s", (engine) => {
  let database: TestDatabase;
  let server: TestServer | undefined;
  let db: Db;
  let study: LoadStudy;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    ({ db, study } = await seedLoadStudy(database.url, 60));
  });
  afterAll(async () => {
    await server?.stop();
    await db?.$disconnect();
    await database?.drop();
  });

  it("keeps every acknowledged page, shows nothing half-written, and lets respondents finish after a restart", async () => {
    server = await startServerOn(database, SERVER_ENV);
    const tracker = new Tracker();
    const drive = driveWithFetch({
      url: server.url,
      respondents: study.respondents,
      concurrency: 20,
      tracker,
      deadlineMs: 60_000,
    });
    // kill once a good part of the load is through, while requests are in flight
    await waitFor(() => (tracker.statuses.get(303) ?? 0) >= 250, 45_000, "250 saved pages");
    const killed = server.process;
    killed.kill("SIGKILL");
    await new Promise((r) =>
      killed.exitCode !== null || killed.signalCode !== null ? r(null) : killed.once("exit", r),
    );
    drive.stop();
    await drive.done;
    const before = tracker.statuses.get(303) ?? 0;
    expect(before).toBeGreaterThanOrEqual(250);
    expect(tracker.non2xx3xx()).toBe(0); // nothing failed before the kill

    // after the crash, before any restart: acknowledged pages are there, nothing half-written
    const afterCrash = await verifyStorage(db, study, tracker, { exact: false });
    expect(afterCrash.problems).toEqual([]);
    // only a request in flight at the kill may be stored without its 303: at most one per respondent
    const stored = await db.pageSubmission.findMany({
      where: { response: { studyId: study.studyId, respondentId: { in: study.respondents.map((r) => r.id) } } },
      select: { page: true, response: { select: { respondentId: true } } },
    });
    const unacknowledged = new Map<string, number>();
    for (const s of stored)
      if (!tracker.ok.get(s.response.respondentId)?.has(s.page))
        unacknowledged.set(s.response.respondentId, (unacknowledged.get(s.response.respondentId) ?? 0) + 1);
    expect([...unacknowledged.values()].every((n) => n <= 1)).toBe(true);
    expect(unacknowledged.size).toBeLessThanOrEqual(20);

    // restart on the same database: everyone resumes where the database says and finishes
    server = await startServerOn(database, SERVER_ENV);
    for (let i = 0; i < study.respondents.length; i += 15) {
      await Promise.all(study.respondents.slice(i, i + 15).map((r) => resumeSurvey(server!.url, r, tracker)));
    }
    const final = await verifyStorage(db, study, tracker, { exact: false });
    expect(final.problems).toEqual([]);
    expect(final.counts.completedResponses).toBe(study.respondents.length);
    expect(final.counts.pageSubmissions).toBe(study.respondents.length * (study.postsPerRespondent - 1));
    expect(final.counts.ratings).toBe(study.respondents.length * 3);
    expect(final.counts.maxdiff).toBe(study.respondents.length * 9);
    expect(final.counts.dataVersionDelta).toBe(study.respondents.length);
  }, 150_000);
});
