// `npm start`: build the app, then serve it (migrations and demo seed run at start-up).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
if (process.env.VALUESTACK_SKIP_BUILD !== "1") {
  console.log("Building Valuestack…");
  execFileSync(path.join(root, "node_modules", ".bin", "remix"), ["build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
}
const { main } = await import("./server.js");
await main();
