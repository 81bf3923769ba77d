import { createClient, type FreshetClient } from "@freshet/client/client";
import type { ConsumedRecord } from "@freshet/client/consumer/consumed-record";
import { listPartitionOffsets } from "@freshet/client/cluster/list-offsets";
import { startSpu, type RunningSpu } from "@freshet/client/internal/spu-process";
import { ConnectorWorkspace } from "@freshet/connectors/internal/connector-harness";
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
    readonly workspace: ConnectorWorkspace,
    readonly timeoutMs: number,
    readonly stop: () => Promise<void>,
  ) {}

  static async start(records: number, timeoutMs: number): Promise<BenchContext> {
    // No initial rebalance delay: each sink is its group's only member.
    const spus: RunningSpu[] = await Promise.all([startSpu({ groupInitialRebalanceDelayMs: 0 }), startSpu({ groupInitialRebalanceDelayMs: 0 })]);
    const [local, remote] = spus.map((spu) => ({ bootstrap: spu.bootstrap, client: createClient({ bootstrap: spu.bootstrap, clientId: "connector-bench" }) })) as [Cluster, Cluster];
    const workspace = await ConnectorWorkspace.create();
    return new BenchContext(records, local, remote, workspace, timeoutMs, async () => {
      await Promise.all([local.client.close(), remote.client.close()]);
      await Promise.all(spus.map((spu) => spu.stop()));
      await workspace.remove();
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
    const connector = await this.workspace.start(document);
    try {
      await until(what, async () => (await done()) || (await this.#failed(what)), this.timeoutMs);
    } finally {
      await connector.close();
    }
  }

  async #failed(what: string): Promise<boolean> {
    const status = await this.workspace.status();
    if (status?.state === "failed") throw new Error(`the connector failed while waiting for ${what}: ${JSON.stringify(status)}`);
    return false;
  }
}
