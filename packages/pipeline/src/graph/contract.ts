import type { OperatorSpec } from "@freshet/dataflow/spec";
import type { PipelineSink, PipelineSource } from "../spec/pipeline-spec.js";

/*
 * The pipeline model's contract: what the API, the worker and the console's builder share. The
 * document (YAML) is the truth; a PipelineGraph is derived from it and edits go back through the
 * document so comments and key order survive.
 */

export type NodeSection = "sources" | "operators" | "sinks";

/** What the canvas draws a node as (its palette entry). */
export type NodeFamily = "topic" | "connector" | "smartmodule" | "operator" | "view";

export interface PipelineNode {
  /** The node's name in its section; unique across the document. */
  readonly id: string;
  readonly section: NodeSection;
  readonly family: NodeFamily;
  /** The palette kind: a connector type (mqtt-source), "topic", an operator kind (filter, aggregate, …), "view". */
  readonly kind: string;
  /** One line for the canvas, e.g. `hopping 1m / 10s · count`. */
  readonly summary: string;
  /** From the document's layout block; undefined when the node has none yet (the canvas lays it out). */
  readonly position?: { readonly x: number; readonly y: number };
}

/** `in`: the node's main input (`from:`); `right`: an interval join's other side; `table`: a lookup's table. */
export type EdgePort = "in" | "right" | "table";

export interface PipelineEdge {
  /** `${source}->${target}` plus `:${port}` when the port is not `in`. */
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly port: EdgePort;
}

export interface PipelineGraph {
  readonly nodes: readonly PipelineNode[];
  readonly edges: readonly PipelineEdge[];
}

/** One problem in a document, placed on its node (when it belongs to one) and its line. */
export interface Problem {
  readonly nodeId?: string;
  readonly path: readonly (string | number)[];
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  /** One sentence naming the field. */
  readonly message: string;
}

export interface FieldChange {
  /** Path inside the node's body (or the document, for settings), e.g. ["aggregate", "window", "hopping", "size"]. */
  readonly path: readonly (string | number)[];
  readonly before: unknown;
  readonly after: unknown;
}

/** An added node carries its body, so applying a diff to the version before gives the version after. */
export interface AddedNode extends PipelineNode {
  readonly body: PipelineSource | OperatorSpec | PipelineSink;
}

/** The semantic difference between two versions: layout is never part of it. */
export interface PipelineDiff {
  readonly nodesAdded: readonly AddedNode[];
  readonly nodesRemoved: readonly PipelineNode[];
  readonly nodesChanged: readonly { readonly id: string; readonly changes: readonly FieldChange[] }[];
  readonly edgesAdded: readonly PipelineEdge[];
  readonly edgesRemoved: readonly PipelineEdge[];
  /** Document-level fields (description, checkpoint). */
  readonly settingsChanged: readonly FieldChange[];
}

/** One connector the pipeline deploys, as a connector document (no cluster block: the worker adds it). */
export interface CompiledConnector {
  /** `<pipeline>-<node>`. */
  readonly name: string;
  readonly node: string;
  readonly yaml: string;
}

/** What a pipeline deploys: the topics it needs, at most one dataflow, and its connectors. */
export interface CompiledPipeline {
  readonly topics: readonly string[];
  /** Absent when no operator, view or topic sink needs one (e.g. a source connector straight into a sink connector). */
  readonly dataflow?: { readonly name: string; readonly yaml: string };
  readonly connectors: readonly CompiledConnector[];
}

/** How far a node falls behind its input (the run view's colour). */
export type Backpressure = "ok" | "low" | "high";

/** One node of a running pipeline, as `pipelines.runView` reports it. */
export interface NodeRun {
  readonly recordsInPerSec: number;
  readonly recordsOutPerSec: number;
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly errors: number;
  readonly deadLetters: number;
  readonly backpressure: Backpressure;
  readonly recentErrors: string[];
}

/** What `pipelines.runView` answers: per node, and the lag on each edge (null where unknown). */
export interface RunView {
  /** When the worker last observed the pipeline's processes (ISO 8601); null before it ever has. */
  readonly observedAt: string | null;
  readonly nodes: Readonly<Record<string, NodeRun>>;
  readonly edges: Readonly<Record<string, { readonly lag: number | null }>>;
}
