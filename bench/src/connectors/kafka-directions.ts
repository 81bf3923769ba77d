import type { ProducerRecord } from "@freshet/client/producer/producer-record";
import { BATCH } from "./bench-records.js";
import { inBatches } from "./batch-pump.js";
import type { BenchContext, Cluster } from "./bench-context.js";
import type { Direction } from "./direction.js";
import { secondsSince } from "./until.js";

/** The plain loop of both kafka rows: read one cluster's topic, produce each batch to the other's. */
async function copy(context: BenchContext, from: Cluster, fromTopic: string, to: Cluster, toTopic: string): Promise<number> {
  const start = performance.now();
  const producer = to.client.producer();
  await inBatches(context.read(from, fromTopic), BATCH, async (records) => {
    await producer.send(
      toTopic,
      records.map((r): ProducerRecord => ({ key: r.key, value: r.value, timestamp: r.timestamp })),
    );
  });
  return secondsSince(start);
}

export const kafkaSource: Direction = {
  type: "kafka-source",
  path: "other cluster's topic → topic",
  plain: "@freshet/client consume + producer.send",
  async connector(context) {
    const remoteTopic = await context.filledTopic(context.remote, "ks-remote");
    const topic = await context.newTopic(context.local, "ks-local");
    return context.timeConnector(
      { name: context.name("kafka-source"), type: "kafka-source", topic, cluster: { bootstrap: context.local.bootstrap }, config: { bootstrap: context.remote.bootstrap, topic: remoteTopic } },
      `${context.records.toString()} records in ${topic}`,
      async () => (await context.count(context.local, topic)) >= context.records,
    );
  },
  async plainLoop(context) {
    const remoteTopic = await context.filledTopic(context.remote, "ks-remote");
    const topic = await context.newTopic(context.local, "ks-local");
    return copy(context, context.remote, remoteTopic, context.local, topic);
  },
};

export const kafkaSink: Direction = {
  type: "kafka-sink",
  path: "topic → other cluster's topic",
  plain: "@freshet/client consume + producer.send",
  async connector(context) {
    const topic = await context.filledTopic(context.local, "kk-local");
    const remoteTopic = await context.newTopic(context.remote, "kk-remote");
    return context.timeConnector(
      { name: context.name("kafka-sink"), type: "kafka-sink", topics: [topic], cluster: { bootstrap: context.local.bootstrap }, config: { bootstrap: context.remote.bootstrap, topic: remoteTopic } },
      `${context.records.toString()} records in the other cluster's ${remoteTopic}`,
      async () => (await context.count(context.remote, remoteTopic)) >= context.records,
    );
  },
  async plainLoop(context) {
    const topic = await context.filledTopic(context.local, "kk-local");
    const remoteTopic = await context.newTopic(context.remote, "kk-remote");
    return copy(context, context.local, topic, context.remote, remoteTopic);
  },
};
