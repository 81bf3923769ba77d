import { err, ok, type Result } from "@freshet/protocol/result";

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  sec: 1_000,
  secs: 1_000,
  second: 1_000,
  seconds: 1_000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
};

const PART = /(\d+(?:\.\d+)?)\s*([a-z]+)/gy;

/**
 * "7d", "1s", "500ms", "1h30m", "7 days" → milliseconds. A bare number is refused:
 * "7" could mean seconds or days, and a wrong guess silently deletes data.
 */
export function parseDuration(text: string): Result<number, string> {
  const input = text.trim().toLowerCase();
  if (input.length === 0) return err("empty duration");
  let total = 0;
  PART.lastIndex = 0;
  let consumed = 0;
  for (let match = PART.exec(input); match !== null; match = PART.exec(input)) {
    const unit = UNIT_MS[match[2]!];
    if (unit === undefined) return err(`unknown unit "${match[2]}" in "${text}" (use ms, s, m, h, d or w)`);
    total += Number(match[1]) * unit;
    consumed = PART.lastIndex;
    while (input[consumed] === " ") consumed++;
    PART.lastIndex = consumed;
  }
  if (consumed !== input.length) {
    return /^\d+(\.\d+)?$/.test(input) ? err(`"${text}" needs a unit, e.g. ${input}s or ${input}d`) : err(`"${text}" is not a duration like 7d, 12h, 30s or 500ms`);
  }
  if (!Number.isSafeInteger(Math.round(total))) return err(`duration "${text}" is too large`);
  return ok(Math.round(total));
}

/** Short human form of milliseconds for status output: 3d 4h, 5m 2s, 800ms. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))}ms`;
  const parts: string[] = [];
  let rest = Math.floor(ms / 1_000);
  for (const [unit, size] of [
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join(" ");
}
