import { isNode, LineCounter, parseDocument } from "yaml";
import { compilePipeline, pipelineGraph, type CompiledPipeline, type PipelineGraph, type Problem } from "@freshet/pipeline/graph";
import { parsePipeline, type PipelineSpec } from "@freshet/pipeline/spec";
import type { ConnectorCatalog } from "../connectors/connector-catalog.js";
import { validateConnectorYaml, type ValidConnector } from "../connectors/validate-connector.js";
import { validateDataflowYaml } from "../dataflows/validate-dataflow.js";

export type ValidPipeline = {
  readonly ok: true;
  readonly spec: PipelineSpec;
  readonly graph: PipelineGraph;
  readonly compiled: CompiledPipeline;
  /** Each compiled connector as the connector runtime will load it, by connector name. */
  readonly connectors: ReadonlyMap<string, ValidConnector>;
};
export type PipelineValidation = ValidPipeline | { readonly ok: false; readonly problems: readonly Problem[]; readonly graph: PipelineGraph | null };

/**
 * A pipeline document as the cloud takes it: the pipeline schema (which reuses the dataflow's and
 * the connectors' schemas), then what it compiles to checked as the cloud checks a connector or a
 * dataflow deployed on its own — each connector's `config:` against that connector's schema — with
 * every problem placed on its node and line in the pipeline document.
 */
export async function validatePipelineYaml(text: string, catalog: ConnectorCatalog): Promise<PipelineValidation> {
  const parsed = parsePipeline(text);
  if (!parsed.ok) return { ok: false, problems: parsed.problems, graph: null };
  const { spec } = parsed;
  const graph = pipelineGraph(spec);
  const place = placer(text);
  const problems: Problem[] = [];
  const compiled = compilePipeline(spec);
  const connectors = new Map<string, ValidConnector>();
  for (const connector of compiled.connectors) {
    const section = spec.sources[connector.node]?.connector !== undefined ? "sources" : "sinks";
    const at = [section, connector.node, "connector"];
    const type = spec[section][connector.node]?.connector?.type ?? "";
    const kind = (await catalog.get(type))?.kind;
    const wanted = section === "sources" ? "source" : "sink";
    if (kind !== undefined && kind !== wanted) {
      problems.push(place(connector.node, [...at, "type"], `${section}.${connector.node}.connector.type: ${type} is a ${kind} connector; a pipeline's ${section} take ${wanted} connectors`));
      continue;
    }
    const valid = await validateConnectorYaml(connector.yaml, catalog);
    if (valid.ok) connectors.set(connector.name, valid);
    else problems.push(connectorProblem(place, connector.node, at, valid.message));
  }
  if (compiled.dataflow !== undefined) {
    const dataflow = validateDataflowYaml(compiled.dataflow.yaml);
    if (!dataflow.ok)
      for (const error of dataflow.errors) {
        const node = typeof error.path[1] === "string" && graph.nodes.some((n) => n.id === error.path[1]) ? error.path[1] : undefined;
        problems.push(place(node, error.path, error.message));
      }
  }
  return problems.length > 0 ? { ok: false, problems, graph } : { ok: true, spec, graph, compiled, connectors };
}

type Place = (nodeId: string | undefined, path: readonly (string | number)[], message: string) => Problem;

/** Places a problem at the line of the deepest part of `path` that the document has. */
function placer(text: string): Place {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, keepSourceTokens: false });
  return (nodeId, path, message) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = document.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range !== undefined && node.range !== null) {
        const pos = lines.linePos(node.range[0]);
        return { ...(nodeId === undefined ? {} : { nodeId }), path, line: pos.line, column: pos.col, message };
      }
    }
    return { ...(nodeId === undefined ? {} : { nodeId }), path, line: 1, column: 1, message };
  };
}

/**
 * The connector runtime names the field first (`config.url: …`, `transforms: …`): that field is
 * looked up under the node's `connector:` block, and the message says where it is in the pipeline.
 */
function connectorProblem(place: Place, node: string, at: readonly string[], message: string): Problem {
  const field = /^([A-Za-z0-9_.]+): (.*)$/s.exec(message);
  if (field === null) return place(node, at, `${at.join(".")}: ${message.replace(/\.$/, "")}`);
  const path = [...at, ...(field[1] ?? "").split(".")];
  return place(node, path, `${path.join(".")}: ${(field[2] ?? "").replace(/\.$/, "")}`);
}

/** A validation's problems in one sentence: the first one (with its line), and how many more. */
export function problemsSentence(problems: readonly Problem[]): string {
  const first = problems[0];
  if (first === undefined) return "The pipeline document is not valid.";
  const more = problems.length > 1 ? ` (and ${(problems.length - 1).toString()} more)` : "";
  return `The pipeline document is not valid${more}: line ${first.line.toString()}: ${first.message.replace(/\.$/, "")}.`;
}
