/** Bytes as people read them (binary units, one decimal above KiB). */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return "—";
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** A retention time in the largest whole unit; -1 is Kafka's "forever". */
export function formatRetention(ms: number | null, bytes: number | null): string {
  const time = ms === null ? "—" : ms === -1 ? "forever" : formatDuration(ms);
  return bytes === null || bytes === -1 ? time : `${time}, at most ${formatBytes(bytes)} per partition`;
}

function formatDuration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, "day"],
    [3_600_000, "hour"],
    [60_000, "minute"],
    [1000, "second"],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${name}${ms / size === 1 ? "" : "s"}`;
  }
  return `${ms} ms`;
}

/** A record's text as JSON pretty-printed when it is JSON, else as it is. */
export function prettyValue(text: string | null): { text: string; json: boolean } {
  if (text === null) return { text: "null", json: false };
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return { text, json: false };
  try {
    return { text: JSON.stringify(JSON.parse(trimmed), null, 2), json: true };
  } catch {
    return { text, json: false };
  }
}

/** Records as JSON lines (one object per line, newline-terminated), the download format of the message browser. */
export function jsonLines(records: readonly unknown[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join("");
}
