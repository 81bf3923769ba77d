import { z } from "zod";
import type { CompiledPipeline } from "@freshet/pipeline/graph";

/** A PipelineVersion's `compiled` column as written at deploy: read back through zod like any stored JSON. */
export const compiledSchema: z.ZodType<CompiledPipeline> = z.object({
  topics: z.array(z.string()),
  dataflow: z.object({ name: z.string(), yaml: z.string() }).optional(),
  connectors: z.array(z.object({ name: z.string(), node: z.string(), yaml: z.string() })),
});

/** The names the API shows for what a document compiles to. */
export function compiledSummary(compiled: CompiledPipeline): { topics: string[]; dataflow: string | null; connectors: string[] } {
  return { topics: [...compiled.topics], dataflow: compiled.dataflow?.name ?? null, connectors: compiled.connectors.map((c) => c.name) };
}
