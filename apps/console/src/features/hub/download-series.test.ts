import { describe, expect, it } from "vitest";
import { dailySeries, totalDownloads } from "./download-series";

describe("daily download series", () => {
  it("fills the days without downloads with zeros, oldest first, ending today", () => {
    const series = dailySeries(
      [
        { day: "2026-12-06", count: 4 },
        { day: "2026-12-08", count: 1 },
      ],
      new Date("2026-12-08T23:59:00Z"),
      4,
    );
    expect(series).toEqual([
      { day: "2026-12-05", count: 0 },
      { day: "2026-12-06", count: 4 },
      { day: "2026-12-07", count: 0 },
      { day: "2026-12-08", count: 1 },
    ]);
  });

  it("counts days in UTC across a month and a year boundary, and leaves out days outside the window", () => {
    const series = dailySeries([{ day: "2026-12-01", count: 9 }], new Date("2027-01-01T00:30:00+02:00"), 3);
    // 00:30 at UTC+2 is still 31 December in UTC.
    expect(series.map((point) => point.day)).toEqual(["2026-12-29", "2026-12-30", "2026-12-31"]);
    expect(totalDownloads(series)).toBe(0);
  });

  it("has one point per day for a month's window", () => {
    const series = dailySeries([], new Date("2026-03-30T12:00:00Z"), 30);
    expect(series).toHaveLength(30);
    expect(series[0]!.day).toBe("2026-03-01");
    expect(new Set(series.map((point) => point.day)).size).toBe(30);
  });

  it("adds up the counts", () => {
    expect(
      totalDownloads([
        { day: "2026-12-01", count: 3 },
        { day: "2026-12-02", count: 5 },
      ]),
    ).toBe(8);
    expect(totalDownloads([])).toBe(0);
  });
});
