import type { WorkloadKnobs } from "../../workload/knobs.js";
import type { MeteredProcess } from "../../limits/cpu-budget/cpu-meter.js";
import type { BrokerMemory, OpenLoopStream, SystemDriver } from "../driver.js";
import type { BrokerProcess } from "../freshet/broker-process.js";
import { durabilityNote, fsyncBeforeAck, topicConfigs } from "../freshet/durability.js";
import type { KafkaWire } from "../freshet/kafka-wire.js";
import { OwnedBroker } from "../freshet/owned-broker.js";
import { createBenchTopic, deleteBenchTopic } from "../freshet/raw-topic.js";
import { backlogArgument, buildProgram, openLoopRunOf, RDKAFKA_BENCH, runProgram } from "./native-program.js";

/**
 * Freshet driven by librdkafka (Debian's librdkafka 2.0), the C client most
 * Kafka clients wrap: bench/native/rdkafka-bench.c, one process per phase, on
 * a broker of its own. Topics are made and deleted over the raw connection.
 */
export class FreshetLibrdkafkaDriver implements SystemDriver {
  readonly label = "freshet (librdkafka)";
  readonly setup: readonly string[];
  readonly fsyncBeforeAck: "yes" | "no";
  readonly sweeps = true;
  readonly #knobs: WorkloadKnobs;
  #program: string | null = null;
  readonly #owned = new OwnedBroker();
  #broker: BrokerProcess | null = null;
  #wire: KafkaWire | null = null;

  constructor(knobs: WorkloadKnobs) {
    this.#knobs = knobs;
    this.fsyncBeforeAck = fsyncBeforeAck(knobs);
    this.setup = [
      "same broker setup as freshet (raw), a broker of its own; bench/native/rdkafka-bench.c (librdkafka 2.0.2 from Debian), compiled with cc on first use.",
      durabilityNote(knobs),
      "produce: rd_kafka_produce() per record with librdkafka's defaults (linger.ms 5, batch.size 1 MB, up to 10,000 records a batch, 1,000,000 requests in flight), acks=all whatever --acks says, no compression, not idempotent; timed from the first record to the flush, connection and metadata made before.",
      "consume: assign() on partition 0 from the beginning (no group join, nothing committed), rd_kafka_consumer_poll() per record with the fetcher's defaults.",
      "latency: open loop in the C program, each record timed from its intended send time to its delivery report, so librdkafka's linger (5 ms) is part of every latency.",
    ];
  }

  async connect(): Promise<void> {
    this.#program = await buildProgram(RDKAFKA_BENCH);
    this.#broker = await this.#owned.start(this.#knobs.phaseTimeoutMs);
    this.#wire = await this.#owned.openWire();
  }

  async openStream(name: string, payload: Buffer): Promise<OpenLoopStream> {
    const [program, broker, wire] = [this.#program, this.#broker, this.#wire];
    if (program === null || broker === null || wire === null) throw new Error("librdkafka driver is not connected");
    const topic = `freshet-bench-${name}`;
    await createBenchTopic(wire, topic, topicConfigs(this.#knobs));
    const target = [`${broker.host}:${broker.port}`, topic] as const;
    const size = payload.byteLength;
    return {
      async produce(records, signal) {
        return { seconds: (await runProgram(program, ["produce", ...target, records, size], signal)).seconds };
      },
      async consume(records, signal) {
        const read = await runProgram(program, ["consume", ...target, records, size], signal);
        return { bytes: read.bytes, seconds: read.seconds };
      },
      async openLoop(records, ratePerSecond, signal, maxBacklog) {
        return openLoopRunOf(await runProgram(program, ["latency", ...target, records, size, ratePerSecond, backlogArgument(maxBacklog)], signal), records);
      },
      remove: () => deleteBenchTopic(wire, topic),
    };
  }

  async close(): Promise<void> {
    this.#wire = null;
    this.#broker = null;
    await this.#owned.stop();
  }

  brokerMemory(): BrokerMemory | null {
    return this.#owned.memory;
  }

  processes(): MeteredProcess[] {
    return this.#owned.processes();
  }
}
