/*
 * One page of the console's message browser, over any reader of partition ranges: the pages,
 * the order, the filters and the scan bound are decided here, apart from the Kafka I/O, so they
 * are tested without a broker.
 *
 * A page is described by one position per partition. Oldest first, the position is the next
 * offset to read; newest first, it is the exclusive end of what is left to read (reading goes
 * down from it). The next page starts where this one stopped in each partition, so pages never
 * overlap and never skip a record, whatever the filter.
 */

export interface BrowsedRecord {
  readonly partition: number;
  readonly offset: number;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: readonly { readonly key: string; readonly value: string | null }[];
}

/** Reads the records of `partition` with offsets in [from, to), in offset order, at most `max` of them (fewer is fine; gaps are skipped). */
export interface PartitionRangeReader {
  read(partition: number, from: number, to: number, max: number): Promise<BrowsedRecord[]>;
}

export type BrowseOrder = "newest-first" | "oldest-first";

export interface MessageFilter {
  /** The record's key, exactly. */
  readonly key?: string;
  /** Text the key, the value or a header value contains (case-sensitive). */
  readonly contains?: string;
}

export interface BrowsePage {
  readonly order: BrowseOrder;
  readonly positions: ReadonlyMap<number, number>;
  /** Each partition's log start and end (high watermark). */
  readonly bounds: ReadonlyMap<number, { readonly earliest: number; readonly latest: number }>;
  readonly pageSize: number;
  /** The most records read (matching or not) for this page, over all partitions. */
  readonly scanLimit: number;
  readonly filter: MessageFilter;
}

export interface BrowseResult {
  readonly records: BrowsedRecord[];
  /** Where the next page starts per partition; null when every partition was read to its end. */
  readonly next: Map<number, number> | null;
  /** Records read for this page, matching or not. */
  readonly scanned: number;
  /** The offsets read in each partition, [from, to), for "looked at …" in the console. */
  readonly ranges: { partition: number; from: number; to: number }[];
}

/** Records read per request to the reader: large enough to make few requests, small enough to stop soon after a page fills. */
const CHUNK = 500;

export function matches(record: BrowsedRecord, filter: MessageFilter): boolean {
  if (filter.key !== undefined && filter.key !== "" && record.key !== filter.key) return false;
  const needle = filter.contains;
  if (needle === undefined || needle === "") return true;
  return (record.key?.includes(needle) ?? false) || (record.value?.includes(needle) ?? false) || record.headers.some((h) => h.value?.includes(needle) ?? false);
}

interface PartitionScan {
  readonly partition: number;
  /** Matching records in reading order (ascending oldest first, descending newest first). */
  readonly found: BrowsedRecord[];
  /** The position reached: everything between the start and here was read. */
  reached: number;
  readonly start: number;
  scanned: number;
}

async function scanPartition(reader: PartitionRangeReader, page: BrowsePage, partition: number, budget: number): Promise<PartitionScan> {
  const bounds = page.bounds.get(partition) ?? { earliest: 0, latest: 0 };
  const start = Math.min(Math.max(page.positions.get(partition) ?? (page.order === "oldest-first" ? bounds.earliest : bounds.latest), bounds.earliest), bounds.latest);
  const scan: PartitionScan = { partition, found: [], reached: start, start, scanned: 0 };
  while (scan.found.length < page.pageSize && scan.scanned < budget) {
    const want = Math.min(CHUNK, budget - scan.scanned);
    if (page.order === "oldest-first") {
      if (scan.reached >= bounds.latest) break;
      const to = Math.min(bounds.latest, scan.reached + want);
      const records = await reader.read(partition, scan.reached, to, want);
      let next = to;
      for (const record of records) {
        scan.scanned++;
        if (matches(record, page.filter)) scan.found.push(record);
        if (scan.found.length === page.pageSize || scan.scanned === budget) {
          next = record.offset + 1;
          break;
        }
      }
      scan.reached = next;
    } else {
      if (scan.reached <= bounds.earliest) break;
      const from = Math.max(bounds.earliest, scan.reached - want);
      const records = await reader.read(partition, from, scan.reached, want);
      let next = from;
      for (let i = records.length - 1; i >= 0; i--) {
        const record = records[i]!;
        scan.scanned++;
        if (matches(record, page.filter)) scan.found.push(record);
        if (scan.found.length === page.pageSize || scan.scanned === budget) {
          next = record.offset;
          break;
        }
      }
      scan.reached = next;
    }
  }
  return scan;
}

function compare(order: BrowseOrder) {
  const sign = order === "oldest-first" ? 1 : -1;
  return (a: BrowsedRecord, b: BrowsedRecord) => sign * (a.timestamp - b.timestamp || a.partition - b.partition || a.offset - b.offset);
}

/** Reads one page: up to `pageSize` matching records of the chosen partitions, merged by timestamp. */
export async function browsePage(reader: PartitionRangeReader, page: BrowsePage): Promise<BrowseResult> {
  const partitions = [...page.bounds.keys()].sort((a, b) => a - b);
  // The scan bound is shared evenly, so one busy partition cannot use it all up.
  const budget = Math.max(1, Math.floor(page.scanLimit / Math.max(1, partitions.length)));
  const scans = await Promise.all(partitions.map((partition) => scanPartition(reader, page, partition, budget)));
  const records = scans
    .flatMap((scan) => scan.found)
    .sort(compare(page.order))
    .slice(0, page.pageSize);

  const next = new Map<number, number>();
  for (const scan of scans) {
    const taken = records.filter((r) => r.partition === scan.partition);
    // Found records that did not make this page are read again by the next one.
    const allTaken = taken.length === scan.found.length;
    const last = taken.at(-1);
    if (allTaken || last === undefined) next.set(scan.partition, allTaken ? scan.reached : scan.start);
    else next.set(scan.partition, page.order === "oldest-first" ? last.offset + 1 : last.offset);
  }
  const finished = partitions.every((partition) => {
    const bounds = page.bounds.get(partition)!;
    const position = next.get(partition)!;
    return page.order === "oldest-first" ? position >= bounds.latest : position <= bounds.earliest;
  });
  const ranges = scans.map((scan) =>
    page.order === "oldest-first" ? { partition: scan.partition, from: scan.start, to: scan.reached } : { partition: scan.partition, from: scan.reached, to: scan.start },
  );
  return { records, next: finished ? null : next, scanned: scans.reduce((sum, scan) => sum + scan.scanned, 0), ranges };
}
