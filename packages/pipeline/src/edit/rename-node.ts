import { isMap, isScalar } from "yaml";
import { renderPipeline } from "../spec/parse-pipeline.js";
import { checkNewId, openDocument, referenceSlots, requireNode } from "./pipeline-document.js";
import { renameInSlot } from "./references.js";

/** Renames a node where it is defined, in every reference to it and in the layout; keys change in place, so comments stay. */
export function renameNode(text: string, id: string, newId: string): string {
  const document = openDocument(text);
  const { pair } = requireNode(document, id);
  if (newId === id) return renderPipeline(document);
  checkNewId(document, newId);
  const renameKey = (key: unknown) => {
    if (isScalar(key)) key.value = newId;
  };
  renameKey(pair.key);
  for (const slot of referenceSlots(document)) renameInSlot(slot, id, newId);
  const layout = document.contents.get("layout", true);
  if (isMap(layout)) {
    const entry = layout.items.find((p) => isScalar(p.key) && p.key.value === id);
    if (entry !== undefined) renameKey(entry.key);
  }
  return renderPipeline(document);
}
