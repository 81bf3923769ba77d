/** Offsets padded to 20 digits (the most a signed 64-bit offset has) so names sort by offset. */
function padded(offset: number): string {
  return offset.toString().padStart(20, "0");
}

/**
 * Where the file of records `firstOffset`..`lastOffset` of a topic-partition goes. Derived from
 * the offsets alone, so writing the same range again after a redelivery replaces the file
 * instead of adding a second copy of its rows.
 */
export function objectName(prefix: string | undefined, topic: string, partition: number, firstOffset: number, lastOffset: number): string {
  const name = `${topic}/${partition.toString()}/${padded(firstOffset)}-${padded(lastOffset)}.parquet`;
  return prefix === undefined ? name : `${prefix}/${name}`;
}
