import { isMap, isScalar } from "yaml";
import { renderPipeline } from "../spec/parse-pipeline.js";
import type { Position } from "./add-remove-node.js";
import { PipelineEditError } from "./edit-error.js";
import { openDocument, requireNode, rootMap } from "./pipeline-document.js";

/** Sets node positions in the layout block and touches nothing else, so the semantic diff stays empty. */
export function moveNodes(text: string, positions: Readonly<Record<string, Position>>): string {
  const document = openDocument(text);
  for (const [id, position] of Object.entries(positions)) {
    requireNode(document, id);
    if (!Number.isFinite(position.x) || !Number.isFinite(position.y)) throw new PipelineEditError(`the position of ${id} must be two finite numbers`);
    const layout = rootMap(document, "layout");
    const entry = layout.get(id, true);
    const x = isMap(entry) ? entry.get("x", true) : undefined;
    const y = isMap(entry) ? entry.get("y", true) : undefined;
    if (isMap(entry) && isScalar(x) && isScalar(y) && entry.items.length === 2) {
      // In place: an entry's comment and style survive a drag.
      x.value = position.x;
      y.value = position.y;
      continue;
    }
    const created = document.createNode({ x: position.x, y: position.y });
    created.flow = true;
    layout.set(id, created);
  }
  return renderPipeline(document);
}
