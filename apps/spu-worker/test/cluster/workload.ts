import { performance } from "node:perf_hooks";
import type { Admin, Kafka, Producer } from "kafkajs";
import { eventually } from "../support/spu-process.js";
import type { HistoryRecord } from "./checker.js";

/** RF=3 with min.insync.replicas=2: the recipe under test (reliability.md §1.1). */
export async function createReplicatedTopic(admin: Admin, topic: string, partitions: number): Promise<void> {
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions: partitions, replicationFactor: 3, configEntries: [{ name: "min.insync.replicas", value: "2" }] }],
    waitForLeaders: true,
  });
  if (!created) throw new Error(`topic ${topic} already exists`);
}

export interface SequentialProducer {
  /** Acknowledged sends in ack order (which is send order: one send at a time). */
  readonly acked: readonly HistoryRecord[];
  /** performance.now() of each ack, index for index with `acked`. */
  readonly ackedAt: readonly number[];
  /** Values of sends that failed: they may or may not be in the log. */
  readonly unacknowledged: readonly string[];
  /** Why those sends failed. */
  readonly failures: readonly string[];
  /** Resolves once `more` sends beyond those acknowledged now are acknowledged. */
  progress(more: number, what: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function idempotentProducer(kafka: Kafka): Producer {
  // Retries without end (kafkajs' idempotent default), paced so an election's outage costs few attempts.
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 1000 } });
}

/**
 * Sends "v0", "v1", ... one at a time with acks=all through an idempotent
 * producer, value i to partition i mod `partitions`, until stopped.
 *
 * A send that fails is not retried by the test, and the producer is replaced:
 * kafkajs advances its sequence numbers only on success, so the next batch of
 * the same producer id would reuse the failed one's sequence and could be
 * acknowledged as its duplicate, which the checker would then blame on the cluster.
 */
export async function startSequentialProducer(kafka: Kafka, topic: string, partitions: number): Promise<SequentialProducer> {
  const acked: HistoryRecord[] = [];
  const ackedAt: number[] = [];
  const unacknowledged: string[] = [];
  const failures: string[] = [];
  let producer = idempotentProducer(kafka);
  await producer.connect();
  let running = true;
  const loop = (async () => {
    for (let sequence = 0; running; sequence++) {
      const value = `v${sequence}`;
      const partition = sequence % partitions;
      try {
        const [result] = await producer.send({ topic, acks: -1, messages: [{ value, partition }] });
        if (result === undefined || result.errorCode !== 0) throw new Error(`no ack for ${value}: ${JSON.stringify(result)}`);
        acked.push({ value, partition, offset: Number(result.baseOffset) });
        ackedAt.push(performance.now());
      } catch (failure) {
        unacknowledged.push(value);
        failures.push(`${value}: ${(failure as Error).message}`);
        await producer.disconnect().catch(() => undefined);
        producer = idempotentProducer(kafka);
        await producer.connect().catch(() => undefined);
      }
    }
    await producer.disconnect();
  })();
  return {
    acked,
    ackedAt,
    unacknowledged,
    failures,
    async progress(more, what, timeoutMs = 30_000) {
      const target = acked.length + more;
      await eventually(`${more} more acknowledged sends ${what}`, () => (acked.length >= target ? true : undefined), timeoutMs).catch((timeout: Error) => {
        throw new Error(`${timeout.message}: ${acked.length} of ${target} acknowledged; last failures: ${failures.slice(-3).join(" | ") || "none"}`);
      });
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** Milliseconds from `since` (performance.now()) to the first ack on `partition` after it; undefined if none yet. */
export function firstAckAfter(producer: SequentialProducer, partition: number, since: number): number | undefined {
  const index = producer.ackedAt.findIndex((at, i) => at >= since && producer.acked[i]!.partition === partition);
  return index < 0 ? undefined : producer.ackedAt[index]! - since;
}
