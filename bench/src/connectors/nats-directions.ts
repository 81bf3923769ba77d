import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import type { ProducerRecord } from "@freshet/client/producer/producer-record";
import { BATCH, benchValue } from "./bench-records.js";
import { BatchPump, inBatches } from "./batch-pump.js";
import type { BenchContext } from "./bench-context.js";
import type { Direction } from "./direction.js";
import { secondsSince } from "./until.js";

/** The machine's NATS server with JetStream (ENVIRONMENT.md). */
const NATS_URL = "nats://127.0.0.1:4222";

interface Stream {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly name: string;
  readonly subject: string;
}

/** A fresh file-storage stream on one subject for one run, deleted after. */
async function withStream<T>(context: BenchContext, work: (stream: Stream) => Promise<T>): Promise<T> {
  const nc = await connect({ servers: NATS_URL });
  const jsm = await jetstreamManager(nc);
  const name = context.name("bench-nats");
  const subject = `freshet-bench.${name}`;
  await jsm.streams.add({ name, subjects: [subject] });
  try {
    return await work({ js: jetstream(nc), jsm, name, subject });
  } finally {
    await jsm.streams.delete(name);
    await nc.close();
  }
}

/** Publishes the bench records to the stream, 1,000 un-acknowledged at most. */
async function fillStream(context: BenchContext, stream: Stream): Promise<void> {
  for (let i = 0; i < context.records; i += 1_000) {
    const last = Math.min(i + 1_000, context.records);
    await Promise.all(Array.from({ length: last - i }, (_, j) => stream.js.publish(stream.subject, benchValue(i + j))));
  }
}

export const natsSource: Direction = {
  type: "nats-source",
  path: "JetStream stream → topic",
  plain: "ordered consumer consume() + producer.send",
  async connector(context) {
    const topic = await context.newTopic(context.local, "nats-src");
    return withStream(context, async (stream) => {
      await fillStream(context, stream);
      return context.timeConnector(
        { name: context.name("nats-source"), type: "nats-source", topic, cluster: { bootstrap: context.local.bootstrap }, config: { servers: [NATS_URL], stream: stream.name } },
        `${context.records.toString()} records in ${topic}`,
        async () => (await context.count(context.local, topic)) >= context.records,
      );
    });
  },
  async plainLoop(context, signal) {
    const topic = await context.newTopic(context.local, "nats-src");
    return withStream(context, async (stream) => {
      await fillStream(context, stream);
      const start = performance.now();
      const producer = context.local.client.producer();
      const consumer = await stream.js.consumers.get(stream.name);
      const messages = await consumer.consume({ max_messages: 1_000 });
      const pump = new BatchPump<ProducerRecord>();
      const reading = (async () => {
        for await (const message of messages) pump.push({ value: message.data });
      })();
      await pump.run(context.records, BATCH, (records) => producer.send(topic, records).then(() => undefined), signal);
      await messages.close();
      await reading;
      return secondsSince(start);
    });
  },
};

export const natsSink: Direction = {
  type: "nats-sink",
  path: "topic → JetStream publish (acked)",
  plain: "consume + js.publish per batch (all awaited)",
  async connector(context) {
    const topic = await context.filledTopic(context.local, "nats-sink");
    return withStream(context, (stream) =>
      context.timeConnector(
        { name: context.name("nats-sink"), type: "nats-sink", topics: [topic], cluster: { bootstrap: context.local.bootstrap }, config: { servers: [NATS_URL], subject: stream.subject } },
        `${context.records.toString()} messages in ${stream.name}`,
        async () => (await stream.jsm.streams.info(stream.name)).state.messages >= context.records,
      ),
    );
  },
  async plainLoop(context) {
    const topic = await context.filledTopic(context.local, "nats-sink");
    return withStream(context, async (stream) => {
      const start = performance.now();
      await inBatches(context.read(context.local, topic), BATCH, async (records) => {
        await Promise.all(records.map((r) => stream.js.publish(stream.subject, r.value!)));
      });
      return secondsSince(start);
    });
  },
};
