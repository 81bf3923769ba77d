import type { RejectedRecord } from "../../kit/connector.js";
import type { SourceRecord } from "../../kit/record.js";

export interface RecordShape {
  readonly format: "json" | "text";
  /** Dot path to an array in the JSON body whose elements become one record each. */
  readonly split?: string | undefined;
  /** JSON field of the body (or of each element) used as the record key. */
  readonly keyField?: string | undefined;
}

export interface ResponseRecords {
  readonly records: SourceRecord[];
  readonly rejected: RejectedRecord[];
}

/** The value at a dot path ("data.items") in parsed JSON, or undefined when a step is missing. */
function valueAtPath(value: unknown, path: string): unknown {
  let current = value;
  for (const step of path.split(".")) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, step)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

function keyOf(value: unknown, keyField: string | undefined): string | null {
  if (keyField === undefined) return null;
  const key = valueAtPath(value, keyField);
  if (key === undefined || key === null) return null;
  return typeof key === "string" ? key : JSON.stringify(key);
}

/** The records one response body makes; a body that is not what the shape expects is one rejected record holding the body. */
export function responseRecords(body: string, shape: RecordShape): ResponseRecords {
  if (shape.format === "text") return { records: [{ value: body }], rejected: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body) as unknown;
  } catch (cause) {
    return { records: [], rejected: [{ record: { value: body }, error: `the response body is not JSON: ${(cause as Error).message}` }] };
  }
  if (shape.split === undefined) return { records: [{ key: keyOf(parsed, shape.keyField), value: body }], rejected: [] };
  const elements = valueAtPath(parsed, shape.split);
  if (!Array.isArray(elements)) {
    return { records: [], rejected: [{ record: { value: body }, error: `split: the response body has no array at ${shape.split}` }] };
  }
  return { records: elements.map((element) => ({ key: keyOf(element, shape.keyField), value: JSON.stringify(element) })), rejected: [] };
}
