import { isMap, isScalar, isSeq, YAMLSeq, type Document, type YAMLMap } from "yaml";
import type { EdgePort } from "../graph/contract.js";
import { renderPipeline } from "../spec/parse-pipeline.js";
import { PipelineEditError } from "./edit-error.js";
import { openDocument, referenceSlots, requireNode } from "./pipeline-document.js";
import { dropFromSlot } from "./references.js";

const PORT_FIELD = { right: ["intervalJoin", "right"], table: ["lookup", "table"] } as const;

/** A `from` gains the source: a sink has one input (replaced), an operator unions its inputs (the field becomes a list). */
function addInput(document: Document, holder: YAMLMap, source: string, single: boolean): void {
  const current = holder.get("from", true);
  if (single || current === undefined || (isScalar(current) && current.value === source)) {
    if (!(isScalar(current) && current.value === source)) holder.set("from", document.createNode(source));
    return;
  }
  if (isSeq(current)) {
    if (!current.items.some((item) => isScalar(item) && item.value === source)) current.add(document.createNode(source));
    return;
  }
  const list = new YAMLSeq(document.schema);
  list.flow = true;
  list.items.push(current, document.createNode(source));
  holder.set("from", list);
}

/** Draws an edge: `in` sets the target's `from`; `right` and `table` set an interval join's other side or a lookup's table. */
export function connect(text: string, source: string, target: string, port: EdgePort = "in"): string {
  const document = openDocument(text);
  const from = requireNode(document, source);
  const to = requireNode(document, target);
  if (from.section === "sinks") throw new PipelineEditError(`${source} is a sink: a sink has no output to connect`);
  if (to.section === "sources") throw new PipelineEditError(`${target} is a source: a source reads a topic and has no input`);
  const holder = to.pair.value;
  if (!isMap(holder)) throw new PipelineEditError(`${target} has no settings yet: give it a body before connecting it`);
  if (port === "in") {
    addInput(document, holder, source, to.section === "sinks");
    return renderPipeline(document);
  }
  if (port === "table" && from.section !== "sources") throw new PipelineEditError(`${source} is not a source: a lookup's table must be a source`);
  const [operator, field] = PORT_FIELD[port];
  const settings = holder.get(operator, true);
  if (to.section !== "operators" || !isMap(settings)) throw new PipelineEditError(`${target} is not ${port === "right" ? "an interval join" : "a lookup"}: it has no ${port} input`);
  settings.set(field, document.createNode(source));
  return renderPipeline(document);
}

/** Removes an edge; a field left naming nothing is removed (the target then shows as unconnected). */
export function disconnect(text: string, source: string, target: string, port: EdgePort = "in"): string {
  const document = openDocument(text);
  requireNode(document, target);
  const removed = referenceSlots(document)
    .filter((slot) => slot.target === target && slot.port === port)
    .some((slot) => dropFromSlot(slot, source));
  if (!removed) throw new PipelineEditError(`there is no ${port === "in" ? "" : `${port} `}edge from ${source} to ${target}`);
  return renderPipeline(document);
}
