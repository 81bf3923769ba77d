import { edgeId, pipelineGraph, type EdgePort, type NodeSection, type PipelineEdge, type PipelineGraph, type PipelineNode, type Problem } from "@freshet/pipeline/graph";
import { parsePipeline } from "@freshet/pipeline/spec";

/** What the canvas draws of a document, and what the document's own parse found wrong with it. */
export interface DocumentView {
  readonly graph: PipelineGraph;
  /** Problems the local parse found (the server's validation adds connector config checks). */
  readonly problems: readonly Problem[];
  /** False when the text is not even YAML: the canvas keeps showing the last graph then. */
  readonly parsed: boolean;
}

const SECTIONS: readonly NodeSection[] = ["sources", "operators", "sinks"];

type Body = Record<string, unknown>;

function record(value: unknown): Body {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Body) : {};
}

/**
 * The graph of a document. A valid one goes through the model's pipelineGraph; a document the
 * schema refuses (a node dropped but not yet connected, a half-typed field) is still drawn from
 * its raw YAML, so the person sees the node they are working on instead of an empty canvas.
 */
export function documentView(text: string): DocumentView | null {
  const parsed = parsePipeline(text);
  if (parsed.ok) return { graph: pipelineGraph(parsed.spec), problems: [], parsed: true };
  if (parsed.document === undefined) return null;
  return { graph: rawGraph(record(parsed.document.toJS())), problems: parsed.problems, parsed: true };
}

/** The lenient reading of a document the schema refuses: every keyed node, every reference that names one. */
export function rawGraph(document: Body): PipelineGraph {
  const layout = record(document.layout);
  const nodes: PipelineNode[] = [];
  for (const section of SECTIONS)
    for (const [id, value] of Object.entries(record(document[section]))) {
      const position = record(layout[id]);
      const look = lookOf(section, record(value));
      nodes.push({ id, section, ...look, summary: "", ...(typeof position.x === "number" && typeof position.y === "number" ? { position: { x: position.x, y: position.y } } : {}) });
    }
  const ids = new Set(nodes.map((node) => node.id));
  const edges = new Map<string, PipelineEdge>();
  const add = (source: unknown, target: string, port: EdgePort) => {
    if (typeof source === "string" && ids.has(source)) edges.set(edgeId(source, target, port), { id: edgeId(source, target, port), source, target, port });
  };
  for (const section of ["operators", "sinks"] as const)
    for (const [id, value] of Object.entries(record(document[section]))) {
      const body = record(value);
      for (const from of Array.isArray(body.from) ? body.from : [body.from]) add(from, id, "in");
      add(record(body.intervalJoin).right, id, "right");
      add(record(body.lookup).table, id, "table");
    }
  return { nodes, edges: [...edges.values()] };
}

const OPERATOR_KEYS = ["filter", "map", "flatMap", "keyBy", "aggregate", "topN", "lookup", "intervalJoin", "dedup", "stock"];

function lookOf(section: NodeSection, body: Body): Pick<PipelineNode, "family" | "kind"> {
  const connector = record(body.connector);
  const connectorType = typeof connector.type === "string" ? connector.type : null;
  switch (section) {
    case "sources":
      return connectorType === null ? { family: "topic", kind: "topic" } : { family: "connector", kind: connectorType };
    case "operators": {
      const kind = OPERATOR_KEYS.find((key) => body[key] !== undefined) ?? "operator";
      return { family: "smartmodule" in record(body[kind]) ? "smartmodule" : "operator", kind };
    }
    case "sinks":
      if (body.view !== undefined) return { family: "view", kind: "view" };
      return connectorType === null ? { family: "topic", kind: "topic" } : { family: "connector", kind: connectorType };
  }
}

/** The node's body as written (no schema defaults filled in): what the side panel edits. */
export function nodeBody(text: string, section: NodeSection, id: string): Body | null {
  const parsed = parsePipeline(text);
  if (parsed.document === undefined) return null;
  const body = record(parsed.document.toJS())[section];
  const node = record(body)[id];
  return node === undefined ? null : record(node);
}
