import { dataflowSpecSchema, type DataflowSpec } from "../../spec/index.js";
import type { DataflowInput } from "../contract.js";

const utf8 = new TextEncoder();

/** A validated document from a plain object (the YAML's shape), for tests. */
export function specOf(document: Record<string, unknown>): DataflowSpec {
  return dataflowSpecSchema.parse({ apiVersion: "freshet.io/v1", kind: "Dataflow", name: "test", ...document });
}

/** A JSON source record. */
export function jsonRecord(source: string, partition: number, offset: number, value: unknown, timestamp = 0, key: string | null = null): DataflowInput {
  return { source, partition, offset: BigInt(offset), key: key === null ? null : utf8.encode(key), value: utf8.encode(JSON.stringify(value)), timestamp };
}
