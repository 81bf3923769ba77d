import type { ConsumedRecord } from "@freshet/client/consumer/consumed-record";
import { err, ok, type Result } from "@freshet/protocol/result";

const decoder = new TextDecoder("utf-8");

const FIELDS = {
  key: (r: ConsumedRecord) => (r.key === null ? "null" : decoder.decode(r.key)),
  value: (r: ConsumedRecord) => (r.value === null ? "null" : decoder.decode(r.value)),
  offset: (r: ConsumedRecord) => String(r.offset),
  partition: (r: ConsumedRecord) => String(r.partition),
  topic: (r: ConsumedRecord) => r.topic,
  time: (r: ConsumedRecord) => new Date(r.timestamp).toISOString(),
  timestamp: (r: ConsumedRecord) => String(r.timestamp),
} as const;

type Field = keyof typeof FIELDS;

export type RecordFormatter = (record: ConsumedRecord) => string;

export const VALUE_FORMAT = "{{value}}";
export const KEY_VALUE_FORMAT = "{{key}}={{value}}";

/**
 * Compiles a fluvio-style template: {{key}} {{value}} {{offset}} {{partition}}
 * {{topic}} {{time}} (ISO 8601) {{timestamp}} (ms). Unknown placeholders are refused
 * up front instead of printing them literally for every record.
 */
export function compileRecordFormat(template: string): Result<RecordFormatter, string> {
  const parts: Array<string | Field> = [];
  const placeholder = /\{\{\s*([a-z]+)\s*\}\}/g;
  let last = 0;
  for (const match of template.matchAll(placeholder)) {
    const name = match[1]!;
    if (!Object.hasOwn(FIELDS, name))
      return err(
        `unknown placeholder {{${name}}} (known: ${Object.keys(FIELDS)
          .map((f) => `{{${f}}}`)
          .join(" ")})`,
      );
    parts.push(template.slice(last, match.index));
    parts.push(name as Field);
    last = match.index + match[0].length;
  }
  parts.push(template.slice(last));
  const fields = new Set<string>(Object.keys(FIELDS));
  return ok((record) => parts.map((part, i) => (i % 2 === 1 && fields.has(part) ? FIELDS[part as Field](record) : part)).join(""));
}
