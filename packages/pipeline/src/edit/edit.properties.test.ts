import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffPipelines } from "../graph/diff.js";
import { arbitraryPipeline, nodeIdsOf, pipelineText } from "../test-support/arbitrary-pipeline.js";
import { specOf } from "../test-support/sensors-pipeline.js";
import { addNode, removeNode } from "./add-remove-node.js";
import { connect } from "./connect.js";
import { moveNodes } from "./move-nodes.js";
import { renameNode } from "./rename-node.js";
import { setNodeBody } from "./set-node-body.js";

type Edit = (text: string, ids: readonly string[], pick: number) => { text: string; gone?: string; renamed?: readonly [string, string] };

const at = (ids: readonly string[], pick: number) => ids[pick % ids.length] ?? "";

/** Edits that keep the document valid, each naming the node whose comment may go (a removed node's). */
const edits: fc.Arbitrary<Edit> = fc.oneof(
  fc.constant<Edit>((text, ids, pick) => ({ text: moveNodes(text, { [at(ids, pick)]: { x: 7, y: 9 } }) })),
  fc.constant<Edit>((text, ids, pick) => ({ text: renameNode(text, at(ids, pick), `${at(ids, pick)}-r`), renamed: [at(ids, pick), `${at(ids, pick)}-r`] })),
  fc.constant<Edit>((text, ids) => {
    const id = ["added-a", "added-b", "added-c"].find((name) => !ids.includes(name)) ?? "";
    return { text: addNode(text, "sinks", id, { from: Object.keys(specOf(text).sources)[0], view: {} }, { x: 1, y: 1 }) };
  }),
  fc.constant<Edit>((text, ids, pick) => {
    const id = at(ids, pick);
    const spec = specOf(text);
    return { text: setNodeBody(text, id, { ...(spec.sinks[id] ?? spec.operators[id] ?? spec.sources[id]) }) };
  }),
  fc.constant<Edit>((text) => {
    const spec = specOf(text);
    const [sink] = Object.keys(spec.sinks);
    const [source] = Object.keys(spec.sources);
    return { text: connect(text, source ?? "", sink ?? "") };
  }),
  fc.constant<Edit>((text) => {
    const [sink, second] = Object.keys(specOf(text).sinks);
    return second === undefined ? { text } : { text: removeNode(text, sink ?? ""), gone: sink };
  }),
);

describe("edits (properties)", () => {
  it("keep every comment of the nodes they do not remove, and keep the document valid", () => {
    fc.assert(
      fc.property(arbitraryPipeline, fc.array(fc.tuple(edits, fc.nat()), { minLength: 1, maxLength: 3 }), (value, steps) => {
        let text = pipelineText(value, true);
        // Node ids now → the id each node had when its comment was written.
        const origin = new Map(nodeIdsOf(value).map((id) => [id, id]));
        const gone = new Set<string>();
        for (const [step, pick] of steps) {
          const result = step(text, nodeIdsOf(specOf(text)), pick);
          text = result.text;
          if (result.gone !== undefined) gone.add(origin.get(result.gone) ?? result.gone);
          if (result.renamed !== undefined) origin.set(result.renamed[1], origin.get(result.renamed[0]) ?? result.renamed[0]);
        }
        specOf(text);
        for (const id of nodeIdsOf(value)) if (!gone.has(id)) expect(text).toContain(`# note-${id}`);
      }),
      { numRuns: 150 },
    );
  });

  it("renaming a node changes nothing but its name", () => {
    fc.assert(
      fc.property(arbitraryPipeline, fc.nat(), (value, pick) => {
        const text = pipelineText(value, true);
        const id = at(nodeIdsOf(value), pick);
        const renamed = renameNode(renameNode(text, id, "renamed"), "renamed", id);
        expect(renamed).toBe(text);
        expect(diffPipelines(specOf(text), specOf(renamed)).nodesChanged).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
