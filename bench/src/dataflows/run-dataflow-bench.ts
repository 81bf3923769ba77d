import { createClient, type FreshetClient } from "@freshet/client/client";
import { listPartitionOffsets } from "@freshet/client/cluster/list-offsets";
import { cpuSecondsOf } from "../limits/cpu-budget/proc-stat.js";
import { UnavailableError } from "../systems/driver.js";
import { BrokerProcess } from "../systems/freshet/broker-process.js";
import { coreInputs, runCoreOnly, type CoreRun } from "./core-only.js";
import { consumedOf, DataflowProcess } from "./dataflow-process.js";
import { runInProcessLoop, type LoopRun } from "./in-process-loop.js";
import { consumeLimit, jsonLimits, produceLimit, type LimitRow } from "./machine-limits.js";
import type { NexmarkConfig } from "./nexmark/model.js";
import { KEEP_FOREVER, preloadNexmark, type Preloaded } from "./nexmark/preload.js";
import { INPUT_TOPICS, loadQuery, QUERIES, renderForRun, type LoadedQuery, type NexmarkQuery } from "./queries.js";

export interface DataflowBenchOptions {
  /** Nexmark events preloaded in all (1:3:46 persons:auctions:bids). */
  readonly events: number;
  readonly partitions: number;
  readonly generator: Partial<NexmarkConfig>;
  /** Query names; default all. */
  readonly only?: readonly string[];
  /** Also run each query in-process (core + client loop, topic → topic). */
  readonly inProcess: boolean;
  /** Run each query as `apps/spu-worker --role dataflow`. */
  readonly process: boolean;
  readonly timeoutMs: number;
  /** Records per machine-limit loop. Default 200,000. */
  readonly limitSample?: number;
  readonly log: (line: string) => void;
}

/** A query run by the dataflow process: its rate counts the records it consumed once it was running. */
export interface ProcessRun {
  readonly records: number;
  readonly seconds: number;
  readonly outputs: number;
  /** From spawn to the first status saying running. */
  readonly startupSeconds: number;
  /** CPU of the dataflow process and the broker while measured. */
  readonly cpuSeconds: number | null;
}

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export interface QueryRow {
  readonly query: NexmarkQuery;
  readonly inputRecords: number;
  readonly core: CoreRun;
  readonly inProcess: Outcome<LoopRun> | null;
  readonly process: Outcome<ProcessRun> | null;
}

export interface DataflowBenchResult {
  readonly preloaded: Preloaded;
  readonly limits: readonly LimitRow[];
  readonly rows: readonly QueryRow[];
}

/**
 * Starts a broker, preloads the Nexmark topics, then runs each query: the core alone on the
 * generated inputs (no I/O; its output count is what the topic runs must reach), in-process topic →
 * topic, and as its own dataflow process topic → topic.
 */
export async function runDataflowBench(options: DataflowBenchOptions): Promise<DataflowBenchResult> {
  const { log } = options;
  const queries = QUERIES.filter((q) => options.only === undefined || options.only.includes(q.name));
  const broker = await BrokerProcess.start(options.timeoutMs, { groupInitialRebalanceDelayMs: 0 });
  const bootstrap = `${broker.host}:${broker.port.toString()}`;
  const client = createClient({ bootstrap, clientId: "dataflow-bench" });
  try {
    const preloaded = await preloadNexmark(client, INPUT_TOPICS, options.events, options.partitions, options.generator);
    log(`preloaded ${options.events.toString()} events (${JSON.stringify(preloaded.counts)}) at ${Math.round(preloaded.produceRate).toString()} rec/s`);
    const sample = options.limitSample ?? 200_000;
    const limits = [...jsonLimits(sample), await consumeLimit(client, INPUT_TOPICS.bid), await produceLimit(client, "produce-limit", sample)];
    const rows: QueryRow[] = [];
    for (const query of queries) {
      const loaded = await loadQuery(query);
      const inputs = coreInputs(loaded, options.events, options.partitions, options.generator);
      // Best of two: the first run of a query also warms the JIT up for its operators.
      const [first, second] = [await runCoreOnly(loaded, inputs, options.partitions), await runCoreOnly(loaded, inputs, options.partitions)];
      if (first.outputs !== second.outputs) throw new Error(`${query.name}: the core alone gave ${first.outputs.toString()} outputs, then ${second.outputs.toString()} on the same inputs`);
      const core = first.seconds < second.seconds ? first : second;
      log(`${query.name}: core alone ${core.records.toString()} records in ${core.seconds.toFixed(2)} s, ${core.outputs.toString()} outputs`);
      const inProcess = options.inProcess ? await attempt(() => timedLoop(client, loaded, options, core, log)) : null;
      const process = options.process ? await attempt(() => timedProcess(client, broker, bootstrap, loaded, options, core, log)) : null;
      rows.push({ query, inputRecords: core.records, core, inProcess, process });
    }
    return { preloaded, limits, rows };
  } finally {
    await client.close();
    await broker.stop();
  }
}

async function attempt<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (cause) {
    if (cause instanceof UnavailableError) return { ok: false, reason: cause.message };
    throw cause;
  }
}

async function outputCount(client: FreshetClient, topic: string, partitions: number): Promise<number> {
  const ends = await listPartitionOffsets(
    client.cluster,
    topic,
    Array.from({ length: partitions }, (_, p) => p),
    "latest",
  );
  return [...ends.values()].reduce((sum, end) => sum + end, 0);
}

async function newOutputTopic(client: FreshetClient, name: string, partitions: number): Promise<string> {
  await client.admin.createTopics([{ name, partitions, replicationFactor: 1, configs: KEEP_FOREVER }]);
  return name;
}

async function timedLoop(client: FreshetClient, loaded: LoadedQuery, options: DataflowBenchOptions, core: CoreRun, log: (line: string) => void): Promise<LoopRun> {
  const topic = await newOutputTopic(client, `${loaded.query.name}-in-process`, options.partitions);
  const run = await runInProcessLoop(client, loaded, options.partitions, topic);
  if (run.outputs !== core.outputs) throw new Error(`${loaded.query.name} in-process: ${run.outputs.toString()} outputs where the core alone gave ${core.outputs.toString()}`);
  log(`${loaded.query.name}: in-process ${run.records.toString()} records in ${run.seconds.toFixed(2)} s`);
  return run;
}

async function timedProcess(
  client: FreshetClient,
  broker: BrokerProcess,
  bootstrap: string,
  loaded: LoadedQuery,
  options: DataflowBenchOptions,
  core: CoreRun,
  log: (line: string) => void,
): Promise<ProcessRun> {
  const topic = await newOutputTopic(client, `${loaded.query.name}-process`, options.partitions);
  const spawnedAt = performance.now();
  const dataflow = await DataflowProcess.start(renderForRun(loaded, bootstrap, topic), options.timeoutMs);
  try {
    const cpu = () => {
      const [own, brokers] = [dataflow.cpuSeconds(), cpuSecondsOf(broker.pid, false)];
      return own === null || brokers === null ? null : own + brokers;
    };
    const running = await dataflow.until(`${loaded.query.name} to run`, (s) => s.state === "running", options.timeoutMs);
    const [start, cpuBefore, consumedBefore] = [performance.now(), cpu(), consumedOf(running)];
    let outputs = 0;
    await dataflow.until(
      `${loaded.query.name}'s output (${core.outputs.toString()} records) and its input fully consumed`,
      async (status) => {
        // Its reported positions against the preloaded counts: the topics do not grow during the run.
        if (consumedOf(status) < core.records) return false;
        outputs = await outputCount(client, topic, options.partitions);
        return outputs >= core.outputs;
      },
      options.timeoutMs,
    );
    const seconds = (performance.now() - start) / 1000;
    const cpuAfter = cpu();
    const run = {
      records: core.records - consumedBefore,
      seconds,
      outputs,
      startupSeconds: (start - spawnedAt) / 1000,
      cpuSeconds: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
    };
    log(`${loaded.query.name}: process ${run.records.toString()} records in ${seconds.toFixed(2)} s after ${run.startupSeconds.toFixed(2)} s start-up, ${outputs.toString()} outputs`);
    return run;
  } finally {
    await dataflow.stop();
  }
}
