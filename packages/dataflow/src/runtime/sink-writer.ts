import type { FreshetClient } from "@freshet/client/client";
import { listPartitionOffsets } from "@freshet/client/cluster/list-offsets";
import { PartitionFetcher } from "@freshet/client/consumer/partition-fetcher";
import type { Producer } from "@freshet/client/producer/producer";
import type { ProducerRecord } from "@freshet/client/producer/producer-record";
import type { DataflowOutput } from "../graph/contract.js";
import { partitionKey, type PartitionOffsets } from "./checkpoint-store.js";

/** The header each output carries: its deterministic id, how a restart recognises what it already wrote. */
export const ID_HEADER = "freshet.dataflow.id";

const decoder = new TextDecoder();

interface Deferred {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Bytes of one slab the outputs' strings are encoded into (one allocation per slab, not per string). */
const SLAB_BYTES = 1 << 20;

/**
 * Encodes strings as UTF-8 back to back into shared slabs and hands out views of them: one
 * encode per string, no allocation of its own. A filled slab is left to the views into it (the
 * producer copies them into its batch) and a new one started.
 */
class Utf8Slab {
  #slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
  #used = 0;

  encode(text: string): Uint8Array {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const most = text.length * 3;
    if (this.#slab.byteLength - this.#used < most) {
      this.#slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, most));
      this.#used = 0;
    }
    const start = this.#used;
    this.#used += this.#slab.write(text, start);
    return new Uint8Array(this.#slab.buffer, this.#slab.byteOffset + start, this.#used - start);
  }
}

/**
 * Writes a dataflow's outputs to its sink topics: acks=all through an idempotent producer (a
 * retried batch is never written twice, and batches land in the order they were sent), the
 * end offset of each sink partition tracked from the acknowledgements. After a restart, the ids
 * found in the sinks past the checkpoint are suppressed once each: those results were written
 * before the process died, and the re-processed records produce them again. Ids not re-emitted
 * yet when the next checkpoint is taken go into it (pendingIds): that checkpoint's end offsets are
 * already past them, so a second restart would not find them in the sinks.
 */
export class SinkWriter {
  readonly #client: FreshetClient;
  readonly #producer: Producer;
  /** sink id → topic. */
  readonly #topics: ReadonlyMap<string, string>;
  readonly #ends = new Map<string, number>();
  #suppressed = new Set<string>();
  #last: Promise<unknown> = Promise.resolve();
  /** Outputs not sent yet, per topic: they wait for the send in flight. */
  #queued = new Map<string, ProducerRecord[]>();
  /** The send in flight, settled once acknowledged. */
  #sending: Promise<void> | undefined;
  /** Settles when the queued outputs are acknowledged. */
  #next: Deferred | undefined;
  /** Unacknowledged writes, oldest first (acknowledged in this order). */
  readonly #inFlight: Array<Promise<unknown>> = [];
  #failure: Error | undefined;
  readonly #utf8 = new Utf8Slab();

  constructor(client: FreshetClient, topics: ReadonlyMap<string, string>) {
    this.#client = client;
    this.#topics = topics;
    this.#producer = client.producer({ idempotent: true });
  }

  /**
   * Creates missing sink topics (the broker's default partitions), then collects the ids to
   * suppress: the checkpoint's pending ones and those in the sinks past its end offsets.
   */
  async open(checkpoint: { readonly sinks: PartitionOffsets; readonly pendingIds: readonly string[] } | undefined, signal: AbortSignal): Promise<void> {
    this.#suppressed = new Set(checkpoint?.pendingIds);
    const topics = [...new Set(this.#topics.values())];
    const existing = new Set(await this.#client.admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) await this.#client.admin.createTopics(missing.map((name) => ({ name })));
    for (const topic of topics) {
      const info = await this.#client.cluster.retry(() => this.#client.cluster.topic(topic, { refresh: true }));
      const partitions = info.partitions.map((p) => p.partition);
      const latest = await listPartitionOffsets(this.#client.cluster, topic, partitions, "latest");
      const from = new Map(partitions.map((p) => [p, checkpoint?.sinks[partitionKey(topic, p)] ?? latest.get(p)!]));
      for (const [p, end] of latest) this.#ends.set(partitionKey(topic, p), end);
      if (checkpoint !== undefined) await this.#collectIds(topic, from, latest, signal);
    }
  }

  async #collectIds(topic: string, from: ReadonlyMap<number, number>, to: ReadonlyMap<number, number>, signal: AbortSignal): Promise<void> {
    const fetcher = new PartitionFetcher(this.#client.cluster, topic, from, { endOffsets: to, signal, maxWaitMs: 100 });
    try {
      for (let records = await fetcher.next(); records !== null; records = await fetcher.next()) {
        signal.throwIfAborted();
        for (const record of records) {
          const id = record.headers.find((h) => h.key === ID_HEADER)?.value;
          if (id !== undefined && id !== null) this.#suppressed.add(decoder.decode(id));
        }
      }
    } finally {
      fetcher.close();
    }
  }

  /** Ids of outputs written before a restart that are still to be re-emitted (and skipped). */
  pendingIds(): string[] {
    return [...this.#suppressed];
  }

  /** Set once a send failed for good: outputs may be missing, so the dataflow must stop. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /**
   * Queues the outputs (not waiting for the acknowledgement); returns how many were sent. While
   * a send is in flight, the outputs of further writes wait and go out together in the next one:
   * fewer, fuller batches (the idempotent producer sends one request at a time anyway).
   */
  write(outputs: readonly DataflowOutput[]): number {
    let sent = 0;
    const utf8 = this.#utf8;
    for (const output of outputs) {
      if (this.#suppressed.size > 0 && this.#suppressed.delete(output.id)) continue;
      const topic = this.#topics.get(output.sink);
      if (topic === undefined) continue;
      let records = this.#queued.get(topic);
      if (records === undefined) this.#queued.set(topic, (records = []));
      // undefined (no JSON) goes out as a null value, as before.
      const json = JSON.stringify(output.value) as string | undefined;
      records.push({
        key: output.key === null ? null : utf8.encode(output.key),
        value: json === undefined ? null : utf8.encode(json),
        timestamp: output.timestamp,
        headers: [{ key: ID_HEADER, value: utf8.encode(output.id) }],
      });
      sent++;
    }
    if (sent === 0) return 0;
    let acknowledged: Promise<void>;
    if (this.#sending === undefined) acknowledged = this.#flush();
    else {
      // Settles when the send that takes the queued outputs is acknowledged (started by #flush).
      this.#next ??= deferred();
      acknowledged = this.#next.promise;
    }
    const tracked = acknowledged.finally(() => {
      void this.#inFlight.splice(this.#inFlight.indexOf(tracked), 1);
    });
    this.#inFlight.push(tracked);
    this.#last = tracked;
    return sent;
  }

  /** Sends everything queued; when acknowledged, sends what was queued meanwhile. Never rejects (a failure is kept). */
  #flush(): Promise<void> {
    const queued = this.#queued;
    this.#queued = new Map();
    const sends = [...queued].map(([topic, records]) =>
      this.#producer.send(topic, records, { acks: -1 }).then(
        (metadata) => {
          // The highest offset per partition first: one end update per partition, not per record.
          const highest = new Map<number, number>();
          for (let i = 0; i < metadata.length; i++) {
            const { partition, offset } = metadata[i]!;
            if (offset > (highest.get(partition) ?? -1)) highest.set(partition, offset);
          }
          for (const [partition, offset] of highest) {
            const key = partitionKey(topic, partition);
            if (offset + 1 > (this.#ends.get(key) ?? 0)) this.#ends.set(key, offset + 1);
          }
        },
        (error: unknown) => {
          this.#failure ??= new Error(`cannot write to the sink topic ${topic}: ${(error as Error).message}`, { cause: error });
        },
      ),
    );
    const sending = Promise.all(sends).then(() => {
      this.#sending = undefined;
      const next = this.#next;
      this.#next = undefined;
      // Started before this send's waiters run: acknowledged() then sees this send's ends only.
      if (next !== undefined) void this.#flush().then(next.resolve);
    });
    this.#sending = sending;
    return sending;
  }

  /**
   * Resolves, once every send queued so far is acknowledged, with the sink end offsets as they
   * were then. The producer sends in order, so later sends cannot have moved them yet.
   */
  acknowledged(): Promise<PartitionOffsets> {
    return this.#last.then(() => {
      if (this.#failure !== undefined) throw this.#failure;
      return Object.fromEntries(this.#ends);
    });
  }

  /** Resolves when fewer than `limit` writes are unacknowledged. */
  async below(limit: number): Promise<void> {
    while (this.#inFlight.length >= limit) await this.#inFlight[0];
  }
}
