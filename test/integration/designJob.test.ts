/**
 * The MaxDiff design is generated as a job in a worker thread, not on the request path:
 * while the heaviest design the builder allows is being generated, unrelated requests (a
 * static file, a server-rendered page) complete first; the tab shows "Generating the design…"
 * meanwhile and the balance once it is done; the design is cached by settings and items;
 * settings beyond the bounds are refused with a clear message.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { DESIGN_LIMITS } from "../../app/studies/design.server.ts";
import { logInClient, startApp, type TestApp } from "../helpers/app.ts";
import { engines } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";
import { waitFor } from "./respondentsFixtures.ts";

const ITEMS = 40; // with 8 per task × 30 tasks × 20 versions, the slowest allowed design (seconds)

describe.each(engines())("MaxDiff design as a job on %s", (engine) => {
  let app: TestApp;
  let server: TestServer;
  let client: HttpClient;
  let db: Db;
  let studyId = "";

  beforeAll(async () => {
    app = await startApp(engine);
    ({ server, db } = app);
    client = await logInClient(server.url);
    const res = await client.post("/studies/new", { name: "Design load", currency: "usd", productDescription: "x" });
    studyId = /\/studies\/([^/]+)\/build/.exec(res.headers.get("location") ?? "")?.[1] ?? "";
    expect(studyId).not.toBe("");
    for (let i = 1; i <= ITEMS; i++) {
      const r = await client.post(`/studies/${studyId}/build/maxdiff`, { intent: "item", label: `Feature ${i}` });
      expect(r.status).toBe(302);
    }
  }, 300_000);
  afterAll(() => app?.stop());

  const tab = () => `/studies/${studyId}/build/maxdiff`;
  const designJobs = () => db.job.findMany({ where: { studyId, kind: "maxdiff-design:v1" } });

  it("refuses settings beyond the bounds with a clear message", async () => {
    const res = await client.post(tab(), {
      intent: "settings",
      itemsPerTask: "8",
      tasksPerRespondent: "50",
      versions: "100",
    });
    expect(res.status).toBe(400);
    const body = text(await res.text());
    expect(body).toContain(`Tasks per respondent must be at most ${DESIGN_LIMITS.tasksPerRespondent}.`);
    expect(body).toContain(`Versions must be at most ${DESIGN_LIMITS.versions}.`);
  });

  it("answers unrelated requests while the heaviest allowed design is generated", async () => {
    const before = new Set((await designJobs()).map((j) => j.id));
    const save = client.post(tab(), {
      intent: "settings",
      itemsPerTask: String(DESIGN_LIMITS.itemsPerTask),
      tasksPerRespondent: String(DESIGN_LIMITS.tasksPerRespondent),
      versions: String(DESIGN_LIMITS.versions),
    });
    const job = await waitFor(
      async () => (await designJobs()).find((j) => !before.has(j.id) && j.status === "running"),
      120_000,
      "the design job running",
    );
    // unrelated requests from someone else, sent while the design is being generated
    const other = new HttpClient(server.url);
    const [favicon, login] = await Promise.all([other.get("/favicon.svg"), other.get("/login")]);
    expect(favicon.status).toBe(200);
    expect(await favicon.text()).toContain("<svg");
    expect(login.status).toBe(200);
    expect(text(await login.text())).toContain("Log in");
    // …and both were answered before the design was done
    const after = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(after.status).toBe("running");
    // the builder's tab meanwhile says it is generating (when the job is still going after its answer)
    const page = text(await (await client.get(tab())).text());
    const then = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    if (then.status === "running") expect(page).toContain("Generating the design…");
    else expect(page).toMatch(/Times each pair of items appears together/);

    expect((await save).status).toBeLessThan(500);
    await waitFor(
      async () => (await db.job.findUniqueOrThrow({ where: { id: job.id } })).status === "done",
      240_000,
      "the design done",
    );
    const done = text(await (await client.get(tab())).text());
    expect(done).not.toContain("Generating the design…");
    expect(done).toMatch(/(Good|Weak) design/);
    expect(done).toMatch(/Times each pair of items appears together/);
    // the preview's design rows were stored by the process that finished the job
    expect(await db.maxDiffDesignTask.count({ where: { studyId } })).toBe(
      DESIGN_LIMITS.versions * DESIGN_LIMITS.tasksPerRespondent * DESIGN_LIMITS.itemsPerTask,
    );
  }, 400_000);

  it("reuses the stored design for the same settings and items", async () => {
    const jobs = await designJobs();
    await client.get(tab());
    await client.get(tab());
    const again = await designJobs();
    expect(again.map((j) => [j.id, j.status, j.attempts])).toEqual(jobs.map((j) => [j.id, j.status, j.attempts]));
  });
});
