import { dataflowSpecSchema, type DataflowSpec } from "@freshet/dataflow/spec";
import type { PipelineSpec } from "../spec/pipeline-spec.js";

/** A source fed by a connector, which the preview runs in capture mode instead of reading its topic. */
export interface CapturedSource {
  readonly id: string;
  readonly type: string;
  readonly config: Readonly<Record<string, unknown>>;
  /** The deployed connector's name (`<pipeline>-<node>`). */
  readonly connectorName: string;
}

export interface PreviewPlan {
  /** The pipeline as one in-process dataflow: every sink is a view or a topic sink whose outputs are only sampled. */
  readonly dataflow: DataflowSpec;
  readonly captured: readonly CapturedSource[];
}

/**
 * How a preview runs a pipeline: its sources, operators and sinks as one dataflow graph in this
 * process (a connector sink becomes the topic sink that would feed it; nothing is written), and its
 * source connectors captured.
 */
export function previewPlan(spec: PipelineSpec): PreviewPlan {
  const sources = Object.fromEntries(Object.entries(spec.sources).map(([id, source]) => [id, withoutConnector(source)]));
  const sinks = Object.fromEntries(
    Object.entries(spec.sinks).map(([id, sink]) => [id, sink.view !== undefined ? { from: sink.from, view: sink.view } : { from: sink.from, topic: sink.topic ?? `${spec.name}.${id}` }]),
  );
  const dataflow = dataflowSpecSchema.parse({ apiVersion: spec.apiVersion, kind: "Dataflow", name: spec.name, checkpoint: spec.checkpoint, sources, operators: spec.operators, sinks });
  const captured = Object.entries(spec.sources).flatMap(([id, source]) =>
    source.connector === undefined ? [] : [{ id, type: source.connector.type, config: source.connector.config, connectorName: `${spec.name}-${id}` }],
  );
  return { dataflow, captured };
}

function withoutConnector<T extends { connector?: unknown }>(source: T): Omit<T, "connector"> {
  const { connector: _connector, ...rest } = source;
  return rest;
}
