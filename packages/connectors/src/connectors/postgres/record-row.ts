import type { SinkRecord } from "../../kit/record.js";

/** A value `pg` sends as a query parameter; objects and arrays are sent as JSON text so json/jsonb columns take them. */
export type ColumnValue = string | number | boolean | Date | null;

export type RowResult = { readonly ok: true; readonly values: ColumnValue[] } | { readonly ok: false; readonly error: string };

const decoder = new TextDecoder("utf-8", { fatal: true });

function asParameter(value: unknown): ColumnValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  // `pg` would turn a JS array into a PostgreSQL array literal; JSON text is what the record held.
  return JSON.stringify(value);
}

function pathValue(root: unknown, path: readonly string[]): unknown {
  let current = root;
  for (const step of path) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, step)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/**
 * Turns records into parameter rows for the configured columns. The value is parsed as JSON only
 * when a column needs it; a missing field becomes NULL, so a NOT NULL column refuses the row.
 */
export class RecordRowMapper {
  readonly #sources: readonly string[];
  readonly #needsJson: boolean;

  constructor(sources: readonly string[]) {
    this.#sources = sources;
    this.#needsJson = sources.some((s) => !s.startsWith("$") || s === "$value");
  }

  map(record: SinkRecord): RowResult {
    let text: string | null = null;
    let json: unknown = null;
    if (this.#needsJson && record.value !== null) {
      try {
        text = decoder.decode(record.value);
        json = JSON.parse(text);
      } catch (cause) {
        return { ok: false, error: `the record value is not JSON: ${(cause as Error).message}` };
      }
    }
    const values = this.#sources.map((source): ColumnValue => {
      switch (source) {
        case "$key":
          return record.key === null ? null : Buffer.from(record.key).toString("utf8");
        case "$topic":
          return record.topic;
        case "$partition":
          return record.partition;
        case "$offset":
          return record.offset;
        case "$timestamp":
          return new Date(record.timestamp);
        case "$value":
          return text;
        default:
          return asParameter(pathValue(json, source.split(".")));
      }
    });
    return { ok: true, values };
  }
}
