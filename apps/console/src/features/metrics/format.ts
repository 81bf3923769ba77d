const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

/** 1536 → "1.5 KiB": binary units, as storage is billed. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(value < 10 ? 1 : 0)} ${BYTE_UNITS[unit]}`;
}

/** A per-second rate with at most three significant digits: 0.25, 12.3, 1,234. */
export function formatRate(perSecond: number): string {
  if (perSecond === 0) return "0";
  if (perSecond >= 100) return Math.round(perSecond).toLocaleString("en-US");
  return perSecond.toPrecision(3).replace(/\.?0+$/, "");
}

/** Seconds as a latency: 0.00042 → "0.42 ms", 1.5 → "1.5 s". */
export function formatLatency(seconds: number): string {
  if (seconds < 1) return `${formatRate(seconds * 1000)} ms`;
  return `${formatRate(seconds)} s`;
}

/** An instant on a chart's time axis, in the viewer's time zone; with seconds when the chart spans only minutes. */
export function formatClock(epochMs: number, withSeconds = false): string {
  return new Date(epochMs).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", ...(withSeconds ? { second: "2-digit" } : {}) });
}
