import { isMap } from "yaml";
import type { NodeSection } from "../graph/contract.js";
import { renderPipeline } from "../spec/parse-pipeline.js";
import { checkNewId, openDocument, referenceSlots, requireNode, rootMap } from "./pipeline-document.js";
import { dropFromSlot } from "./references.js";

export interface Position {
  readonly x: number;
  readonly y: number;
}

/** Adds a node at the end of its section (created if missing), with its layout position when given. */
export function addNode(text: string, section: NodeSection, id: string, body: Readonly<Record<string, unknown>>, position?: Position): string {
  const document = openDocument(text);
  checkNewId(document, id);
  const map = rootMap(document, section);
  // An emptied section renders as `{}`; the first node added goes back to block style.
  if (map.items.length === 0) map.flow = false;
  map.set(id, document.createNode(body));
  if (position !== undefined) {
    const entry = document.createNode({ x: position.x, y: position.y });
    entry.flow = true;
    rootMap(document, "layout").set(id, entry);
  }
  return renderPipeline(document);
}

/**
 * The yaml library files a comment above a section's first node under the section. The lines
 * right above the node go with it; a comment set off by a blank line is about the section and stays.
 */
function sectionCommentWithout(comment: string | null | undefined): string | undefined {
  if (comment === undefined || comment === null) return undefined;
  const lines = comment.split("\n");
  const blank = lines.lastIndexOf("");
  return blank === -1 ? undefined : lines.slice(0, blank + 1).join("\n");
}

/** Removes a node, every reference to it (a `from`, join side or lookup table naming it) and its layout position. */
export function removeNode(text: string, id: string): string {
  const document = openDocument(text);
  const { map, pair } = requireNode(document, id);
  if (map.items[0] === pair) map.commentBefore = sectionCommentWithout(map.commentBefore);
  map.delete(id);
  for (const slot of referenceSlots(document)) dropFromSlot(slot, id);
  const layout = document.contents.get("layout", true);
  if (isMap(layout)) layout.delete(id);
  return renderPipeline(document);
}
