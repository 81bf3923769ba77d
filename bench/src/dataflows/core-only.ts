import { compileDataflow, type DataflowGraph, type DataflowInput } from "@freshet/dataflow/graph";
import type { DataflowSpec } from "@freshet/dataflow/spec";
import { NexmarkGenerator } from "./nexmark/generator.js";
import type { NexmarkConfig } from "./nexmark/model.js";
import { partitionOf, toRecord } from "./nexmark/records.js";
import { INPUT_TOPICS, type LoadedQuery } from "./queries.js";

/** Records per graph.process() call, in this measurement and in the in-process loop alike. */
export const CORE_BATCH = 1_000;

export interface CoreRun {
  readonly records: number;
  readonly seconds: number;
  /** Records the graph produced for its topic sink: what the output topic must hold at the end of a run. */
  readonly outputs: number;
}

/** Builds a query's graph, each source reading the partitions `partitionsOf` its topic. */
export function compileQuery(spec: DataflowSpec, partitionsOf: (topic: string) => readonly number[]): DataflowGraph {
  const graph = compileDataflow(spec);
  for (const [id, source] of Object.entries(spec.sources)) graph.assignPartitions(id, partitionsOf(source.topic));
  return graph;
}

/**
 * The query's inputs as the runtime would hand them to the core, in the generator's delivery
 * order (event-time order across topics), already encoded, in the partitions preloading put them
 * in, offsets counted per topic partition.
 */
export function coreInputs(loaded: LoadedQuery, events: number, partitions: number, config: Partial<NexmarkConfig>): DataflowInput[] {
  const encoder = new TextEncoder();
  const sourcesOf = new Map<string, string[]>();
  for (const [id, source] of Object.entries(loaded.spec.sources)) sourcesOf.set(source.topic, [...(sourcesOf.get(source.topic) ?? []), id]);
  const offsets = new Map<string, bigint>();
  const inputs: DataflowInput[] = [];
  for (const event of new NexmarkGenerator(config).events(events)) {
    const record = toRecord(event);
    const topic = INPUT_TOPICS[record.kind];
    const sources = sourcesOf.get(topic);
    if (sources === undefined) continue;
    const partition = partitionOf(record, partitions);
    const offset = offsets.get(`${topic}/${partition.toString()}`) ?? 0n;
    offsets.set(`${topic}/${partition.toString()}`, offset + 1n);
    const key = encoder.encode(record.key);
    const value = encoder.encode(record.value);
    for (const source of sources) inputs.push({ source, partition, offset, key, value, timestamp: record.timestamp });
  }
  return inputs;
}

/** The core alone on one core: no topic reads, no produces, no JSON encoding of the outputs. */
export async function runCoreOnly(loaded: LoadedQuery, inputs: readonly DataflowInput[], partitions: number): Promise<CoreRun> {
  const graph = compileQuery(loaded.spec, () => Array.from({ length: partitions }, (_, p) => p));
  let outputs = 0;
  const start = performance.now();
  try {
    for (let i = 0; i < inputs.length; i += CORE_BATCH) {
      await graph.process(inputs.slice(i, i + CORE_BATCH));
      outputs += graph.drain().outputs.length;
    }
    return { records: inputs.length, seconds: (performance.now() - start) / 1000, outputs };
  } finally {
    await graph.close();
  }
}
