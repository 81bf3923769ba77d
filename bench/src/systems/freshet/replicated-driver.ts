import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { metadata } from "@freshet/protocol/messages/metadata";
import type { MeteredProcess } from "../../limits/cpu-budget/cpu-meter.js";
import type { WorkloadKnobs } from "../../workload/knobs.js";
import { UnavailableError, type PerRecordStream, type SystemDriver } from "../driver.js";
import { BrokerProcess } from "./broker-process.js";
import { durabilityNote, fsyncBeforeAck, topicConfigs } from "./durability.js";
import { KafkaWire } from "./kafka-wire.js";
import { rawStream } from "./raw-stream.js";
import { createBenchTopic, deleteBenchTopic } from "./raw-topic.js";

const SPUS = 3;

/**
 * Freshet as a replicated cluster: a controller and three SPU processes on this
 * machine, topics with replication factor 3 and min.insync.replicas 2, produced
 * with acks=all (answered once every in-sync replica has the batch durably) by the
 * same raw load generator as the single-node row, connected to the partition leader.
 * Its latency run has a rate of its own (--cluster-latency-rate, default 5k records/s).
 */
export class FreshetReplicatedDriver implements SystemDriver {
  readonly label = "freshet RF=3 (raw)";
  readonly setup: readonly string[];
  readonly latencyRate: number;
  readonly fsyncBeforeAck: "yes" | "no";
  readonly sweeps = true;
  readonly #knobs: WorkloadKnobs;
  #controller: BrokerProcess | null = null;
  /** Holds the cluster's controller secret file, which the SC creates and the SPUs present. */
  #secretDir: string | null = null;
  readonly #spus: BrokerProcess[] = [];
  readonly #wires = new Map<number, KafkaWire>();

  constructor(knobs: WorkloadKnobs, latencyRate: number) {
    this.#knobs = { ...knobs, acks: -1 };
    this.latencyRate = latencyRate;
    this.fsyncBeforeAck = fsyncBeforeAck(this.#knobs);
    this.setup = [
      `Freshet cluster: one SC and ${SPUS} SPU processes on this machine (2 cores shared by all of them and the load generator), topics with replication 3 and min.insync.replicas=2.`,
      durabilityNote(this.#knobs),
      `produce: the raw generator against the partition leader, ${knobs.batch}-record batches, ${knobs.inFlight} requests in flight, acks=all; consume: raw Fetch v11 from the leader.`,
      `latency: one Produce request with a 1-record batch per record to the leader, acks=all, at ${latencyRate} records/s.`,
      "each phase's fresh topic gets one acknowledged record before it is timed, so that followers are already fetching it.",
    ];
  }

  async connect(): Promise<void> {
    this.#secretDir = await mkdtemp(join(tmpdir(), "freshet-bench-cluster-"));
    const controllerSecret = join(this.#secretDir, "controller.secret");
    this.#controller = await BrokerProcess.start(this.#knobs.phaseTimeoutMs, { role: "sc", controllerSecret });
    const sc = `${this.#controller.host}:${this.#controller.port}`;
    for (let id = 0; id < SPUS; id++) {
      this.#spus.push(await BrokerProcess.start(this.#knobs.phaseTimeoutMs, { role: "spu", sc, nodeId: id, controllerSecret }));
    }
    await this.#untilAllRegistered();
  }

  /**
   * An SPU writes spu.json once it listens, which can be before the controller has
   * its registration; until then a topic with replication 3 would be refused.
   */
  async #untilAllRegistered(): Promise<void> {
    const wire = await this.#wire(0);
    const deadline = performance.now() + this.#knobs.phaseTimeoutMs;
    for (;;) {
      const described = await wire.request(metadata, 4, { topics: [], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
      if (described.brokers.length === SPUS) return;
      if (performance.now() > deadline) throw new UnavailableError(`Metadata lists ${described.brokers.length} of ${SPUS} SPUs after ${this.#knobs.phaseTimeoutMs} ms`);
      await sleep(50);
    }
  }

  async #wire(nodeId: number): Promise<KafkaWire> {
    const known = this.#wires.get(nodeId);
    if (known) return known;
    const spu = this.#spus[nodeId];
    if (spu === undefined) throw new UnavailableError(`no SPU ${nodeId} in the benchmark cluster`);
    const wire = await KafkaWire.open(spu.host, spu.port, 5000);
    this.#wires.set(nodeId, wire);
    return wire;
  }

  async openStream(name: string, payload: Buffer): Promise<PerRecordStream> {
    const admin = await this.#wire(0);
    const topic = `freshet-rf3-bench-${name}`;
    const configs = [...topicConfigs(this.#knobs), { name: "min.insync.replicas", value: "2" }];
    const leader = await createBenchTopic(admin, topic, configs, SPUS);
    const stream = rawStream(await this.#wire(leader), topic, payload, this.#knobs, () => deleteBenchTopic(admin, topic));
    // A follower adds a new partition to its next fetch from the leader, after the long
    // poll already in flight for other partitions (up to 100 ms, engine replica-fetcher.ts):
    // the first acks=all write to a fresh topic waits it out. One acknowledged record before
    // the phase keeps that one-time wait out of steady-state numbers; consume skips it.
    await stream.produceOne();
    return {
      ...stream,
      async consume(records, signal) {
        const read = await stream.consume(records + 1, signal);
        return { ...read, bytes: read.bytes - payload.byteLength };
      },
    };
  }

  processes(): MeteredProcess[] {
    const controller = this.#controller === null ? [] : [{ label: "sc", pid: this.#controller.pid }];
    return [...controller, ...this.#spus.map((spu, id) => ({ label: `spu-${id}`, pid: spu.pid }))];
  }

  async close(): Promise<void> {
    for (const wire of this.#wires.values()) wire.close();
    this.#wires.clear();
    for (const spu of this.#spus.splice(0)) await spu.stop();
    await this.#controller?.stop();
    this.#controller = null;
    if (this.#secretDir !== null) await rm(this.#secretDir, { recursive: true, force: true });
    this.#secretDir = null;
  }
}
