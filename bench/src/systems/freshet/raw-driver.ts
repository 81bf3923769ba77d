import { apiVersions } from "@freshet/protocol/messages/api-versions";
import { fetch } from "@freshet/protocol/messages/fetch";
import { produce } from "@freshet/protocol/messages/produce";
import type { WorkloadKnobs } from "../../workload/knobs.js";
import type { MeteredProcess } from "../../limits/cpu-budget/cpu-meter.js";
import { UnavailableError, type BenchStream, type BrokerMemory, type SystemDriver } from "../driver.js";
import { durabilityNote, fsyncBeforeAck, topicConfigs } from "./durability.js";
import type { KafkaWire } from "./kafka-wire.js";
import { OwnedBroker } from "./owned-broker.js";
import { rawStream } from "./raw-stream.js";
import { createBenchTopic, deleteBenchTopic } from "./raw-topic.js";

/**
 * Freshet measured with the benchmark's own Kafka load generator: one
 * connection, Produce v7 requests of `batch` records with `inFlight` requests
 * pipelined, and a Fetch v11 reader. Starts its own broker on a fresh data directory.
 */
export class FreshetRawDriver implements SystemDriver {
  readonly label = "freshet (raw)";
  readonly setup: readonly string[];
  readonly fsyncBeforeAck: "yes" | "no";
  readonly sweeps = true;
  readonly #knobs: WorkloadKnobs;
  readonly #broker = new OwnedBroker();
  #wire: KafkaWire | null = null;

  constructor(knobs: WorkloadKnobs) {
    this.#knobs = knobs;
    this.fsyncBeforeAck = fsyncBeforeAck(knobs);
    const acks = knobs.acks === -1 ? "all" : "1";
    this.setup = [
      "Freshet SPU process (apps/spu-worker/dist/main.js) on a fresh temp data directory, 1-partition topics made with CreateTopics v4.",
      durabilityNote(knobs),
      `produce: raw Produce v7 over one TCP connection, one newly encoded batch of ${knobs.batch} records per request, ${knobs.inFlight} requests in flight, acks=${acks}, no compression.`,
      `consume: raw Fetch v11, partition_max_bytes = ${knobs.fetchBatch} records' payload, next fetch sent before the current response is decoded; every record decoded (CRC not checked, as librdkafka's default).`,
      `latency: one Produce request with a 1-record batch per record, acks=${acks}.`,
    ];
  }

  async connect(): Promise<void> {
    await this.#broker.start(this.#knobs.phaseTimeoutMs);
    this.#wire = await this.#broker.openWire();
    const offered = await this.#wire.request(apiVersions, 2, { clientSoftwareName: "", clientSoftwareVersion: "" });
    for (const [api, version] of [
      [produce, 7],
      [fetch, 11],
    ] as const) {
      const range = offered.apiKeys.find((entry) => entry.apiKey === api.key);
      if (!range || range.minVersion > version || range.maxVersion < version) {
        throw new UnavailableError(`the Freshet broker does not offer ${api.name} v${version}`);
      }
    }
  }

  async openStream(name: string, payload: Buffer): Promise<BenchStream> {
    const wire = this.#wire;
    if (!wire) throw new Error("freshet driver is not connected");
    const topic = `freshet-bench-${name}`;
    await createBenchTopic(wire, topic, topicConfigs(this.#knobs));
    return rawStream(wire, topic, payload, this.#knobs, () => deleteBenchTopic(wire, topic));
  }

  async close(): Promise<void> {
    this.#wire = null;
    await this.#broker.stop();
  }

  brokerMemory(): BrokerMemory | null {
    return this.#broker.memory;
  }

  processes(): MeteredProcess[] {
    return this.#broker.processes();
  }
}
