import { describe, expect, it } from "vitest";
import {
  cumulativeByDay,
  invitationWaves,
  median,
  pageFunnel,
  projectCompletion,
} from "../../app/studies/fieldingStats.ts";

const at = (iso: string) => new Date(iso);

describe("projected completion", () => {
  const now = at("2026-11-20T12:00:00Z");
  it("extrapolates the last 7 days' rate: 21 completes in 7 days = 3 a day, 60 left → 20 days", () => {
    // 40 completes in all, 21 of them within the last 7 days (one every 8 h), target 100
    const recent = Array.from({ length: 21 }, (_, i) => new Date(now.getTime() - i * 8 * 3_600_000));
    const old = Array.from({ length: 19 }, () => at("2026-11-01T10:00:00Z"));
    const p = projectCompletion({
      completes: 40,
      target: 100,
      completedAt: [...recent, ...old],
      launchedAt: at("2026-10-30T00:00:00Z"),
      now,
    });
    expect(p).toEqual({
      status: "projected",
      completes: 40,
      target: 100,
      perDay: 3,
      daysLeft: 20,
      date: "2026-12-10",
      windowDays: 7,
    });
  });

  it("a study launched 2 days ago uses those 2 days: 10 completes → 5 a day, 90 left → 18 days", () => {
    const times = Array.from({ length: 10 }, (_, i) => new Date(now.getTime() - i * 3_600_000));
    const p = projectCompletion({
      completes: 10,
      target: 100,
      completedAt: times,
      launchedAt: at("2026-11-18T12:00:00Z"),
      now,
    });
    expect(p).toMatchObject({ status: "projected", perDay: 5, daysLeft: 18, date: "2026-12-08", windowDays: 2 });
  });

  it("says when the target is reached or nothing came in recently", () => {
    expect(projectCompletion({ completes: 100, target: 100, completedAt: [], launchedAt: null, now }).status).toBe(
      "reached",
    );
    const stale = projectCompletion({
      completes: 5,
      target: 100,
      completedAt: [at("2026-11-01T00:00:00Z")],
      launchedAt: at("2026-10-01T00:00:00Z"),
      now,
    });
    expect(stale.status).toBe("noRecent");
  });
});

describe("drop-off by page", () => {
  it("counts who reached and who stopped on each page, in survey order, not counting screened-out exits", () => {
    // 50 started; 48 submitted the screener, 8 of whom were screened out → 40 reach concept 1;
    // 36 submit it (4 stop), 30 submit concept 2 (6 stop), 30 MaxDiff 1, 27 the price page (3 stop)
    const rows = pageFunnel(
      50,
      [
        { page: "price", count: 27 },
        { page: "concept:2", count: 30 },
        { page: "maxdiff:1", count: 30 },
        { page: "screener", count: 48 },
        { page: "concept:1", count: 36 },
      ],
      8,
    );
    expect(rows.map((r) => [r.label, r.reached, r.submitted, r.lost])).toEqual([
      ["Screener", 50, 48, 2],
      ["Concept 1", 40, 36, 4],
      ["Concept 2", 36, 30, 6],
      ["MaxDiff task 1", 30, 30, 0],
      ["Price questions", 30, 27, 3],
    ]);
    expect(rows[1].lostShare).toBeCloseTo(0.1, 12);
    expect(rows[2].lostShare).toBeCloseTo(1 / 6, 12);
  });

  it("orders MaxDiff tasks numerically (task 10 after task 9)", () => {
    const rows = pageFunnel(5, [
      { page: "maxdiff:10", count: 3 },
      { page: "maxdiff:9", count: 4 },
    ]);
    expect(rows.map((r) => r.page)).toEqual(["maxdiff:9", "maxdiff:10"]);
    expect(rows[1]).toMatchObject({ reached: 4, lost: 1 });
  });
});

describe("other fielding numbers", () => {
  it("median, cumulative completes by day and invitation waves", () => {
    expect(median([7, 3, 12, 5])).toBe(6);
    expect(median([9, 1, 4])).toBe(4);
    expect(median([])).toBeNull();
    expect(cumulativeByDay({ a: ["2026-11-02", "2026-11-01", "2026-11-02"], b: ["2026-11-03"] })).toEqual({
      days: ["2026-11-01", "2026-11-02", "2026-11-03"],
      values: { a: [1, 3, 3], b: [0, 0, 1] },
    });
    const waves = invitationWaves([
      { sentAt: at("2026-11-01T09:00:00Z"), respondentStatus: "completed" },
      { sentAt: at("2026-11-01T09:01:00Z"), respondentStatus: "invited" },
      { sentAt: at("2026-11-01T09:02:00Z"), respondentStatus: "started" },
      { sentAt: at("2026-11-01T09:03:00Z"), respondentStatus: "completed" },
      { sentAt: at("2026-11-04T09:00:00Z"), respondentStatus: "screened_out" },
      { sentAt: at("2026-11-04T09:00:00Z"), respondentStatus: "invited" },
    ]);
    expect(waves).toEqual([
      { day: "2026-11-01", sent: 4, started: 3, completed: 2, responseRate: 0.5 },
      { day: "2026-11-04", sent: 2, started: 1, completed: 0, responseRate: 0 },
    ]);
  });
});
