import type { PipelineSink, PipelineSpec } from "../spec/pipeline-spec.js";

/**
 * The topic a topic or connector sink stands for. A connector sink reading a source takes that
 * source's topic (no dataflow step in between); otherwise the dataflow writes the sink's `topic`,
 * by default `<pipeline>.<sink>`. (A view sink has no topic: callers ask only for the others.)
 */
export function sinkTopic(spec: PipelineSpec, sinkId: string, sink: PipelineSink): string {
  const source = spec.sources[sink.from];
  if (sink.connector !== undefined && source !== undefined) return source.topic;
  return sink.topic ?? `${spec.name}.${sinkId}`;
}
