/**
 * Fault/scale: two app processes share the job table (app/jobs) on one database, as behind a
 * load balancer. Hierarchical Bayes jobs for four studies are queued at once; each process
 * runs one job at a time in a worker thread. One process is killed with SIGKILL in the middle
 * of a job; after its claim lapses (short heartbeat and lease via env) the other process takes
 * the job over. Every job must end `done` exactly once, with the same utilities as the inline
 * computation, and the killed job's second attempt must be recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { generateDesign } from "../../research/maxdiff/design.ts";
import { hierarchicalBayes, type HbRunInput } from "../../research/maxdiff/hbSummary.ts";
import { simulateAnswers, simulateRespondents } from "../../research/maxdiff/simulate.ts";
import { createMigratedDatabase } from "../helpers/app.ts";
import { engines, type TestDatabase } from "../helpers/databases.ts";
import { startServerOn, type TestServer } from "../helpers/server.ts";
import { waitFor } from "../integration/respondentsFixtures.ts";

const STUDIES = 4;
const items = ["A", "B", "C", "D", "E", "F", "G", "H"];

function hbInput(seed: number): HbRunInput {
  const design = generateDesign({ items: 8, itemsPerTask: 4, tasks: 6, versions: 4, seed });
  const people = simulateRespondents(60, { x: [1.5, 1, 0.5, 0, -0.5, -1, 0.2, -1.7] }, 0.5, seed);
  return { tasks: simulateAnswers(design, people, items, seed), items, iterations: 6_000, burnIn: 3_000, seed };
}

/** "Job hb:v1 <id>: done …" lines a server printed. */
const doneIds = (output: string) => [...output.matchAll(/^Job hb:v1 (\S+): done/gm)].map((m) => m[1]);

describe.each(engines())("HB jobs shared by two processes on %s", (engine) => {
  let database: TestDatabase;
  let servers: TestServer[] = [];
  let db: Db;

  beforeAll(async () => {
    ({ database, db } = await createMigratedDatabase(engine));
    const env = {
      VALUESTACK_SEED: "0",
      VALUESTACK_WORKERS: "0",
      JOB_CONCURRENCY: "1",
      JOB_HEARTBEAT_MS: "200",
      JOB_LEASE_MS: "3000",
      JOB_POLL_MS: "100",
    };
    servers = await Promise.all([0, 1].map(() => startServerOn(database, env)));
  });
  afterAll(async () => {
    // the killed process has exited (by signal, so its exitCode stays null): stop only the others
    await Promise.all(servers.filter((s) => s.process.signalCode === null).map((s) => s.stop()));
    await db?.$disconnect();
    await database?.drop();
  });

  it("runs each study's job exactly once and finishes a killed process's job on the other", async () => {
    const owner = await db.user.create({ data: { email: "owner@example.com", name: "Owner", passwordHash: "x" } });
    const inputs = Array.from({ length: STUDIES }, (_, i) => hbInput(i + 1));
    const studies = [];
    for (let i = 0; i < STUDIES; i++)
      studies.push(await db.study.create({ data: { ownerId: owner.id, name: `Study ${i + 1}` } }));
    // both runners are already polling: queue everything at once
    await db.job.createMany({
      data: studies.map((s, i) => ({
        kind: "hb:v1",
        studyId: s.id,
        key: `${s.id}:v1`,
        input: JSON.stringify(inputs[i]),
      })),
    });
    const [victim, survivor] = servers;
    const victimPid = victim.process.pid;
    // both processes work at the same time
    const owners = new Set<string>();
    await waitFor(
      async () => {
        for (const j of await db.job.findMany({ where: { status: "running" }, select: { lockedBy: true } }))
          owners.add(j.lockedBy?.split("-").at(-2) ?? "none");
        return owners.size === 2;
      },
      120_000,
      "both processes running a job",
    );
    expect(owners).toEqual(new Set([String(victimPid), String(survivor.process.pid)]));
    // SIGKILL the victim in the middle of a job (it has reported progress, and is not done)
    const killed = await waitFor(
      () =>
        db.job.findFirst({
          where: { status: "running", lockedBy: { contains: `-${victimPid}-` }, progress: { gt: 0, lt: 0.9 } },
        }),
      120_000,
      "the victim mid-job",
    );
    const victimDoneBefore = doneIds(victim.output());
    victim.process.kill("SIGKILL");
    await new Promise((r) => victim.process.once("exit", r));

    await waitFor(
      async () => (await db.job.count({ where: { status: { not: "done" } } })) === 0,
      240_000,
      "all jobs done",
    );
    const jobs = await db.job.findMany({ orderBy: { createdAt: "asc" } });
    expect(jobs).toHaveLength(STUDIES);
    for (const j of jobs) {
      expect(j.status).toBe("done");
      expect(j.lockedBy).toBeNull();
      expect(j.error).toBeNull();
      expect(j.progress).toBe(1);
      expect(j.attempts).toBe(j.id === killed.id ? 2 : 1);
    }
    // each job recorded as done by exactly one process; the killed job by the survivor
    const done = [...doneIds(victim.output()), ...doneIds(survivor.output())];
    expect(done.sort()).toEqual(jobs.map((j) => j.id).sort());
    expect(victimDoneBefore).not.toContain(killed.id);
    expect(doneIds(survivor.output())).toContain(killed.id);
    // the taken-over job's result is the full run, identical to the inline computation
    const k = studies.findIndex((s) => s.id === killed.studyId);
    expect(JSON.parse(jobs.find((j) => j.id === killed.id)?.result ?? "null")).toEqual(hierarchicalBayes(inputs[k]));
    expect(survivor.process.exitCode).toBeNull();
  }, 400_000);
});
