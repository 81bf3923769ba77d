import type { SmartRecord } from "@freshet/smartmodule/record";

const TYPES = ["click", "view", "purchase", "signup"] as const;
export const RECORD_BYTES = 200;

/** The JSON value of record `i`: a small event padded to exactly 200 bytes; a quarter are clicks. */
export function jsonValue(i: number): string {
  const event = { id: i, type: TYPES[i % TYPES.length], user: `u${i % 9973}`, email: `user${i % 9973}@example.com`, country: i % 3 === 0 ? "DE" : "FR", amount: (i % 1000) / 10 };
  const text = JSON.stringify({ ...event, pad: "" });
  return text.replace('"pad":""', `"pad":"${"x".repeat(Math.max(0, RECORD_BYTES - text.length))}"`);
}

const encoder = new TextEncoder();

export function jsonRecords(count: number, firstOffset = 0): SmartRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    offset: firstOffset + i,
    timestamp: 1_700_000_000_000 + i,
    key: null,
    value: encoder.encode(jsonValue(firstOffset + i)),
    headers: [],
  }));
}
