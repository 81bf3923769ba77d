"use client";

import "@xyflow/react/dist/style.css";
import type { EdgePort, PipelineEdge, PipelineGraph } from "@freshet/pipeline/graph";
import { applyNodeChanges, Background, Controls, ReactFlow, useReactFlow, type Connection, type Edge, type NodeChange } from "@xyflow/react";
import { useMemo, useState, type DragEvent } from "react";
import { layoutGraph, type Positions } from "../graph-view/layout-graph";
import { CANVAS_NODE, PipelineCanvasNode, type CanvasNode } from "./canvas-node";

/** The drag's payload type: a palette entry's key. */
export const PALETTE_MIME = "application/x-freshet-palette";

const NODE_TYPES = { pipeline: PipelineCanvasNode };

export interface CanvasActions {
  readonly onSelect: (id: string | null) => void;
  readonly onDropEntry: (entryKey: string, position: { x: number; y: number }) => void;
  readonly onConnect: (source: string, target: string, port: EdgePort) => void;
  /** Nodes and edges deleted together (Delete or Backspace on a selection). */
  readonly onDelete: (nodeIds: readonly string[], edges: readonly PipelineEdge[]) => void;
  readonly onMove: (positions: Positions) => void;
}

function toPort(handle: string | null | undefined): EdgePort {
  return handle === "right" || handle === "table" ? handle : "in";
}

/**
 * The canvas: a view of the document. Nodes and edges are derived from it on every change; only a
 * drag in progress lives here, and its end is written back as positions in the layout block.
 */
export function PipelineCanvas({ graph, problems, selected, actions }: { graph: PipelineGraph; problems: ReadonlyMap<string, readonly string[]>; selected: string | null; actions: CanvasActions }) {
  const flow = useReactFlow();
  const derived = useMemo(() => {
    const positions = layoutGraph(graph, CANVAS_NODE);
    return graph.nodes.map((node): CanvasNode => ({
      id: node.id,
      type: "pipeline",
      position: positions[node.id] ?? { x: 0, y: 0 },
      selected: node.id === selected,
      data: { node, problems: problems.get(node.id) ?? [] },
    }));
  }, [graph, problems, selected]);
  // A drag in progress moves the local copy; a new document replaces it (React's "adjust state when a prop changes").
  const [nodes, setNodes] = useState(derived);
  const [drawnFrom, setDrawnFrom] = useState(derived);
  if (drawnFrom !== derived) {
    setDrawnFrom(derived);
    setNodes(derived);
  }
  const edges = useMemo(
    () =>
      graph.edges.map((edge): Edge => ({
        id: edge.id,
        source: edge.source,
        target: edge.target,
        sourceHandle: "out",
        targetHandle: edge.port,
        label: edge.port === "in" ? undefined : edge.port,
        data: { edge },
      })),
    [graph],
  );
  const sections = useMemo(() => new Map(graph.nodes.map((node) => [node.id, node.section])), [graph]);

  const onDrop = (event: DragEvent) => {
    const key = event.dataTransfer.getData(PALETTE_MIME);
    if (key === "") return;
    event.preventDefault();
    const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    actions.onDropEntry(key, { x: Math.round(at.x), y: Math.round(at.y) });
  };

  return (
    <div className="h-full w-full" data-testid="pipeline-canvas" onDragOver={(event) => event.preventDefault()} onDrop={onDrop}>
      <ReactFlow<CanvasNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={(changes: NodeChange<CanvasNode>[]) => setNodes((current) => applyNodeChanges(changes, current))}
        onNodeClick={(_, node) => actions.onSelect(node.id)}
        onPaneClick={() => actions.onSelect(null)}
        onNodeDragStop={(_, __, dragged) => actions.onMove(Object.fromEntries(dragged.map((node) => [node.id, { x: Math.round(node.position.x), y: Math.round(node.position.y) }])))}
        isValidConnection={(c) => c.source !== c.target && sections.get(c.source) !== "sinks" && sections.get(c.target) !== "sources"}
        onConnect={(c: Connection) => actions.onConnect(c.source, c.target, toPort(c.targetHandle))}
        onDelete={({ nodes: gone, edges: cut }) =>
          actions.onDelete(
            gone.map((node) => node.id),
            cut.map((edge) => (edge.data as { edge: PipelineEdge }).edge),
          )
        }
        deleteKeyCode={["Delete", "Backspace"]}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
