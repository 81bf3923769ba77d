import { pipelineGraph } from "@freshet/pipeline/graph";
import { parsePipeline, type PipelineSpec } from "@freshet/pipeline/spec";
import type { PipelineGraph } from "@freshet/pipeline/graph";

export type DocumentGraph = { readonly ok: true; readonly spec: PipelineSpec; readonly graph: PipelineGraph } | { readonly ok: false; readonly message: string };

/** The graph a pipeline document draws, or the first reason it cannot be drawn (the editor tab lists all of them). */
export function documentGraph(yaml: string): DocumentGraph {
  const parsed = parsePipeline(yaml);
  if (!parsed.ok) {
    const first = parsed.problems[0];
    return { ok: false, message: first === undefined ? "The pipeline document cannot be read." : `Line ${first.line}: ${first.message}` };
  }
  return { ok: true, spec: parsed.spec, graph: pipelineGraph(parsed.spec) };
}
