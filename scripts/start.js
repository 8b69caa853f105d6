// `npm start`: build the app, then serve it (migrations and demo seed run at start-up).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// The classic compiler loads Vite only to warn about its CJS API; keep the start output clean.
process.env.VITE_CJS_IGNORE_WARNING ??= "true";
if (process.env.VALUESTACK_SKIP_BUILD !== "1") {
  console.log("Building Valuestack…");
  execFileSync(path.join(root, "node_modules", ".bin", "remix"), ["build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  // In a child process too: an esbuild service left in this long-running process prints a
  // goroutine dump when it is torn down.
  execFileSync(process.execPath, [path.join(root, "scripts", "build-jobs-worker.js")], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
}
const { main } = await import("./server.js");
await main();
