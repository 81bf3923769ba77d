import { mkdtemp, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import type { ConsumedRecord } from "@freshet/client/consumer/consumed-record";
import { inBatches } from "./batch-pump.js";
import type { Direction } from "./direction.js";
import { secondsSince } from "./until.js";

/** Records per Parquet file, in the connector (rollRecords) and the plain loop alike. */
const ROLL_RECORDS = 5_000;
const decoder = new TextDecoder();

/** Rows in the finished files of <directory>/<topic>/0/, from their names (<first offset>-<last offset>.parquet). */
async function rowsWritten(directory: string): Promise<number> {
  const names = await readdir(directory).catch(() => [] as string[]);
  return names
    .map((name) => /^(\d+)-(\d+)\.parquet$/.exec(name))
    .filter((match) => match !== null)
    .reduce((sum, match) => sum + Number(match[2]) - Number(match[1]) + 1, 0);
}

async function withDirectory<T>(work: (directory: string) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), "freshet-lake-bench-"));
  try {
    return await work(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** The same columns the lake sink writes (topic, partition, offset, timestamp, key and value as strings). */
function parquetFile(records: readonly ConsumedRecord[]): Uint8Array {
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: "topic", data: records.map((r) => r.topic), type: "STRING", nullable: false },
        { name: "partition", data: records.map((r) => r.partition), type: "INT32", nullable: false },
        { name: "offset", data: records.map((r) => BigInt(r.offset)), type: "INT64", nullable: false },
        { name: "timestamp", data: records.map((r) => new Date(r.timestamp)), type: "TIMESTAMP", nullable: false },
        { name: "key", data: records.map((r) => (r.key === null ? null : decoder.decode(r.key))), type: "STRING" },
        { name: "value", data: records.map((r) => (r.value === null ? null : decoder.decode(r.value))), type: "STRING" },
      ],
    }),
  );
}

export const lakeSink: Direction = {
  type: "lake-sink",
  path: `topic → Parquet files (local dir, ${ROLL_RECORDS.toString()} rows each)`,
  plain: "consume + hyparquet-writer + writeFile",
  async connector(context) {
    const topic = await context.filledTopic(context.local, "lake");
    return withDirectory((directory) =>
      context.timeConnector(
        {
          name: context.name("lake-sink"),
          type: "lake-sink",
          topics: [topic],
          cluster: { bootstrap: context.local.bootstrap },
          // A short roll interval closes the last, smaller file soon after its records came.
          config: { destination: { kind: "local", directory }, rollRecords: ROLL_RECORDS, rollIntervalMs: 200 },
        },
        `${context.records.toString()} rows in Parquet files`,
        async () => (await rowsWritten(join(directory, topic, "0"))) >= context.records,
      ),
    );
  },
  async plainLoop(context) {
    const topic = await context.filledTopic(context.local, "lake");
    return withDirectory(async (directory) => {
      const start = performance.now();
      const folder = join(directory, topic, "0");
      await mkdir(folder, { recursive: true });
      await inBatches(context.read(context.local, topic), ROLL_RECORDS, async (records) => {
        await writeFile(join(folder, `${records[0]!.offset.toString()}-${records.at(-1)!.offset.toString()}.parquet`), parquetFile(records));
      });
      return secondsSince(start);
    });
  },
};
