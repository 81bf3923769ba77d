/*
 * The connector role as a process: a source and a sink killed with SIGKILL mid-stream and started
 * again lose nothing (a few records twice at most, counted), logging in to the cluster over SASL
 * like any tenant client; its counters are on /metrics; a bad config is one sentence and exit 2.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createClient, type FreshetClient } from "@freshet/client/client";
import { COUNTER_SOURCE, JSONL_SINK } from "@freshet/connectors/internal/connector-harness";
import { readConnectorOffsets } from "@freshet/connectors/offsets";
import { readStatusFile } from "@freshet/connectors/status";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { writeCredentials } from "./support/sasl-credentials.js";
import { eventually, makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

const RECORDS = 20_000;
const decoder = new TextDecoder();
const sasl = { mechanism: "scram-sha-256", username: "tenant", password: "tenant-secret" } as const;
let broker: SpuProcess;
let dir: string;
let client: FreshetClient;

beforeAll(async () => {
  dir = await makeDataDir();
  const credentials = await writeCredentials(dir, { tenant: sasl.password });
  await writeFile(join(dir, "password"), `${sasl.password}\n`, { mode: 0o600 });
  broker = await startSpu({ args: ["--sasl-credentials", credentials, "--super-users", "tenant", "--group-initial-rebalance-delay-ms", "0"] });
  client = createClient({ bootstrap: broker.bootstrap, sasl });
});

afterAll(async () => {
  await client?.close();
  await broker?.stop();
  await removeDataDir(broker?.dataDir ?? "");
  await removeDataDir(dir);
});

/** A connector process for the YAML `document`, with its own data directory. */
async function startConnector(document: Record<string, unknown>): Promise<SpuProcess> {
  const name = String(document["name"]);
  const configPath = join(dir, `${name}.yaml`);
  const cluster = { bootstrap: broker.bootstrap, sasl: { mechanism: sasl.mechanism, username: sasl.username, passwordFile: "password" } };
  await writeFile(configPath, stringify({ ...document, cluster }));
  const dataDir = join(dir, `${name}-data`);
  await mkdir(dataDir, { recursive: true });
  return startSpu({ dataDir, args: ["--role", "connector", "--connector-config", configPath, "--log-level", "warn"] });
}

async function values(topic: string): Promise<string[]> {
  const seen: string[] = [];
  for await (const record of client.consume({ topic, start: { kind: "beginning" }, exitAtEnd: true })) seen.push(decoder.decode(record.value!));
  return seen;
}

describe("a connector process", () => {
  it("a source killed mid-stream and restarted loses nothing", async () => {
    const document = { name: "killed-source", module: COUNTER_SOURCE, topic: "counted", config: { count: RECORDS, batch: 100, pauseMs: 20 } };
    let connector = await startConnector(document);
    await eventually("records flowing", async () => ((await readStatusFile(connector.dataDir))?.metrics.recordsOut ?? 0) >= 2_000 || undefined, 60_000);
    await connector.kill();
    const beforeRestart = (await values("counted")).length;
    connector = await startConnector(document);
    await eventually(
      "the last position",
      async () => {
        const offsets = await readConnectorOffsets(client, { name: "killed-source", kind: "source" });
        return offsets.kind === "source" && offsets.position === RECORDS ? true : undefined;
      },
      60_000,
    );
    const metrics = await (await fetch(`http://127.0.0.1:${connector.port.toString()}/metrics`)).text();
    expect(await connector.stop()).toBe(0);
    const seen = await values("counted");
    const distinct = new Set(seen);
    expect(distinct.size).toBe(RECORDS);
    expect([...distinct].every((v) => Number(v) >= 0 && Number(v) < RECORDS)).toBe(true);
    // Records produced after the last stored position were produced again: at most one batch.
    const duplicates = seen.length - RECORDS;
    expect(duplicates).toBeGreaterThanOrEqual(0);
    expect(duplicates).toBeLessThanOrEqual(100);
    expect(beforeRestart).toBeLessThan(RECORDS);
    expect(metrics).toMatch(/^freshet_connector_records_out_total\{connector="killed-source"\} \d+$/m);
    expect(metrics).toMatch(/^freshet_connector_running\{connector="killed-source"\} 1$/m);
    console.info(`source: ${beforeRestart.toString()} records before SIGKILL, ${duplicates.toString()} produced twice after restart`);
  });

  it("a sink killed mid-stream and restarted writes every record", async () => {
    await client.admin.createTopics([{ name: "to-file", partitions: 3 }]);
    const producer = client.producer();
    for (let start = 0; start < RECORDS; start += 1_000) {
      await producer.send(
        "to-file",
        Array.from({ length: 1_000 }, (_, n) => ({ key: String((start + n) % 97), value: String(start + n) })),
      );
    }
    const output = join(dir, "to-file.jsonl");
    // The line being appended when the process was killed may be torn; it was never acknowledged.
    const lines = async (): Promise<Array<{ value: string; partition: number; offset: number }>> =>
      (await readFile(output, "utf8").catch(() => "")).split("\n").flatMap((l) => {
        try {
          return [JSON.parse(l) as { value: string; partition: number; offset: number }];
        } catch {
          return [];
        }
      });
    const document = { name: "killed-sink", module: JSONL_SINK, topics: ["to-file"], delivery: { batchSize: 100 }, config: { path: output } };
    let connector = await startConnector(document);
    await eventually("records written", async () => ((await lines()).length >= 2_000 ? true : undefined), 60_000);
    await connector.kill();
    connector = await startConnector(document);
    await eventually("every record", async () => (new Set((await lines()).map((l) => l.value)).size === RECORDS ? true : undefined), 60_000);
    expect(await connector.stop()).toBe(0);
    const written = await lines();
    expect(new Set(written.map((l) => l.value)).size).toBe(RECORDS);
    expect(new Set(written.map((l) => `${l.partition.toString()}/${l.offset.toString()}`)).size).toBe(RECORDS);
    const offsets = await readConnectorOffsets(client, { name: "killed-sink", kind: "sink" });
    expect(offsets.kind === "sink" ? offsets.partitions.reduce((sum, p) => sum + p.offset, 0) : -1).toBe(RECORDS);
    console.info(`sink: ${(written.length - RECORDS).toString()} records written twice after SIGKILL`);
  });

  it("refuses a config with a bad field in one sentence, exit code 2", async () => {
    const configPath = join(dir, "bad.yaml");
    await writeFile(configPath, stringify({ name: "bad", module: COUNTER_SOURCE, topic: "t", cluster: { bootstrap: broker.bootstrap }, errors: { tolerance: "some" }, config: { count: 1 } }));
    const dataDir = join(dir, "bad-data");
    await mkdir(dataDir, { recursive: true });
    const failed = await startSpu({ dataDir, args: ["--role", "connector", "--connector-config", configPath] }).then(
      () => "started",
      (error: unknown) => (error as Error).message,
    );
    expect(failed).toBe(`worker exited with 2:\nfreshet-spu: ${configPath}: errors.tolerance: expected one of "none"|"all"\n`);
  });
});
