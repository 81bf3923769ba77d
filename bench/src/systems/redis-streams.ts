import { Redis } from "ioredis";
import { runWindowed } from "../run/windowed.js";
import type { WorkloadKnobs } from "../workload/knobs.js";
import { ensureService, REDIS } from "./local-services.js";
import { UnavailableError, type BenchStream, type SystemDriver } from "./driver.js";

/**
 * Redis Streams on the machine's Redis 7 (no persistence: RDB and AOF are off,
 * so a reply confirms a write to memory only). Produce: pipelines of `batch`
 * XADDs, `inFlight` pipelines outstanding. Consume: XREAD COUNT fetchBatch,
 * one call outstanding, continuing from the last id. Latency: one XADD per record.
 */
export class RedisStreamsDriver implements SystemDriver {
  readonly label = "redis";
  readonly setup: readonly string[];
  /** appendonly no: a reply confirms a write to memory (with appendonly yes, appendfsync everysec would still ack first). */
  readonly fsyncBeforeAck = "no";
  readonly #knobs: WorkloadKnobs;
  #client: Redis | null = null;

  constructor(knobs: WorkloadKnobs) {
    this.#knobs = knobs;
    this.setup = [
      `Redis ${REDIS.host}:${REDIS.port}, server started without persistence (save "", appendonly no): acks are in-memory.`,
      `produce: pipelines of ${knobs.batch} XADD key * v <payload>, ${knobs.inFlight} pipelines in flight; consume: XREAD COUNT ${knobs.fetchBatch}, one call at a time.`,
      "latency: one XADD per record, confirmed by its reply; keys are deleted after each phase.",
    ];
  }

  async connect(): Promise<void> {
    await ensureService(REDIS);
    const client = new Redis({
      host: REDIS.host,
      port: REDIS.port,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: () => null,
    });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.ping();
    } catch (cause) {
      client.disconnect();
      throw new UnavailableError(`redis at ${REDIS.host}:${REDIS.port} is unreachable`, { cause });
    }
    this.#client = client;
  }

  async openStream(name: string, payload: Buffer): Promise<BenchStream> {
    const client = this.#requireClient();
    const key = `freshet-bench:${name}`;
    await client.del(key);
    const knobs = this.#knobs;
    return {
      async produce(records, signal) {
        const pipelines = Math.ceil(records / knobs.batch);
        await runWindowed(
          pipelines,
          knobs.inFlight,
          async (index) => {
            const count = Math.min(knobs.batch, records - index * knobs.batch);
            const pipeline = client.pipeline();
            for (let i = 0; i < count; i++) pipeline.xadd(key, "*", "v", payload);
            const replies = (await pipeline.exec()) ?? [];
            for (const [error] of replies) if (error) throw error;
          },
          signal,
        );
      },
      async consume(records, signal) {
        let lastId = "0-0";
        let seen = 0;
        let bytes = 0;
        while (seen < records) {
          signal.throwIfAborted();
          const reply = await client.xreadBuffer("COUNT", knobs.fetchBatch, "STREAMS", key, lastId);
          const entries = reply?.[0]?.[1] ?? [];
          if (entries.length === 0) throw new Error(`stream ${key} ended after ${seen} of ${records} records`);
          for (const [id, fields] of entries) {
            bytes += fields[1]?.byteLength ?? 0;
            lastId = id.toString();
          }
          seen += entries.length;
        }
        return { bytes };
      },
      async produceOne() {
        await client.xadd(key, "*", "v", payload);
      },
      async remove() {
        await client.del(key);
      },
    };
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    if (client) await client.quit().catch(() => client.disconnect());
  }

  #requireClient(): Redis {
    if (!this.#client) throw new Error("redis driver is not connected");
    return this.#client;
  }
}
