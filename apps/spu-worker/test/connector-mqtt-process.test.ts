/*
 * The built-in mqtt-source as a `--role connector` process, killed with SIGKILL mid-stream and
 * started again with the same client id: the broker kept its session and the messages not yet
 * acknowledged, so nothing is lost; a message whose acknowledgement the kill cut off comes twice.
 */
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createClient, type FreshetClient } from "@freshet/client/client";
import { readStatusFile } from "@freshet/connectors/status";
import { connectAsync, type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { eventually, makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

const MOSQUITTO_URL = "mqtt://127.0.0.1:1883";
const decoder = new TextDecoder();
let broker: SpuProcess;
let dir: string;
let client: FreshetClient;
let mqtt: MqttClient;

beforeAll(async () => {
  dir = await makeDataDir();
  [broker, mqtt] = await Promise.all([startSpu({ args: ["--group-initial-rebalance-delay-ms", "0"] }), connectAsync(MOSQUITTO_URL, { protocolVersion: 5 })]);
  client = createClient({ bootstrap: broker.bootstrap });
});

afterAll(async () => {
  await mqtt?.endAsync();
  await client?.close();
  await broker?.stop();
  await removeDataDir(broker?.dataDir ?? "");
  await removeDataDir(dir);
});

/** A connector process for the YAML `document`, with its own data directory. */
async function startConnector(document: Record<string, unknown>): Promise<SpuProcess> {
  const configPath = join(dir, `${String(document["name"])}.yaml`);
  await writeFile(configPath, stringify({ ...document, cluster: { bootstrap: broker.bootstrap } }));
  const dataDir = join(dir, `${String(document["name"])}-data`);
  await mkdir(dataDir, { recursive: true });
  return startSpu({ dataDir, args: ["--role", "connector", "--connector-config", configPath, "--log-level", "warn"] });
}

async function values(topic: string): Promise<string[]> {
  const seen: string[] = [];
  if (!(await client.admin.listTopics()).includes(topic)) return seen;
  for await (const record of client.consume({ topic, start: { kind: "beginning" }, exitAtEnd: true })) seen.push(decoder.decode(record.value!));
  return seen;
}

async function publish(topic: string, from: number, to: number): Promise<void> {
  for (let n = from; n < to; n++) await mqtt.publishAsync(topic, `m-${n.toString()}`, { qos: 1 });
}

describe("an mqtt-source process", () => {
  it("killed mid-stream and restarted with its session loses no message", async () => {
    const mqttTopic = `freshet-kill/${randomUUID()}`;
    // Below Mosquitto's default max_queued_messages (1000): what it queues for the stopped session.
    const [first, second] = [1_000, 800];
    const document = {
      name: "mqtt-killed",
      type: "mqtt-source",
      topic: "mqtt-killed",
      delivery: { batchSize: 50 },
      config: { url: MOSQUITTO_URL, topics: [mqttTopic], clientId: `kill-${randomUUID()}`, qos: 1, sessionExpirySeconds: 300 },
    };
    let connector = await startConnector(document);
    await eventually("the source running", async () => ((await readStatusFile(connector.dataDir))?.state === "running" ? true : undefined), 30_000);
    await publish(mqttTopic, 0, first);
    await eventually("records flowing", async () => ((await readStatusFile(connector.dataDir))?.metrics.recordsOut ?? 0) >= 300 || undefined, 60_000);
    await connector.kill();
    await publish(mqttTopic, first, first + second);
    connector = await startConnector(document);
    const total = first + second;
    await eventually("every message", async () => (new Set(await values("mqtt-killed")).size === total ? true : undefined), 60_000);
    expect(await connector.stop()).toBe(0);
    const seen = await values("mqtt-killed");
    expect(new Set(seen)).toEqual(new Set(Array.from({ length: total }, (_, n) => `m-${n.toString()}`)));
    const duplicates = seen.length - total;
    // Only messages delivered but not acknowledged before the kill come again: at most the in-flight ones.
    expect(duplicates).toBeGreaterThanOrEqual(0);
    expect(duplicates).toBeLessThanOrEqual(1_000);
    console.info(`mqtt-source: ${duplicates.toString()} messages produced twice after SIGKILL`);
  }, 120_000); // two process starts and a kill: well over a minute when the CI machine is busy
});
