import { createClient, type FreshetClient } from "@freshet/client/client";
import { UnknownTopicError } from "@freshet/client/cluster/cluster-errors";
import type { SaslOptions } from "@freshet/client/connection/sasl/sasl-options";
import { compileDataflow, DataflowCompileError, type DataflowGraph, type DataflowInput, type GraphObserver } from "@freshet/dataflow/graph";
import { ComponentProblem, smartModuleComponents } from "@freshet/dataflow/smartmodule-components";
import { pino, type Logger } from "pino";
import type { PipelineSpec } from "../spec/pipeline-spec.js";
import { captureSources } from "./capture-sources.js";
import { NodeSamples, sampleOf, type NodePreview } from "./node-samples.js";
import { previewPlan } from "./preview-plan.js";
import { TopicTail } from "./topic-tail.js";

export type PreviewState = "running" | "paused" | "stopped" | "done" | "failed";

export interface PreviewSnapshot {
  readonly state: PreviewState;
  /** Why it ended (done, stopped, failed), or what it waits for; null while all is well. */
  readonly reason: string | null;
  readonly elapsedMs: number;
  /** Records read from the sources so far (what maxRecords bounds). */
  readonly records: number;
  readonly nodes: Readonly<Record<string, NodePreview>>;
}

export interface PreviewOptions {
  readonly spec: PipelineSpec;
  /** Where the topics are: settings for a client of the preview's own, or a client the preview takes over (and closes). */
  readonly cluster: { readonly bootstrap: string; readonly sasl?: SaslOptions } | { readonly client: FreshetClient };
  /** Stops after this many source records. Default 1000. */
  readonly maxRecords?: number;
  /** Stops after this long, paused time included. Default 120. */
  readonly maxSeconds?: number;
  /** Records read before the end of each source partition at start. Default 50. */
  readonly backlog?: number;
  readonly logger?: Logger;
}

export interface PipelinePreview {
  poll(): PreviewSnapshot;
  pause(): void;
  resume(): void;
  /** Ends the preview and releases everything it holds; safe to call twice. */
  stop(): Promise<void>;
  /** Settles once the preview ended (by itself or stopped) and released everything. */
  readonly finished: Promise<void>;
}

/** A pipeline a preview cannot run (a SmartModule not loaded, an operator that does not compile): one sentence naming the node's field. */
export class PreviewError extends Error {}

const TICK_MS = 200;

/**
 * Runs a pipeline bounded, on live data, writing nothing: topics are read from a little before
 * their end, source connectors run in capture mode, the graph runs in this process and every
 * node's records are sampled. Rejects with PreviewError when the pipeline cannot run at all.
 */
export async function startPreview(options: PreviewOptions): Promise<PipelinePreview> {
  const logger = options.logger ?? pino({ level: "silent" });
  const maxRecords = options.maxRecords ?? 1_000;
  const maxMs = (options.maxSeconds ?? 120) * 1_000;
  const plan = previewPlan(options.spec);
  const client =
    "client" in options.cluster
      ? options.cluster.client
      : createClient({ bootstrap: options.cluster.bootstrap, clientId: `preview-${options.spec.name}`, ...(options.cluster.sasl === undefined ? {} : { sasl: options.cluster.sasl }) });
  const samples = new Map<string, NodeSamples>(
    [...Object.keys(plan.dataflow.sources), ...Object.keys(plan.dataflow.operators), ...Object.keys(plan.dataflow.sinks)].map((id) => [id, new NodeSamples()]),
  );
  const node = (id: string): NodeSamples => samples.get(id)!;
  const observer: GraphObserver = { in: (id, r) => node(id).in(sampleOf(r)), out: (id, r) => node(id).out(sampleOf(r)), error: (id, message) => node(id).error(message) };
  let graph: DataflowGraph;
  try {
    const components = await smartModuleComponents(plan.dataflow, { client });
    graph = compileDataflow(plan.dataflow, {
      now: Date.now(),
      observer,
      smartModules: (module) => components.get(module) ?? Promise.reject(new Error(`the SmartModule ${module} was not fetched at start`)),
    });
  } catch (error) {
    await client.close().catch(() => undefined);
    if (error instanceof ComponentProblem || error instanceof DataflowCompileError)
      throw new PreviewError(error instanceof ComponentProblem ? `${error.path}: ${error.message}` : error.message.split("\n")[0], { cause: error });
    throw error;
  }
  const preview = new Preview({ plan, client, graph, node, samples, maxRecords, maxMs, backlog: options.backlog ?? 50, logger });
  await preview.begin();
  return preview;
}

interface PreviewParts {
  readonly plan: ReturnType<typeof previewPlan>;
  readonly client: FreshetClient;
  readonly graph: DataflowGraph;
  readonly node: (id: string) => NodeSamples;
  readonly samples: ReadonlyMap<string, NodeSamples>;
  readonly maxRecords: number;
  readonly maxMs: number;
  readonly backlog: number;
  readonly logger: Logger;
}

class Preview implements PipelinePreview {
  readonly #parts: PreviewParts;
  readonly #started = Date.now();
  readonly #stop = new AbortController();
  readonly #queue: DataflowInput[] = [];
  readonly #timer: NodeJS.Timeout;
  #state: PreviewState = "running";
  #reason: string | null = null;
  #endedAt: number | null = null;
  #records = 0;
  #wake: (() => void) | undefined;
  finished: Promise<void> = Promise.resolve();

  constructor(parts: PreviewParts) {
    this.#parts = parts;
    this.#timer = setTimeout(() => this.#end("done", `ran for ${(parts.maxMs / 1_000).toString()} s`), parts.maxMs);
  }

  /** Starts the captures, the topic tails and the processing loop. */
  async begin(): Promise<void> {
    const parts = this.#parts;
    let captures: Awaited<ReturnType<typeof captureSources>>;
    try {
      captures = await captureSources(parts.plan.captured, { signal: this.#stop.signal, logger: parts.logger, node: parts.node, accept: (inputs) => this.#accept(inputs) });
    } catch (error) {
      // Nothing reads yet: end here and release what start took, then let the caller see why.
      this.#end("failed", (error as Error).message);
      await this.#release();
      throw error;
    }
    for (const id of captures.capturing) parts.graph.assignPartitions(id, [0]);
    const tails = Object.entries(parts.plan.dataflow.sources)
      .filter(([id]) => !captures.capturing.has(id))
      .map(([id, source]) => this.#tail(id, source.topic));
    const loop = this.#process().catch((error: unknown) => this.#end("failed", (error as Error).message));
    this.finished = Promise.allSettled([loop, ...tails, captures.done]).then(() => this.#release());
  }

  poll(): PreviewSnapshot {
    const nodes = Object.fromEntries([...this.#parts.samples].map(([id, s]) => [id, s.view()]));
    return { state: this.#state, reason: this.#reason, elapsedMs: (this.#endedAt ?? Date.now()) - this.#started, records: this.#records, nodes };
  }

  pause(): void {
    if (this.#state === "running") this.#state = "paused";
  }

  resume(): void {
    if (this.#state !== "paused") return;
    this.#state = "running";
    this.#wake?.();
  }

  stop(): Promise<void> {
    this.#end("stopped", "stopped");
    return this.finished;
  }

  /** Records from a topic or a capture; while paused they are dropped (a paused preview shows a still picture, and holds nothing). */
  #accept(inputs: readonly DataflowInput[]): void {
    if (this.#state !== "running" || inputs.length === 0) return;
    // Never more than maxRecords in all: what would be past the bound is not kept.
    const room = this.#parts.maxRecords - this.#records - this.#queue.length;
    for (let i = 0; i < Math.min(room, inputs.length); i++) this.#queue.push(inputs[i]!);
    this.#wake?.();
  }

  #end(state: "stopped" | "done" | "failed", reason: string): void {
    if (this.#endedAt !== null) return;
    this.#state = state;
    this.#reason = reason;
    this.#endedAt = Date.now();
    clearTimeout(this.#timer);
    this.#stop.abort(new Error("the preview ended"));
    this.#wake?.();
  }

  async #tail(id: string, topic: string): Promise<void> {
    const { client, graph, node, backlog } = this.#parts;
    let tail: TopicTail;
    try {
      tail = await TopicTail.open(client, id, topic, backlog, this.#stop.signal);
    } catch (error) {
      if (this.#stop.signal.aborted) return;
      node(id).error(error instanceof UnknownTopicError ? `the topic ${topic} does not exist yet` : `cannot read the topic ${topic}: ${(error as Error).message}`);
      return;
    }
    graph.assignPartitions(id, tail.partitions);
    try {
      while (!this.#stop.signal.aborted) {
        const inputs = await tail.next();
        if (inputs === null) break;
        this.#accept(inputs);
      }
    } catch (error) {
      if (!this.#stop.signal.aborted) node(id).error(`reading the topic ${topic} failed: ${(error as Error).message}`);
    } finally {
      tail.close();
    }
  }

  /** The one loop that runs the graph: records in, processing time forward, outputs sampled at their sinks. */
  async #process(): Promise<void> {
    const { graph, maxRecords } = this.#parts;
    let nextTick = 0;
    while (this.#endedAt === null) {
      if (this.#queue.length === 0 || this.#state !== "running") {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, TICK_MS);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wake = undefined;
      }
      if (this.#endedAt !== null) break;
      if (this.#state !== "running") continue;
      const inputs = this.#queue.splice(0, Math.min(this.#queue.length, maxRecords - this.#records));
      if (inputs.length > 0) {
        this.#records += inputs.length;
        await graph.process(inputs);
        this.#sampleSinks();
      }
      const now = Date.now();
      if (now >= nextTick) {
        graph.tick(now);
        this.#sampleSinks();
        nextTick = now + TICK_MS;
      }
      if (this.#records >= maxRecords) this.#end("done", `read ${maxRecords.toString()} records`);
    }
  }

  /** What the sinks would write: outputs and view rows, never sent anywhere. */
  #sampleSinks(): void {
    const { graph, node } = this.#parts;
    const { outputs, views } = graph.drain();
    for (const output of outputs) node(output.sink).out(sampleOf({ key: output.key, value: output.value, time: output.timestamp }));
    for (const row of views) node(row.view).out(sampleOf({ key: row.key, value: row.value, time: row.windowEnd }));
  }

  /** Runs once everything that reads has stopped. */
  async #release(): Promise<void> {
    const { graph, client, logger } = this.#parts;
    for (const step of [() => graph.close(), () => client.close()]) await step().catch((error: unknown) => logger.warn({ err: error }, "a preview shutdown step failed"));
  }
}
