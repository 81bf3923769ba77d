import type { SmartRecord } from "@freshet/smartmodule/record";

/*
 * The benchmark's filter and map written as ordinary JavaScript over the same
 * records: what a consumer would do in its own process without SmartModules. The
 * logic matches examples/json-filter (type = click) and examples/pii-mask (email).
 */
const decoder = new TextDecoder();
const encoder = new TextEncoder();

export function plainFilter(records: readonly SmartRecord[]): SmartRecord[] {
  return records.filter((r) => {
    const value = JSON.parse(decoder.decode(r.value ?? new Uint8Array())) as Record<string, unknown>;
    return String(value["type"]) === "click";
  });
}

export function plainMap(records: readonly SmartRecord[]): SmartRecord[] {
  return records.map((r) => {
    const value = JSON.parse(decoder.decode(r.value ?? new Uint8Array())) as Record<string, unknown>;
    if (value["email"] !== undefined) value["email"] = "***";
    return { ...r, value: encoder.encode(JSON.stringify(value)) };
  });
}
