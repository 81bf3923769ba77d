import { pipelineSpecSchema, type PipelineSpec } from "../spec/pipeline-spec.js";
import type { PipelineDiff } from "./contract.js";
import { applyFieldChange } from "./field-changes.js";

type Sections = Record<"sources" | "operators" | "sinks", Record<string, Record<string, unknown>>>;

function sectionOf(spec: Sections, id: string): Record<string, unknown> | undefined {
  for (const section of ["sources", "operators", "sinks"] as const) {
    const body = spec[section][id];
    if (body !== undefined) return body;
  }
  return undefined;
}

/**
 * The version a diff leads to from `before` (layout kept, minus removed nodes). The result is
 * validated again, so a diff taken against another version fails with a sentence instead of
 * producing a document that would not parse.
 */
export function applyPipelineDiff(before: PipelineSpec, diff: PipelineDiff): PipelineSpec {
  const spec = structuredClone(before) as unknown as Sections & Record<string, unknown> & { layout?: Record<string, unknown> };
  for (const node of diff.nodesRemoved) {
    delete spec[node.section][node.id];
    delete spec.layout?.[node.id];
  }
  for (const node of diff.nodesAdded) spec[node.section][node.id] = structuredClone(node.body) as Record<string, unknown>;
  for (const { id, changes } of diff.nodesChanged) {
    const body = sectionOf(spec, id);
    if (body === undefined) throw new Error(`the diff does not apply: this pipeline has no node named ${id}`);
    for (const change of changes) applyFieldChange(body, change.path, change.after);
  }
  for (const change of diff.settingsChanged) applyFieldChange(spec, change.path, change.after);
  const parsed = pipelineSpecSchema.safeParse(spec);
  if (!parsed.success) throw new Error(`the diff does not apply to this pipeline: ${parsed.error.issues[0]?.message ?? "the result is not valid"}`);
  return parsed.data;
}
