import type { LakeField } from "./lake-config.js";

export type FieldValue = string | number | boolean | null;
export type Extracted = { readonly ok: true; readonly values: readonly FieldValue[] } | { readonly ok: false; readonly message: string };

const decoder = new TextDecoder("utf-8", { fatal: true });

function lookUp(document: unknown, path: string): unknown {
  let current = document;
  for (const step of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = Array.isArray(current) ? (current as unknown[])[Number(step)] : (current as Record<string, unknown>)[step];
  }
  return current;
}

function matches(value: unknown, type: LakeField["type"]): value is FieldValue {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "int64":
      // JSON numbers are doubles: only integers a double holds exactly are taken, so no digit is lost.
      return typeof value === "number" && Number.isSafeInteger(value);
    case "double":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
  }
}

/**
 * The declared fields of one record's JSON value, in declaration order. A field that is absent
 * or null is a null cell; a value of another type, or a value that is not JSON, is refused.
 */
export function extractFields(value: Uint8Array | null, fields: readonly LakeField[]): Extracted {
  if (fields.length === 0) return { ok: true, values: [] };
  if (value === null) return { ok: true, values: fields.map(() => null) };
  let document: unknown;
  try {
    document = JSON.parse(decoder.decode(value));
  } catch {
    return { ok: false, message: "the value is not JSON, so its fields cannot be extracted" };
  }
  const values: FieldValue[] = [];
  for (const field of fields) {
    const found = lookUp(document, field.path);
    if (found === undefined || found === null) values.push(null);
    else if (matches(found, field.type)) values.push(found);
    else return { ok: false, message: `field ${field.name} (${field.path}) should be ${field.type === "int64" ? "an int64" : `a ${field.type}`} but is ${JSON.stringify(found).slice(0, 80)}` };
  }
  return { ok: true, values };
}
