"use client";

import { addNode, connect, disconnect, moveNodes, removeNode, renameNode, setNodeBody } from "@freshet/pipeline/edit";
import type { PipelineGraph, Problem } from "@freshet/pipeline/graph";
import { useQuery } from "@tanstack/react-query";
import { ReactFlowProvider } from "@xyflow/react";
import { useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import type { JsonSchema } from "../../connectors/config-schema";
import { useTRPC } from "@/lib/trpc";
import { layoutGraph } from "../graph-view/layout-graph";
import { CANVAS_NODE } from "./canvas-node";
import { documentView, nodeBody } from "./document-graph";
import { NodeInspector } from "./node-inspector";
import { Palette } from "./palette";
import { newNodeBody, paletteEntries, uniqueNodeId, type PaletteEntry } from "./palette-entries";
import { PipelineCanvas, type CanvasActions } from "./pipeline-canvas";
import type { DocumentHistory } from "./use-document-history";
import { YamlPane } from "./yaml-pane";

const EMPTY: PipelineGraph = { nodes: [], edges: [] };

/**
 * The Editor tab: palette, canvas, the selected node's panel and the YAML side by side. The text
 * is the state: every canvas action is an edit of the text, and the canvas is derived from it.
 */
export function EditorTab({ clusterId, pipelineName, document, problems }: { clusterId: string; pipelineName: string; document: DocumentHistory; problems: readonly Problem[] }) {
  const trpc = useTRPC();
  const connectorTypes = useQuery(trpc.connectors.types.queryOptions());
  const topics = useQuery(trpc.topics.list.queryOptions({ clusterId }));
  const modules = useQuery(trpc.smartModules.list.queryOptions({ clusterId }));
  const [selected, setSelected] = useState<string | null>(null);
  const { text, edit } = document;

  // A text that does not parse as YAML leaves the last graph drawn, so the canvas does not blink while typing.
  const view = useMemo(() => documentView(text), [text]);
  const [lastGraph, setLastGraph] = useState<PipelineGraph>(EMPTY);
  if (view !== null && view.graph !== lastGraph) setLastGraph(view.graph);
  const graph = view?.graph ?? lastGraph;

  const byNode = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const problem of problems) if (problem.nodeId !== undefined) map.set(problem.nodeId, [...(map.get(problem.nodeId) ?? []), problem.message]);
    return map;
  }, [problems]);
  const entries = useMemo(
    () =>
      paletteEntries({
        connectors: connectorTypes.data ?? [],
        topics: (topics.data ?? []).map((topic) => topic.name),
        smartModules: modules.data ?? [],
      }),
    [connectorTypes.data, topics.data, modules.data],
  );
  const schemas = useMemo(() => new Map((connectorTypes.data ?? []).map((type) => [type.type, type.configSchema as JsonSchema])), [connectorTypes.data]);

  const add = (entry: PaletteEntry, position?: { x: number; y: number }) => {
    const id = uniqueNodeId(entry.idBase, new Set(graph.nodes.map((node) => node.id)));
    // A node added by a press goes where the layout would put it, written down so it stays there.
    const at = position ?? layoutGraph({ nodes: [...graph.nodes, { id, section: entry.section, family: "operator", kind: "", summary: "" }], edges: graph.edges }, CANVAS_NODE)[id];
    edit((current) => addNode(current, entry.section, id, newNodeBody(entry, id, pipelineName), at));
    setSelected(id);
  };
  const actions: CanvasActions = {
    onSelect: setSelected,
    onDropEntry: (key, position) => {
      const entry = entries.find((candidate) => candidate.key === key);
      if (entry !== undefined) add(entry, position);
    },
    onConnect: (source, target, port) => edit((current) => connect(current, source, target, port)),
    onDelete: (nodeIds, edges) => {
      const gone = new Set(nodeIds);
      edit((current) => {
        let next = current;
        for (const edge of edges) if (!gone.has(edge.source) && !gone.has(edge.target)) next = disconnect(next, edge.source, edge.target, edge.port);
        for (const id of nodeIds) next = removeNode(next, id);
        return next;
      });
      if (selected !== null && gone.has(selected)) setSelected(null);
    },
    onMove: (positions) => edit((current) => moveNodes(current, positions)),
  };

  const node = graph.nodes.find((candidate) => candidate.id === selected);
  const body = node === undefined ? null : nodeBody(text, node.section, node.id);
  const inspected = node !== undefined && body !== null ? { node, body } : null;

  return (
    // Full width of the window: the canvas, the node's panel and the YAML need more than the page column.
    <div className="relative left-1/2 w-[calc(100vw-2rem)] -translate-x-1/2 space-y-2">
      {document.editError !== null && <Alert tone="error">{document.editError}</Alert>}
      <div className="grid h-[680px] grid-cols-[150px_minmax(0,1fr)_300px_400px] gap-3">
        <Palette entries={entries} onAdd={(entry) => add(entry)} />
        <div className="relative rounded-md ring-1 ring-slate-200">
          <ReactFlowProvider>
            <PipelineCanvas graph={graph} problems={byNode} selected={selected} actions={actions} />
          </ReactFlowProvider>
        </div>
        <div className="overflow-y-auto">
          {inspected === null ? (
            <p className="text-sm text-slate-500">
              Drag kinds from the palette onto the canvas; drag from a node&apos;s right handle to another&apos;s left one to connect them; select a node to edit it here.
            </p>
          ) : (
            <NodeInspector
              key={`${inspected.node.id}:${JSON.stringify(inspected.body)}`}
              node={inspected.node}
              body={inspected.body}
              schemas={schemas}
              actions={{
                onRename: (id) => {
                  edit((current) => renameNode(current, inspected.node.id, id));
                  setSelected(id);
                },
                onSetBody: (next) => edit((current) => setNodeBody(current, inspected.node.id, next)),
                onDelete: () => actions.onDelete([inspected.node.id], []),
              }}
            />
          )}
        </div>
        <YamlPane value={text} onChange={document.type} problems={problems} />
      </div>
    </div>
  );
}
