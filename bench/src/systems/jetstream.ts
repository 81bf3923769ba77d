import { connect, type JetStreamClient, type JetStreamManager, type NatsConnection } from "nats";
import { performance } from "node:perf_hooks";
import { runWindowed } from "../run/windowed.js";
import type { WorkloadKnobs } from "../workload/knobs.js";
import { JetStreamAsyncPublisher } from "./jetstream-async-publisher.js";
import { createBenchJetStream, deleteBenchJetStream } from "./jetstream-streams.js";
import { ensureService, NATS } from "./local-services.js";
import { UnavailableError, type BenchStream, type SystemDriver } from "./driver.js";

/**
 * NATS JetStream on the machine's nats-server. Each phase gets a fresh
 * file-storage stream with one replica. Produce: async publish (PublishAsync
 * style, see JetStreamAsyncPublisher) with a window of batch × inFlight
 * unacknowledged messages — the same number of records in flight as the Kafka
 * and Redis drivers; JetStream has no multi-message publish.
 * Consume: an ordered pull consumer (ack policy none, like a Kafka fetch that
 * commits nothing) via consume() with max_messages = fetchBatch, which the client
 * refills ahead of time. Latency: one publish per record, confirmed by its PubAck.
 */
export class JetStreamDriver implements SystemDriver {
  readonly label = "jetstream";
  readonly setup: readonly string[];
  /** nats-server's file store syncs in the background (every 2 min by default), not per PubAck. */
  readonly fsyncBeforeAck = "no";
  readonly #knobs: WorkloadKnobs;
  #connection: NatsConnection | null = null;
  #client: JetStreamClient | null = null;
  #manager: JetStreamManager | null = null;

  constructor(knobs: WorkloadKnobs) {
    this.#knobs = knobs;
    this.setup = [
      `NATS JetStream ${NATS.host}:${NATS.port}, file storage, 1 replica, default sync_interval (the server fsyncs in the background, not per ack).`,
      `produce: async publish with reply inbox (as Go's PublishAsync), window of ${knobs.batch * knobs.inFlight} un-acked messages (= batch × in-flight), every PubAck checked.`,
      `consume: ordered pull consumer (ack none), consume() with max_messages ${knobs.fetchBatch}.`,
      "latency: js.publish() per record, confirmed by its PubAck; streams are deleted after each phase.",
    ];
  }

  async connect(): Promise<void> {
    await ensureService(NATS);
    try {
      const connection = await connect({ servers: `${NATS.host}:${NATS.port}`, timeout: 5000, reconnect: false });
      this.#connection = connection;
      this.#manager = await connection.jetstreamManager({ timeout: 5000 });
      this.#client = connection.jetstream({ timeout: this.#knobs.phaseTimeoutMs });
    } catch (cause) {
      await this.close();
      throw new UnavailableError(`NATS JetStream at ${NATS.host}:${NATS.port} is unreachable or has JetStream disabled`, { cause });
    }
  }

  async openStream(name: string, payload: Buffer): Promise<BenchStream> {
    const connection = this.#connection;
    const manager = this.#manager;
    const client = this.#client;
    if (!connection || !manager || !client) throw new Error("jetstream driver is not connected");
    const { stream, subject } = await createBenchJetStream(manager, name);
    const knobs = this.#knobs;
    return {
      async produce(records, signal) {
        const publisher = new JetStreamAsyncPublisher(connection);
        try {
          await runWindowed(records, knobs.batch * knobs.inFlight, () => publisher.publish(subject, payload), signal);
        } finally {
          publisher.close();
        }
      },
      async consume(records, signal) {
        const consumer = await client.consumers.get(stream);
        const readingSince = performance.now();
        let seen = 0;
        let bytes = 0;
        let allRead = (): void => undefined;
        const done = new Promise<void>((resolve) => (allRead = resolve));
        // The callback form: the async-iterator form costs a promise per message in the client.
        const messages = await consumer.consume({
          max_messages: knobs.fetchBatch,
          callback: (message) => {
            bytes += message.data.byteLength;
            if (++seen === records) allRead();
          },
        });
        const closedEarly = messages.closed().then(() => {
          throw new Error(`consumer of ${stream} closed after ${seen} of ${records} records`);
        });
        const aborted = new Promise<never>((_, reject) => {
          if (signal.aborted) reject(signal.reason);
          signal.addEventListener("abort", () => reject(signal.reason), { once: true });
        });
        try {
          await Promise.race([done, closedEarly, aborted]);
        } finally {
          closedEarly.catch(() => undefined);
          aborted.catch(() => undefined);
          await messages.close();
        }
        return { bytes, readingSince };
      },
      async produceOne() {
        await client.publish(subject, payload);
      },
      async remove() {
        await deleteBenchJetStream(manager, stream);
      },
    };
  }

  async close(): Promise<void> {
    const connection = this.#connection;
    this.#connection = null;
    this.#client = null;
    this.#manager = null;
    if (connection) await connection.close().catch(() => undefined);
  }
}
