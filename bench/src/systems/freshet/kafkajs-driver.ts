import { performance } from "node:perf_hooks";
import kafkajs, { type Admin, type Kafka } from "kafkajs";
import { runWindowed } from "../../run/windowed.js";
import type { WorkloadKnobs } from "../../workload/knobs.js";
import type { MeteredProcess } from "../../limits/cpu-budget/cpu-meter.js";
import { UnavailableError, type BenchStream, type BrokerMemory, type SystemDriver } from "../driver.js";
import { durabilityNote, fsyncBeforeAck, topicConfigs } from "./durability.js";
import { OwnedBroker } from "./owned-broker.js";

const { Kafka: KafkaClient, logLevel } = kafkajs;

/**
 * Freshet measured through kafkajs 2.2.4 with its defaults except logging and
 * auto-commit: the same broker setup as the raw row, so the difference between
 * the two rows is the client's own cost.
 */
export class FreshetKafkajsDriver implements SystemDriver {
  readonly label = "freshet (kafkajs)";
  readonly setup: readonly string[];
  readonly fsyncBeforeAck: "yes" | "no";
  readonly #knobs: WorkloadKnobs;
  readonly #broker = new OwnedBroker();
  #kafka: Kafka | null = null;
  #admin: Admin | null = null;

  constructor(knobs: WorkloadKnobs) {
    this.#knobs = knobs;
    this.fsyncBeforeAck = fsyncBeforeAck(knobs);
    const acks = knobs.acks === -1 ? "all" : "1";
    this.setup = [
      "same broker setup as freshet (raw), a broker of its own; kafkajs 2.2.4 admin creates the 1-partition topics.",
      durabilityNote(knobs),
      `produce: producer.send() of ${knobs.batch} messages, ${knobs.inFlight} sends in flight, acks=${acks}, no compression, not idempotent.`,
      `consume: consumer group of one, fromBeginning, eachBatch, maxBytesPerPartition = ${knobs.fetchBatch} records' payload, autoCommit off; time counted from GROUP_JOIN.`,
      `latency: producer.send() of 1 message per record, acks=${acks}.`,
    ];
  }

  async connect(): Promise<void> {
    const broker = await this.#broker.start(this.#knobs.phaseTimeoutMs);
    const kafka = new KafkaClient({ clientId: "freshet-bench", brokers: [`${broker.host}:${broker.port}`], logLevel: logLevel.NOTHING });
    this.#kafka = kafka;
    try {
      this.#admin = kafka.admin();
      await this.#admin.connect();
    } catch (cause) {
      throw new UnavailableError(`kafkajs could not connect to the Freshet broker at ${broker.host}:${broker.port}`, { cause });
    }
  }

  async openStream(name: string, payload: Buffer): Promise<BenchStream> {
    const kafka = this.#kafka;
    const admin = this.#admin;
    if (!kafka || !admin) throw new Error("kafkajs driver is not connected");
    const knobs = this.#knobs;
    const topic = `freshet-bench-${name}`;
    const configEntries = topicConfigs(knobs);
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1, configEntries }], waitForLeaders: true });
    // A producer per topic: kafkajs refreshes metadata for every topic a producer ever
    // wrote to and fails the refresh once one of them was deleted.
    const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: false });
    await producer.connect();
    const messagesOf = (count: number): { value: Buffer }[] => Array.from({ length: count }, () => ({ value: payload }));
    const fullBatch = messagesOf(knobs.batch);
    return {
      async produce(records, signal) {
        await runWindowed(
          Math.ceil(records / knobs.batch),
          knobs.inFlight,
          async (index) => {
            const count = Math.min(knobs.batch, records - index * knobs.batch);
            await producer.send({ topic, acks: knobs.acks, messages: count === knobs.batch ? fullBatch : messagesOf(count) });
          },
          signal,
        );
      },
      async consume(records, signal) {
        const consumer = kafka.consumer({
          groupId: topic,
          allowAutoTopicCreation: false,
          maxBytesPerPartition: Math.max(knobs.fetchBatch * payload.byteLength, 64 * 1024),
          minBytes: 1,
          maxWaitTimeInMs: 500,
        });
        let readingSince: number | undefined;
        consumer.on(consumer.events.GROUP_JOIN, () => {
          readingSince ??= performance.now();
        });
        try {
          await consumer.connect();
          await consumer.subscribe({ topics: [topic], fromBeginning: true });
          let seen = 0;
          let bytes = 0;
          await new Promise<void>((resolve, reject) => {
            if (signal.aborted) reject(signal.reason);
            signal.addEventListener("abort", () => reject(signal.reason), { once: true });
            consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
            consumer
              .run({
                autoCommit: false,
                eachBatch: async ({ batch }) => {
                  for (const message of batch.messages) {
                    seen++;
                    bytes += message.value?.byteLength ?? 0;
                  }
                  if (seen >= records) resolve();
                },
              })
              .catch(reject);
          });
          if (seen !== records) throw new Error(`read ${seen} records from ${topic}, expected ${records}`);
          return { bytes, readingSince };
        } finally {
          await consumer.disconnect();
        }
      },
      async produceOne() {
        await producer.send({ topic, acks: knobs.acks, messages: [{ value: payload }] });
      },
      async remove() {
        await producer.disconnect();
        await admin.deleteTopics({ topics: [topic] });
      },
    };
  }

  async close(): Promise<void> {
    const admin = this.#admin;
    this.#admin = null;
    this.#kafka = null;
    await admin?.disconnect().catch(() => undefined);
    await this.#broker.stop();
  }

  brokerMemory(): BrokerMemory | null {
    return this.#broker.memory;
  }

  processes(): MeteredProcess[] {
    return this.#broker.processes();
  }
}
