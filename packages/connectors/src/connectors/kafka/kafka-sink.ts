import type { FreshetClient } from "@freshet/client/client";
import type { Producer } from "@freshet/client/producer/producer";
import { z } from "zod";
import { defineSink } from "../../kit/connector.js";
import type { SinkTask } from "../../kit/connector.js";
import type { SinkRecord } from "../../kit/record.js";
import { asConnectorError, connectRemote, describeRemoteTopic, remoteClusterFields, type RemoteCluster } from "./remote-cluster.js";

const kafkaSinkConfig = z.strictObject({
  ...remoteClusterFields,
  preservePartition: z
    .boolean()
    .default(false)
    .describe("Write each record to the partition with the same number it had here (the other topic needs at least as many partitions). Default false: the key's hash picks the partition."),
});

/** Produces with acks=all through an idempotent producer: a retried write cannot duplicate a batch the broker already has. */
class KafkaSinkTask implements SinkTask {
  readonly #producer: Producer;

  constructor(
    private readonly client: FreshetClient,
    private readonly config: RemoteCluster & { preservePartition: boolean },
  ) {
    this.#producer = client.producer({ idempotent: true });
  }

  async write(records: readonly SinkRecord[], signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const outgoing = records.map((record) => ({
      key: record.key,
      value: record.value,
      headers: record.headers,
      timestamp: record.timestamp,
      partition: this.config.preservePartition ? record.partition : undefined,
    }));
    try {
      await this.#producer.send(this.config.topic, outgoing, { acks: -1 });
    } catch (error) {
      throw asConnectorError(error, this.config);
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

export default defineSink({
  type: "kafka-sink",
  kind: "sink",
  description: "Produces records to a topic of another Kafka-protocol cluster, keeping keys, values, headers and timestamps.",
  config: kafkaSinkConfig,
  check: (context) => describeRemoteTopic(context.config, context.name),
  open(context) {
    return Promise.resolve(new KafkaSinkTask(connectRemote(context.config, context.name), context.config));
  },
});
