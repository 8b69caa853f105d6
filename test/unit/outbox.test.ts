/** The outbox's retry policy (app/email/outbox.server.ts) and the no-JavaScript form origin check. */
import { describe, expect, it } from "vitest";
import { backoffMs, isBounce, isConnectionFailure, isPermanent } from "../../app/email/outbox.server.ts";
import { isSameOrigin } from "../../app/security/http.server.ts";

describe("isPermanent", () => {
  it("treats 5xx SMTP replies as permanent and everything else as transient", () => {
    const smtp = (responseCode: number) => Object.assign(new Error(`${responseCode} reply`), { responseCode });
    expect(isPermanent(smtp(550))).toBe(true);
    expect(isPermanent(smtp(554))).toBe(true);
    expect(isPermanent(smtp(500))).toBe(true);
    expect(isPermanent(smtp(421))).toBe(false); // service not available: try later
    expect(isPermanent(smtp(450))).toBe(false); // mailbox busy
    expect(isPermanent(smtp(452))).toBe(false);
    expect(isPermanent(smtp(250))).toBe(false);
    expect(isPermanent(smtp(600))).toBe(false);
    // connection problems carry no reply code
    expect(isPermanent(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNECTION" }))).toBe(
      false,
    );
    expect(isPermanent(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" }))).toBe(false);
    expect(isPermanent({ responseCode: "550" })).toBe(false);
    // whatever was thrown, never a crash of the worker
    expect(isPermanent(undefined)).toBe(false);
    expect(isPermanent(null)).toBe(false);
    expect(isPermanent("boom")).toBe(false);
  });
});

describe("isConnectionFailure and isBounce", () => {
  const err = (props: Record<string, unknown>) => Object.assign(new Error("x"), props);
  it("counts an unreachable or refusing SMTP server as a connection failure, never as the message's fault", () => {
    // what nodemailer throws for ECONNREFUSED, timeouts, TLS and login problems
    expect(isConnectionFailure(err({ code: "ECONNECTION" }))).toBe(true);
    expect(isConnectionFailure(err({ code: "ETIMEDOUT" }))).toBe(true);
    expect(isConnectionFailure(err({ code: "ESOCKET" }))).toBe(true);
    expect(isConnectionFailure(err({ code: "EDNS" }))).toBe(true);
    expect(isConnectionFailure(err({ code: "EAUTH", responseCode: 535 }))).toBe(true);
    expect(isConnectionFailure(err({ code: "EENVELOPE", responseCode: 421 }))).toBe(true); // service not available
    expect(isPermanent(err({ code: "EAUTH", responseCode: 535 }))).toBe(false); // a wrong password fails no email
    // replies about this message or recipient are not
    expect(isConnectionFailure(err({ code: "EENVELOPE", responseCode: 550 }))).toBe(false);
    expect(isConnectionFailure(err({ code: "EMESSAGE", responseCode: 452 }))).toBe(false);
    expect(isConnectionFailure(undefined)).toBe(false);
    expect(isConnectionFailure("boom")).toBe(false);
  });
  it("marks only 550 and 554 refusals as bounces", () => {
    expect(isBounce(err({ code: "EENVELOPE", responseCode: 550 }))).toBe(true);
    expect(isBounce(err({ code: "EMESSAGE", responseCode: 554 }))).toBe(true);
    expect(isBounce(err({ code: "EENVELOPE", responseCode: 552 }))).toBe(false); // mailbox full
    expect(isBounce(err({ code: "EENVELOPE", responseCode: 450 }))).toBe(false);
    expect(isBounce(err({ code: "ECONNECTION" }))).toBe(false);
    expect(isBounce(null)).toBe(false);
  });
});

describe("backoffMs", () => {
  const settings = { retryBaseMs: 30_000, retryMaxMs: 3_600_000 };
  it("doubles from the base with ±20 % jitter", () => {
    expect(backoffMs(1, settings, () => 0.5)).toBe(30_000);
    expect(backoffMs(2, settings, () => 0.5)).toBe(60_000);
    expect(backoffMs(3, settings, () => 0.5)).toBe(120_000);
    expect(backoffMs(1, settings, () => 0)).toBe(24_000);
    expect(backoffMs(1, settings, () => 0.999999)).toBeCloseTo(36_000, -1);
    for (let i = 0; i < 200; i++) {
      const ms = backoffMs(4, settings);
      expect(ms).toBeGreaterThanOrEqual(0.8 * 240_000);
      expect(ms).toBeLessThanOrEqual(1.2 * 240_000);
    }
  });
  it("is capped at the maximum, jitter included, however many attempts", () => {
    for (const attempts of [8, 10, 20, 100, 1_000, 1e9, Number.MAX_SAFE_INTEGER]) {
      for (const r of [0, 0.5, 0.999999]) {
        const ms = backoffMs(attempts, settings, () => r);
        expect(ms).toBeLessThanOrEqual(3_600_000);
        expect(ms).toBeGreaterThanOrEqual(0.8 * 3_600_000);
      }
    }
    expect(Number.isFinite(backoffMs(Infinity, settings))).toBe(true);
    // nonsense attempt counts behave like the first retry
    expect(backoffMs(0, settings, () => 0.5)).toBe(30_000);
    expect(backoffMs(-3, settings, () => 0.5)).toBe(30_000);
    expect(backoffMs(Number.NaN, settings, () => 0.5)).toBe(30_000);
  });
  it("never grows between attempts and never exceeds the cap with default-like settings", () => {
    let previous = 0;
    for (let a = 1; a <= 30; a++) {
      const ms = backoffMs(a, settings, () => 0.5);
      expect(ms).toBeGreaterThanOrEqual(previous);
      previous = ms;
    }
    expect(previous).toBe(3_600_000);
  });
});

describe("isSameOrigin for forms posted without JavaScript", () => {
  const allowed = new Set(["http://127.0.0.1:3000"]);
  it("accepts Origin: null with Sec-Fetch-Site: same-origin (Referrer-Policy: no-referrer makes browsers send null)", () => {
    expect(isSameOrigin("POST", "null", undefined, allowed, "same-origin")).toBe(true);
    expect(isSameOrigin("POST", undefined, undefined, allowed, "same-origin")).toBe(true);
  });
  it("still refuses cross-site posts", () => {
    expect(isSameOrigin("POST", "null", undefined, allowed, "cross-site")).toBe(false);
    expect(isSameOrigin("POST", "null", undefined, allowed, "same-site")).toBe(false);
    expect(isSameOrigin("POST", "null", undefined, allowed, "none")).toBe(false);
    expect(isSameOrigin("POST", "https://evil.example", undefined, allowed, "same-origin")).toBe(false);
    expect(isSameOrigin("POST", "null", undefined, allowed)).toBe(false);
  });
});
