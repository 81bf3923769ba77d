import { setTimeout as sleep } from "node:timers/promises";
import { connectAsync, type MqttClient } from "mqtt";
import type { ProducerRecord } from "@freshet/client/producer/producer-record";
import { BATCH, benchValue } from "./bench-records.js";
import { BatchPump, inBatches } from "./batch-pump.js";
import type { BenchContext } from "./bench-context.js";
import type { Direction } from "./direction.js";
import { secondsSince, until } from "./until.js";

/** The machine's Mosquitto (ENVIRONMENT.md). */
const MQTT_URL = "mqtt://127.0.0.1:1883";
/**
 * How far the publisher may run ahead of the records in the topic. Mosquitto queues at most
 * 1,000 QoS 1 messages per subscriber beyond those in flight (max_queued_messages) and drops
 * the rest, so an unpaced publisher would lose records instead of measuring the reader.
 */
const AHEAD = 1_000;

async function withClient<T>(work: (client: MqttClient) => Promise<T>): Promise<T> {
  const client = await connectAsync(MQTT_URL, { protocolVersion: 5 });
  try {
    return await work(client);
  } finally {
    await client.endAsync();
  }
}

/** Publishes the bench records at QoS 1, at most AHEAD beyond what `landed` (records in the topic) says. */
async function publishPaced(publisher: MqttClient, mqttTopic: string, context: BenchContext, landed: () => Promise<number>): Promise<void> {
  let published = 0;
  while (published < context.records) {
    const room = Math.min(context.records - published, (await landed()) + AHEAD - published, BATCH);
    if (room <= 0) {
      await sleep(5);
      continue;
    }
    await Promise.all(Array.from({ length: room }, (_, j) => publisher.publishAsync(mqttTopic, benchValue(published + j), { qos: 1 })));
    published += room;
  }
}

export const mqttSource: Direction = {
  type: "mqtt-source",
  path: "MQTT QoS 1 publishes → topic",
  plain: "mqtt.js subscribe + producer.send",
  async connector(context) {
    const topic = await context.newTopic(context.local, "mqtt-src");
    const mqttTopic = `freshet-bench/${context.name("src")}`;
    return withClient(async (publisher) => {
      let base = 0;
      let start = 0;
      await context.runConnector(
        {
          name: context.name("mqtt-source"),
          type: "mqtt-source",
          topic,
          cluster: { bootstrap: context.local.bootstrap },
          config: { url: MQTT_URL, topics: [mqttTopic], qos: 1, sessionExpirySeconds: 60 },
        },
        `${context.records.toString()} records in ${topic}`,
        async () => {
          if (start === 0) {
            // Until a probe message lands the connector has not subscribed yet: the clock starts after that.
            // A probe is published every 100 ms, so at most one more may land after `base` is read.
            await until(
              `a probe message in ${topic}`,
              async () => {
                base = await context.count(context.local, topic);
                if (base === 0) await publisher.publishAsync(mqttTopic, "probe", { qos: 1 });
                return base > 0;
              },
              context.timeoutMs,
              100,
            );
            start = performance.now();
            await publishPaced(publisher, mqttTopic, context, async () => (await context.count(context.local, topic)) - base);
          }
          return (await context.count(context.local, topic)) >= base + context.records;
        },
      );
      return secondsSince(start);
    });
  },
  async plainLoop(context, signal) {
    const topic = await context.newTopic(context.local, "mqtt-src");
    const mqttTopic = `freshet-bench/${context.name("src")}`;
    return withClient((publisher) =>
      withClient(async (subscriber) => {
        const pump = new BatchPump<ProducerRecord>();
        subscriber.on("message", (mqttTopicOf, payload) => pump.push({ key: mqttTopicOf, value: payload }));
        await subscriber.subscribeAsync(mqttTopic, { qos: 1 });
        const start = performance.now();
        const producer = context.local.client.producer();
        await Promise.all([
          publishPaced(publisher, mqttTopic, context, () => context.count(context.local, topic)),
          pump.run(context.records, BATCH, (records) => producer.send(topic, records).then(() => undefined), signal),
        ]);
        return secondsSince(start);
      }),
    );
  },
};

/** Counts the messages on `mqttTopic` (subscribed at QoS 0: no per-subscriber queue limit to drop them). */
async function withCounter<T>(mqttTopic: string, work: (received: () => number) => Promise<T>): Promise<T> {
  return withClient(async (subscriber) => {
    let received = 0;
    subscriber.on("message", () => received++);
    await subscriber.subscribeAsync(mqttTopic, { qos: 0 });
    return work(() => received);
  });
}

export const mqttSink: Direction = {
  type: "mqtt-sink",
  path: "topic → MQTT QoS 1 publishes",
  plain: "consume + mqtt.js publish per batch (all awaited)",
  async connector(context) {
    const topic = await context.filledTopic(context.local, "mqtt-sink");
    const mqttTopic = `freshet-bench/${context.name("sink")}`;
    return withCounter(mqttTopic, (received) =>
      context.timeConnector(
        { name: context.name("mqtt-sink"), type: "mqtt-sink", topics: [topic], cluster: { bootstrap: context.local.bootstrap }, config: { url: MQTT_URL, topic: mqttTopic, qos: 1 } },
        `${context.records.toString()} MQTT messages`,
        () => Promise.resolve(received() >= context.records),
      ),
    );
  },
  async plainLoop(context) {
    const topic = await context.filledTopic(context.local, "mqtt-sink");
    const mqttTopic = `freshet-bench/${context.name("sink")}`;
    return withCounter(mqttTopic, (received) =>
      withClient(async (publisher) => {
        const start = performance.now();
        await inBatches(context.read(context.local, topic), BATCH, async (records) => {
          await Promise.all(records.map((r) => publisher.publishAsync(mqttTopic, Buffer.from(r.value!), { qos: 1 })));
        });
        await until(`${context.records.toString()} MQTT messages`, () => Promise.resolve(received() >= context.records), context.timeoutMs);
        return secondsSince(start);
      }),
    );
  },
};
