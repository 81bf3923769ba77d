import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryPipeline, pipelineText } from "../test-support/arbitrary-pipeline.js";
import { parsePipeline, renderPipeline } from "./parse-pipeline.js";
import { pipelineSpecSchema } from "./pipeline-spec.js";

describe("parsePipeline and renderPipeline (properties)", () => {
  it("parse(render(document)) is the document, and rendering what was parsed gives the same text", () => {
    fc.assert(
      fc.property(arbitraryPipeline, fc.boolean(), (value, comments) => {
        const text = pipelineText(value, comments);
        const parsed = parsePipeline(text);
        if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
        expect(parsed.spec).toEqual(pipelineSpecSchema.parse(value));
        expect(renderPipeline(parsed.document)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});
