import type { FreshetClient } from "@freshet/client/client";
import type { DataflowGraph, DataflowInput } from "@freshet/dataflow/graph";
import { CORE_BATCH, compileQuery } from "./core-only.js";
import type { LoadedQuery } from "./queries.js";

const ID_HEADER = "freshet.dataflow.id";

export interface LoopRun {
  readonly records: number;
  readonly seconds: number;
  readonly outputs: number;
}

/**
 * A query topic → topic with the core in this process and the client library around it: each
 * source's topic read from its start to its end, batches fed to the graph one at a time, the
 * outputs produced (acks=all, with their id header) before the next batch. No checkpoints and no
 * status, but no overlap of reading, processing and producing either (the process pipelines
 * them): the plain loop the process is compared with, as the connector bench compares its rows.
 */
export async function runInProcessLoop(client: FreshetClient, loaded: LoadedQuery, partitions: number, outputTopic: string): Promise<LoopRun> {
  const all = Array.from({ length: partitions }, (_, p) => p);
  const graph = compileQuery(loaded.spec, () => all);
  const producer = client.producer();
  let records = 0;
  let outputs = 0;
  // One batch at a time through the graph and out to the topic, whichever source it came from.
  let chain = Promise.resolve();
  const step = (batch: DataflowInput[]) => {
    chain = chain.then(async () => {
      await graph.process(batch);
      records += batch.length;
      outputs += await produceOutputs(graph, producer, outputTopic);
    });
    return chain;
  };
  const start = performance.now();
  try {
    await Promise.all(
      Object.entries(loaded.spec.sources).map(async ([source, spec]) => {
        let batch: DataflowInput[] = [];
        for await (const record of client.consume({ topic: spec.topic, start: { kind: "beginning" }, exitAtEnd: true })) {
          batch.push({ source, partition: record.partition, offset: BigInt(record.offset), key: record.key, value: record.value, timestamp: record.timestamp });
          if (batch.length >= CORE_BATCH) {
            await step(batch);
            batch = [];
          }
        }
        if (batch.length > 0) await step(batch);
      }),
    );
    await chain;
    return { records, seconds: (performance.now() - start) / 1000, outputs };
  } finally {
    await graph.close();
  }
}

async function produceOutputs(graph: DataflowGraph, producer: ReturnType<FreshetClient["producer"]>, topic: string): Promise<number> {
  const { outputs } = graph.drain();
  if (outputs.length === 0) return 0;
  await producer.send(
    topic,
    outputs.map((output) => ({ key: output.key, value: JSON.stringify(output.value), timestamp: output.timestamp, headers: { [ID_HEADER]: output.id } })),
    { acks: -1 },
  );
  return outputs.length;
}
