import { stringify } from "yaml";
import type { PipelineConnector, PipelineSpec } from "../spec/pipeline-spec.js";
import type { CompiledConnector, CompiledPipeline } from "./contract.js";
import { sinkTopic } from "./sink-topic.js";

/*
 * A pipeline compiles into what already runs on its own: connector documents and at most one
 * dataflow document. The output is canonical — nodes sorted by id, bodies in the schema's field
 * order, no layout and no description — so a component whose meaning did not change renders to
 * the same text, and comparing texts is how a deploy decides what to touch.
 */

function byId<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function connectorDocument(name: string, connector: PipelineConnector, topics: { topic: string } | { topics: string[] }): string {
  const { type, transforms, errors, delivery, config } = connector;
  return stringify({ apiVersion: "v1", name, type, ...topics, transforms, errors, delivery, config });
}

/** The dataflow's sources: those an operator or a dataflow sink reads (a source only a sink connector reads needs no dataflow). */
function dataflowSources(spec: PipelineSpec, sinks: Record<string, { from: string }>): Record<string, unknown> {
  const read = new Set<string>(Object.values(sinks).map((s) => s.from));
  for (const operator of Object.values(spec.operators)) {
    for (const from of Array.isArray(operator.from) ? operator.from : [operator.from]) read.add(from);
    if (operator.intervalJoin !== undefined) read.add(operator.intervalJoin.right);
    if (operator.lookup !== undefined) read.add(operator.lookup.table);
  }
  return byId(
    Object.entries(spec.sources)
      .filter(([id]) => read.has(id))
      .map(([id, source]) => {
        const { connector: _connector, ...body } = source;
        return [id, body] as const;
      }),
  );
}

export function compilePipeline(spec: PipelineSpec): CompiledPipeline {
  const connectors: CompiledConnector[] = [];
  const dataflowSinks: [string, { from: string; topic?: string; view?: { retainWindows: number } }][] = [];
  const topics = new Set(Object.values(spec.sources).map((s) => s.topic));

  for (const [id, source] of Object.entries(spec.sources))
    if (source.connector !== undefined) connectors.push({ name: `${spec.name}-${id}`, node: id, yaml: connectorDocument(`${spec.name}-${id}`, source.connector, { topic: source.topic }) });

  for (const [id, sink] of Object.entries(spec.sinks)) {
    if (sink.view !== undefined) {
      dataflowSinks.push([id, { from: sink.from, view: sink.view }]);
      continue;
    }
    const topic = sinkTopic(spec, id, sink);
    topics.add(topic);
    if (sink.connector !== undefined) connectors.push({ name: `${spec.name}-${id}`, node: id, yaml: connectorDocument(`${spec.name}-${id}`, sink.connector, { topics: [topic] }) });
    // A sink connector reading a source needs no dataflow step: it reads that source's topic itself.
    if (sink.connector === undefined || !(sink.from in spec.sources)) dataflowSinks.push([id, { from: sink.from, topic }]);
  }

  const sinks = byId(dataflowSinks);
  const dataflow =
    dataflowSinks.length === 0
      ? undefined
      : {
          name: spec.name,
          yaml: stringify({
            apiVersion: "freshet.io/v1",
            kind: "Dataflow",
            name: spec.name,
            checkpoint: spec.checkpoint,
            sources: dataflowSources(spec, sinks),
            operators: byId(Object.entries(spec.operators)),
            sinks,
          }),
        };
  return {
    topics: [...topics].sort(),
    ...(dataflow === undefined ? {} : { dataflow }),
    connectors: connectors.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}
