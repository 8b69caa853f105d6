// Production server: Express + Remix request handler over the built app (npm run build).
// Runs start-up (migrations, demo seed, workers) before listening; prints URL and demo login.
import express from "express";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.env.VALUESTACK_ROOT ??= root;
// Files this process creates (SQLite database and journals, secrets, .eml outbox) are owner-only.
process.umask(0o077);

export async function createServer() {
  const buildDir = path.resolve(root, process.env.VALUESTACK_BUILD_DIR ?? "build");
  const build = await import(pathToFileURL(path.join(buildDir, "index.js")).href);
  const entry = build.entry.module;
  const env = entry.env(); // validate the configuration before anything else (exits with one line if bad)
  const info = await entry.startup();
  const app = express();
  app.disable("x-powered-by");
  // TRUST_PROXY is the number of proxies in front (Express then reads X-Forwarded-Proto/Host through that many).
  if (env.TRUST_PROXY > 0) app.set("trust proxy", env.TRUST_PROXY);
  app.use(entry.securityMiddleware);
  // Shed a login flood first: a shed login then costs no file-system lookup either.
  app.use(entry.shedLoginsWhenBusy);
  app.use("/build", express.static(path.join(buildDir, "client", "build"), { immutable: true, maxAge: "1y" }));
  // Only the files public/ holds go to the static handler: for any other path it would stat the
  // disk and build an error object on every request (survey pages included) before falling through.
  const publicDir = path.join(root, "public");
  const publicFiles = new Set(
    readdirSync(publicDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map(
        (entry) =>
          `/${path
            .relative(publicDir, path.join(entry.parentPath ?? entry.path, entry.name))
            .split(path.sep)
            .join("/")}`,
      ),
  );
  const servePublic = express.static(publicDir, { maxAge: "1h" });
  app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
  app.all("*", entry.createRemixHandler(build, "production"));
  return { app, info, entry, env };
}

export async function main() {
  const { app, info, entry, env } = await createServer();
  const port = env.PORT;
  const host = env.HOST;
  const server = app.listen(port, host, () => {
    const address = server.address();
    const url = env.PUBLIC_URL ?? `http://${host === "0.0.0.0" ? "localhost" : host}:${address.port}`;
    const demo = info.demo
      ? `\nDemo login: ${info.demo.email} / ${info.demo.password}  (viewer: ${info.demo.viewerEmail}, same password)`
      : "";
    console.log(`Valuestack listening on ${url} (database: ${info.provider})${demo}`);
  });
  server.keepAliveTimeout = 65_000;
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    server.close();
    await entry.shutdown();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`Valuestack failed to start: ${e?.message ?? e}`);
    process.exit(1);
  });
}
