import { OPERATOR_KINDS, type OperatorKind, type OperatorSpec, type WindowSpec } from "@freshet/dataflow/spec";
import type { PipelineSink, PipelineSource } from "../spec/pipeline-spec.js";
import type { NodeFamily } from "./contract.js";

/*
 * What the canvas shows of a node: its palette entry (family and kind) and one line of text.
 * Durations arrive in milliseconds (the schema normalizes them) and are shown in the largest
 * unit that divides them, as a user would have written them.
 */

export interface NodeLook {
  readonly family: NodeFamily;
  readonly kind: string;
  readonly summary: string;
}

const UNITS = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1_000],
] as const;

export function formatDuration(ms: number): string {
  for (const [unit, size] of UNITS) if (ms > 0 && ms % size === 0) return `${(ms / size).toString()}${unit}`;
  return `${ms.toString()}ms`;
}

function windowText(window: WindowSpec): string {
  if ("tumbling" in window) return `tumbling ${formatDuration(window.tumbling.size)}`;
  if ("hopping" in window) return `hopping ${formatDuration(window.hopping.size)} / ${formatDuration(window.hopping.slide)}`;
  return `session ${formatDuration(window.session.gap)}`;
}

function isSmartModuleStep(value: unknown): value is { smartmodule: string } {
  return typeof value === "object" && value !== null && "smartmodule" in value;
}

/** The one kind an operator has (the schema guarantees exactly one). */
export function operatorKindOf(operator: OperatorSpec): OperatorKind {
  const kind = OPERATOR_KINDS.find((k) => operator[k] !== undefined);
  if (kind === undefined) throw new Error("an operator without a kind passed validation");
  return kind;
}

function operatorSummary(operator: OperatorSpec): string {
  const { filter, map, flatMap, keyBy, aggregate, topN, lookup, intervalJoin, dedup, stock } = operator;
  const step = filter ?? flatMap ?? map;
  if (isSmartModuleStep(step)) return `smartmodule ${step.smartmodule}`;
  if (typeof step === "string") return step;
  if (map !== undefined) return `fields ${Object.keys(map).join(", ")}`;
  if (keyBy !== undefined) return `by ${keyBy}`;
  if (aggregate !== undefined)
    return `${windowText(aggregate.window)} · ${Object.entries(aggregate.fields)
      .map(([name, field]) => `${Object.keys(field)[0] ?? ""} ${name}`)
      .join(", ")}`;
  if (topN !== undefined) return `top ${topN.n.toString()} by ${topN.by}${topN.window === undefined ? "" : ` · ${windowText(topN.window)}`}`;
  if (lookup !== undefined) return `${lookup.type} lookup in ${lookup.table} as ${lookup.as}`;
  if (intervalJoin !== undefined) return `join ${intervalJoin.right} within -${formatDuration(intervalJoin.within.before)} / +${formatDuration(intervalJoin.within.after)}`;
  if (dedup !== undefined) return `dedup within ${formatDuration(dedup.within)}`;
  if (stock !== undefined) return `step ${formatDuration(stock.step)} · ${Object.keys(stock.measures).join(", ")}`;
  return "";
}

export function sourceLook(source: PipelineSource): NodeLook {
  if (source.connector === undefined) return { family: "topic", kind: "topic", summary: source.topic };
  return { family: "connector", kind: source.connector.type, summary: `→ ${source.topic}` };
}

export function operatorLook(operator: OperatorSpec): NodeLook {
  const kind = operatorKindOf(operator);
  const step: unknown = operator[kind];
  return { family: isSmartModuleStep(step) ? "smartmodule" : "operator", kind, summary: operatorSummary(operator) };
}

/** `topic` is the topic the sink writes or its connector reads (see `sinkTopic`). */
export function sinkLook(sink: PipelineSink, topic: string): NodeLook {
  if (sink.view !== undefined) return { family: "view", kind: "view", summary: `view · ${sink.view.retainWindows.toString()} windows` };
  if (sink.connector !== undefined) return { family: "connector", kind: sink.connector.type, summary: `← ${topic}` };
  return { family: "topic", kind: "topic", summary: topic };
}
