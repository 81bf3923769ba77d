import { deserialize, serialize } from "node:v8";
import type { DataflowSpec, OperatorKind, OperatorSpec } from "../spec/index.js";
import { OPERATOR_KINDS } from "../spec/index.js";
import type { DataflowGraph, DataflowInput, DataflowOutput, GraphObserver, OperatorStats, ViewRow } from "./contract.js";
import { observeNode } from "./observe.js";
import { AggregateNode } from "../operators/aggregate.js";
import type { Node } from "../operators/node.js";
import { TopicSinkNode, ViewSinkNode } from "../operators/sinks.js";
import { SourceNode } from "../operators/source.js";
import { FilterNode, FlatMapNode, KeyByNode, MapNode } from "../operators/stateless.js";
import { DedupNode, IntervalJoinNode, LookupNode, StockNode, TopNNode } from "../operators/index.js";
import { SmartModuleNode, type SmartModuleLoader, type SmartModuleStepOptions } from "../operators/smartmodule-step.js";

/** A document the core cannot run (a cycle, an unsupported step); `path` names where, as in spec errors. */
export class DataflowCompileError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

export interface CompileOptions {
  /** Processing time at start, ms (idle timeouts count from here). Default 0; tick() moves it. */
  readonly now?: number;
  /** Loads SmartModule steps' modules (the runtime's file or cluster I/O); without it such steps do not compile. */
  readonly smartModules?: SmartModuleLoader;
  /** Sees every record in and out of every node (sinks: in only; their outputs are what drain() answers). */
  readonly observer?: GraphObserver;
}

const SNAPSHOT_VERSION = 1;

interface NodeSnapshot {
  readonly watermark: number;
  readonly inputs: number[];
  readonly counters: [number, number, number, number];
  readonly state: unknown;
}

function kindOf(op: OperatorSpec): OperatorKind {
  return OPERATOR_KINDS.find((k) => op[k] !== undefined)!;
}

function smartModuleStep(step: unknown): SmartModuleStepOptions | null {
  return step !== null && typeof step === "object" && "smartmodule" in step ? (step as SmartModuleStepOptions) : null;
}

function createOperator(id: string, op: OperatorSpec, options: CompileOptions): Node {
  const path = `operators.${id}`;
  const kind = kindOf(op);
  const step = kind === "filter" || kind === "map" || kind === "flatMap" ? smartModuleStep(op[kind]) : null;
  if (step !== null) {
    if (options.smartModules === undefined) throw new DataflowCompileError(`${path}.${kind}`, "SmartModule steps need a module loader (the smartModules option)");
    return new SmartModuleNode(id, kind as "filter" | "map" | "flatMap", step, options.smartModules);
  }
  try {
    switch (kind) {
      case "filter":
        return new FilterNode(id, op.filter as string);
      case "map":
        return new MapNode(id, op.map as string | Record<string, string>);
      case "flatMap":
        return new FlatMapNode(id, op.flatMap as string);
      case "keyBy":
        return new KeyByNode(id, op.keyBy!);
      case "aggregate":
        return new AggregateNode(id, op.aggregate!);
      case "topN":
        return new TopNNode(id, op.topN!);
      case "lookup":
        return new LookupNode(id, op.lookup!);
      case "intervalJoin":
        return new IntervalJoinNode(id, op.intervalJoin!);
      case "dedup":
        return new DedupNode(id, op.dedup!.within);
      case "stock":
        return new StockNode(id, op.stock!);
      default:
        return assertNever(kind);
    }
  } catch (error) {
    if (error instanceof DataflowCompileError) throw error;
    throw new DataflowCompileError(`${path}.${kind}`, error instanceof Error ? error.message : String(error));
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected operator kind ${String(value)}`);
}

function fromList(from: string | string[]): string[] {
  return Array.isArray(from) ? from : [from];
}

/** Operators in an order where each comes after its inputs; rejects `from:` cycles, which would loop records forever. */
function topologicalOrder(spec: DataflowSpec): string[] {
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (id: string, trail: string[]): void => {
    const op = spec.operators[id];
    if (op === undefined || state.get(id) === "done") return;
    if (state.get(id) === "visiting") throw new DataflowCompileError(`operators.${id}.from`, `operators ${[...trail.slice(trail.indexOf(id)), id].join(" → ")} form a cycle`);
    state.set(id, "visiting");
    const inputs = [...fromList(op.from), ...(op.intervalJoin === undefined ? [] : [op.intervalJoin.right])];
    for (const input of inputs) visit(input, [...trail, id]);
    state.set(id, "done");
    order.push(id);
  };
  for (const id of Object.keys(spec.operators)) visit(id, []);
  return order;
}

class Graph implements DataflowGraph {
  readonly #sources = new Map<string, SourceNode>();
  readonly #nodes: Node[] = [];
  readonly #partialNodes: Node[] = [];
  /** SmartModule steps, inputs before outputs, flushed in this order at the end of each process(). */
  readonly #smartModules: SmartModuleNode[] = [];
  readonly #outputs: DataflowOutput[] = [];
  readonly #views: ViewRow[] = [];
  #now: number;

  constructor(spec: DataflowSpec, options: CompileOptions) {
    this.#now = options.now ?? 0;
    const order = topologicalOrder(spec);
    const byId = new Map<string, Node>();
    for (const [id, source] of Object.entries(spec.sources)) {
      let node: SourceNode;
      try {
        node = new SourceNode(id, source);
      } catch (error) {
        throw new DataflowCompileError(`sources.${id}`, error instanceof Error ? error.message : String(error));
      }
      this.#sources.set(id, node);
      byId.set(id, node);
      this.#nodes.push(node);
    }
    for (const [id, op] of Object.entries(spec.operators)) {
      const node = createOperator(id, op, options);
      byId.set(id, node);
      this.#nodes.push(node);
    }
    for (const id of order) {
      const node = byId.get(id);
      if (node instanceof SmartModuleNode) this.#smartModules.push(node);
    }
    for (const [id, op] of Object.entries(spec.operators)) {
      const node = byId.get(id)!;
      const inputs = fromList(op.from);
      inputs.forEach((input, port) => byId.get(input)!.downstream.push({ node, port }));
      let ports = inputs.length;
      if (op.intervalJoin !== undefined) {
        byId.get(op.intervalJoin.right)!.downstream.push({ node, port: ports });
        (node as IntervalJoinNode).rightPort = ports;
        ports++;
      }
      // The table side of a lookup never holds the watermark back: port -1.
      if (op.lookup !== undefined) byId.get(op.lookup.table)!.downstream.push({ node, port: -1 });
      node.setWatermarkInputs(ports);
    }
    for (const [id, sink] of Object.entries(spec.sinks)) {
      const upstream = byId.get(sink.from)!;
      const node = sink.topic !== undefined ? new TopicSinkNode(id, this.#outputs) : new ViewSinkNode(id, this.#views);
      upstream.downstream.push({ node, port: 0 });
      if (node instanceof ViewSinkNode) {
        upstream.partialViews.push(node);
        if (!this.#partialNodes.includes(upstream)) this.#partialNodes.push(upstream);
      }
      this.#nodes.push(node);
    }
    if (options.observer !== undefined) for (const node of this.#nodes) observeNode(node, options.observer);
  }

  assignPartitions(source: string, partitions: readonly number[]): void {
    this.#source(source).watermarks.assign(partitions);
  }

  #source(id: string): SourceNode {
    const node = this.#sources.get(id);
    if (node === undefined) throw new Error(`the dataflow has no source named ${id}`);
    return node;
  }

  async process(inputs: readonly DataflowInput[]): Promise<void> {
    const now = this.#now;
    let last: SourceNode | undefined;
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i]!;
      if (last === undefined || last.id !== input.source) last = this.#source(input.source);
      last.ingest(input, now);
    }
    for (const node of this.#smartModules) await node.flush();
    this.#flushPartials();
  }

  tick(nowMs: number): void {
    this.#now = nowMs;
    for (const source of this.#sources.values()) source.tick(nowMs);
    this.#flushPartials();
  }

  #flushPartials(): void {
    for (const node of this.#partialNodes) node.flushPartials();
  }

  drain(): { outputs: DataflowOutput[]; views: ViewRow[] } {
    return { outputs: this.#outputs.splice(0, this.#outputs.length), views: this.#views.splice(0, this.#views.length) };
  }

  snapshot(): Uint8Array {
    const nodes: [string, NodeSnapshot][] = this.#nodes.map((n) => [
      n.id,
      { watermark: n.watermark, inputs: n.inputWatermarks, counters: [n.recordsIn, n.recordsOut, n.lateDropped, n.errors], state: n.snapshotState() },
    ]);
    return serialize({ version: SNAPSHOT_VERSION, now: this.#now, nodes });
  }

  restore(snapshot: Uint8Array): void {
    const data = deserialize(snapshot) as { version: number; now: number; nodes: [string, NodeSnapshot][] };
    if (data.version !== SNAPSHOT_VERSION) throw new Error(`the state snapshot has version ${data.version}, this core reads version ${SNAPSHOT_VERSION}`);
    const saved = new Map(data.nodes);
    this.#now = data.now;
    for (const node of this.#nodes) {
      const s = saved.get(node.id);
      if (s === undefined) continue;
      node.watermark = s.watermark;
      if (s.inputs.length === node.inputWatermarks.length) node.inputWatermarks = [...s.inputs];
      [node.recordsIn, node.recordsOut, node.lateDropped, node.errors] = s.counters;
      node.restoreState(s.state);
    }
  }

  stats(): readonly OperatorStats[] {
    return this.#nodes.map((n) => n.stats());
  }

  async close(): Promise<void> {
    const results = await Promise.allSettled(this.#smartModules.map((node) => node.close()));
    const failed = results.find((r) => r.status === "rejected");
    if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
  }
}

/** Builds the in-memory graph of a validated document (the output of `dataflowSpecSchema`). */
export function compileDataflow(spec: DataflowSpec, options: CompileOptions = {}): DataflowGraph {
  return new Graph(spec, options);
}
