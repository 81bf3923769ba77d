/*
 * The preview against a real broker and the machine's Mosquitto: a pipeline runs bounded on live
 * records with a SmartModule loaded in the cluster by name, every node sampled, while its sinks
 * and its source connector's topic receive nothing.
 */
import { randomUUID } from "node:crypto";
import { createClient, type FreshetClient } from "@freshet/client/client";
import { startSpu, type RunningSpu } from "@freshet/client/internal/spu-process";
import { isListening } from "@freshet/connectors/internal/services";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { connectAsync } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipelineSpecSchema, type PipelineSpec } from "../spec/pipeline-spec.js";
import { PreviewError, startPreview, type PipelinePreview, type PreviewSnapshot } from "./index.js";

let spu: RunningSpu;
let client: FreshetClient;

beforeAll(async () => {
  spu = await startSpu();
  client = createClient({ bootstrap: spu.bootstrap, clientId: "preview-test" });
  await client.admin.loadSmartModule("level-filter", "1.0.0", (await buildSmartModule(examplePath("json-filter"))).wasm);
}, 300_000);

afterAll(async () => {
  await client?.close();
  await spu?.stop();
});

/** Polls the preview until `done` holds for a snapshot. */
async function pollUntil(preview: PipelinePreview, done: (s: PreviewSnapshot) => boolean, timeoutMs = 60_000): Promise<PreviewSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snapshot = preview.poll();
    if (done(snapshot)) return snapshot;
    if (Date.now() > deadline) throw new Error(`timed out; last snapshot: ${JSON.stringify({ ...snapshot, nodes: Object.keys(snapshot.nodes) })}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function endOffsets(topic: string): Promise<number[] | "missing"> {
  if (!(await client.admin.listTopics()).includes(topic)) return "missing";
  const info = await client.cluster.topic(topic, { refresh: true });
  const { listPartitionOffsets } = await import("@freshet/client/cluster/list-offsets");
  const ends = await listPartitionOffsets(
    client.cluster,
    topic,
    info.partitions.map((p) => p.partition),
    "latest",
  );
  return [...ends.values()];
}

const reading = (n: number, level: string) => ({ key: `d${(n % 3).toString()}`, value: JSON.stringify({ device: `d${(n % 3).toString()}`, level, n, ts: 1_000_000 + n * 1_000 }) });

function pipeline(document: Record<string, unknown>): PipelineSpec {
  return pipelineSpecSchema.parse({ apiVersion: "freshet.io/v1", kind: "Pipeline", ...document });
}

describe("pipeline preview", () => {
  it("runs the graph on the topic's last records and live ones, sampling every node and writing no sink", async () => {
    await client.admin.createTopics([{ name: "levels", partitions: 1 }]);
    // 100 old records: the preview starts 50 before the end, so it sees n = 50…99 and then the live ones.
    await client.producer().send(
      "levels",
      Array.from({ length: 100 }, (_, n) => reading(n, n % 2 === 0 ? "hot" : "cold")),
    );
    const spec = pipeline({
      name: "levels",
      sources: { readings: { topic: "levels", eventTime: "ts" } },
      operators: {
        hot: { from: "readings", filter: { smartmodule: "level-filter", params: { field: "level", value: "hot" } } },
        "per-device": { from: "hot", keyBy: "device" },
        counts: { from: "per-device", aggregate: { window: { tumbling: { size: "10s" } }, fields: { n: { count: true } } } },
      },
      sinks: {
        "counts-view": { from: "counts", view: {} },
        "counts-topic": { from: "counts", topic: "levels-counts" },
        "to-postgres": { from: "counts", connector: { type: "postgres-sink", config: { url: "postgres://127.0.0.1:1/none", table: "counts" } } },
      },
    });
    const preview = await startPreview({ spec, cluster: { bootstrap: spu.bootstrap }, maxRecords: 80 });
    try {
      const first = await pollUntil(preview, (s) => s.records === 50 && (s.nodes["counts"]?.outCount ?? 0) > 0);
      expect(first.state).toBe("running");
      expect(first.nodes["readings"]).toMatchObject({ inCount: 50, outCount: 50 });
      expect(JSON.parse(first.nodes["readings"]!.in[0]!.value)).toMatchObject({ n: 80 });
      expect(first.nodes["readings"]!.in).toHaveLength(20);
      expect(first.nodes["hot"]).toMatchObject({ inCount: 50, outCount: 25, errors: [] });
      expect(first.nodes["hot"]!.out.every((s) => (JSON.parse(s.value) as { level: string }).level === "hot")).toBe(true);
      expect(first.nodes["per-device"]!.out.at(-1)).toMatchObject({ key: "d2" });
      expect(first.nodes["counts-view"]!.outCount).toBeGreaterThan(0);
      expect(first.nodes["to-postgres"]!.inCount).toBe(first.nodes["counts"]!.outCount);

      await client.producer().send(
        "levels",
        Array.from({ length: 40 }, (_, n) => reading(100 + n, "hot")),
      );
      // 30 more reach the bound: the preview stops itself there.
      const done = await pollUntil(preview, (s) => s.state === "done");
      expect(done).toMatchObject({ reason: "read 80 records", records: 80 });
      expect(done.nodes["readings"]!.inCount).toBe(80);
      expect(done.nodes["hot"]!.outCount).toBe(55);
      await preview.finished;
      expect(preview.poll().elapsedMs).toBe(done.elapsedMs);
      expect(await endOffsets("levels-counts")).toBe("missing");
      expect(await endOffsets("levels.to-postgres")).toBe("missing");
    } finally {
      await preview.stop();
    }
  }, 120_000);

  it("refuses a SmartModule that is not loaded, naming the step", async () => {
    const spec = pipeline({
      name: "missing",
      sources: { readings: { topic: "levels" } },
      operators: { hot: { from: "readings", filter: { smartmodule: "hot-filter" } } },
      sinks: { out: { from: "hot", view: {} } },
    });
    await expect(startPreview({ spec, cluster: { bootstrap: spu.bootstrap } })).rejects.toThrow(
      new PreviewError("operators.hot.filter.smartmodule: the SmartModule hot-filter is not loaded in the cluster (load it with freshet sm load)"),
    );
  });

  it("captures an MQTT source's messages without producing them, pauses, resumes and stops at maxSeconds", async () => {
    expect(await isListening("127.0.0.1", 1883)).toBe(true);
    const prefix = `preview-${randomUUID().slice(0, 8)}`;
    // The deployed pipeline's topic exists and must stay empty.
    await client.admin.createTopics([{ name: "sensor-readings", partitions: 1 }]);
    const spec = pipeline({
      name: "sensors",
      sources: { readings: { topic: "sensor-readings", connector: { type: "mqtt-source", config: { url: "mqtt://127.0.0.1:1883", topics: [`${prefix}/#`], payloadFormat: "json" } } } },
      operators: { warm: { from: "readings", filter: "payload.temp > 20" } },
      sinks: { out: { from: "warm", topic: "sensor-warm" } },
    });
    const preview = await startPreview({ spec, cluster: { bootstrap: spu.bootstrap }, maxSeconds: 20 });
    const mqtt = await connectAsync("mqtt://127.0.0.1:1883", { clientId: `${prefix}-publisher` });
    try {
      const publish = async (temps: number[]) => {
        for (const temp of temps) await mqtt.publishAsync(`${prefix}/d1`, JSON.stringify({ temp }), { qos: 1 });
      };
      // The capture subscribes before startPreview resolves, so nothing published from here is missed.
      await publish([18, 25, 31]);
      const live = await pollUntil(preview, (s) => (s.nodes["warm"]?.outCount ?? 0) === 2);
      expect(live.nodes["readings"]!.out.map((s) => [s.key, JSON.parse(s.value) as unknown])).toEqual([
        [`${prefix}/d1`, { mqtt_topic: `${prefix}/d1`, payload: { temp: 18 } }],
        [`${prefix}/d1`, { mqtt_topic: `${prefix}/d1`, payload: { temp: 25 } }],
        [`${prefix}/d1`, { mqtt_topic: `${prefix}/d1`, payload: { temp: 31 } }],
      ]);
      expect(live.nodes["out"]!.out.map((s) => (JSON.parse(s.value) as { payload: { temp: number } }).payload.temp)).toEqual([25, 31]);

      preview.pause();
      expect(preview.poll().state).toBe("paused");
      await publish([40]);
      await new Promise((r) => setTimeout(r, 500));
      expect(preview.poll().nodes["readings"]!.inCount).toBe(3);
      preview.resume();
      await publish([50]);
      const resumed = await pollUntil(preview, (s) => (s.nodes["warm"]?.outCount ?? 0) === 3);
      expect(resumed.state).toBe("running");

      const done = await pollUntil(preview, (s) => s.state === "done", 30_000);
      expect(done.reason).toBe("ran for 20 s");
      await preview.finished;
      expect(await endOffsets("sensor-readings")).toEqual([0]);
      expect(await endOffsets("sensor-warm")).toBe("missing");
    } finally {
      await mqtt.endAsync();
      await preview.stop();
    }
  }, 120_000);
});
