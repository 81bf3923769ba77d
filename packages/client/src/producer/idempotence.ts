import { KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { initProducerId } from "@freshet/protocol/messages/init-producer-id";
import type { Cluster } from "../cluster/cluster.js";

export interface ProducerIdentity {
  readonly producerId: number;
  readonly producerEpoch: number;
}

const MAX_SEQUENCE = 0x7fffffff;

/** A fresh producer id from the cluster (no transactional id: plain idempotence). */
export async function initProducerIdentity(cluster: Cluster): Promise<ProducerIdentity> {
  return cluster.retry(async () => {
    const connection = await cluster.anyConnection();
    const response = await connection.request(initProducerId, { transactionalId: null, transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 });
    if (response.errorCode !== 0) throw new KafkaProtocolError(response.errorCode, "init producer id");
    return { producerId: Number(response.producerId), producerEpoch: response.producerEpoch };
  });
}

/**
 * Per-partition sequence numbers. A batch takes the next sequence when it is built
 * and keeps it across retries (the broker deduplicates by it); sequences wrap to 0
 * after INT32_MAX as in Kafka.
 */
export class SequenceNumbers {
  readonly #next = new Map<string, number>();

  take(topic: string, partition: number, recordCount: number): number {
    const key = `${topic}/${partition}`;
    const sequence = this.#next.get(key) ?? 0;
    const advanced = sequence + recordCount;
    this.#next.set(key, advanced > MAX_SEQUENCE ? advanced - MAX_SEQUENCE - 1 : advanced);
    return sequence;
  }
}
