export { parsePipeline, renderPipeline } from "./parse-pipeline.js";
export type { ParsedPipeline } from "./parse-pipeline.js";
export { pipelineConnectorSchema, pipelineSinkSchema, pipelineSourceSchema, pipelineSpecSchema } from "./pipeline-spec.js";
export type { PipelineConnector, PipelineSink, PipelineSource, PipelineSpec } from "./pipeline-spec.js";
