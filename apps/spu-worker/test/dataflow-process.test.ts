/*
 * The dataflow role as a process: SIGKILLed at random points while its input is produced and
 * restarted each time, its output topics and view end up exactly as an uninterrupted run's (no
 * duplicate, none missing); a bad document is one sentence naming the line and field, exit 2.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type FreshetClient } from "@freshet/client/client";
import { listPartitionOffsets } from "@freshet/client/cluster/list-offsets";
import type { ViewRow } from "@freshet/dataflow/graph";
import type { DataflowStatus } from "@freshet/dataflow/status";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { readRuntimeFile } from "../src/launch/index.js";
import { writeCredentials } from "./support/sasl-credentials.js";
import { eventually, startSpu, type SpuProcess } from "./support/spu-process.js";

const EVENTS = 12_000;
const CHUNK = 200;
const KILLS = 10;
/** Event time of event i: 5 ms apart, shuffled by up to ±200 ms — inside the watermark's 1 s bound. */
const BASE_TIME = Date.UTC(2026, 0, 1);
const eventTime = (i: number): number => BASE_TIME + i * 5 + ((i * 7_919) % 400) - 200;
const event = (i: number) => ({ key: `u${(i % 7).toString()}`, value: JSON.stringify({ user: `u${(i % 7).toString()}`, amount: i % 50, at: eventTime(i) }) });
const decoder = new TextDecoder();

let broker: SpuProcess;
let dir: string;
let client: FreshetClient;

const sasl = { mechanism: "scram-sha-256", username: "tenant", password: "tenant-secret" } as const;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "runtime-"));
  // The dataflow logs in like any tenant client, its password in a file next to the document.
  const credentials = await writeCredentials(dir, { tenant: sasl.password });
  await writeFile(join(dir, "password"), `${sasl.password}\n`, { mode: 0o600 });
  broker = await startSpu({ args: ["--sasl-credentials", credentials, "--super-users", "tenant", "--log-level", "warn"] });
  client = createClient({ bootstrap: broker.bootstrap, sasl });
});

afterAll(async () => {
  await client?.close();
  await broker?.stop();
  await rm(broker?.dataDir ?? "", { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

/** The document: a filter passed through, a tumbling aggregate to a topic and to a view. */
function documentOf(name: string, input: string) {
  return {
    apiVersion: "freshet.io/v1",
    kind: "Dataflow",
    name,
    cluster: { bootstrap: broker.bootstrap, sasl: { mechanism: sasl.mechanism, username: sasl.username, passwordFile: "password" } },
    checkpoint: { interval: "200ms" },
    sources: { bids: { topic: input, key: "user", eventTime: "at", watermark: { maxOutOfOrder: "1s" } } },
    operators: {
      big: { from: "bids", filter: "amount > 10" },
      counts: { from: "bids", aggregate: { window: { tumbling: { size: "1s" } }, fields: { bids: { count: true }, total: { sum: "amount" } } } },
    },
    sinks: {
      passed: { from: "big", topic: `${name}-passed` },
      windows: { from: "counts", topic: `${name}-windows` },
      "per-user": { from: "counts", view: {} },
    },
  };
}

/** A dataflow process for `document`, with its data directory <dir>/<name>; extra flags after. */
async function startDataflow(document: { name: string }, args: string[] = []): Promise<SpuProcess> {
  const configPath = join(dir, `${document.name}.yaml`);
  await writeFile(configPath, stringify(document));
  const dataDir = join(dir, document.name);
  await mkdir(dataDir, { recursive: true });
  return startSpu({ dataDir, args: ["--role", "dataflow", "--dataflow-config", configPath, "--log-level", "warn", ...args] });
}

async function status(dataflow: SpuProcess): Promise<DataflowStatus> {
  return (await (await fetch(`http://127.0.0.1:${dataflow.port.toString()}/status`)).json()) as DataflowStatus;
}

/** Waits until the dataflow read every record its input topic has (`ends` per partition). */
async function caughtUp(dataflow: SpuProcess, ends: ReadonlyMap<number, number>): Promise<void> {
  await eventually(
    "the dataflow to read all its input",
    async () => {
      const partitions = (await status(dataflow)).sources[0]?.partitions ?? [];
      return partitions.length === ends.size && partitions.every((p) => p.offset === ends.get(p.partition)) ? true : undefined;
    },
    30_000,
  );
}

/** Output records by id; throws on an id written twice. */
async function outputs(topic: string): Promise<{ count: number; byId: Map<string, string> }> {
  const byId = new Map<string, string>();
  let count = 0;
  for await (const record of client.consume({ topic, start: { kind: "beginning" }, exitAtEnd: true })) {
    const id = decoder.decode(record.headers.find((h) => h.key === "freshet.dataflow.id")!.value!);
    count++;
    byId.set(id, decoder.decode(record.value!));
  }
  return { count, byId };
}

async function view(dataflow: SpuProcess): Promise<ViewRow[]> {
  return ((await (await fetch(`http://127.0.0.1:${dataflow.port.toString()}/views/per-user`)).json()) as { rows: ViewRow[] }).rows;
}

describe("a dataflow process", () => {
  it(`SIGKILLed ${KILLS.toString()} times while its input is produced, it writes exactly what an uninterrupted run writes`, async () => {
    await client.admin.createTopics([{ name: "bids", partitions: 3 }]);
    const producer = client.producer();
    let produced = 0;
    const producing = (async () => {
      for (; produced < EVENTS; produced += CHUNK) {
        await producer.send(
          "bids",
          Array.from({ length: CHUNK }, (_, n) => event(produced + n)),
        );
        await new Promise((r) => setTimeout(r, 320));
      }
    })();
    const chaos = documentOf("chaos", "bids");
    let dataflow = await startDataflow(chaos);
    const killedAt: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      // Random points once it runs: mid-fetch, mid-produce, mid-checkpoint.
      const running = dataflow;
      await eventually("the dataflow to run", async () => ((await status(running)).state === "running" ? true : undefined), 30_000);
      await new Promise((r) => setTimeout(r, Math.random() * 700));
      killedAt.push((await status(dataflow)).sources[0]!.partitions.reduce((sum, p) => sum + p.offset, 0));
      await dataflow.kill();
      dataflow = await startDataflow(chaos);
    }
    await producing;
    const partitions = (await client.cluster.topic("bids")).partitions.map((p) => p.partition);
    const latest = await listPartitionOffsets(client.cluster, "bids", partitions, "latest");
    await caughtUp(dataflow, latest);
    const chaosView = await view(dataflow);
    const chaosStatus = await status(dataflow);
    expect(await dataflow.stop()).toBe(0);

    const reference = await startDataflow(documentOf("calm", "bids"), ["--metrics-port", "0"]);
    await caughtUp(reference, latest);
    const calmView = await view(reference);
    const runtime = await readRuntimeFile(reference.dataDir);
    const metricsPort = runtime.ok ? runtime.info.metricsPort : undefined;
    const metrics = await (await fetch(`http://127.0.0.1:${String(metricsPort)}/metrics`)).text();
    expect(await reference.stop()).toBe(0);

    const expectedPassed = Array.from({ length: EVENTS }, (_, i) => i % 50).filter((amount) => amount > 10).length;
    for (const sink of ["passed", "windows"]) {
      const calm = await outputs(`calm-${sink}`);
      const killed = await outputs(`chaos-${sink}`);
      expect(calm.count).toBe(calm.byId.size);
      expect(killed.count, `${sink}: records written twice`).toBe(killed.byId.size);
      expect([...killed.byId].sort()).toEqual([...calm.byId].sort());
      if (sink === "passed") expect(killed.count).toBe(expectedPassed);
      else expect(killed.count).toBeGreaterThan(EVENTS / 200);
    }
    expect(chaosView.length).toBeGreaterThan(0);
    expect(chaosView).toEqual(calmView);
    // The kills landed mid-stream: after the dataflow had read some input, before it had read it all.
    expect(killedAt.filter((offset) => offset > 0 && offset < EVENTS).length).toBeGreaterThanOrEqual(KILLS / 2);
    expect(metrics).toMatch(/^freshet_dataflow_records_in_total\{dataflow="calm",operator="counts"\} \d+$/m);
    expect(metrics).toMatch(/^freshet_dataflow_lag_records\{dataflow="calm",source="bids"\} \d+$/m);
    console.info(`killed at input offsets ${killedAt.join(", ")}; ${chaosStatus.checkpoint.count.toString()} checkpoints`);
  });

  it("refuses a bad document in one sentence naming its line and field, exit code 2", async () => {
    const document = documentOf("bad", "bids");
    const refusal = async (filter: string): Promise<{ message: string; line: number; configPath: string }> => {
      const configPath = join(dir, "bad.yaml");
      const text = stringify({ ...document, operators: { ...document.operators, big: { from: "bids", filter } } });
      await writeFile(configPath, text);
      const dataDir = join(dir, "bad-data");
      await mkdir(dataDir, { recursive: true });
      const message = await startSpu({ dataDir, args: ["--role", "dataflow", "--dataflow-config", configPath] }).then(
        () => "started",
        (error: unknown) => (error as Error).message,
      );
      return { message, configPath, line: text.split("\n").findIndex((l) => l.includes("filter:")) + 1 };
    };
    // Refused by the schema…
    const empty = await refusal("");
    expect(empty.message).toBe(`worker exited with 2:\nfreshet-spu: ${empty.configPath}:${empty.line.toString()}: operators.big.filter: must be a CEL expression\n`);
    // …and by the core, an expression that does not compile.
    const broken = await refusal("amount >");
    expect(broken.message).toMatch(new RegExp(`^worker exited with 2:\nfreshet-spu: ${broken.configPath}:${broken.line.toString()}: operators\\.big\\.filter: [^\n]+\n$`));
  });
});
