export { pipelineConnectorSchema, pipelineSinkSchema, pipelineSourceSchema, pipelineSpecSchema } from "./pipeline-spec.js";
export type { PipelineConnector, PipelineSink, PipelineSource, PipelineSpec } from "./pipeline-spec.js";
