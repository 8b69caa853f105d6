/**
 * scrypt off the event loop, at a lower CPU priority than request handling. Each password hash
 * runs synchronously in a worker thread that lowered its own nice value (Linux keeps the nice
 * value per thread, so `os.setPriority(10)` inside the worker touches only that thread; see
 * setpriority(2), "BUGS"). On a busy machine the event loop, which answers every other request
 * (a respondent's survey page), then wins the CPU over a hash. How many hashes run at once is
 * decided by the caller (PASSWORD_HASH_CONCURRENCY in password.server.ts); a thread is made
 * when needed and kept for the next hash. If worker threads cannot start, hashes fall back to
 * the async scrypt on libuv's thread pool.
 */
import { scrypt as scryptCb, type ScryptOptions } from "node:crypto";
import { Worker } from "node:worker_threads";

/** Nice value of the hashing threads (0 = normal, 19 = lowest). */
const HASH_NICE = 10;

// CommonJS, evaluated as the worker's source: no build step, no file next to the bundle.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { scryptSync } = require("node:crypto");
try { require("node:os").setPriority(${HASH_NICE}); } catch {}
parentPort.on("message", ({ password, salt, keylen, opts }) => {
  try {
    const key = scryptSync(password, Buffer.from(salt), keylen, opts);
    parentPort.postMessage({ key });
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.message) || e) });
  }
});
`;

const idle: Worker[] = [];
let threadsBroken = false;

function asyncScrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function newWorker(): Worker | null {
  if (threadsBroken) return null;
  try {
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.unref();
    return w;
  } catch {
    threadsBroken = true;
    return null;
  }
}

/** scrypt(password, salt) in a low-priority thread; `password` is already normalised. */
export function scryptInThread(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  const worker = idle.pop() ?? newWorker();
  if (!worker) return asyncScrypt(password, salt, keylen, opts);
  return new Promise<Buffer>((resolve, reject) => {
    const done = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    const onMessage = (m: { key?: Uint8Array; error?: string }) => {
      done();
      idle.push(worker);
      if (m.key) resolve(Buffer.from(m.key.buffer, m.key.byteOffset, m.key.byteLength));
      else reject(new Error(m.error ?? "scrypt failed"));
    };
    const onError = (e: Error) => {
      done();
      void worker.terminate();
      // a thread that died is not reused; this hash still gets its answer
      asyncScrypt(password, salt, keylen, opts).then(resolve, reject);
    };
    const onExit = () => onError(new Error("hash thread exited"));
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.postMessage({ password, salt: new Uint8Array(salt), keylen, opts });
  });
}
