import { nodeIdSchema } from "@freshet/dataflow/spec";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Pair, type YAMLMap } from "yaml";
import type { EdgePort, NodeSection } from "../graph/contract.js";
import { PipelineEditError } from "./edit-error.js";

/*
 * The document side of edits. Edits work on drafts, which may not validate (a node just dropped
 * on the canvas has no settings yet), so everything here reads the YAML tree, never the schema's
 * output: a document that parses as a map can always be edited.
 */

export const NODE_SECTIONS: readonly NodeSection[] = ["sources", "operators", "sinks"];
/** Where a missing section is inserted: before the first of these that exists. */
const ROOT_ORDER = ["sources", "operators", "sinks", "layout"];

export function openDocument(text: string): Document & { contents: YAMLMap } {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const error = document.errors[0];
  if (error !== undefined) throw new PipelineEditError(`the pipeline YAML does not parse at line ${lines.linePos(error.pos[0]).line.toString()}: ${error.message.split("\n")[0] ?? ""}`);
  if (!isMap(document.contents)) throw new PipelineEditError("the pipeline document must be a YAML map of fields");
  return document as Document & { contents: YAMLMap };
}

export function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

/** The map under a top-level key, created (in the usual section order) when absent. */
export function rootMap(document: Document & { contents: YAMLMap }, key: string): YAMLMap {
  const existing = document.contents.get(key, true);
  if (isMap(existing)) return existing;
  if (existing !== undefined) throw new PipelineEditError(`${key} must be a map of nodes`);
  const later = ROOT_ORDER.slice(ROOT_ORDER.indexOf(key) + 1);
  const index = document.contents.items.findIndex((pair) => later.includes(String(keyOf(pair))));
  const pair = document.createPair(key, {});
  document.contents.items.splice(index === -1 ? document.contents.items.length : index, 0, pair);
  return pair.value as YAMLMap;
}

export interface NodeLocation {
  readonly section: NodeSection;
  readonly map: YAMLMap;
  readonly pair: Pair;
}

export function findNode(document: Document & { contents: YAMLMap }, id: string): NodeLocation | undefined {
  for (const section of NODE_SECTIONS) {
    const map = document.contents.get(section, true);
    const pair = isMap(map) ? map.items.find((p) => keyOf(p) === id) : undefined;
    if (isMap(map) && pair !== undefined) return { section, map, pair };
  }
  return undefined;
}

export function requireNode(document: Document & { contents: YAMLMap }, id: string): NodeLocation {
  const found = findNode(document, id);
  if (found === undefined) throw new PipelineEditError(`there is no node named ${id}`);
  return found;
}

export function checkNewId(document: Document & { contents: YAMLMap }, id: string): void {
  if (!nodeIdSchema.safeParse(id).success) throw new PipelineEditError(`${id} is not a valid node name: use 1 to 63 lowercase letters, digits or dashes, starting with a letter`);
  if (findNode(document, id) !== undefined) throw new PipelineEditError(`a node named ${id} already exists`);
}

/** A field that names another node: a `from` (port in), an interval join's `right`, a lookup's `table`. */
export interface ReferenceSlot {
  /** The node holding the reference. */
  readonly target: string;
  readonly port: EdgePort;
  /** The map holding the field, and the field's key. */
  readonly holder: YAMLMap;
  readonly key: string;
}

export function referenceSlots(document: Document & { contents: YAMLMap }): ReferenceSlot[] {
  const slots: ReferenceSlot[] = [];
  for (const section of ["operators", "sinks"] as const) {
    const map = document.contents.get(section, true);
    if (!isMap(map)) continue;
    for (const pair of map.items) {
      const target = String(keyOf(pair));
      const body = pair.value;
      if (!isMap(body)) continue;
      slots.push({ target, port: "in", holder: body, key: "from" });
      const join = body.get("intervalJoin", true);
      if (isMap(join)) slots.push({ target, port: "right", holder: join, key: "right" });
      const lookup = body.get("lookup", true);
      if (isMap(lookup)) slots.push({ target, port: "table", holder: lookup, key: "table" });
    }
  }
  return slots;
}

/** The node ids a slot names now (a `from` may be a list). */
export function slotValues(slot: ReferenceSlot): string[] {
  const value: unknown = slot.holder.get(slot.key, true);
  if (isScalar(value)) return [String(value.value)];
  if (isSeq(value)) return value.items.map((item) => String(isScalar(item) ? item.value : item));
  return [];
}
