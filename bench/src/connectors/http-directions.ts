import { BATCH } from "./bench-records.js";
import { inBatches } from "./batch-pump.js";
import type { BenchContext } from "./bench-context.js";
import { BenchHttpServer } from "./bench-http-server.js";
import type { Direction } from "./direction.js";
import { secondsSince } from "./until.js";

const decoder = new TextDecoder();

async function withServer<T>(context: BenchContext, work: (server: BenchHttpServer) => Promise<T>): Promise<T> {
  const server = await BenchHttpServer.start(context.records);
  try {
    return await work(server);
  } finally {
    await server.close();
  }
}

export const httpSource: Direction = {
  type: "http-source",
  path: "one GET of a JSON array (split) → topic",
  plain: "fetch + JSON.parse + producer.send",
  async connector(context) {
    const topic = await context.newTopic(context.local, "http-src");
    return withServer(context, (server) =>
      context.timeConnector(
        { name: context.name("http-source"), type: "http-source", topic, cluster: { bootstrap: context.local.bootstrap }, config: { url: `${server.url}/items`, intervalMs: 100, split: "items" } },
        `${context.records.toString()} records in ${topic}`,
        async () => (await context.count(context.local, topic)) >= context.records,
      ),
    );
  },
  async plainLoop(context) {
    const topic = await context.newTopic(context.local, "http-src");
    return withServer(context, async (server) => {
      const start = performance.now();
      const body = (await (await fetch(`${server.url}/items`)).json()) as { items: unknown[] };
      const producer = context.local.client.producer();
      for (let i = 0; i < body.items.length; i += BATCH)
        await producer.send(
          topic,
          body.items.slice(i, i + BATCH).map((item) => ({ value: JSON.stringify(item) })),
        );
      return secondsSince(start);
    });
  },
};

export const httpSink: Direction = {
  type: "http-sink",
  path: "topic → POST of JSON arrays (json-array)",
  plain: "consume + fetch POST per batch",
  async connector(context) {
    const topic = await context.filledTopic(context.local, "http-sink");
    return withServer(context, (server) =>
      context.timeConnector(
        { name: context.name("http-sink"), type: "http-sink", topics: [topic], cluster: { bootstrap: context.local.bootstrap }, config: { url: `${server.url}/in`, batchMode: "json-array" } },
        `${context.records.toString()} records posted`,
        () => Promise.resolve(server.received >= context.records),
      ),
    );
  },
  async plainLoop(context) {
    const topic = await context.filledTopic(context.local, "http-sink");
    return withServer(context, async (server) => {
      const start = performance.now();
      await inBatches(context.read(context.local, topic), BATCH, async (records) => {
        const response = await fetch(`${server.url}/in`, { method: "POST", headers: { "content-type": "application/json" }, body: `[${records.map((r) => decoder.decode(r.value!)).join(",")}]` });
        if (!response.ok) throw new Error(`the bench server answered ${response.status.toString()}`);
      });
      return secondsSince(start);
    });
  },
};
