import { describe, expect, it } from "vitest";
import { documentView, nodeBody } from "./document-graph";

const VALID = `apiVersion: freshet.io/v1
kind: Pipeline
name: demo
sources:
  clicks: { topic: clicks }
operators:
  busy:
    from: clicks
    filter: n > 3
sinks:
  out: { from: busy, view: {} }
layout:
  clicks: { x: 10, y: 20 }
`;

describe("documentView", () => {
  it("draws a valid document through the model", () => {
    const view = documentView(VALID)!;
    expect(view.problems).toEqual([]);
    expect(view.graph.nodes.map((node) => [node.id, node.family, node.kind, node.position])).toEqual([
      ["clicks", "topic", "topic", { x: 10, y: 20 }],
      ["busy", "operator", "filter", undefined],
      ["out", "view", "view", undefined],
    ]);
    expect(view.graph.edges.map((edge) => edge.id)).toEqual(["clicks->busy", "busy->out"]);
  });

  it("still draws a document the schema refuses: a dropped node without a from, a join's other side", () => {
    const text = `${VALID}  joined: { x: 0, y: 0 }\n`.replace(
      "sinks:",
      "  joined:\n    intervalJoin: { right: busy, within: { after: 5m } }\n  fresh:\n    filter: { smartmodule: json-filter }\nsinks:",
    );
    const view = documentView(text)!;
    expect(view.problems.map((problem) => problem.nodeId)).toContain("joined");
    expect(view.graph.nodes.map((node) => [node.id, node.family, node.kind])).toEqual([
      ["clicks", "topic", "topic"],
      ["busy", "operator", "filter"],
      ["joined", "operator", "intervalJoin"],
      ["fresh", "smartmodule", "filter"],
      ["out", "view", "view"],
    ]);
    expect(view.graph.edges.map((edge) => edge.id)).toEqual(["clicks->busy", "busy->joined:right", "busy->out"]);
    expect(view.graph.nodes.find((node) => node.id === "joined")?.position).toEqual({ x: 0, y: 0 });
  });

  it("has nothing to draw when the text is not YAML", () => {
    expect(documentView("sources: [")).toBeNull();
  });

  it("reads a node's body as written, without the schema's defaults", () => {
    expect(nodeBody(VALID, "sources", "clicks")).toEqual({ topic: "clicks" });
    expect(nodeBody(VALID, "operators", "missing")).toBeNull();
  });
});
