/** What the live tail keeps of a record to place it: where it lives and when it was written. */
export interface Placed {
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
}

/**
 * Adds one record to the tail's list, newest first, keeping at most `keep`. The stream starts
 * with each partition's latest records, and a reconnect starts it again, so a record already
 * shown is ignored rather than listed twice.
 */
export function addToTail<R extends Placed>(records: readonly R[], record: R, keep: number): R[] {
  if (records.some((r) => r.partition === record.partition && r.offset === record.offset)) return records as R[];
  const next = [record, ...records];
  next.sort((a, b) => b.timestamp - a.timestamp || a.partition - b.partition || b.offset - a.offset);
  return next.slice(0, keep);
}
