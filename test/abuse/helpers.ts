/**
 * Shared by the abuse tests: loopback-only clients that misbehave on purpose (chunked
 * uploads that never end, floods of logins), and the server's memory as the kernel sees it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";

/** Resident memory of a process in bytes (VmRSS), and its peak since the last reset (VmHWM). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

/** Resets the peak-RSS counter (VmHWM) of a process we own; false where the kernel does not allow it. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

export interface UploadResult {
  status: number;
  body: string;
  /** bytes written when the response arrived */
  sentWhenAnswered: number;
  /** whether the whole body had been written when the response arrived */
  finishedSending: boolean;
}

/**
 * POSTs `total` bytes with `Transfer-Encoding: chunked` (no Content-Length), 64 KB at a time
 * with backpressure, and stops sending as soon as the server answers.
 */
export function chunkedUpload(
  base: string,
  path: string,
  total: number,
  headers: Record<string, string>,
  chunk: (n: number) => Buffer = (n) => Buffer.alloc(n, "a"),
): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    let sent = 0;
    let answered = false;
    const req = http.request(url, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } });
    req.on("response", (res) => {
      answered = true;
      const sentWhenAnswered = sent;
      const finishedSending = sent >= total;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body, sentWhenAnswered, finishedSending });
        req.destroy();
      });
      res.on("error", () => resolve({ status: res.statusCode ?? 0, body, sentWhenAnswered, finishedSending }));
    });
    req.on("error", (e) => {
      if (!answered) reject(new Error(`upload failed before any answer after ${sent} bytes: ${e.message}`));
    });
    const pump = () => {
      while (!answered && sent < total) {
        const n = Math.min(64 * 1024, total - sent);
        sent += n;
        if (!req.write(chunk(n))) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

/** A urlencoded login form. */
export function loginForm(email: string, password: string, redirectTo?: string): URLSearchParams {
  const form = new URLSearchParams({ email, password });
  if (redirectTo !== undefined) form.set("redirectTo", redirectTo);
  return form;
}
