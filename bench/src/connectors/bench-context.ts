import { createClient, type FreshetClient } from "@freshet/client/client";
import type { ConsumedRecord } from "@freshet/client/consumer/consumed-record";
import { listPartitionOffsets } from "@freshet/client/cluster/list-offsets";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startConnector } from "@freshet/connectors/runtime";
import { readStatusFile } from "@freshet/connectors/status";
import { pino } from "pino";
import { stringify } from "yaml";
import { BrokerProcess } from "../systems/freshet/broker-process.js";
import { BATCH, benchRecords } from "./bench-records.js";
import { secondsSince, until } from "./until.js";

/** One Freshet broker process and a client of it. */
export interface Cluster {
  readonly bootstrap: string;
  readonly client: FreshetClient;
}

/**
 * What every row shares: the cluster the connectors run against, a second one (the other end of
 * the kafka rows), a folder for connector configs and status files, and the record count.
 */
export class BenchContext {
  #topics = 0;

  private constructor(
    readonly records: number,
    readonly local: Cluster,
    readonly remote: Cluster,
    /** Connector configs and status files. */
    readonly dir: string,
    readonly timeoutMs: number,
    readonly stop: () => Promise<void>,
  ) {}

  static async start(records: number, timeoutMs: number): Promise<BenchContext> {
    // No initial rebalance delay: each sink is its group's only member.
    const brokers = await Promise.all([BrokerProcess.start(timeoutMs, { groupInitialRebalanceDelayMs: 0 }), BrokerProcess.start(timeoutMs, { groupInitialRebalanceDelayMs: 0 })]);
    const [local, remote] = brokers.map((broker) => {
      const bootstrap = `${broker.host}:${broker.port.toString()}`;
      return { bootstrap, client: createClient({ bootstrap, clientId: "connector-bench" }) };
    }) as [Cluster, Cluster];
    const dir = await mkdtemp(join(tmpdir(), "freshet-connector-bench-"));
    return new BenchContext(records, local, remote, dir, timeoutMs, async () => {
      await Promise.all([local.client.close(), remote.client.close()]);
      await Promise.all(brokers.map((broker) => broker.stop()));
      await rm(dir, { recursive: true, force: true });
    });
  }

  /** A unique name for a topic, stream, table or MQTT topic of one run. */
  name(prefix: string): string {
    return `${prefix}-${process.pid.toString()}-${(this.#topics++).toString()}`;
  }

  async newTopic(cluster: Cluster, prefix: string): Promise<string> {
    const topic = this.name(prefix);
    await cluster.client.admin.createTopics([{ name: topic, partitions: 1, replicationFactor: 1 }]);
    return topic;
  }

  /** A new topic holding the bench records, for the sinks to read. */
  async filledTopic(cluster: Cluster, prefix: string): Promise<string> {
    const topic = await this.newTopic(cluster, prefix);
    const records = benchRecords(this.records);
    const producer = cluster.client.producer();
    for (let i = 0; i < records.length; i += BATCH) await producer.send(topic, records.slice(i, i + BATCH));
    return topic;
  }

  /**
   * Records in a topic of this bench (one partition, never truncated): its end offset. One
   * ListOffsets request, as the connector rows poll it every few milliseconds while they run.
   */
  async count(cluster: Cluster, topic: string): Promise<number> {
    return (await listPartitionOffsets(cluster.client.cluster, topic, [0], "latest")).get(0) ?? 0;
  }

  /** The whole topic from its start, ending at its end. */
  read(cluster: Cluster, topic: string): AsyncGenerator<ConsumedRecord, void, undefined> {
    return cluster.client.consume({ topic, start: { kind: "beginning" }, exitAtEnd: true });
  }

  /**
   * Runs the connector described by `document` until `done` holds (polled), and answers the
   * seconds from its start, connecting and group join included, as the plain loops' include theirs.
   */
  async timeConnector(document: Record<string, unknown>, what: string, done: () => Promise<boolean>): Promise<number> {
    const start = performance.now();
    await this.runConnector(document, what, done);
    return secondsSince(start);
  }

  /** Runs the connector described by `document` until `done` holds (polled); fails if it fails or the run times out. */
  async runConnector(document: Record<string, unknown>, what: string, done: () => Promise<boolean>): Promise<void> {
    const configPath = join(this.dir, `${String(document["name"])}.yaml`);
    await writeFile(configPath, stringify(document));
    const connector = await startConnector({ configPath, dataDir: this.dir, logger: pino({ level: "silent" }) });
    try {
      await until(what, async () => (await done()) || (await this.#failed(what)), this.timeoutMs);
    } finally {
      await connector.close();
    }
  }

  async #failed(what: string): Promise<boolean> {
    const status = await readStatusFile(this.dir);
    if (status?.state === "failed") throw new Error(`the connector failed while waiting for ${what}: ${JSON.stringify(status)}`);
    return false;
  }
}
