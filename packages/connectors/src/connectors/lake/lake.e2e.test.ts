/*
 * lake-sink under the real runtime, between a real broker and a local directory or S3 (s3rver):
 * Parquet files read back with hyparquet hold exactly the topic's records, a redelivery from an
 * altered offset rewrites the same files, a value that is not JSON is dead-lettered, and the
 * object store down within and beyond the retry window loses nothing.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alterConnectorOffsets, readConnectorOffsets } from "../../offsets/connector-offsets.js";
import { DEAD_LETTER_HEADERS } from "../../runtime/dead-letters.js";
import { ConnectorWorkspace } from "../../test-support/connector-harness.js";
import { E2eCluster, header, text, until } from "../../test-support/e2e-cluster.js";
import { listFiles, readLocalParquet, readParquet } from "../../test-support/lake-files.js";
import { startLocalS3, type LocalS3 } from "../../test-support/local-s3.js";
import { TcpFaultProxy } from "../../test-support/tcp-fault-proxy.js";

const bucket = `lake-e2e-${process.pid.toString()}`;
const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
let cluster: E2eCluster;
let s3: LocalS3;
let s3Client: S3Client;
const workspaces: ConnectorWorkspace[] = [];

beforeAll(async () => {
  [cluster, s3] = await Promise.all([E2eCluster.start(), startLocalS3([bucket])]);
  // A copy: the SDK marks the credentials object it is given.
  s3Client = new S3Client({ region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: { ...credentials } });
});

afterAll(async () => {
  await Promise.all(workspaces.map((w) => w.remove()));
  s3Client?.destroy();
  await s3?.stop();
  await cluster?.stop();
});

/** A workspace of its own per connector: the status file is per data directory. */
async function workspace(): Promise<ConnectorWorkspace> {
  const created = await ConnectorWorkspace.create();
  workspaces.push(created);
  return created;
}

const readings = (from: number, to: number): Array<{ key: string; value: string }> =>
  Array.from({ length: to - from }, (_, n) => ({ key: `k${(from + n).toString()}`, value: JSON.stringify({ n: from + n, site: `site-${((from + n) % 3).toString()}` }) }));

const fields = [
  { name: "n", path: "n", type: "int64" },
  { name: "site", path: "site", type: "string" },
];

function sink(name: string, topic: string, config: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, type: "lake-sink", topics: [topic], cluster: { bootstrap: cluster.bootstrap }, delivery: { batchSize: 100 }, config: { fields, ...config }, ...extra };
}

const committed = async (name: string): Promise<number> => {
  const offsets = await readConnectorOffsets(cluster.client, { name, kind: "sink" });
  return offsets.kind === "sink" ? offsets.partitions.reduce((sum, p) => sum + p.offset, 0) : -1;
};

/** The rows of every Parquet file under `directory`, file by file. */
async function localRows(directory: string): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown>> = [];
  for (const file of await listFiles(directory)) rows.push(...(await readLocalParquet(join(directory, file))));
  return rows;
}

const expectedRow = (topic: string, offset: number, n = offset): Record<string, unknown> => ({
  topic,
  partition: 0,
  offset: BigInt(offset),
  key: `k${n.toString()}`,
  value: JSON.stringify({ n, site: `site-${(n % 3).toString()}` }),
  n: BigInt(n),
  site: `site-${(n % 3).toString()}`,
});

const withoutTimestamp = (row: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(row).filter(([column]) => column !== "timestamp"));

describe("lake-sink end to end", () => {
  it("writes exactly the topic's records to Parquet files, and the same files again from an altered offset", async () => {
    await cluster.send("lake-local", readings(0, 1_000));
    const ws = await workspace();
    const directory = ws.path("lake");
    const config = sink("lake-local-out", "lake-local", { destination: { kind: "local", directory }, rollRecords: 250 });
    let connector = await ws.start(config);
    await until(
      "1000 committed",
      () => committed("lake-local-out"),
      (n) => n === 1_000,
    );
    await connector.close();
    const names = ["0-249", "250-499", "500-749", "750-999"].map((range) => {
      const [from, to] = range.split("-").map((o) => o.padStart(20, "0"));
      return `lake-local/0/${from!}-${to!}.parquet`;
    });
    expect(await listFiles(directory)).toEqual(names);
    const expected = Array.from({ length: 1_000 }, (_, offset) => expectedRow("lake-local", offset));
    expect((await localRows(directory)).map(withoutTimestamp)).toEqual(expected);

    await alterConnectorOffsets(cluster.client, { name: "lake-local-out", kind: "sink" }, { kind: "sink", partitions: [{ topic: "lake-local", partition: 0, offset: 500 }] });
    connector = await ws.start(config);
    await until(
      "1000 committed again",
      () => committed("lake-local-out"),
      (n) => n === 1_000,
    );
    const status = await until(
      "the status",
      () => ws.status(),
      (s) => s?.metrics.recordsOut === 500,
    );
    await connector.close();
    expect(status?.state).toBe("running");
    // The same offsets make the same file names: rewritten, not added.
    expect(await listFiles(directory)).toEqual(names);
    expect((await localRows(directory)).map(withoutTimestamp)).toEqual(expected);
  });

  it("dead-letters a value that is not JSON, with its headers, and writes the rest", async () => {
    await cluster.send("lake-poison", [...readings(0, 100), { key: "bad", value: "{not json" }, ...readings(100, 200)]);
    const ws = await workspace();
    const directory = ws.path("lake");
    const connector = await ws.start(sink("lake-poison-out", "lake-poison", { destination: { kind: "local", directory }, rollRecords: 50, rollIntervalMs: 500 }, { errors: { tolerance: "all" } }));
    await until(
      "201 committed",
      () => committed("lake-poison-out"),
      (n) => n === 201,
    );
    const letters = await until(
      "a dead letter",
      () => cluster.readAll("lake-poison-out-dlq"),
      (r) => r.length >= 1,
    );
    await connector.close();
    expect(letters).toHaveLength(1);
    const [letter] = letters;
    expect([text(letter!.key), text(letter!.value)]).toEqual(["bad", "{not json"]);
    expect(header(letter!, DEAD_LETTER_HEADERS.error)).toMatch(/JSON/);
    expect(header(letter!, DEAD_LETTER_HEADERS.stage)).toBe("sink lake-sink");
    expect([header(letter!, DEAD_LETTER_HEADERS.topic), header(letter!, DEAD_LETTER_HEADERS.offset)]).toEqual(["lake-poison", "100"]);
    const rows = (await localRows(directory)).map(withoutTimestamp);
    expect(rows).toEqual(Array.from({ length: 200 }, (_, n) => expectedRow("lake-poison", n < 100 ? n : n + 1, n)));
  });

  it("loses nothing while S3 is down within the retry window; beyond it fails naming the store, and a restart writes the rest", async () => {
    const proxy = await TcpFaultProxy.start({ host: "127.0.0.1", port: s3.port });
    const ws = await workspace();
    const destination = { kind: "s3", bucket, prefix: "flaky", endpoint: `http://${proxy.address}`, forcePathStyle: true, ...credentials };
    const config = (timeoutMs: number): Record<string, unknown> =>
      sink("lake-flaky-out", "lake-flaky", { destination, rollRecords: 100 }, { errors: { retry: { initialDelayMs: 50, maxDelayMs: 200, timeoutMs } } });
    const objects = async (): Promise<string[]> => ((await s3Client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "flaky/" }))).Contents ?? []).map((o) => o.Key!).sort();
    try {
      await cluster.send("lake-flaky", readings(0, 200));
      let connector = await ws.start(config(30_000));
      await until(
        "200 committed",
        () => committed("lake-flaky-out"),
        (n) => n === 200,
      );
      await proxy.down();
      await cluster.send("lake-flaky", readings(200, 400));
      await until(
        "retries",
        () => ws.status(),
        (s) => (s?.metrics.errors ?? 0) >= 2,
      );
      expect(await objects()).toHaveLength(2);
      await proxy.up();
      await until(
        "400 committed",
        () => committed("lake-flaky-out"),
        (n) => n === 400,
      );
      expect((await ws.status())?.state).toBe("running");
      await connector.close();

      await proxy.down();
      await cluster.send("lake-flaky", readings(400, 500));
      connector = await ws.start(config(1_500));
      const failed = await until(
        "Failed",
        () => ws.status(),
        (s) => s?.state === "failed",
      );
      await connector.close();
      expect(failed?.reason).toMatch(
        new RegExp(
          `^writing to lake-sink kept failing for \\d+ s \\(errors\\.retry\\.timeoutMs is 1500\\): cannot store flaky/lake-flaky/0/0{17}400-0{17}499\\.parquet: cannot reach the S3 endpoint http://${proxy.address}: `,
        ),
      );
      expect(await objects()).toHaveLength(4);

      await proxy.up();
      connector = await ws.start(config(30_000));
      await until(
        "500 committed",
        () => committed("lake-flaky-out"),
        (n) => n === 500,
      );
      await connector.close();
    } finally {
      await proxy.down();
    }
    const rows: Array<Record<string, unknown>> = [];
    for (const key of await objects()) {
      const object = await s3Client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      rows.push(...(await readParquet(await object.Body!.transformToByteArray())));
    }
    expect(rows.map(withoutTimestamp)).toEqual(Array.from({ length: 500 }, (_, offset) => expectedRow("lake-flaky", offset)));
  });
});
