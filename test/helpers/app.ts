/**
 * What the server tests start with: a fresh database with the demo seed, the built app on it
 * and a database client (startApp), and HTTP clients logged in as the demo users.
 */
import { createDb, type Db } from "../../app/db.server.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { createTestDatabase, type Engine, type TestDatabase } from "./databases.ts";
import { HttpClient } from "./http.ts";
import { startServer, type TestServer } from "./server.ts";

export interface TestApp {
  database: TestDatabase;
  server: TestServer;
  /** A client of the app's database, for fixtures and for checking what was stored. */
  db: Db;
  /** Stops the server, disconnects the database client and drops the database. */
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
    server = await startServer({ databaseUrl: database.url, varDir: database.varDir, env });
  } catch (e) {
    await database.drop();
    throw e;
  }
  const db = createDb(database.url);
  return {
    database,
    server,
    db,
    async stop() {
      if (process.env.DEBUG_SERVER_OUTPUT) console.log(server.output().slice(-4000));
      await server.stop();
      await db.$disconnect();
      await database.drop();
    },
  };
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

/** The id of the first study linked on the client's study list (the demo study, for the demo users). */
export async function firstStudyId(client: HttpClient): Promise<string> {
  const html = await (await client.get("/studies")).text();
  const id = /href="\/studies\/(?!new")([a-z0-9]+)"/.exec(html)?.[1];
  if (!id) throw new Error("no study on /studies");
  return id;
}
