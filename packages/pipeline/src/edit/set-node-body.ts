import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from "yaml";
import { renderPipeline } from "../spec/parse-pipeline.js";
import { openDocument, requireNode } from "./pipeline-document.js";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Makes `map` hold `value` while keeping every YAML node that already holds the right thing:
 * unchanged fields keep their comments, quoting and flow style, new fields go at the end.
 */
function mergeInto(document: Document, map: YAMLMap, value: Readonly<Record<string, unknown>>): void {
  for (const pair of [...map.items]) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    if (typeof key !== "string" || value[key] === undefined) map.delete(pair.key);
  }
  for (const [key, next] of Object.entries(value)) {
    if (next === undefined) continue;
    const existing = map.get(key, true) as Node | undefined;
    if (isMap(existing) && isPlainObject(next)) {
      mergeInto(document, existing, next);
      continue;
    }
    // A scalar keeps its node (and comment) when its type stays: a quoted "30" never turns into a number.
    if (isScalar(existing) && typeof existing.value === typeof next && (typeof next !== "object" || next === null)) {
      existing.value = next;
      continue;
    }
    if (isSeq(existing) && sameJson(existing.toJSON(), next)) continue;
    const created = document.createNode(next);
    if ((isMap(existing) || isSeq(existing)) && (isMap(created) || isSeq(created))) created.flow = existing.flow ?? false;
    if (existing !== undefined) {
      created.commentBefore = existing.commentBefore;
      created.comment = existing.comment;
    }
    map.set(key, created);
  }
}

/** Replaces a node's settings, keeping the comments and style of every field that did not change. */
export function setNodeBody(text: string, id: string, body: Readonly<Record<string, unknown>>): string {
  const document = openDocument(text);
  const { map, pair } = requireNode(document, id);
  if (isMap(pair.value)) mergeInto(document, pair.value, body);
  else map.set(id, document.createNode(body));
  return renderPipeline(document);
}
