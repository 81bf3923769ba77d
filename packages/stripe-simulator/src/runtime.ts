import { randomBytes } from "node:crypto";

/** Seconds since the epoch, as Stripe's `created` fields; injectable so tests can pin or advance time. */
export type Clock = () => number;
/** Makes an id with Stripe's prefix (`cus`, `in`, `evt`…); injectable so tests can get predictable ids. */
export type IdGenerator = (prefix: string) => string;

export const systemClock: Clock = () => Math.floor(Date.now() / 1000);

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export const randomIds: IdGenerator = (prefix) => `${prefix}_${[...randomBytes(24)].map((byte) => alphabet[byte % alphabet.length]).join("")}`;

/** `cus_000001`, `cus_000002`… per prefix: stable ids for snapshot-style assertions. */
export function sequentialIds(): IdGenerator {
  const counters = new Map<string, number>();
  return (prefix) => {
    const next = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, next);
    return `${prefix}_${String(next).padStart(6, "0")}`;
  };
}
