/**
 * What the server tests start with: a fresh database with the demo seed, the built app on it
 * and a database client (startApp), HTTP clients logged in as the demo users or as new users,
 * and refreshing a page until it is ready.
 */
import { expect } from "vitest";
import { createDb, type Db } from "../../app/db.server.ts";
import { migrate } from "../../app/db/migrate.server.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { createTestDatabase, type Engine, type TestDatabase } from "./databases.ts";
import { HttpClient } from "./http.ts";
import { startServerOn, type TestServer } from "./server.ts";

export interface TestApp {
  database: TestDatabase;
  /** The app's server; a test that restarts it (startServerOn) puts the new one here for stop(). */
  server: TestServer;
  /** A client of the app's database, for fixtures and for checking what was stored. */
  db: Db;
  /** Stops `server` (as it is then), disconnects the database client and drops the database. */
  stop(): Promise<void>;
}

/**
 * A fresh database on `engine`, the built app on it (started with `env`) and a client of that
 * database. DEBUG_SERVER_OUTPUT=1 prints the end of the server's output at stop(). When the
 * server does not start, the database is dropped before the error is thrown.
 */
export async function startApp(engine: Engine, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase(engine);
  let server: TestServer;
  try {
    server = await startServerOn(database, env);
  } catch (e) {
    await database.drop();
    throw e;
  }
  const db = createDb(database.url);
  const app: TestApp = {
    database,
    server,
    db,
    async stop() {
      if (process.env.DEBUG_SERVER_OUTPUT) console.log(app.server.output().slice(-4000));
      await app.server.stop();
      await db.$disconnect();
      await database.drop();
    },
  };
  return app;
}

/**
 * The env of a survey test: respondents' links signed with `linkSecret`, link requests not
 * throttled (LINK_RATE_LIMIT=100000) and no worker threads (VALUESTACK_WORKERS=0).
 */
export function surveyEnv(linkSecret: string): Record<string, string> {
  return { LINK_SECRET: linkSecret, LINK_RATE_LIMIT: "100000", VALUESTACK_WORKERS: "0" };
}

/**
 * A fresh database on `engine` with the schema but nothing in it (no demo seed), and a client
 * of it: for tests that fill it themselves and start their servers later (VALUESTACK_SEED=0).
 */
export async function createMigratedDatabase(engine: Engine): Promise<{ database: TestDatabase; db: Db }> {
  const database = await createTestDatabase(engine);
  await migrate(database.url);
  return { database, db: createDb(database.url) };
}

/**
 * A new HTTP client logged in through the login form as a demo user: the researcher
 * (DEMO_LOGIN.email) unless `email` names another. Throws unless the login redirects (302).
 */
export async function logInClient(serverUrl: string, email: string = DEMO_LOGIN.email): Promise<HttpClient> {
  const client = new HttpClient(serverUrl);
  const res = await client.login(email, DEMO_LOGIN.password);
  if (res.status !== 302) throw new Error(`login as ${email} failed with ${res.status}`);
  return client;
}

/**
 * A new HTTP client signed up through the sign-up form (which logs the new user in), as a
 * researcher with the password "long enough password" unless `user` says otherwise. Throws
 * unless the sign-up redirects (302).
 */
export async function signUpClient(
  serverUrl: string,
  user: { name: string; email: string; password?: string; role?: "researcher" | "viewer" },
): Promise<HttpClient> {
  const client = new HttpClient(serverUrl);
  const res = await client.post("/signup", {
    name: user.name,
    email: user.email,
    password: user.password ?? "long enough password",
    role: user.role ?? "researcher",
  });
  if (res.status !== 302) throw new Error(`sign-up as ${user.email} failed with ${res.status}`);
  return client;
}

/** The id of the first study linked on the client's study list (the demo study, for the demo users). */
export async function firstStudyId(client: HttpClient): Promise<string> {
  const html = await (await client.get("/studies")).text();
  const id = /href="\/studies\/(?!new")([a-z0-9]+)"/.exec(html)?.[1];
  if (!id) throw new Error("no study on /studies");
  return id;
}

/**
 * GETs `path` with `client` every half second, as a reader without JavaScript refreshes (a
 * refresh interval, not a stand-in for the event), until `ready(html)`; every answer must be
 * 200. `whileWaiting` checks each page that is not ready yet; after `timeout.at` (a Date.now()
 * time) it throws `timeout.message`. Returns the ready page's HTML.
 */
export async function refreshUntil(
  client: HttpClient,
  path: string,
  ready: (html: string) => boolean,
  opts: { whileWaiting?: (html: string) => void; timeout?: { at: number; message: string } } = {},
): Promise<string> {
  for (;;) {
    const res = await client.get(path);
    expect(res.status).toBe(200);
    const html = await res.text();
    if (ready(html)) return html;
    opts.whileWaiting?.(html);
    if (opts.timeout && Date.now() > opts.timeout.at) throw new Error(opts.timeout.message);
    await new Promise((r) => setTimeout(r, 500));
  }
}
