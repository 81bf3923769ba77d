import { map, param } from "@freshet/smartmodule/guest";

type Json = Record<string, unknown>;

/** Replaces the listed fields of JSON records with a mask; fields a record lacks are left alone. */
export const { describe, init, process } = map({
  name: "pii-mask",
  description: "mask personal fields of JSON records",
  params: {
    fields: param.list("comma-separated JSON fields to mask; dots reach into nested objects (user.email)"),
    mask: param.string("what a masked field's value becomes", "***"),
  },
  apply(record, params) {
    const value = record.json<unknown>();
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("value is not a JSON object");
    for (const field of params.fields) {
      const path = field.split(".");
      const last = path.pop()!;
      let node: unknown = value;
      for (const part of path) node = typeof node === "object" && node !== null ? (node as Json)[part] : undefined;
      if (typeof node === "object" && node !== null && Object.hasOwn(node, last)) (node as Json)[last] = params.mask;
    }
    return JSON.stringify(value);
  },
});
