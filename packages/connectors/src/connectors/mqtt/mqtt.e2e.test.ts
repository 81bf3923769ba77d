/*
 * mqtt-source and mqtt-sink under the real runtime, between a real broker and the machine's
 * Mosquitto: an exact round trip MQTT → topic → MQTT, a payload that is not JSON dead-lettered,
 * Mosquitto down within and beyond the retry window, and a sink's offsets reset while stopped.
 */
import { randomUUID } from "node:crypto";
import { connectAsync, type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConnectorOffsets, resetConnectorOffsets } from "../../offsets/connector-offsets.js";
import { DEAD_LETTER_HEADERS } from "../../runtime/dead-letters.js";
import { ConnectorWorkspace } from "../../test-support/connector-harness.js";
import { E2eCluster, header, text, until } from "../../test-support/e2e-cluster.js";
import { TcpFaultProxy } from "../../test-support/tcp-fault-proxy.js";
import { ensureMosquitto, MOSQUITTO_URL } from "./test-support/mosquitto.js";

let cluster: E2eCluster;
let mqtt: MqttClient;
const workspaces: ConnectorWorkspace[] = [];

beforeAll(async () => {
  await ensureMosquitto();
  [cluster, mqtt] = await Promise.all([E2eCluster.start(), connectAsync(MOSQUITTO_URL, { protocolVersion: 5 })]);
});

afterAll(async () => {
  await Promise.all(workspaces.map((w) => w.remove()));
  await mqtt?.endAsync();
  await cluster?.stop();
});

/** A workspace of its own per connector: the status file is per data directory. */
async function workspace(): Promise<ConnectorWorkspace> {
  const created = await ConnectorWorkspace.create();
  workspaces.push(created);
  return created;
}

/** The payloads arriving on an MQTT topic from now on. */
async function listen(topic: string): Promise<string[]> {
  const received: string[] = [];
  mqtt.on("message", (from, payload) => {
    if (from === topic) received.push(payload.toString("utf8"));
  });
  await mqtt.subscribeAsync(topic, { qos: 1 });
  return received;
}

async function publish(topic: string, payloads: readonly string[]): Promise<void> {
  for (const payload of payloads) await mqtt.publishAsync(topic, payload, { qos: 1 });
}

const numbered = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, n) => `reading-${(from + n).toString()}`);

function connector(name: string, type: "mqtt-source" | "mqtt-sink", topic: string, config: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const where = type === "mqtt-source" ? { topic } : { topics: [topic] };
  return { name, type, ...where, cluster: { bootstrap: cluster.bootstrap }, delivery: { batchSize: 100 }, config: { url: MOSQUITTO_URL, ...config }, ...extra };
}

const committed = async (name: string): Promise<number> => {
  const offsets = await readConnectorOffsets(cluster.client, { name, kind: "sink" });
  return offsets.kind === "sink" ? offsets.partitions.reduce((sum, p) => sum + p.offset, 0) : -1;
};

describe("MQTT end to end", () => {
  it("carries every message MQTT → mqtt-source → topic → mqtt-sink → MQTT exactly once, and again after the sink's offsets are reset", async () => {
    const base = `freshet-e2e/${randomUUID()}`;
    const received = await listen(`${base}/out`);
    const [sourceWs, sinkWs] = await Promise.all([workspace(), workspace()]);
    const source = await sourceWs.start(connector("mqtt-in", "mqtt-source", "mqtt-in", { topics: [`${base}/in`], clientId: `e2e-${randomUUID()}`, sessionExpirySeconds: 60 }));
    await until(
      "the source running",
      () => sourceWs.status(),
      (s) => s?.state === "running",
    );
    const sinkConfig = connector("mqtt-out", "mqtt-sink", "mqtt-in", { topic: `${base}/out`, clientId: `e2e-${randomUUID()}` });
    let sink = await sinkWs.start(sinkConfig);
    await publish(`${base}/in`, numbered(0, 500));
    await until(
      "500 messages out",
      async () => received.length,
      (n) => n >= 500,
    );
    await until(
      "500 committed",
      () => committed("mqtt-out"),
      (n) => n === 500,
    );
    await source.close();
    await sink.close();
    const records = await cluster.readAll("mqtt-in");
    expect(records.map((r) => [text(r.key), text(r.value)])).toEqual(numbered(0, 500).map((v) => [`${base}/in`, v]));
    expect(received).toEqual(numbered(0, 500));

    await resetConnectorOffsets(cluster.client, { name: "mqtt-out", kind: "sink" });
    sink = await sinkWs.start(sinkConfig);
    await until(
      "500 more messages out",
      async () => received.length,
      (n) => n >= 1_000,
    );
    await until(
      "500 committed again",
      () => committed("mqtt-out"),
      (n) => n === 500,
    );
    await sink.close();
    expect(received).toEqual([...numbered(0, 500), ...numbered(0, 500)]);
  });

  it("dead-letters a payload that is not JSON under payloadFormat json, with its headers, and produces the rest", async () => {
    const base = `freshet-e2e/${randomUUID()}`;
    const ws = await workspace();
    const source = await ws.start(
      connector("mqtt-json", "mqtt-source", "mqtt-json", { topics: [`${base}/+`], payloadFormat: "json", clientId: `e2e-${randomUUID()}`, sessionExpirySeconds: 60 }, { errors: { tolerance: "all" } }),
    );
    await until(
      "the source running",
      () => ws.status(),
      (s) => s?.state === "running",
    );
    const good = Array.from({ length: 100 }, (_, n) => JSON.stringify({ n }));
    await publish(`${base}/a`, good.slice(0, 50));
    await publish(`${base}/bad`, ["{not json"]);
    await publish(`${base}/a`, good.slice(50));
    await until(
      "100 records",
      () => cluster.readAll("mqtt-json"),
      (r) => r.length >= 100,
    );
    const letters = await until(
      "a dead letter",
      () => cluster.readAll("mqtt-json-dlq"),
      (r) => r.length >= 1,
    );
    const status = await until(
      "the counts",
      () => ws.status(),
      (s) => s?.metrics.deadLettered === 1 && s.metrics.recordsOut === 100,
    );
    await source.close();
    expect((await cluster.readAll("mqtt-json")).map((r) => JSON.parse(text(r.value)!) as unknown)).toEqual(Array.from({ length: 100 }, (_, n) => ({ mqtt_topic: `${base}/a`, payload: { n } })));
    expect(letters).toHaveLength(1);
    const [letter] = letters;
    expect([text(letter!.key), text(letter!.value)]).toEqual([`${base}/bad`, "{not json"]);
    expect(header(letter!, DEAD_LETTER_HEADERS.error)).toMatch(/JSON/);
    expect(header(letter!, DEAD_LETTER_HEADERS.connector)).toBe("mqtt-json");
    expect(header(letter!, DEAD_LETTER_HEADERS.stage)).toBe("source mqtt-source");
    expect(status?.state).toBe("running");
  });

  it("loses nothing while Mosquitto is down within the retry window; beyond it the sink fails naming the broker, and a restart delivers the rest", async () => {
    const base = `freshet-e2e/${randomUUID()}`;
    const received = await listen(`${base}/out`);
    const proxy = await TcpFaultProxy.start({ host: "127.0.0.1", port: 1883 });
    const ws = await workspace();
    const config = (timeoutMs: number): Record<string, unknown> =>
      connector(
        "mqtt-flaky-out",
        "mqtt-sink",
        "mqtt-flaky",
        { url: `mqtt://${proxy.address}`, topic: `${base}/out`, clientId: `e2e-${randomUUID()}`, connectTimeoutMs: 1_000 },
        { errors: { retry: { initialDelayMs: 50, maxDelayMs: 200, timeoutMs } } },
      );
    const values = numbered(0, 500).map((value) => ({ value }));
    try {
      await cluster.send("mqtt-flaky", values.slice(0, 200));
      let sink = await ws.start(config(30_000));
      await until(
        "200 committed",
        () => committed("mqtt-flaky-out"),
        (n) => n === 200,
      );
      await proxy.down();
      await cluster.send("mqtt-flaky", values.slice(200, 400));
      await until(
        "retries",
        () => ws.status(),
        (s) => (s?.metrics.errors ?? 0) >= 2,
      );
      expect(received).toHaveLength(200);
      await proxy.up();
      await until(
        "400 committed",
        () => committed("mqtt-flaky-out"),
        (n) => n === 400,
      );
      expect((await ws.status())?.state).toBe("running");
      await sink.close();

      await proxy.down();
      await cluster.send("mqtt-flaky", values.slice(400));
      sink = await ws.start(config(1_500));
      const failed = await until(
        "Failed",
        () => ws.status(),
        (s) => s?.state === "failed",
      );
      await sink.close();
      expect(failed?.reason).toMatch(
        new RegExp(`^opening mqtt-sink kept failing for \\d+ s \\(errors\\.retry\\.timeoutMs is 1500\\): cannot reach the MQTT broker at mqtt://${proxy.address}: connection refused$`),
      );
      expect(received).toHaveLength(400);

      await proxy.up();
      sink = await ws.start(config(30_000));
      await until(
        "500 committed",
        () => committed("mqtt-flaky-out"),
        (n) => n === 500,
      );
      await sink.close();
    } finally {
      await proxy.down();
    }
    await until(
      "500 messages out",
      async () => received.length,
      (n) => n >= 500,
    );
    expect(received).toEqual(numbered(0, 500));
  });
});
