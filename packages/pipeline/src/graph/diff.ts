import type { PipelineSpec } from "../spec/pipeline-spec.js";
import type { AddedNode, FieldChange, NodeSection, PipelineDiff, PipelineNode } from "./contract.js";
import { fieldChanges } from "./field-changes.js";
import { pipelineGraph } from "./pipeline-graph.js";

/*
 * The semantic diff the deploy dialog shows. Layout is never part of it (moving a node is not a
 * change); a node that moved to another section is removed and added. Edges are derived from
 * the bodies, so they are listed for display and a changed `from` also shows as a field change.
 */

/** Document-level fields a diff compares; apiVersion and kind are fixed, layout has no meaning. */
const SETTINGS = ["name", "description", "checkpoint"] as const;

export function nodeBody(spec: PipelineSpec, section: NodeSection, id: string): AddedNode["body"] | undefined {
  return spec[section][id];
}

function key(node: PipelineNode): string {
  return `${node.section}/${node.id}`;
}

export function diffPipelines(before: PipelineSpec, after: PipelineSpec): PipelineDiff {
  const was = pipelineGraph(before);
  const is = pipelineGraph(after);
  const wasNodes = new Set(was.nodes.map(key));
  const isNodes = new Set(is.nodes.map(key));
  const wasEdges = new Set(was.edges.map((e) => e.id));
  const isEdges = new Set(is.edges.map((e) => e.id));

  const nodesAdded: AddedNode[] = [];
  const nodesChanged: { id: string; changes: FieldChange[] }[] = [];
  for (const node of is.nodes) {
    const body = nodeBody(after, node.section, node.id);
    if (body === undefined) continue;
    if (!wasNodes.has(key(node))) nodesAdded.push({ ...node, body });
    else {
      const changes = fieldChanges(nodeBody(before, node.section, node.id), body);
      if (changes.length > 0) nodesChanged.push({ id: node.id, changes });
    }
  }
  return {
    nodesAdded,
    nodesRemoved: was.nodes.filter((node) => !isNodes.has(key(node))),
    nodesChanged,
    edgesAdded: is.edges.filter((e) => !wasEdges.has(e.id)),
    edgesRemoved: was.edges.filter((e) => !isEdges.has(e.id)),
    settingsChanged: SETTINGS.flatMap((field) => fieldChanges(before[field], after[field], [field])),
  };
}

export function isEmptyDiff(diff: PipelineDiff): boolean {
  return [diff.nodesAdded, diff.nodesRemoved, diff.nodesChanged, diff.edgesAdded, diff.edgesRemoved, diff.settingsChanged].every((list) => list.length === 0);
}
