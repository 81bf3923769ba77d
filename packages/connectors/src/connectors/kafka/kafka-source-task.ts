import type { FreshetClient } from "@freshet/client/client";
import { listPartitionOffsets } from "@freshet/client/cluster/list-offsets";
import type { ConsumedRecord } from "@freshet/client/consumer/consumed-record";
import { PartitionFetcher } from "@freshet/client/consumer/partition-fetcher";
import type { SourceBatch, SourceTask } from "../../kit/connector.js";
import type { SourceRecord } from "../../kit/record.js";
import { mirrorPositionOf, type MirrorOffsets } from "./mirror-position.js";
import { asConnectorError, type RemoteCluster } from "./remote-cluster.js";

/** Headers naming where a mirrored record came from. */
export const MIRROR_HEADERS = { topic: "freshet.mirror.topic", partition: "freshet.mirror.partition", offset: "freshet.mirror.offset" } as const;

const EMPTY = new Uint8Array(0);

function mirrored(record: ConsumedRecord): SourceRecord {
  const headers: Record<string, Uint8Array | string> = {};
  // A null header value has no form in a SourceRecord; an empty one keeps the header's name.
  for (const header of record.headers) headers[header.key] = header.value ?? EMPTY;
  headers[MIRROR_HEADERS.topic] = record.topic;
  headers[MIRROR_HEADERS.partition] = record.partition.toString();
  headers[MIRROR_HEADERS.offset] = record.offset.toString();
  return { key: record.key, value: record.value, headers, timestamp: record.timestamp };
}

/** The partitions of the remote topic and where copying starts in each: the stored offset, else `start`. */
export async function planMirror(client: FreshetClient, config: RemoteCluster & { start: "beginning" | "end" }, stored: MirrorOffsets): Promise<MirrorOffsets> {
  const topic = await client.cluster.retry(() => client.cluster.topic(config.topic, { refresh: true }));
  const partitions = topic.partitions.map((p) => p.partition).sort((a, b) => a - b);
  const fresh = partitions.filter((p) => !stored.has(p));
  const starts = fresh.length === 0 ? new Map<number, number>() : await listPartitionOffsets(client.cluster, config.topic, fresh, config.start === "beginning" ? "earliest" : "latest");
  return new Map(partitions.map((p) => [p, stored.get(p) ?? starts.get(p)!]));
}

/**
 * Copies the remote topic's records as they are fetched. The position handed out with each batch
 * is, per partition, the offset after the last record in it, so a restart resumes exactly there.
 */
export class KafkaSourceTask implements SourceTask {
  readonly #fetcher: PartitionFetcher;
  readonly #offsets: MirrorOffsets;
  readonly #pending: ConsumedRecord[] = [];
  readonly #stop = new AbortController();
  /** A fetch outlives an aborted poll: the next poll takes its records instead of losing them. */
  #fetching: Promise<ConsumedRecord[] | null> | null = null;

  constructor(
    private readonly client: FreshetClient,
    private readonly config: RemoteCluster,
    start: MirrorOffsets,
    private readonly maxBatch: number,
  ) {
    this.#offsets = new Map(start);
    this.#fetcher = new PartitionFetcher(client.cluster, config.topic, start, { maxWaitMs: 500, signal: this.#stop.signal });
  }

  async poll(signal: AbortSignal): Promise<SourceBatch> {
    signal.throwIfAborted();
    if (this.#pending.length === 0) this.#pending.push(...(await this.#fetch(signal)));
    const taken = this.#pending.splice(0, this.maxBatch);
    if (taken.length === 0) return { records: [] };
    for (const record of taken) this.#offsets.set(record.partition, record.offset + 1);
    return { records: taken.map(mirrored), position: mirrorPositionOf(this.#offsets) };
  }

  async #fetch(signal: AbortSignal): Promise<ConsumedRecord[]> {
    this.#fetching ??= this.#fetcher.next();
    const fetching = this.#fetching;
    let aborted: (() => void) | undefined;
    const abort = new Promise<never>((_, reject) => {
      aborted = () => reject(signal.reason as Error);
      signal.addEventListener("abort", aborted, { once: true });
    });
    try {
      const records = await Promise.race([fetching, abort]);
      this.#fetching = null;
      return records ?? [];
    } catch (error) {
      if (signal.aborted) throw signal.reason as Error;
      this.#fetching = null;
      throw asConnectorError(error, this.config);
    } finally {
      signal.removeEventListener("abort", aborted!);
    }
  }

  async close(): Promise<void> {
    this.#stop.abort();
    this.#fetcher.close();
    await this.client.close();
  }
}
