import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration.js";
import { formatSize, parseSize } from "./size.js";

describe("parseDuration", () => {
  it.each([
    ["7d", 7 * 86_400_000],
    ["1s", 1_000],
    ["500ms", 500],
    ["1h30m", 5_400_000],
    ["7 days", 7 * 86_400_000],
    ["2w", 14 * 86_400_000],
    ["1.5h", 5_400_000],
    [" 15 min ", 900_000],
  ])("%s = %d ms", (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: ms });
  });

  it.each(["", "7", "7x", "d7", "1h 3", "-1s", "ms"])("refuses %j", (text) => {
    expect(parseDuration(text).ok).toBe(false);
  });

  it("asks for a unit on bare numbers", () => {
    expect(parseDuration("7")).toEqual({ ok: false, error: '"7" needs a unit, e.g. 7s or 7d' });
  });

  it("formats uptimes compactly", () => {
    expect(formatDuration(800)).toBe("800ms");
    expect(formatDuration(62_000)).toBe("1m 2s");
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 5_000)).toBe("3d 4h");
  });
});

describe("parseSize", () => {
  it.each([
    ["1GiB", 2 ** 30],
    ["1GB", 1e9],
    ["512 MiB", 512 * 2 ** 20],
    ["100kb", 100_000],
    ["1048576", 1_048_576],
    ["1.5KiB", 1_536],
    ["2Ti", 2 * 2 ** 40],
  ])("%s = %d bytes", (text, bytes) => {
    expect(parseSize(text)).toEqual({ ok: true, value: bytes });
  });

  it.each(["", "GiB", "1 XB", "1.1B", "-5MB", "1e3"])("refuses %j", (text) => {
    expect(parseSize(text).ok).toBe(false);
  });

  it("formats sizes in binary units", () => {
    expect(formatSize(512)).toBe("512 B");
    expect(formatSize(1536)).toBe("1.5 KiB");
    expect(formatSize(3 * 2 ** 30)).toBe("3.0 GiB");
  });
});
