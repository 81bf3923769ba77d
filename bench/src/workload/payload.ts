import { randomBytes } from "node:crypto";

/**
 * One record value of `size` random bytes, reused for every record of a run.
 * Random so that no system can win by compressing it (none is configured to).
 */
export function makePayload(size: number): Buffer {
  return randomBytes(size);
}

/** Megabytes are 10^6 bytes of record payload; protocol overhead is not counted. */
export function megabytesPerSecond(bytes: number, seconds: number): number {
  return bytes / 1e6 / seconds;
}
