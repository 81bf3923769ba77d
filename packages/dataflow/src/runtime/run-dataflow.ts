import { dirname, resolve } from "node:path";
import { createClient, type FreshetClient } from "@freshet/client/client";
import { ClusterPasswordFileError, saslOf } from "@freshet/connectors/cluster-sasl";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { compileDataflow, DataflowCompileError } from "../graph/compile.js";
import type { DataflowGraph, DataflowInput } from "../graph/contract.js";
import type { SmartModuleLoader } from "../operators/smartmodule-step.js";
import type { DataflowSpec } from "../spec/dataflow-spec.js";
import { CheckpointStore, type Checkpoint } from "./checkpoint-store.js";
import { registerDataflowMetrics } from "./dataflow-metrics.js";
import { serveDataflowApi } from "./http-api.js";
import { DataflowConfigError, loadDataflowDocument } from "./load-document.js";
import { SinkWriter } from "./sink-writer.js";
import { ComponentProblem, smartModuleComponents } from "./smartmodule-components.js";
import { SourceReader } from "./source-reader.js";
import { writeStatusFile, type DataflowState, type DataflowStatus } from "./status-file.js";
import { ViewStore } from "./view-store.js";

export { DataflowConfigError } from "./load-document.js";

/** Builds the graph a document describes (`now`: the processing time at start). Default: the core's compileDataflow. */
export type CompileDataflow = (spec: DataflowSpec, options: { readonly now: number; readonly smartModules: SmartModuleLoader }) => DataflowGraph;

export interface DataflowProcessOptions {
  readonly configPath: string;
  /** Holds the checkpoints (state/) and the status file. */
  readonly dataDir: string;
  /** Where the HTTP API listens; port 0 picks a free one. */
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
  readonly compile?: CompileDataflow;
  readonly metrics?: Registry;
  /** How often the status file is rewritten. Default 1 s. */
  readonly statusIntervalMs?: number;
  /** How often the graph is told processing time passed. Default 200 ms. */
  readonly tickIntervalMs?: number;
  /** Unacknowledged sends after which reading pauses. Default 8. */
  readonly maxInFlightSends?: number;
}

export interface RunningDataflow {
  readonly name: string;
  /** The HTTP API's port. */
  readonly port: number;
  status(): DataflowStatus;
  /** Stops reading, writes a last checkpoint and closes; safe to call twice. */
  close(): Promise<void>;
}

interface Loop {
  readonly spec: DataflowSpec;
  readonly graph: DataflowGraph;
  readonly readers: readonly SourceReader[];
  readonly sinks: SinkWriter;
  readonly views: ViewStore;
  readonly store: CheckpointStore;
  readonly options: DataflowProcessOptions;
  readonly signal: AbortSignal;
}

/**
 * Starts the dataflow a YAML document describes, as the `--role dataflow` process does. Resolves
 * once its HTTP API listens (a bad document rejects with DataflowConfigError); it then connects,
 * restores its last checkpoint and runs until closed. When it cannot go on (a sink write failed
 * for good) it is failed: it stops, says why in its status, and stays up until restarted.
 */
export async function startDataflow(options: DataflowProcessOptions): Promise<RunningDataflow> {
  const { logger } = options;
  const { spec, lineOf } = await loadDataflowDocument(options.configPath);
  // A relative passwordFile or SmartModule path is relative to the document; a SmartModule by name is fetched from the cluster.
  const baseDir = dirname(resolve(options.configPath));
  const cluster = spec.cluster!;
  const sasl = await saslOf(cluster, baseDir).catch((error: unknown) => {
    throw error instanceof ClusterPasswordFileError ? new DataflowConfigError(`${options.configPath}: ${error.message}`) : error;
  });
  const client: FreshetClient = createClient({ bootstrap: cluster.bootstrap, clientId: `dataflow-${spec.name}`, ...(sasl === undefined ? {} : { sasl }) });
  let smartModules: Map<string, Uint8Array>;
  let graph: DataflowGraph;
  try {
    smartModules = await smartModuleComponents(spec, { client, baseDir });
  } catch (error) {
    await client.close().catch(() => undefined);
    if (!(error instanceof ComponentProblem)) throw error;
    throw new DataflowConfigError(`${options.configPath}:${lineOf(error.path).toString()}: ${error.path}: ${error.message}`, { cause: error });
  }
  try {
    graph = (options.compile ?? compileDataflow)(spec, {
      now: Date.now(),
      smartModules: (module) => smartModules.get(module) ?? Promise.reject(new Error(`the SmartModule ${module} was not read at start`)),
    });
  } catch (error) {
    // The core names the field (an expression that does not compile, a cycle): placed at its line like a schema error.
    const line = error instanceof DataflowCompileError ? lineOf(error.path) : 1;
    // Expression errors may draw the expression with a caret underneath: the first line is the sentence.
    await client.close().catch(() => undefined);
    throw new DataflowConfigError(`${options.configPath}:${line.toString()}: ${(error as Error).message.split("\n")[0] ?? ""}`, { cause: error });
  }
  const views = new ViewStore(Object.entries(spec.sinks).flatMap(([name, sink]) => (sink.view === undefined ? [] : [{ name, retainWindows: sink.view.retainWindows }])));
  const readers = Object.entries(spec.sources).map(([id, source]) => new SourceReader(client, id, source));
  const sinks = new SinkWriter(client, new Map(Object.entries(spec.sinks).flatMap(([name, sink]) => (sink.topic === undefined ? [] : [[name, sink.topic] as const]))));
  const store = CheckpointStore.open(options.dataDir);
  const stop = new AbortController();
  const loop: Loop = { spec, graph, readers, sinks, views, store, options, signal: stop.signal };

  let state: DataflowState = "starting";
  let reason: string | undefined;
  let lastCheckpoint: { at: number | null; count: number; durationMs?: number } = { at: null, count: 0 };
  const status = (): DataflowStatus => ({
    name: spec.name,
    state,
    ...(reason === undefined ? {} : { reason }),
    updatedAt: new Date().toISOString(),
    checkpoint: {
      at: lastCheckpoint.at === null ? null : new Date(lastCheckpoint.at).toISOString(),
      count: lastCheckpoint.count,
      ...(lastCheckpoint.durationMs === undefined ? {} : { durationMs: lastCheckpoint.durationMs }),
    },
    sources: readers.map((r) => ({ id: r.id, topic: r.topic, partitions: r.status() })),
    operators: graph.stats(),
    views: views.names(),
  });
  const api = await serveDataflowApi(options.host, options.port, status, views);
  const writeStatus = (): Promise<void> => writeStatusFile(options.dataDir, status()).catch((error: unknown) => logger.warn({ err: error }, "writing the status file failed"));
  if (options.metrics !== undefined) {
    registerDataflowMetrics(spec.name, options.metrics, () => ({ operators: graph.stats(), lag: new Map(readers.map((r) => [r.id, r.status().reduce((sum, p) => sum + p.lag, 0)])) }));
  }
  const refresh = async (): Promise<void> => {
    if (state === "running") await Promise.all(readers.map((r) => r.refreshHighWatermarks())).catch(() => undefined);
    await writeStatus();
  };
  const statusTimer = setInterval(() => void refresh(), options.statusIntervalMs ?? 1_000);
  void writeStatus();

  const checkpoints = new Checkpointer(loop, (at, count, durationMs) => {
    lastCheckpoint = { at, count, durationMs };
  });
  const run = (async () => {
    const restored = store.read();
    if (restored !== undefined) {
      if (restored.snapshot.byteLength > 0) graph.restore(restored.snapshot);
      views.load(restored.views);
      lastCheckpoint = { at: restored.at, count: restored.count };
    }
    await Promise.all(
      readers.map((r) =>
        r.open(restored?.sources, stop.signal, (why) => {
          reason = why;
        }),
      ),
    );
    for (const r of readers) graph.assignPartitions(r.id, r.partitions);
    await sinks.open(restored, stop.signal);
    const pending = sinks.pendingIds().length;
    if (pending > 0) logger.info({ outputs: pending }, "outputs written after the last checkpoint will not be written again");
    checkpoints.resume(restored);
    // The first checkpoint pins where reading starts (startFrom: latest included) and where the sinks end.
    if (restored === undefined) await checkpoints.take();
    state = "running";
    reason = undefined;
    logger.info({ dataflow: spec.name, checkpoint: lastCheckpoint.count }, "dataflow running");
    await processRecords(loop, checkpoints);
  })().then(
    () => undefined,
    (error: unknown) => {
      if (stop.signal.aborted) return;
      state = "failed";
      reason = (error as Error).message;
      logger.error({ err: error }, `dataflow failed: ${reason}`);
      void writeStatus();
    },
  );

  let closing: Promise<void> | undefined;
  return {
    name: spec.name,
    port: api.port,
    status,
    close: () =>
      (closing ??= (async () => {
        stop.abort(new Error("the dataflow is stopping"));
        await run;
        clearInterval(statusTimer);
        const steps: Array<() => Promise<unknown>> = [
          async () => {
            if (state === "running") await checkpoints.take();
          },
          () => api.close(),
          () => graph.close(),
          async () => {
            for (const r of readers) r.close();
          },
          () => client.close(),
          () => store.close(),
          () => writeStatus(),
        ];
        for (const step of steps) await step().catch((error: unknown) => logger.warn({ err: error }, "a dataflow shutdown step failed"));
      })()),
  };
}

/** Takes checkpoints: the graph's snapshot and the positions now, written once every output so far is acknowledged. */
class Checkpointer {
  readonly #loop: Loop;
  readonly #written: (at: number, count: number, durationMs: number) => void;
  #count = 0;
  #inProgress: Promise<void> | undefined;
  #due = 0;

  constructor(loop: Loop, written: (at: number, count: number, durationMs: number) => void) {
    this.#loop = loop;
    this.#written = written;
  }

  resume(restored: Checkpoint | undefined): void {
    this.#count = restored?.count ?? 0;
    this.#due = Date.now() + this.#loop.spec.checkpoint.interval;
  }

  /** Starts a checkpoint when one is due and none is being written. */
  maybe(now: number): void {
    if (now < this.#due || this.#inProgress !== undefined) return;
    this.#due = now + this.#loop.spec.checkpoint.interval;
    // A sink that failed stops the loop on its own; anything else is logged and retried at the next interval.
    void this.take().catch((error: unknown) => this.#loop.options.logger.warn({ err: error }, "a checkpoint failed"));
  }

  /**
   * Must be called with the graph drained: everything it emitted so far is queued to the sinks.
   * The snapshot is taken before anything is awaited, so records the loop processes meanwhile
   * belong to the next checkpoint.
   */
  take(): Promise<void> {
    const { graph, readers, sinks, views, store, options } = this.#loop;
    const started = performance.now();
    const snapshot = graph.snapshot();
    const sources = Object.assign({}, ...readers.map((r) => r.positions())) as Record<string, number>;
    const rows = views.rows();
    const pendingIds = sinks.pendingIds();
    const acknowledged = sinks.acknowledged();
    const previous = this.#inProgress;
    const written = (async () => {
      const ends = await acknowledged;
      await previous;
      const count = this.#count + 1;
      const at = Date.now();
      await store.write({ count, at, snapshot, sources, sinks: ends, pendingIds, views: rows });
      this.#count = count;
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      this.#written(at, count, durationMs);
      options.logger.debug({ count, durationMs, bytes: snapshot.byteLength }, "checkpoint written");
    })();
    // Settles either way (the caller of take() sees the error): only the order of writes is kept here.
    const tracked = written
      .catch(() => undefined)
      .finally(() => {
        if (this.#inProgress === tracked) this.#inProgress = undefined;
      });
    this.#inProgress = tracked;
    return written;
  }
}

/** The loop: read (only while the sinks keep up), process, emit, tick, checkpoint. */
async function processRecords(loop: Loop, checkpoints: Checkpointer): Promise<void> {
  const { graph, readers, sinks, views, signal, options } = loop;
  const tickEvery = options.tickIntervalMs ?? 200;
  const maxInFlight = options.maxInFlightSends ?? 8;
  const pending = new Map<SourceReader, Promise<{ reader: SourceReader; inputs: DataflowInput[] }>>();
  let nextTick = 0;
  const emit = (): void => {
    const drained = graph.drain();
    if (drained.outputs.length > 0) sinks.write(drained.outputs);
    for (const row of drained.views) views.apply(row);
  };
  const fetchNext = (reader: SourceReader): void => {
    pending.set(
      reader,
      reader.next().then((inputs) => ({ reader, inputs })),
    );
  };
  while (!signal.aborted) {
    if (sinks.failure !== undefined) throw sinks.failure;
    await sinks.below(maxInFlight);
    for (const reader of readers) if (!pending.has(reader)) fetchNext(reader);
    const { reader, inputs } = await Promise.race(pending.values());
    pending.delete(reader);
    if (signal.aborted) break;
    // The reader's next fetch is on its way while these records are processed (one at most: a
    // fetch is started again only here and above). Its records are handed out on a later turn.
    if (inputs.length > 0) fetchNext(reader);
    if (inputs.length > 0) {
      await graph.process(inputs);
      reader.consumed(inputs);
      emit();
    }
    const now = Date.now();
    if (now >= nextTick) {
      graph.tick(now);
      emit();
      nextTick = now + tickEvery;
    }
    checkpoints.maybe(now);
  }
  // Fetches still in flight are dropped: their records were not handed out, so positions exclude them.
  await Promise.allSettled(pending.values());
}
