/**
 * Records as JSON lines, for running modules locally (`freshet sm test`, the SMDK
 * examples). A line is either an envelope `{key?, value, timestamp?, headers?,
 * offset?}` or any other JSON value, which becomes the value of a record. A value
 * given as a string is the record's text; any other JSON is stored as its JSON
 * text. Output lines use the same envelope, so they can be fed back in.
 */
import { z } from "zod";
import type { SmartRecord } from "../record.js";

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: false });

const ENVELOPE_KEYS = new Set(["key", "value", "timestamp", "headers", "offset"]);

const envelopeSchema = z.strictObject({
  key: z.string().nullable().optional(),
  value: z.unknown(),
  timestamp: z.number().int().nonnegative().optional(),
  headers: z.array(z.strictObject({ key: z.string(), value: z.string().nullable() })).optional(),
  offset: z.number().int().nonnegative().optional(),
});

export type RecordLinesResult = { ok: true; records: SmartRecord[] } | { ok: false; message: string };

function isEnvelope(json: unknown): json is Record<string, unknown> {
  return typeof json === "object" && json !== null && !Array.isArray(json) && Object.hasOwn(json, "value") && Object.keys(json).every((k) => ENVELOPE_KEYS.has(k));
}

function valueBytes(value: unknown): Uint8Array | null {
  if (value === null) return null;
  return textEncoder.encode(typeof value === "string" ? value : JSON.stringify(value));
}

/** Parses JSON lines into records; blank lines are skipped, offsets count the records from 0 unless given. */
export function parseRecordLines(text: string): RecordLinesResult {
  const records: SmartRecord[] = [];
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (cause) {
      return { ok: false, message: `line ${index + 1} is not JSON: ${(cause as Error).message}` };
    }
    if (!isEnvelope(json)) {
      records.push({ offset: records.length, timestamp: 0, key: null, value: valueBytes(json), headers: [] });
      continue;
    }
    const parsed = envelopeSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { ok: false, message: `line ${index + 1}: '${issue.path.join(".")}' ${issue.message}` };
    }
    const e = parsed.data;
    records.push({
      offset: e.offset ?? records.length,
      timestamp: e.timestamp ?? 0,
      key: e.key === undefined || e.key === null ? null : textEncoder.encode(e.key),
      value: valueBytes(e.value),
      headers: (e.headers ?? []).map((h) => ({ key: h.key, value: h.value === null ? null : textEncoder.encode(h.value) })),
    });
  }
  return { ok: true, records };
}

/** A value as it is printed: JSON other than a string as itself, anything else as its text. */
function printedValue(bytes: Uint8Array | null): unknown {
  if (bytes === null) return null;
  const text = textDecoder.decode(bytes);
  try {
    const json: unknown = JSON.parse(text);
    // A JSON string printed bare would read back as its unquoted text.
    if (typeof json !== "string") return json;
  } catch {
    // Not JSON: printed as text.
  }
  return text;
}

/** One output record as a JSON line; a null key, a zero timestamp and no headers are left out. */
export function formatRecordLine(record: SmartRecord): string {
  const line: Record<string, unknown> = { offset: record.offset };
  if (record.key !== null) line["key"] = textDecoder.decode(record.key);
  line["value"] = printedValue(record.value);
  if (record.timestamp !== 0) line["timestamp"] = record.timestamp;
  if (record.headers.length > 0) line["headers"] = record.headers.map((h) => ({ key: h.key, value: h.value === null ? null : textDecoder.decode(h.value) }));
  return JSON.stringify(line);
}
