import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type FreshetClient } from "@freshet/client/client";
import type { ConsumedRecord } from "@freshet/client/consumer/consumed-record";
import { startSpu, type RunningSpu } from "@freshet/client/internal/spu-process";
import { pino } from "pino";
import type { Registry } from "prom-client";
import { stringify } from "yaml";
import type { ViewRow } from "../../graph/contract.js";
import { startDataflow, type CompileDataflow, type RunningDataflow } from "../run-dataflow.js";
import { ID_HEADER } from "../sink-writer.js";

const decoder = new TextDecoder();

/** A real broker (the built spu-worker) and a client of it. */
export class TestCluster {
  private constructor(
    readonly spu: RunningSpu,
    readonly client: FreshetClient,
  ) {}

  static async start(): Promise<TestCluster> {
    const spu = await startSpu();
    return new TestCluster(spu, createClient({ bootstrap: spu.bootstrap }));
  }

  get bootstrap(): string {
    return this.spu.bootstrap;
  }

  /** Every record of `topic` so far; none while the topic does not exist yet. */
  async readAll(topic: string): Promise<OutputRecord[]> {
    const records: OutputRecord[] = [];
    if (!(await this.client.admin.listTopics()).includes(topic)) return records;
    for await (const record of this.client.consume({ topic, start: { kind: "beginning" }, exitAtEnd: true })) records.push(outputOf(record));
    return records;
  }

  /** Polls `topic` until it holds at least `count` records (or the deadline passes) and answers them. */
  async readAtLeast(topic: string, count: number, timeoutMs = 20_000): Promise<OutputRecord[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const records = await this.readAll(topic);
      if (records.length >= count || Date.now() > deadline) return records;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    await this.client.close();
    await this.spu.stop();
  }
}

/** A folder for one test's dataflow documents and data directories. */
export class DataflowWorkspace {
  private constructor(readonly dir: string) {}

  static async create(): Promise<DataflowWorkspace> {
    return new DataflowWorkspace(await mkdtemp(join(tmpdir(), "runtime-")));
  }

  /** Writes the document (the object as given) and answers its path. */
  async writeDocument(document: Record<string, unknown>): Promise<string> {
    const path = join(this.dir, `${String(document["name"])}.yaml`);
    await writeFile(path, stringify(document));
    return path;
  }

  /** Runs the dataflow in this process, as `--role dataflow` would, with its data in <dir>/<name>-data. */
  async start(document: Record<string, unknown>, options: { compile?: CompileDataflow; metrics?: Registry } = {}): Promise<RunningDataflow> {
    const configPath = await this.writeDocument(document);
    return startDataflow({
      configPath,
      dataDir: join(this.dir, `${String(document["name"])}-data`),
      host: "127.0.0.1",
      port: 0,
      logger: pino({ level: "silent" }),
      statusIntervalMs: 100,
      ...options,
    });
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}

/** An output record as a test compares it: its id header, key and parsed value. */
export interface OutputRecord {
  readonly id: string;
  readonly key: string | null;
  readonly value: unknown;
}

export function outputOf(record: ConsumedRecord): OutputRecord {
  const id = record.headers.find((h) => h.key === ID_HEADER)?.value;
  return {
    id: id === undefined || id === null ? "" : decoder.decode(id),
    key: record.key === null ? null : decoder.decode(record.key),
    value: record.value === null ? null : JSON.parse(decoder.decode(record.value)),
  };
}

/** GET on the dataflow's HTTP API; the parsed JSON body and the status code. */
export async function getJson<T>(port: number, path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`http://127.0.0.1:${port.toString()}${path}`);
  return { status: response.status, body: (await response.json()) as T };
}

/** Reads Server-Sent Events from `path` until `enough` holds for the rows seen, then closes the stream. */
export async function readChanges(port: number, path: string, enough: (rows: ViewRow[]) => boolean, timeoutMs = 20_000): Promise<ViewRow[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const rows: ViewRow[] = [];
  try {
    const response = await fetch(`http://127.0.0.1:${port.toString()}${path}`, { signal: abort.signal });
    if (response.headers.get("content-type") !== "text/event-stream") throw new Error(`${path} is not an event stream`);
    let buffered = "";
    for await (const chunk of response.body!) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffered.indexOf("\n\n")) >= 0) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (/^event: row$/m.test(event) && data !== undefined) rows.push(JSON.parse(data) as ViewRow);
      }
      if (enough(rows)) return rows;
    }
    return rows;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
