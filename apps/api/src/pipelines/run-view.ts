import { z } from "zod";
import type { Connector, Dataflow } from "@freshet/db/client";
import { dataflowStatusSchema, type DataflowRuntimeStatus } from "@freshet/control-plane/dataflows/dataflow-process";
import type { Backpressure, NodeRun, PipelineGraph, RunView } from "@freshet/pipeline/graph";
import type { PipelineSpec } from "@freshet/pipeline/spec";
import { connectorOutput } from "../router/connector-view.js";

/*
 * The run view: per node records in and out (totals and per second), errors, dead letters and
 * backpressure; per edge the consumer lag where a component reports it. Everything comes from the
 * rows the worker keeps current (Connector.metrics, Dataflow.runtimeStatus), so looking costs no
 * call to a process.
 *
 * Rates: a connector's own (its runtime averages over ~10 s); for dataflow nodes the difference of
 * the counters between the worker's last two observations, which the pipeline row keeps.
 *
 * Backpressure: the processes report no busy or blocked time, so lag growth stands in for Flink's
 * backPressuredTimeMsPerSecond ratio, with Flink's thresholds. For each input edge with a known lag,
 * ratio = lag growth / (records the node took in + lag growth) between the two observations — the
 * share of the records that arrived which the node did not keep up with. OK ≤ 0.10 < LOW ≤ 0.50 < HIGH;
 * a node takes its worst input edge. No growth (or no earlier observation) is OK.
 */

const sampleSchema = z.object({
  at: z.number(),
  counters: z.record(z.string(), z.object({ in: z.number(), out: z.number() })),
  lags: z.record(z.string(), z.number()),
});
type Sample = z.infer<typeof sampleSchema>;
/** Pipeline.runObservation: the last two distinct observations. */
export const observationSchema = z.object({ previous: sampleSchema.nullable(), latest: sampleSchema });
export type Observation = z.infer<typeof observationSchema>;

const metricsSchema = connectorOutput.shape.metrics.unwrap();
const RECENT_ERRORS = 5;

export interface RunInputs {
  readonly spec: PipelineSpec;
  readonly graph: PipelineGraph;
  /** The pipeline's connectors by name (`<pipeline>-<node>`). */
  readonly connectors: ReadonlyMap<string, Connector>;
  readonly dataflow: Dataflow | null;
  readonly stored: Observation | null;
}

/** The run view and the observation to keep for the next look. */
export function runView(inputs: RunInputs): { view: RunView; observation: Observation | null } {
  const { spec, graph } = inputs;
  const runtime = dataflowStatusSchema.safeParse(inputs.dataflow?.runtimeStatus);
  const status: DataflowRuntimeStatus | null = runtime.success ? runtime.data : null;
  const connectorOf = (node: string) => inputs.connectors.get(`${spec.name}-${node}`);
  const connectorNode = (node: string) => spec.sources[node]?.connector !== undefined || spec.sinks[node]?.connector !== undefined;

  const counters: Sample["counters"] = {};
  for (const node of graph.nodes) {
    const connector = connectorNode(node.id) ? metricsOf(connectorOf(node.id)) : null;
    if (connector !== null) counters[node.id] = { in: connector.recordsIn, out: connector.recordsOut };
    else if (node.section === "sources") {
      const read = sum(status?.sources.find((s) => s.id === node.id)?.partitions.map((p) => p.offset) ?? []);
      counters[node.id] = { in: read, out: read };
    } else if (node.section === "operators") {
      const stats = status?.operators.find((o) => o.id === node.id);
      counters[node.id] = { in: stats?.recordsIn ?? 0, out: stats?.recordsOut ?? 0 };
    }
  }
  // A view or topic sink writes what its `from` emits.
  for (const node of graph.nodes) {
    const from = spec.sinks[node.id]?.from;
    if (counters[node.id] === undefined) {
      const upstream = from === undefined ? undefined : counters[from];
      counters[node.id] = { in: upstream?.out ?? 0, out: upstream?.out ?? 0 };
    }
  }

  const lags: Record<string, number | null> = {};
  for (const edge of graph.edges) {
    if (spec.sinks[edge.target]?.connector !== undefined) lags[edge.id] = metricsOf(connectorOf(edge.target))?.lag ?? null;
    else if (spec.sources[edge.source] !== undefined) {
      const partitions = status?.sources.find((s) => s.id === edge.source)?.partitions;
      lags[edge.id] = partitions === undefined ? null : sum(partitions.map((p) => p.lag));
    } else lags[edge.id] = null;
  }

  const at = latestObservation(inputs);
  const sample: Sample | null = at === null ? null : { at, counters, lags: Object.fromEntries(Object.entries(lags).filter((e): e is [string, number] => e[1] !== null)) };
  const observation =
    sample === null
      ? inputs.stored
      : inputs.stored === null
        ? { previous: null, latest: sample }
        : sample.at > inputs.stored.latest.at
          ? { previous: inputs.stored.latest, latest: sample }
          : inputs.stored;
  const before = observation?.latest.at === sample?.at ? (observation?.previous ?? null) : null;

  const nodes: Record<string, NodeRun> = {};
  for (const node of graph.nodes) {
    const now = counters[node.id] ?? { in: 0, out: 0 };
    const connector = connectorNode(node.id) ? connectorOf(node.id) : undefined;
    const metrics = metricsOf(connector);
    const seconds = before === null || sample === null ? 0 : (sample.at - before.at) / 1000;
    const rate = (key: "in" | "out") => (seconds <= 0 || before === null ? 0 : Math.max(0, (now[key] - (before.counters[node.id]?.[key] ?? now[key])) / seconds));
    const stats = node.section === "operators" ? status?.operators.find((o) => o.id === node.id) : undefined;
    const incoming = graph.edges.filter((e) => e.target === node.id);
    nodes[node.id] = {
      recordsIn: now.in,
      recordsOut: now.out,
      recordsInPerSec: round(metrics?.recordsInPerSecond ?? rate("in")),
      recordsOutPerSec: round(metrics?.recordsOutPerSecond ?? rate("out")),
      errors: metrics?.errors ?? stats?.errors ?? 0,
      deadLetters: metrics?.deadLettered ?? 0,
      backpressure: worst(incoming.map((edge) => pressure(lags[edge.id] ?? null, before?.lags[edge.id], now.in - (before?.counters[node.id]?.in ?? now.in)))),
      recentErrors: connector !== undefined ? errorsOf(connector) : dataflowErrors(inputs.dataflow, node.id),
    };
  }
  return {
    view: { observedAt: at === null ? null : new Date(at).toISOString(), nodes, edges: Object.fromEntries(graph.edges.map((e) => [e.id, { lag: lags[e.id] ?? null }])) },
    observation,
  };
}

/** Flink's thresholds on the share of arriving records the node fell behind on. */
export function pressure(lag: number | null, lagBefore: number | undefined, taken: number): Backpressure {
  if (lag === null || lagBefore === undefined) return "ok";
  const growth = Math.max(0, lag - lagBefore);
  const arrived = Math.max(0, taken) + growth;
  const ratio = arrived === 0 ? 0 : growth / arrived;
  return ratio <= 0.1 ? "ok" : ratio <= 0.5 ? "low" : "high";
}

function worst(levels: readonly Backpressure[]): Backpressure {
  return levels.includes("high") ? "high" : levels.includes("low") ? "low" : "ok";
}

function metricsOf(row: Connector | undefined): z.infer<typeof metricsSchema> | null {
  const parsed = metricsSchema.safeParse(row?.metrics);
  return parsed.success ? parsed.data : null;
}

/** When the worker last looked at any of the pipeline's components: the time the counters are from. */
function latestObservation(inputs: RunInputs): number | null {
  const times = [...inputs.connectors.values(), ...(inputs.dataflow === null ? [] : [inputs.dataflow])].map((row) => row.observedAt?.getTime() ?? 0).filter((t) => t > 0);
  return times.length === 0 ? null : Math.max(...times);
}

function errorsOf(row: Pick<Connector, "status" | "statusReason" | "logTail">): string[] {
  return [...(row.status === "Failed" && row.statusReason !== null ? [row.statusReason] : []), ...logErrors(row.logTail)].slice(-RECENT_ERRORS);
}

/** The dataflow's failure, and its logged errors that name the node. */
function dataflowErrors(row: Dataflow | null, node: string): string[] {
  if (row === null) return [];
  const failed = row.status === "Failed" && row.statusReason !== null ? [row.statusReason] : [];
  return [...failed, ...logErrors(row.logTail).filter((line) => line.includes(node))].slice(-RECENT_ERRORS);
}

/** The messages of the log tail's error lines (pino JSON: level 50 and above). */
function logErrors(logTail: string | null): string[] {
  const errors: string[] = [];
  for (const line of (logTail ?? "").split("\n")) {
    try {
      const entry = z.object({ level: z.number(), msg: z.string() }).loose().safeParse(JSON.parse(line));
      if (entry.success && entry.data.level >= 50) errors.push(entry.data.msg);
    } catch {
      // Not every line a process prints is pino's JSON (a crash's stack trace); those are not errors the view lists.
    }
  }
  return errors.slice(-RECENT_ERRORS);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
