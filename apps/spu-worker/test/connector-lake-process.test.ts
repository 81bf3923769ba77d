/*
 * The built-in lake-sink as a `--role connector` process, killed with SIGKILL mid-stream and
 * started again: files are named by the offsets they hold, so a redelivered range rewrites its
 * file and the directory ends with exactly one file per range, none overlapping.
 */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createClient, type FreshetClient } from "@freshet/client/client";
import { readConnectorOffsets } from "@freshet/connectors/offsets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { eventually, makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

const RECORDS = 20_000;
const ROLL = 500;
let broker: SpuProcess;
let dir: string;
let client: FreshetClient;

beforeAll(async () => {
  dir = await makeDataDir();
  broker = await startSpu({ args: ["--group-initial-rebalance-delay-ms", "0"] });
  client = createClient({ bootstrap: broker.bootstrap });
});

afterAll(async () => {
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

/** The Parquet files of partition 0, without the temporary ones a killed write may leave. */
async function parquetFiles(directory: string): Promise<string[]> {
  const names = await readdir(join(directory, "events", "0")).catch(() => []);
  return names.filter((name) => name.endsWith(".parquet")).sort();
}

describe("a lake-sink process", () => {
  it("killed mid-stream and restarted ends with one file per offset range, none twice", async () => {
    await client.admin.createTopics([{ name: "events", partitions: 1 }]);
    const producer = client.producer();
    for (let start = 0; start < RECORDS; start += 1_000) {
      await producer.send(
        "events",
        Array.from({ length: 1_000 }, (_, n) => ({ value: JSON.stringify({ n: start + n }) })),
      );
    }
    const directory = join(dir, "lake");
    const document = { name: "events-to-lake", type: "lake-sink", topics: ["events"], delivery: { batchSize: 200 }, config: { destination: { kind: "local", directory }, rollRecords: ROLL } };
    let connector = await startConnector(document);
    await eventually("files written", async () => ((await parquetFiles(directory)).length >= 4 ? true : undefined), 60_000);
    await connector.kill();
    const beforeRestart = (await parquetFiles(directory)).length;
    connector = await startConnector(document);
    await eventually(
      "every offset committed",
      async () => {
        const offsets = await readConnectorOffsets(client, { name: "events-to-lake", kind: "sink" });
        return offsets.kind === "sink" && offsets.partitions.reduce((sum, p) => sum + p.offset, 0) === RECORDS ? true : undefined;
      },
      60_000,
    );
    expect(await connector.stop()).toBe(0);
    const pad = (offset: number): string => offset.toString().padStart(20, "0");
    expect(await parquetFiles(directory)).toEqual(Array.from({ length: RECORDS / ROLL }, (_, n) => `${pad(n * ROLL)}-${pad(n * ROLL + ROLL - 1)}.parquet`));
    expect(beforeRestart).toBeLessThan(RECORDS / ROLL);
    console.info(`lake-sink: ${beforeRestart.toString()} files before SIGKILL, ${(RECORDS / ROLL).toString()} after restart`);
  });
});
