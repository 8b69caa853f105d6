// Bundles the job worker-thread entry (app/jobs/worker.ts) into <build dir>/jobs-worker.js,
// beside the server build, so production starts worker threads from plain JavaScript (no
// TypeScript loader at run time). Part of `npm run build` and `npm start`.
// esbuild comes with the Remix compiler (@remix-run/dev).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export async function buildJobsWorker(buildDir = process.env.VALUESTACK_BUILD_DIR ?? "build") {
  const outfile = path.resolve(root, buildDir, "jobs-worker.js");
  await build({
    entryPoints: [path.join(root, "app", "jobs", "worker.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // self-contained (jstat and the research code bundled in): it runs from wherever it is
    logLevel: "warning",
  });
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildJobsWorker();
}
