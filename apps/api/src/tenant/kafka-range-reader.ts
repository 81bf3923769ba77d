import type { FreshetClient } from "@freshet/client/client";
import type { ConsumedRecord } from "@freshet/client/consumer/consumed-record";
import { PartitionFetcher } from "@freshet/client/consumer/partition-fetcher";
import type { BrowsedRecord, PartitionRangeReader } from "./message-browser.js";

/** One page waits at most this long for a range's records; a range below the high watermark is there to read, so only a sick broker takes longer. */
const RANGE_DEADLINE_MS = 10_000;
/** A range is bounded by the scan limit, but one batch may still be large; 4 MiB per fetch keeps a page's memory in check. */
const PARTITION_MAX_BYTES = 4 * 1024 * 1024;

const text = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes).toString("utf8"));

export function browsedRecord(record: ConsumedRecord): BrowsedRecord {
  return {
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    key: text(record.key),
    value: text(record.value),
    headers: record.headers.map((h) => ({ key: h.key, value: text(h.value) })),
  };
}

/** Reads ranges of `topic` with plain Fetch requests (no group, no commits), as the control plane's user. */
export function kafkaRangeReader(client: FreshetClient, topic: string, signal?: AbortSignal): PartitionRangeReader {
  return {
    async read(partition, from, to, max) {
      if (from >= to) return [];
      const fetcher = new PartitionFetcher(client.cluster, topic, new Map([[partition, from]]), {
        endOffsets: new Map([[partition, to]]),
        maxWaitMs: 100,
        partitionMaxBytes: PARTITION_MAX_BYTES,
        signal,
      });
      const records: BrowsedRecord[] = [];
      const deadline = Date.now() + RANGE_DEADLINE_MS;
      try {
        while (records.length < max && !fetcher.finished && Date.now() < deadline && !signal?.aborted) {
          const batch = await fetcher.next();
          if (batch === null) break;
          for (const record of batch) if (records.length < max) records.push(browsedRecord(record));
        }
      } finally {
        fetcher.close();
      }
      // The browser takes a short answer as "the whole range was read": never let a slow broker skip records silently.
      if (records.length < max && !fetcher.finished && !signal?.aborted) throw new Error(`offsets ${from} to ${to - 1} of ${topic}/${partition} did not arrive in time`);
      return records;
    },
  };
}
