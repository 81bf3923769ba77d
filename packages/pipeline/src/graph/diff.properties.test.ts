import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { moveNodes } from "../edit/move-nodes.js";
import { pipelineSpecSchema, type PipelineSpec } from "../spec/pipeline-spec.js";
import { arbitraryPipeline, nodeIdsOf, pipelineText } from "../test-support/arbitrary-pipeline.js";
import { specOf } from "../test-support/sensors-pipeline.js";
import { applyPipelineDiff } from "./apply-diff.js";
import { compilePipeline } from "./compile.js";
import { diffPipelines, isEmptyDiff } from "./diff.js";

const withoutLayout = (spec: PipelineSpec) => ({ ...spec, layout: undefined });
const position = fc.record({ x: fc.integer({ min: -2_000, max: 2_000 }), y: fc.integer({ min: -2_000, max: 2_000 }) });

describe("diffPipelines (properties)", () => {
  it("moving nodes gives an empty semantic diff and the same compiled pipeline", () => {
    fc.assert(
      fc.property(
        arbitraryPipeline.chain((value) =>
          fc.tuple(
            fc.constant(value),
            fc.subarray(nodeIdsOf(value), { minLength: 1 }).chain((ids) => fc.tuple(...ids.map((id) => fc.tuple(fc.constant(id), position)))),
          ),
        ),
        ([value, moves]) => {
          const text = pipelineText(value, true);
          const moved = moveNodes(text, Object.fromEntries(moves));
          const before = specOf(text);
          const after = specOf(moved);
          for (const [id, at] of moves) expect(after.layout?.[id]).toEqual(at);
          expect(isEmptyDiff(diffPipelines(before, after))).toBe(true);
          expect(compilePipeline(after)).toEqual(compilePipeline(before));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("applying diff(a, b) to a gives b, layout aside", () => {
    fc.assert(
      fc.property(arbitraryPipeline, arbitraryPipeline, (a, b) => {
        const before = pipelineSpecSchema.parse(a);
        const after = pipelineSpecSchema.parse(b);
        const diff = diffPipelines(before, after);
        expect(withoutLayout(applyPipelineDiff(before, diff))).toEqual(withoutLayout(after));
        expect(isEmptyDiff(diffPipelines(after, applyPipelineDiff(before, diff)))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
