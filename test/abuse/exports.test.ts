/**
 * Pseudonymous exports cannot be re-identified by someone who sees respondent ids: the
 * pseudonym is an HMAC keyed with a server secret (PSEUDONYM_SECRET, generated into
 * VAR_DIR), not a plain hash of study and respondent ids. It stays the same across exports.
 */
import { createHash, createHmac } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_STUDY_NAME } from "../../prisma/seed/demo.ts";
import { logInClient, startApp, type TestApp } from "../helpers/app.ts";
import type { TestDatabase } from "../helpers/databases.ts";
import type { TestServer } from "../helpers/server.ts";

describe("export pseudonyms", () => {
  let app: TestApp;
  let database: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    app = await startApp("sqlite", { VALUESTACK_WORKERS: "0" });
    ({ database, server } = app);
  });
  afterAll(() => app?.stop());

  it("are keyed with the server secret, not recomputable from respondent ids, and stable", async () => {
    const { db } = app;
    const study = await db.study.findFirstOrThrow({ where: { name: DEMO_STUDY_NAME }, select: { id: true } });
    const respondentIds = (await db.respondent.findMany({ where: { studyId: study.id }, select: { id: true } })).map(
      (r) => r.id,
    );
    const client = await logInClient(server.url);
    const exportIds = async () => {
      const res = await client.get(`/studies/${study.id}/export/study.json`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { respondents: Array<{ id: string }> }).respondents.map((r) => r.id);
    };
    const first = await exportIds();
    expect(first.length).toBeGreaterThan(300);

    // what anyone who sees the respondent ids could compute before
    const plain = new Set(
      respondentIds.map((id) => `r-${createHash("sha256").update(`${study.id}:${id}`).digest("hex").slice(0, 12)}`),
    );
    expect(first.filter((id) => plain.has(id))).toEqual([]);

    // the server's secret, generated owner-only into VAR_DIR, is what keys them
    const secretFile = path.join(database.varDir, "pseudonym-secret");
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    const secret = readFileSync(secretFile, "utf8").trim();
    const keyed = new Set(
      respondentIds.map(
        (id) => `r-${createHmac("sha256", secret).update(`${study.id}:${id}`).digest("hex").slice(0, 12)}`,
      ),
    );
    expect(first.every((id) => keyed.has(id))).toBe(true);
    expect(new Set(first).size).toBe(first.length);

    expect(await exportIds()).toEqual(first);
  });
});
